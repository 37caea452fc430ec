"""Bad-debt provision by aging and write-offs (坏账准备, 核销; SPEC §3.I)."""

from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from ..tools.provision import BAND_KEYS, DEFAULT_RATES, band_of
from .common import read_sheets
from .test_collection_plan import YearEndCase

AS_OF = date(2025, 12, 31)


@tagged("post_install", "-at_install")
class TestProvision(YearEndCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.aged = cls.env["res.partner"].create(
            {"name": "Provision Aged Co", "is_company": True, "user_id": cls.sales_rep.id}
        )
        # due dates, seen on 2025-12-31: one invoice per band, 1 000 each
        cls.aged_dues = {
            "year_1": "2025-06-30",
            "year_2": "2024-12-31",  # exactly a year: one to two years old
            "year_3": "2023-06-30",
            "year_4": "2022-06-30",
            "year_5": "2021-06-30",
            "year_over_5": "2019-01-01",
        }
        cls.aged_invoices = {
            key: cls._invoice(cls.aged, 1000.0, due, due) for key, due in cls.aged_dues.items()
        }
        cls._invoice(cls.aged, 200.0, "2025-12-01", "2026-03-31")  # not due: under a year
        cls._invoice(cls.aged, 900.0, "2026-01-05", "2026-02-05")  # after the date
        # paid after the date: still open on 2025-12-31
        cls._pay(cls.aged_invoices["year_over_5"], "2026-02-01")
        # an open credit note of the date settles the oldest item first
        refund = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": cls.aged.id,
                "invoice_date": "2025-12-15",
                "invoice_line_ids": [
                    Command.create({"name": "Return", "price_unit": 300.0, "tax_ids": []})
                ],
            }
        )
        refund.action_post()

    def test_bands_as_of_a_past_date(self):
        for key, due in self.aged_dues.items():
            self.assertEqual(band_of(fields.Date.to_date(due), AS_OF), key)
        bands = self.env["partner.credit.ledger"]._provision_bands(
            self.company, AS_OF, [self.aged.id]
        )[self.aged.id]
        self.assertEqual(bands["year_1"], 1200.0)
        for key in ("year_2", "year_3", "year_4", "year_5"):
            self.assertEqual(bands[key], 1000.0, key)
        self.assertEqual(bands["year_over_5"], 700.0)  # 1 000 less the open credit note
        self.assertEqual(bands["total"], 5900.0)
        # today: the oldest invoice is paid, the January invoice exists
        today = self.env["partner.credit.ledger"]._provision_bands(
            self.company, fields.Date.today(), [self.aged.id]
        )[self.aged.id]
        self.assertEqual(today["total"], 5900.0 - 1000.0 + 900.0)

    def _compute(self, user=None, date_ref=AS_OF):
        wizard = (
            self.env["partner.credit.provision.wizard"]
            .with_user(user or self.credit_manager)
            .create({"date_ref": date_ref})
        )
        wizard.action_compute()
        return wizard

    def test_provision_lines_pivot_and_xlsx(self):
        wizard = self._compute()
        lines = wizard.line_ids.filtered(lambda line: line.partner_id == self.aged)
        by_band = {line.band: line for line in lines}
        self.assertEqual(set(by_band), set(BAND_KEYS))
        self.assertEqual(by_band["year_1"].rate, DEFAULT_RATES["year_1"])
        self.assertEqual(by_band["year_1"].provision, 60.0)
        self.assertEqual(by_band["year_3"].provision, 300.0)
        self.assertEqual(by_band["year_over_5"].provision, 700.0)
        expected = 60.0 + 100.0 + 300.0 + 500.0 + 800.0 + 700.0
        self.assertEqual(sum(lines.mapped("provision")), expected)
        groups = (
            self.env["partner.credit.provision.line"]
            .with_user(self.credit_manager)
            ._read_group(
                [("wizard_id", "=", wizard.id), ("partner_id", "=", self.aged.id)],
                ["partner_id"],
                ["provision:sum", "amount:sum"],
            )
        )
        self.assertEqual(groups[0][1:], (expected, 5900.0))
        sheet = read_sheets(wizard._provision_xlsx())["Provision"]
        row = next(r for r in sheet if r["Customer"] == self.aged.name)
        self.assertEqual(row["Provision"], expected)
        self.assertEqual(row["Total Receivable"], 5900.0)
        self.assertEqual(row["Salesperson"], self.sales_rep.name)
        # other rates: the same receivables, another provision
        self.company.credit_provision_rate_year_1 = 10.0
        wizard = self._compute()
        line = wizard.line_ids.filtered(
            lambda line: line.partner_id == self.aged and line.band == "year_1"
        )
        self.assertEqual(line.provision, 120.0)

    def test_rates_validation(self):
        before = self.company._credit_provision_rates()
        self.assertEqual(before, DEFAULT_RATES)
        for values in (
            {"credit_provision_rate_year_1": 120.0},
            {"credit_provision_rate_year_2": -1.0},
            {"credit_provision_rate_year_3": 5.0},  # below 1-2 years' 10 %
        ):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.env["res.config.settings"].create(values).execute()
            self.company.invalidate_recordset()
            self.assertEqual(self.company._credit_provision_rates(), before)
        self.env["res.config.settings"].create({"credit_provision_rate_year_3": 40.0}).execute()
        self.assertEqual(self.company.credit_provision_rate_year_3, 40.0)

    def test_future_date_and_access(self):
        with self.assertRaises(UserError):
            self._compute(date_ref=date(2999, 1, 1))
        with self.assertRaises(AccessError):
            self._compute(user=self.sales_rep)


