"""The receivables ledger (SPEC §3.H): one definition of open items, exact as of a date."""

from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from ..models import partner_credit_ledger as ledger_module
from .common import CreditArchiveCase, LedgerDocumentsMixin


@tagged("post_install", "-at_install")
@freeze_time("2026-07-15")
class TestLedger(LedgerDocumentsMixin, CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ledger Customer", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ledger Buyer", "parent_id": cls.customer.id}
        )

    def _open(self, at=None):
        return self.customer._credit_open_items(at).get(self.customer.id, 0.0)

    def _aging(self, at):
        return self.customer._credit_aging(at).get(self.customer.id, {})

    def test_partly_paid_after_the_date(self):
        invoice = self._invoice(1000.0, "2026-03-01", "2026-03-31")
        self._pay(invoice, "2026-05-10", amount=400.0)
        self.assertEqual(self._open(date(2026, 4, 30)), 1000.0)
        self.assertEqual(self._aging(date(2026, 4, 30))["days_0_30"], 1000.0)
        self.assertEqual(self._open(date(2026, 5, 10)), 600.0)  # paid that day: counts
        self.assertEqual(self._aging(date(2026, 5, 31))["days_61_90"], 600.0)
        self.assertEqual(self._open(), 600.0)
        self.assertEqual(self._open(), self.customer.credit)

    def test_fully_paid_after_the_date_and_entries_dated_later(self):
        invoice = self._invoice(500.0, "2026-03-01", "2026-03-31")
        self._pay(invoice, "2026-05-10")
        self._invoice(70.0, "2026-06-01", "2026-07-01")  # did not exist on 30 April
        self.assertEqual(self._open(date(2026, 4, 30)), 500.0)
        self.assertEqual(self._open(date(2026, 2, 28)), 0.0)
        self.assertNotIn(self.customer.id, self.customer._credit_aging(date(2026, 2, 28)))
        self.assertEqual(self._open(date(2026, 5, 31)), 0.0)
        self.assertEqual(self._open(), 70.0)

    def test_credit_notes_and_contacts(self):
        invoice = self._invoice(1000.0, "2026-03-01", "2026-03-31", partner=self.contact)
        refund = self._invoice(200.0, "2026-04-15", "2026-04-15", move_type="out_refund")
        # before the credit note: the whole invoice; after it, open on both sides
        self.assertEqual(self._open(date(2026, 4, 14)), 1000.0)
        self.assertEqual(self._open(date(2026, 4, 20)), 800.0)
        refund_line = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        with freeze_time("2026-05-05"):
            invoice.js_assign_outstanding_line(refund_line.id)
        self.assertTrue(refund_line.reconciled)
        self.assertEqual(self._open(date(2026, 4, 20)), 800.0)
        aging = self._aging(date(2026, 4, 20))
        self.assertEqual(aging["days_0_30"], 1000.0 - 200.0)  # both aged by their due date
        self.assertEqual(self._open(), 800.0)

    def test_foreign_currency_with_exchange_difference(self):
        currency = self.env["res.currency"].create(
            {"name": "PCX", "symbol": "X", "rounding": 0.01, "active": True}
        )
        self.env["res.currency.rate"].create(
            [
                {"currency_id": currency.id, "name": "2026-01-01", "rate": 2.0},
                {"currency_id": currency.id, "name": "2026-05-01", "rate": 2.5},
            ]
        )
        invoice = self._invoice(1000.0, "2026-03-01", "2026-03-31", currency_id=currency.id)
        self.assertEqual(self._open(date(2026, 4, 30)), 500.0)  # company currency
        self._pay(invoice, "2026-05-10", currency_id=currency.id, amount=1000.0)
        self.assertTrue(invoice.payment_state in ("paid", "in_payment"))
        self.assertEqual(self._open(date(2026, 4, 30)), 500.0)
        self.assertEqual(self._open(date(2026, 5, 31)), 0.0)
        self.assertEqual(self._open(), 0.0)

    def test_branch_company_counts_as_in_odoo_credit(self):
        branch = self.env["res.company"].create(
            {"name": "Ledger Branch", "parent_id": self.company.id}
        )
        self.env.user.company_ids |= branch
        self.env.cr.precommit.run()  # the branch's accounting (as Odoo's branch tests do)
        self._invoice(300.0, "2026-06-01", "2026-06-30")
        self._invoice(50.0, "2026-06-01", "2026-06-30", company=branch)
        self.assertEqual(self._open(), 350.0)
        self.assertEqual(self._open(), self.customer.credit)
        in_branch = self.customer.with_company(branch)
        self.assertEqual(in_branch._credit_open_items()[self.customer.id], 350.0)
        figures = self.customer._credit_figures_get(self.company)[self.customer.id]
        self.assertEqual(figures["receivable"], 350.0)
        self.assertEqual(figures["overdue"], 350.0)
        self.assertEqual(figures["max_days_overdue"], 15)

    def test_every_figure_agrees(self):
        invoice = self._invoice(1000.0, "2026-03-01", "2026-03-31", partner=self.contact)
        self._pay(invoice, "2026-07-01", amount=250.0)
        self._invoice(400.0, "2026-07-01", "2026-07-31")
        today = date(2026, 7, 15)
        aging = self._aging(today)
        figures = self.customer._credit_figures_get(self.company)[self.customer.id]
        kpis = self.customer._credit_kpis(today)[self.customer.id]
        self.assertEqual(aging["total"], 1150.0)
        self.assertEqual(figures["receivable"], aging["total"])
        self.assertEqual(kpis["receivable"], aging["total"])
        self.assertEqual(figures["overdue"], aging["total"] - aging["not_due"])
        self.assertEqual(kpis["overdue"], figures["overdue"])
        self.assertEqual(self.customer.with_user(self.credit_manager).credit_exposure, 1150.0)

    def test_large_selections_read_the_same_items(self):
        """Beyond PARTNERS_BY_ID_MIN customers the ledger, the orders to invoice and the sales
        KPIs look the customers' partners up by id: the same figures, contacts included."""
        invoice = self._invoice(1000.0, "2026-03-01", "2026-03-31", partner=self.contact)
        self._pay(invoice, "2026-07-01", amount=250.0)
        self._invoice(400.0, "2026-07-01", "2026-07-31")
        other = self.env["res.partner"].create({"name": "Ledger Other", "is_company": True})
        self._invoice(70.0, "2026-07-01", "2026-07-31", partner=other)
        partners = self.customer | other
        today = date(2026, 7, 15)

        def figures():
            return (
                partners._credit_figures_get(self.company),
                partners._credit_figures_get(self.company, overdue=False),
                partners._credit_kpis(today),
            )

        few = figures()
        with patch.object(ledger_module, "PARTNERS_BY_ID_MIN", 0):
            many = figures()
        self.assertEqual(many, few)
        self.assertEqual(few[0][self.customer.id]["receivable"], 1150.0)
        self.assertEqual(few[1][other.id]["exposure"], 70.0)
        self.assertNotIn("overdue", few[1][other.id])

    def test_future_date_refused(self):
        with self.assertRaises(UserError):
            self.customer._credit_open_items(date(2026, 7, 16))
        with self.assertRaises(UserError):
            self.customer._credit_aging(date(2026, 8, 1))
        with self.assertRaises(UserError):
            self.customer._credit_aging_xlsx(date(2026, 8, 1))

    def test_payment_behaviour_one_definition(self):
        on_time = self._invoice(1000.0, "2026-01-10", "2026-02-09")
        self._pay(on_time, "2026-02-05")
        late = self._invoice(2000.0, "2026-03-01", "2026-03-31")
        self._pay(late, "2026-04-10")
        self._invoice(500.0, "2026-05-01", "2026-05-31")  # open: 30 days late at 30 June
        ledger = self.env["partner.credit.ledger"]
        behaviour = ledger._payment_behaviour(
            self.customer.ids, self.company, date(2026, 1, 1), date(2026, 6, 30)
        )
        self.assertEqual(behaviour[self.customer.id], (3, 1, 0 + 10 + 30))
        # grading reads the same definition, from its window's start to today: the open
        # invoice is 45 days late on 15 July
        kpis = self.customer._credit_kpis(date(2026, 7, 15))[self.customer.id]
        self.assertEqual(kpis["invoice_count"], 3)
        self.assertAlmostEqual(kpis["ontime_rate"], 100.0 / 3)
        self.assertAlmostEqual(kpis["avg_days_late"], (0 + 10 + 45) / 3)


