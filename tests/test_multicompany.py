"""Two companies share one customer: its credit records never leak from one to the other."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .credit_report_common import CreditReportCase


@tagged("post_install", "-at_install")
class TestMultiCompany(CreditReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_a.credit_policy_report = "ignore"
        cls.company_a.credit_policy_documents_missing = "ignore"
        cls.company_b = cls.env["res.company"].create(
            {
                "name": "Company B",
                "credit_policy_report": "ignore",
                "credit_policy_documents_missing": "ignore",
            }
        )
        both = [Command.set((cls.company_a | cls.company_b).ids)]
        for user in (cls.sales_rep, cls.keeper, cls.credit_manager):
            user.company_ids = both
        cls.manager_b = new_test_user(
            cls.env,
            login="pca_manager_b",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Coal (t)", "type": "service", "invoice_policy": "order", "list_price": 1}
        )
        cls.tier_strategic = cls.tiers["strategic"]

    def _in_a(self, user=None):
        """The company A records of ``self.own``: limit, tier, report, hold, group..."""
        own = self.own.with_user(user or self.credit_manager).with_company(self.company_a)
        own._credit_set_limit(1000.0, "Opening limit in A")
        own.credit_tier_id = self.tier_strategic
        report = self._report()
        self._approve(report)
        today = fields.Date.context_today(self.env.user)
        records = {
            "partner.archive.document": self.env["partner.archive.document"].create(
                {
                    "name": "Licence",
                    "partner_id": self.own.id,
                    "type_id": self._ref("archive_type_business_licence").id,
                    "company_id": self.company_a.id,
                }
            ),
            "partner.credit.report": report,
            "partner.credit.report.financial": report.financial_ids,
            "partner.credit.report.score": report.score_line_ids,
            "partner.credit.temp.limit": self.env["partner.credit.temp.limit"].create(
                {
                    "partner_id": self.own.id,
                    "company_id": self.company_a.id,
                    "amount": 5000.0,
                    "date_start": today + timedelta(days=5),
                    "date_end": today + timedelta(days=9),
                    "reason": "Season",
                }
            ),
            "partner.credit.aging.snapshot": self.env["partner.credit.aging.snapshot"].create(
                {"partner_id": self.own.id, "company_id": self.company_a.id, "date": today}
            ),
            "partner.credit.group": self.env["partner.credit.group"].create(
                {"name": "Group A", "company_id": self.company_a.id, "credit_limit": 9000.0}
            ),
        }
        records["partner.credit.decision"] = self.env["partner.credit.decision"].search(
            [("partner_id", "=", self.own.id)]
        )
        records["partner.credit.grade.log"] = self.env["partner.credit.grade.log"].search(
            [("partner_id", "=", self.own.id)]
        )
        own.sudo().credit_hold = True
        order = self.env["sale.order"].create(
            {
                "partner_id": self.own.id,
                "company_id": self.company_a.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 10})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        records["sale.order"] = order
        for model, record in records.items():
            self.assertTrue(record, model)
            self.assertEqual(
                record.company_id
                if "company_id" in record._fields
                else record.report_id.company_id,
                self.company_a,
                model,
            )
        return records

    def test_company_dependent_credit_values(self):
        self._in_a()
        in_b = self.own.with_company(self.company_b)
        self.own.invalidate_recordset()
        self.assertEqual(self.own.credit_limit, 1000.0)
        self.assertEqual(self.own.credit_tier_id, self.tier_strategic)
        self.assertTrue(self.own.credit_report_id)
        self.assertTrue(self.own.credit_rating)
        self.assertTrue(self.own.credit_hold)
        self.assertTrue(self.own.date_credit_review)
        self.assertEqual(in_b.credit_limit, 0.0)
        self.assertEqual(in_b.credit_tier_id, self.tiers["potential"], "as every new customer")
        self.assertFalse(in_b.credit_report_id)
        self.assertFalse(in_b.credit_rating)
        self.assertFalse(in_b.credit_hold)
        self.assertFalse(in_b.date_credit_review)
        self.assertEqual(in_b.credit_decision_count, 0)
        # exposure: an order confirmed in A counts in A only
        self.own.sudo().credit_hold = False
        order = self.env["sale.order"].create(
            {
                "partner_id": self.own.id,
                "company_id": self.company_a.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 700})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.own.invalidate_recordset()
        self.assertEqual(self.own.credit_exposure, order.amount_total)
        self.assertEqual(in_b.credit_exposure, 0.0)
        self.assertEqual(in_b.credit_available, 0.0)
        # a limit set in B is B's decision and leaves A's alone
        decision = in_b.with_user(self.manager_b)._credit_set_limit(300.0, "Opening limit in B")
        self.assertEqual(decision.company_id, self.company_b)
        self.own.invalidate_recordset()
        self.assertEqual(self.own.credit_limit, 1000.0)
        self.assertEqual(in_b.credit_limit, 300.0)
        self.assertEqual(in_b.credit_available, 300.0)

    def test_user_of_company_b_sees_nothing_of_a(self):
        records = self._in_a()
        # the B manager, and the A+B manager working in B only
        for user, label in ((self.manager_b, "B user"), (self.credit_manager, "A+B user in B")):
            env = self.env(user=user, context={"allowed_company_ids": self.company_b.ids})
            for model, record in records.items():
                with self.subTest(user=label, model=model):
                    self.assertFalse(env[model].search([("id", "in", record.ids)]))
                    with self.assertRaises(AccessError):
                        record.with_env(env).read(["display_name"])
            partner = self.own.with_env(env)
            self.assertEqual(partner.credit_limit, 0.0)
            self.assertEqual(partner.sudo().credit_tier_id, self.tiers["potential"])
            self.assertFalse(partner.credit_report_id)
            self.assertFalse(partner.credit_hold)
            self.assertEqual(partner.credit_report_count, 0)
            self.assertEqual(partner.credit_decision_count, 0)
            self.assertFalse(partner.credit_decision_ids)
            self.assertFalse(partner.credit_grade_log_ids)
            self.assertFalse(partner.credit_temp_limit_ids)
        # nor can the B user switch to company A
        with self.assertRaises(AccessError):
            self.assertTrue(
                self.env(
                    user=self.manager_b, context={"allowed_company_ids": self.company_a.ids}
                ).company
            )
        # the A+B manager sees A's records once A is active
        env_a = self.env(
            user=self.credit_manager, context={"allowed_company_ids": [self.company_a.id]}
        )
        for model, record in records.items():
            with self.subTest(model=model):
                self.assertEqual(env_a[model].search([("id", "in", record.ids)]), record)

    def test_grading_is_per_company(self):
        self._in_a()
        in_a = self.own.with_company(self.company_a)
        in_b = self.own.with_company(self.company_b)
        in_b.sudo().credit_tier_id = self.tiers["long_term"]
        logs_before = self.env["partner.credit.grade.log"].search([])
        # grading in A (no orders: not strategic any more) leaves B's tier alone
        in_a.with_user(self.keeper).with_company(self.company_a).action_credit_grade()
        self.own.invalidate_recordset()
        self.assertNotEqual(in_a.credit_tier_id, self.tier_strategic)
        self.assertEqual(in_b.credit_tier_id, self.tiers["long_term"])
        new_logs = self.env["partner.credit.grade.log"].search([]) - logs_before
        self.assertTrue(new_logs)
        self.assertEqual(new_logs.company_id, self.company_a)
        # grading in B changes B only
        tier_a = in_a.credit_tier_id
        in_b.with_user(self.manager_b).action_credit_grade()
        self.own.invalidate_recordset()
        self.assertEqual(in_a.credit_tier_id, tier_a)
        self.assertNotEqual(in_b.credit_tier_id, self.tiers["long_term"])
        logs_b = self.env["partner.credit.grade.log"].search([]) - logs_before - new_logs
        self.assertEqual(logs_b.company_id, self.company_b)
        self.assertFalse(
            self.env["partner.credit.grade.log"]
            .with_user(self.manager_b)
            .search([("id", "in", new_logs.ids)])
        )

    def test_hold_and_report_of_a_do_not_apply_in_b(self):
        self._in_a()
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.own.id,
                    "company_id": self.company_b.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "price_unit": 10})
                    ],
                }
            )
        )
        order_b.with_user(self.manager_b).action_confirm()
        self.assertEqual((order_b.state, order_b.credit_state), ("sale", "ok"))
        # a report approved in B does not supersede A's
        report_a = self.own.credit_report_id
        # written and submitted by the keeper, approved by B's credit manager (four eyes)
        report_b = self._report(company_id=self.company_b.id, user=self.keeper)
        report_b.with_user(self.keeper).with_company(self.company_b).action_submit()
        report_b.with_user(self.manager_b).action_approve()
        self.assertEqual(report_a.state, "approved")
        self.assertEqual(self.own.with_company(self.company_b).credit_report_id, report_b)
        self.own.invalidate_recordset()
        self.assertEqual(self.own.credit_report_id, report_a)