@tagged("post_install", "-at_install")
class TestWriteoff(YearEndCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bad_debt_account = cls.env["account.account"].create(
            {"name": "Bad-Debt Losses", "code": "660299", "account_type": "expense"}
        )
        cls.bad_debt_journal = cls.env["account.journal"].create(
            {"name": "Bad Debts", "code": "BDWO", "type": "general"}
        )
        cls.company.write(
            {
                "credit_writeoff_account_id": cls.bad_debt_account.id,
                "credit_writeoff_journal_id": cls.bad_debt_journal.id,
            }
        )
        cls.other_manager = new_test_user(
            cls.env,
            login="pca_ye_manager2",
            groups="account.group_account_invoice,partner_credit_archive.group_credit_manager",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="pca_ye_accountant",
            groups="account.group_account_invoice,partner_credit_archive.group_archive_user",
        )

    def _request(self, user=None, invoices=None, partner=None):
        invoices = invoices or self.inv_a1
        return (
            self.env["partner.credit.writeoff"]
            .with_user(user or self.sales_rep)
            .create(
                {
                    "partner_id": (partner or invoices.commercial_partner_id).id,
                    "invoice_ids": [Command.set(invoices.ids)],
                    "reason_code": "bankruptcy",
                    "reason": "Customer declared bankrupt; liquidation pays nothing.",
                }
            )
        )

    def test_request_approve_post_recover(self):
        writeoff = self._request()
        self.assertEqual(writeoff.state, "requested")
        self.assertEqual(writeoff.amount, 750.0)  # 1 000 less the 250 paid
        self.assertTrue(writeoff.name.startswith("WO/"))
        # a sales rep cannot approve, nor can the requester of the request
        with self.assertRaises(AccessError):
            writeoff.with_user(self.sales_rep).action_approve()
        mine = self._request(user=self.credit_manager, invoices=self.inv_b)
        with self.assertRaises(UserError):
            mine.with_user(self.credit_manager).action_approve()
        self.assertEqual(mine.state, "requested")

        writeoff.with_user(self.credit_manager).action_approve()
        self.assertEqual(writeoff.state, "approved")
        decision = writeoff.decision_id
        self.assertEqual(decision.decision_type, "write_off")
        self.assertEqual(decision.partner_id, self.cust_a)
        self.assertEqual(decision.user_id, self.credit_manager)
        self.assertEqual(decision.writeoff_id, writeoff)

        writeoff.with_user(self.accountant).action_post()
        self.assertEqual(writeoff.state, "posted")
        self.assertEqual(self.inv_a1.amount_residual, 0.0)
        self.assertIn(self.inv_a1.payment_state, ("paid", "in_payment"))
        move = writeoff.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.bad_debt_journal)
        expense = move.line_ids.filtered(lambda line: line.account_id == self.bad_debt_account)
        self.assertEqual(expense.debit, 750.0)
        self.assertNotIn(
            self.cust_a.id,
            {pid for pid, amount in self.cust_a._credit_open_items().items() if amount >= 1000.0},
        )
        self.assertEqual(self.cust_a._credit_open_items()[self.cust_a.id], 500.0)  # inv_a2

        # the customer pays 400 later: recorded as a recovery
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.cust_a.id,
                "amount": 400.0,
                "date": fields.Date.today(),
            }
        )
        payment.action_post()
        Wizard = self.env["partner.credit.writeoff.recovery.wizard"].with_user(self.accountant)
        form = Form(Wizard.with_context(default_writeoff_id=writeoff.id))
        receipt = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        form.payment_line_id = receipt
        self.assertEqual(form.amount, 400.0)
        form.amount = 1000.0
        wizard = form.save()
        self.assertEqual(wizard.allowed_line_ids, receipt)
        with self.assertRaises(UserError):
            wizard.action_recover()  # more than was written off
        self.assertFalse(writeoff.recovery_move_ids)
        wizard.amount = 400.0
        wizard.action_recover()
        self.assertEqual(writeoff.amount_recovered, 400.0)
        self.assertTrue(receipt.reconciled)
        recovery = writeoff.recovery_move_ids
        income = recovery.line_ids.filtered(lambda line: line.account_id == self.bad_debt_account)
        self.assertEqual(income.credit, 400.0)
        self.assertEqual(self.cust_a._credit_open_items()[self.cust_a.id], 500.0)

    def test_rejection_and_bad_input(self):
        writeoff = self._request()
        with self.assertRaises(UserError):
            writeoff.with_user(self.credit_manager).action_reject()  # no note
        self.assertEqual(writeoff.state, "requested")
        writeoff.decision_note = "Collect through the lawyer first."
        writeoff.with_user(self.credit_manager).action_reject()
        self.assertEqual(writeoff.state, "rejected")
        self.assertFalse(writeoff.decision_id)
        with self.assertRaises(UserError):
            writeoff.with_user(self.other_manager).action_approve()
        with self.assertRaises(UserError):
            writeoff.with_user(self.accountant).action_post()
        # a paid invoice, another customer's invoice, a second request for the same invoice
        Writeoff = self.env["partner.credit.writeoff"]
        count = Writeoff.search_count([])
        paid = self._invoice(self.cust_b, 10.0, "2025-10-01", "2025-10-31")
        self._pay(paid, "2025-10-15")
        with self.assertRaises(UserError):
            self._request(user=self.credit_manager, invoices=paid)
        with self.assertRaises(ValidationError):
            self._request(user=self.credit_manager, invoices=self.inv_b, partner=self.cust_a)
        self._request(user=self.credit_manager, invoices=self.inv_b)
        with self.assertRaises(UserError):
            self._request(user=self.credit_manager, invoices=self.inv_b)
        self.assertEqual(Writeoff.search_count([]), count + 1)
        with self.assertRaises(UserError):
            writeoff.unlink()

    def test_posting_needs_settings(self):
        writeoff = self._request()
        writeoff.with_user(self.other_manager).action_approve()
        self.company.credit_writeoff_journal_id = False
        with self.assertRaises(UserError):
            writeoff.with_user(self.accountant).action_post()
        self.assertEqual(writeoff.state, "approved")
        self.assertFalse(writeoff.move_id)
        self.assertEqual(self.inv_a1.amount_residual, 750.0)
        with self.assertRaises(UserError):
            writeoff.with_user(self.sales_rep).action_post()

    def test_approval_above_the_managers_authority_waits_for_the_director(self):
        """A write-off is a decision of the approval authority (kind write_off, SPEC §3.L):
        above the credit manager's 200 000 it becomes a request the director carries out."""
        director = new_test_user(
            self.env,
            login="pca_ye_director",
            groups="partner_credit_archive.group_credit_director",
        )
        big = self._invoice(self.cust_b, 250_000.0, "2025-06-01", "2025-06-30")
        writeoff = self._request(user=self.other_manager, invoices=big)
        action = writeoff.with_user(self.credit_manager).action_approve()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(writeoff.state, "requested")
        self.assertFalse(writeoff.decision_id)
        request = self.env["partner.credit.request"].search(
            [("res_model", "=", writeoff._name), ("res_id", "=", writeoff.id)]
        )
        self.assertEqual((request.kind, request.state), ("write_off", "pending"))
        self.assertEqual(request.amount, 250_000.0)
        self.env["partner.credit.request.wizard"].with_user(director).create(
            {"request_ids": [Command.set(request.ids)], "mode": "approve", "comment": "Lost"}
        ).action_confirm()
        self.assertEqual(request.state, "approved")
        self.assertEqual((writeoff.state, writeoff.decided_by_id), ("approved", director))
        self.assertEqual(writeoff.decision_id.decision_type, "write_off")

    def test_salesperson_cannot_approve_own_customer(self):
        manager_rep = new_test_user(
            self.env,
            login="pca_ye_manager_rep",
            groups="account.group_account_invoice,partner_credit_archive.group_credit_manager",
        )
        self.cust_b.user_id = manager_rep
        writeoff = self._request(user=self.credit_manager, invoices=self.inv_b)
        with self.assertRaises(UserError):
            writeoff.with_user(manager_rep).action_approve()
        self.assertEqual(writeoff.state, "requested")

    def test_multi_company(self):
        writeoff = self._request()
        company_b = self.env["res.company"].create({"name": "WO Company B"})
        manager_b = new_test_user(
            self.env,
            login="pca_ye_wo_manager_b",
            groups="account.group_account_invoice,partner_credit_archive.group_credit_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        Writeoff = self.env["partner.credit.writeoff"].with_user(manager_b)
        self.assertNotIn(writeoff, Writeoff.search([]))
        # a sales rep sees the requests of their own customers only
        other = self._request(user=self.credit_manager, invoices=self.inv_b)
        visible = self.env["partner.credit.writeoff"].with_user(self.sales_rep).search([])
        self.assertIn(writeoff, visible)
        self.assertNotIn(other, visible)