@tagged("post_install", "-at_install")
class TestSnapshotsAsOfMonthEnd(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Snapshot Customer", "is_company": True}
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_date": "2026-05-03",
                "invoice_date_due": "2026-05-20",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Goods", "quantity": 1, "price_unit": 900.0, "tax_ids": []}
                    )
                ],
            }
        )
        cls.invoice.action_post()

    def _snapshot(self, day):
        return self.env["partner.credit.aging.snapshot"].search(
            [("partner_id", "=", self.customer.id), ("date", "=", day)]
        )

    def test_taken_late_is_exact(self):
        Snapshot = self.env["partner.credit.aging.snapshot"]
        with freeze_time("2026-05-31 10:00"):
            Snapshot._cron_credit_aging_snapshot()  # May has not ended: only April (empty)
        self.assertFalse(self._snapshot("2026-05-31"))
        # paid on 1 June before the job ran: May's snapshot still shows it open at 31 May
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({"payment_date": "2026-06-01"})._create_payments()
        with freeze_time("2026-06-01 08:00"):
            Snapshot._cron_credit_aging_snapshot()
        may = self._snapshot("2026-05-31")
        self.assertEqual(may.total, 900.0)
        self.assertEqual(may.days_0_30, 900.0)
        self.assertEqual(may.overdue, 900.0)

    def test_missed_months_caught_up(self):
        Snapshot = self.env["partner.credit.aging.snapshot"]
        with freeze_time("2026-04-02"):
            Snapshot._cron_credit_aging_snapshot()  # March, nothing open yet
        with freeze_time("2026-08-10"):
            Snapshot._cron_credit_aging_snapshot()  # April … July, each as of its month end
        self.assertEqual(self._snapshot("2026-05-31").total, 900.0)
        self.assertEqual(self._snapshot("2026-06-30").total, 900.0)
        self.assertEqual(self._snapshot("2026-06-30").previous_total, 900.0)
        self.assertEqual(self._snapshot("2026-07-31").days_61_90, 900.0)
        self.assertFalse(self._snapshot("2026-04-30"))

    def test_month_not_ended_refused(self):
        Snapshot = self.env["partner.credit.aging.snapshot"]
        with freeze_time("2026-05-31 23:00"), self.assertRaises(UserError):
            Snapshot._take_snapshot(date(2026, 5, 31))
        with freeze_time("2026-06-10"), self.assertRaises(UserError):
            Snapshot._take_snapshot(date(2026, 5, 30))
        self.assertFalse(Snapshot.search([("partner_id", "=", self.customer.id)]))
