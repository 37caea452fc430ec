"""Year-end review and collection plans (年末清收, SPEC §3.I)."""

from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CreditArchiveCase

REVIEW = date(2025, 12, 31)


class YearEndCase(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.cust_a = Partner.create(
            {"name": "YE Overdue A", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.cust_b = Partner.create({"name": "YE Overdue B", "is_company": True})
        cls.cust_c = Partner.create({"name": "YE Current C", "is_company": True})
        cls.cust_d = Partner.create({"name": "YE Long Terms D", "is_company": True})
        cls.inv_a1 = cls._invoice(cls.cust_a, 1000.0, "2025-10-01", "2025-10-31")
        cls.inv_a2 = cls._invoice(cls.cust_a, 500.0, "2025-12-15", "2026-01-31")  # not due
        cls.inv_b = cls._invoice(cls.cust_b, 300.0, "2025-11-01", "2025-11-30")
        cls.inv_c = cls._invoice(cls.cust_c, 800.0, "2025-12-20", "2026-01-20")  # not due
        cls.inv_d = cls._invoice(cls.cust_d, 700.0, "2024-11-01", "2026-06-30")  # old
        # B paid 100 before the review: 200 left then; A paid 250 after it (not seen then)
        cls._pay(cls.inv_b, "2025-12-20", amount=100.0)
        cls._pay(cls.inv_a1, "2026-01-10", amount=250.0)

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, due, company=None):
        move = (
            cls.env["account.move"]
            .with_company(company or cls.company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, moves, payment_date, **values):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids
        ).create({"payment_date": payment_date, **values})._create_payments()

    def _wizard(self, user=None, **values):
        Wizard = self.env["partner.credit.collection.plan.wizard"].with_user(
            user or self.credit_manager
        )
        return Wizard.create(
            {"date": REVIEW, "date_deadline": date(2026, 3, 31), "old_days": 365, **values}
        )

    def _proposed(self, wizard):
        wizard.action_propose()
        ours = self.cust_a | self.cust_b | self.cust_c | self.cust_d
        return {line.partner_id: line for line in wizard.line_ids if line.partner_id in ours}


@tagged("post_install", "-at_install")
class TestCollectionPlan(YearEndCase):
    def test_wizard_proposes_overdue_and_old_customers(self):
        lines = self._proposed(self._wizard())
        self.assertEqual(set(lines), {self.cust_a, self.cust_b, self.cust_d})
        # A: the overdue invoice as of the review, the payment of January not seen yet
        self.assertEqual(lines[self.cust_a].amount_overdue, 1000.0)
        self.assertEqual(lines[self.cust_a].amount_receivable, 1500.0)
        self.assertEqual(lines[self.cust_a].target_amount, 1000.0)
        self.assertEqual(lines[self.cust_a].user_id, self.sales_rep)  # the salesperson
        self.assertEqual(lines[self.cust_b].target_amount, 200.0)
        self.assertEqual(lines[self.cust_b].user_id, self.credit_manager)  # no salesperson
        # D: not due (long terms) but dated more than a year before the review
        self.assertEqual(lines[self.cust_d].amount_overdue, 0.0)
        self.assertEqual(lines[self.cust_d].amount_old, 700.0)
        self.assertEqual(lines[self.cust_d].target_amount, 700.0)
        self.assertEqual(lines[self.cust_d].date_deadline, date(2026, 3, 31))
        # with a shorter "old after", C's recent invoice stays out, D is still old
        lines = self._proposed(self._wizard(old_days=30))
        self.assertNotIn(self.cust_c, lines)

    def test_create_plans_progress_from_payments(self):
        wizard = self._wizard()
        lines = self._proposed(wizard)
        lines[self.cust_a].target_amount = 800.0
        (wizard.line_ids - lines[self.cust_a] - lines[self.cust_b]).selected = False
        wizard.action_create_plans()
        Plan = self.env["partner.credit.collection.plan"]
        plan_a = Plan.search([("partner_id", "=", self.cust_a.id)])
        plan_b = Plan.search([("partner_id", "=", self.cust_b.id)])
        self.assertEqual(plan_a.target_amount, 800.0)
        self.assertEqual(plan_a.amount_base, 1000.0)
        self.assertEqual(plan_a.user_id, self.sales_rep)
        self.assertEqual(plan_a.state, "open")
        # payments since the plan date: A's 250 of January; B's 100 was before it
        self.assertEqual(plan_a.amount_collected, 250.0)
        self.assertEqual(plan_b.amount_collected, 0.0)
        self.assertFalse(Plan.search([("partner_id", "=", self.cust_d.id)]))
        # a new payment moves the progress at once; a credit note is no payment
        self._pay(self.inv_a1, "2026-02-01", amount=300.0)
        self.assertEqual(plan_a.amount_collected, 550.0)
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.cust_a.id,
                "invoice_date": "2026-02-02",
                "invoice_line_ids": [
                    Command.create({"name": "Return", "price_unit": 50.0, "tax_ids": []})
                ],
            }
        )
        refund.action_post()
        plan_a.amount_collected = 0.0  # what the nightly job repairs
        cron = self.env.ref("partner_credit_archive.ir_cron_credit_collection_plans")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        plan_a.invalidate_recordset()
        self.assertEqual(plan_a.amount_collected, 550.0)
        self.assertAlmostEqual(plan_a.progress, 100.0 * 550 / 800)
        # the customer already has an open plan: the next review leaves it out
        self.assertNotIn(self.cust_a, self._proposed(self._wizard()))

    def test_close_with_result(self):
        plan = self._plan(self.cust_a, 200.0)
        self.assertEqual(plan.amount_collected, 250.0)
        with freeze_time("2026-02-15"):
            plan.action_close()
        self.assertEqual((plan.state, plan.result), ("done", "achieved"))
        self.assertEqual(plan.date_closed, date(2026, 2, 15))
        # frozen at closing: a later payment is not collected by this plan
        self._pay(self.inv_a1, "2026-03-01", amount=10.0)
        plan._credit_plan_refresh()
        self.assertEqual(plan.amount_collected, 250.0)

        partly = self._plan(self.cust_b, 200.0)
        with self.assertRaises(UserError):
            partly.action_close()  # not achieved: a note is needed
        self.assertEqual(partly.state, "open")
        partly.result_note = "Customer disputes the price; half promised in April."
        self._pay(self.inv_b, "2026-01-20", amount=50.0)
        partly.action_close()
        self.assertEqual((partly.state, partly.result), ("failed", "partly"))
        with self.assertRaises(UserError):
            partly.action_close()  # already closed

        cancelled = self._plan(self.cust_d, 700.0)
        with self.assertRaises(UserError):
            cancelled.action_cancel()
        cancelled.result_note = "Plan made in error."
        cancelled.action_cancel()
        self.assertEqual(cancelled.state, "cancelled")

    def _plan(self, partner, target, deadline=date(2026, 3, 31), **values):
        return (
            self.env["partner.credit.collection.plan"]
            .with_user(self.credit_manager)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": (partner.user_id or self.credit_manager).id,
                    "date": REVIEW,
                    "date_deadline": deadline,
                    "target_amount": target,
                    **values,
                }
            )
        )

    def test_reminder_before_deadline_once(self):
        today = fields.Date.today()
        soon = self._plan(self.cust_b, 5000.0, deadline=today + timedelta(days=5))
        later = self._plan(self.cust_d, 700.0, deadline=today + timedelta(days=30))
        partners = (self.cust_b | self.cust_d).sudo()
        created, _closed = partners._credit_reminders_sync({"plan"})
        self.assertEqual(created, 1)
        Activity = self.env["mail.activity"]
        activity = Activity.search(
            [("res_id", "=", self.cust_b.id), ("credit_reminder_key", "=like", "plan:%")]
        )
        self.assertEqual(activity.user_id, self.credit_manager)
        self.assertEqual(activity.date_deadline, soon.date_deadline)
        self.assertEqual(activity.credit_reminder_key, f"plan:{self.company.id}:{soon.id}")
        self.assertFalse(
            Activity.search(
                [("res_id", "=", self.cust_d.id), ("credit_reminder_key", "=like", "plan:%")]
            )
        )
        # again: nothing new
        self.assertEqual(partners._credit_reminders_sync({"plan"}), (0, 0))
        # closed: the reminder is marked done
        soon.result_note = "Customer bankrupt: write-off requested."
        soon.action_close()
        self.assertEqual(partners._credit_reminders_sync({"plan"}), (0, 1))
        self.assertFalse(activity.active)
        self.assertTrue(later)

    def test_bad_input_changes_nothing(self):
        Plan = self.env["partner.credit.collection.plan"]
        with self.assertRaises(UserError):
            self._wizard(date=fields.Date.today() + timedelta(days=1)).action_propose()
        with self.assertRaises(UserError):
            self._wizard(date_deadline=date(2025, 12, 1)).action_propose()
        wizard = self._wizard()
        lines = self._proposed(wizard)
        lines[self.cust_b].target_amount = 0.0
        before = Plan.search_count([])
        with self.assertRaises(UserError):
            wizard.action_create_plans()
        self.assertEqual(Plan.search_count([]), before)
        wizard.line_ids.selected = False
        with self.assertRaises(UserError):
            wizard.action_create_plans()
        self._plan(self.cust_a, 100.0)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self._plan(self.cust_a, 100.0)  # one open plan per customer and company
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self._plan(self.cust_b, 100.0, deadline=date(2025, 1, 1))

    def test_access_sales_rep(self):
        with self.assertRaises(AccessError):
            self._wizard(user=self.sales_rep).action_propose()
        plan_a = self._plan(self.cust_a, 100.0)
        with self.assertRaises(AccessError):
            plan_a.with_user(self.sales_rep).write({"target_amount": 1.0})
        plan_b = self._plan(self.cust_b, 100.0)
        visible = self.env["partner.credit.collection.plan"].with_user(self.sales_rep).search([])
        self.assertIn(plan_a, visible)
        self.assertNotIn(plan_b, visible)
        with self.assertRaises(AccessError):
            plan_a.with_user(self.sales_rep).action_close()

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "YE Company B"})
        manager_b = new_test_user(
            self.env,
            login="pca_ye_manager_b",
            groups="partner_credit_archive.group_credit_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        plan = self._plan(self.cust_a, 100.0)
        Plan = self.env["partner.credit.collection.plan"].with_user(manager_b)
        self.assertNotIn(plan, Plan.search([]))
        wizard = (
            self.env["partner.credit.collection.plan.wizard"]
            .with_user(manager_b)
            .with_company(company_b)
            .create({"date": REVIEW, "date_deadline": date(2026, 3, 31)})
        )
        wizard.action_propose()
        self.assertEqual(wizard.company_id, company_b)
        self.assertFalse(wizard.line_ids)  # company A's invoices are not B's receivables
