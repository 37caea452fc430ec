from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .test_credit_control import CreditControlCommon


@tagged("post_install", "-at_install")
class TestSecurities(CreditControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.Security = cls.env["partner.credit.security"]
        cls.guarantor = cls.env["res.partner"].create({"name": "Taiyuan Guarantee Co."})

    def _vals(self, **vals):
        return {
            "name": "Guarantee of the parent company",
            "partner_id": self.customer.id,
            "kind": "guarantee",
            "amount": 500.0,
            "coverage": 80.0,
            "guarantor_id": self.guarantor.id,
            "date_start": self.today,
            "date_end": self.today + timedelta(days=30),
            **vals,
        }

    def _decisions(self, decision_type=None):
        domain = [("partner_id", "=", self.customer.id)]
        if decision_type:
            domain.append(("decision_type", "=", decision_type))
        return self.env["partner.credit.decision"].search(domain)

    def _secured(self, day=None):
        partner = self.customer.sudo()
        return partner._credit_secured_get(self.company, day).get(partner.id, 0.0)

    def test_cover_raises_available_credit_and_the_limit_check(self):
        self._invoice(amount=900.0)
        order = self._order(amount=300.0)
        self.assertEqual(order.credit_state, "would_hold", "over the limit of 1000")
        security = self.Security.with_user(self.credit_manager).create(self._vals())
        self.assertEqual(security.amount_covered, 400.0)
        self.assertEqual(security.state, "active")
        manager_view = self.customer.with_user(self.credit_manager)
        self.assertEqual(manager_view.credit_secured_amount, 400.0)
        self.assertEqual(manager_view.credit_available, 1000.0 + 400.0 - 900.0)
        order.invalidate_recordset()
        self.assertEqual(order.credit_partner_secured, 400.0)
        self.assertEqual(order.credit_partner_available, 1000.0 + 400.0 - 900.0 - 300.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_expiry_overnight_without_cron(self):
        security = self.Security.create(self._vals())
        last_day = security.date_end
        with freeze_time(last_day):
            self.assertEqual(self._secured(), 400.0)
            security.invalidate_recordset(["state"])
            self.assertEqual(security.state, "active")
        with freeze_time(last_day + timedelta(days=1)):
            self.assertEqual(self._secured(), 0.0, "the cover goes at once")
            security.invalidate_recordset(["state"])
            self.assertEqual(security.state, "expired")
            self.assertEqual(self.Security.search([("state", "=", "expired")]), security)
            self.Security._cron_credit_security_expiry()
            self.Security._cron_credit_security_expiry()
        self.assertEqual(len(self._decisions("security_expired")), 1, "recorded once")

    def test_scheduled_security_counts_from_its_start(self):
        self.Security.create(self._vals(date_start=self.today + timedelta(days=5)))
        self.assertEqual(self._secured(), 0.0)
        self.assertEqual(self._secured(self.today + timedelta(days=5)), 400.0)

    def test_every_change_is_a_decision(self):
        security = self.Security.with_user(self.credit_manager).create(self._vals())
        self.assertEqual(len(self._decisions("security_added")), 1)
        self.assertEqual(self._decisions("security_added").security_id, security)
        security.with_user(self.credit_manager).write({"coverage": 50.0})
        self.assertEqual(len(self._decisions("security_changed")), 1)
        self.assertEqual(self._secured(), 250.0)
        security.with_user(self.credit_manager).action_release()
        self.assertEqual(len(self._decisions("security_released")), 1)
        self.assertEqual(self._secured(), 0.0)
        with self.assertRaises(UserError):
            security.unlink()

    def test_bad_input_changes_nothing(self):
        security = self.Security.create(self._vals())
        decisions = len(self._decisions())
        cases = [
            ({"coverage": -1.0}, "between 0 and 100"),
            ({"coverage": 100.5}, "between 0 and 100"),
            ({"date_end": self.today - timedelta(days=1)}, "before it starts"),
            ({"amount": 0.0}, "must be positive"),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                    self.Security.create(self._vals(**vals))
                with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                    security.write(vals)
        self.assertEqual(self.Security.search_count([]), 1)
        self.assertEqual(len(self._decisions()), decisions)
        self.assertEqual((security.coverage, security.amount), (80.0, 500.0))

    def test_access_rights(self):
        security = self.Security.create(self._vals())
        other = self.env["res.partner"].create({"name": "Other", "user_id": self.keeper.id})
        self.Security.create(self._vals(partner_id=other.id))
        with self.assertRaises(AccessError):
            self.Security.with_user(self.sales_rep).create(self._vals())
        with self.assertRaises(AccessError):
            security.with_user(self.keeper).write({"coverage": 10.0})
        self.assertEqual(self.Security.with_user(self.sales_rep).search([]), security)
        self.assertEqual(self.customer.with_user(self.sales_rep).credit_security_count, 1)

    def test_documents_in_the_archive(self):
        category = self.env.ref("partner_credit_archive.archive_category_credit")
        doc_type = self.env["partner.archive.document.type"].search(
            [("category_id", "=", category.id)], limit=1
        )
        document = self.env["partner.archive.document"].create(
            {
                "partner_id": self.customer.id,
                "name": "Guarantee contract",
                "category_id": category.id,
                "type_id": doc_type.id,
            }
        )
        security = self.Security.create(self._vals(document_ids=[Command.set(document.ids)]))
        self.assertEqual(security.document_ids, document)

    def test_expiry_reminder(self):
        self.Security.create(self._vals(date_end=self.today + timedelta(days=60)))
        partner = self.customer.sudo()

        def reminders():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.customer.id),
                    ("credit_reminder_key", "=like", "security:%"),
                ]
            )

        partner._credit_reminders_sync({"security"})
        self.assertFalse(reminders())
        with freeze_time(self.today + timedelta(days=40)):
            partner._credit_reminders_sync({"security"})
            partner._credit_reminders_sync({"security"})
            self.assertEqual(len(reminders()), 1)

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Securities Company B"})
        self.Security.create(self._vals(company_id=company_b.id))
        self.assertEqual(self._secured(), 0.0)
        partner = self.customer.sudo()
        self.assertEqual(partner._credit_secured_get(company_b)[partner.id], 400.0)
