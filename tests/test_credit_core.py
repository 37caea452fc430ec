from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CreditArchiveCase


@tagged("post_install", "-at_install")
class TestCreditCore(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tiers = {
            code: cls.env.ref(f"partner_credit_archive.credit_tier_{code}")
            for code in ("strategic", "long_term", "market", "potential", "eliminated")
        }
        cls.own = cls.env["res.partner"].create(
            {"name": "Own Customer", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.other = cls.env["res.partner"].create({"name": "Other Customer", "is_company": True})

    def _decide(self, partner, **vals):
        # decisions are written by the code paths that decide (sudo), never typed in
        return (
            self.env(user=self.credit_manager)["partner.credit.decision"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "decision_type": "manual",
                    "old_limit": 0,
                    "new_limit": 5000,
                    "reason": "Opening limit",
                    **vals,
                }
            )
            .sudo(False)
        )

    def test_shipped_tiers(self):
        self.assertEqual(
            self.env["partner.credit.tier"].search([]).mapped("code"),
            ["strategic", "long_term", "market", "potential", "eliminated"],
        )
        self.assertTrue(self.tiers["strategic"].allow_credit_sales)
        self.assertFalse(self.tiers["long_term"].allow_credit_sales)
        self.assertFalse(self.tiers["eliminated"].allow_new_orders)
        self.assertEqual(self.tiers["strategic"].min_fulfilment_rate, 90)
        self.assertEqual(self.tiers["market"].max_volatility, 20)

    def test_tier_months_must_be_within_1_24(self):
        with self.assertRaises(ValidationError) as err:
            with Form(self.tiers["market"]) as form:
                form.report_validity_months = 30
        self.assertIn("between 1 and 24 months", str(err.exception))
        self.assertEqual(self.tiers["market"].report_validity_months, 6)

    def test_tier_thresholds_must_stay_ordered(self):
        with self.assertRaises(ValidationError) as err:
            self.tiers["long_term"].min_fulfilment_rate = 95
        self.assertIn("out of order", str(err.exception))
        with self.assertRaises(ValidationError):
            self.tiers["strategic"].max_volatility = 18
        with self.assertRaises(ValidationError):
            self.tiers["long_term"].min_rating = "AA"  # stricter than strategic's A
        # equal thresholds are fine
        self.tiers["long_term"].min_fulfilment_rate = 90

    def test_tier_code_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["partner.credit.tier"].create({"name": "Dup", "code": "market"})

    def test_decision_is_immutable(self):
        decision = self._decide(self.own)
        self.assertEqual(decision.limit_change, 5000)
        self.assertEqual(decision.user_id, self.credit_manager)
        with self.assertRaises(UserError):
            decision.write({"reason": "changed"})
        with self.assertRaises(UserError):
            decision.sudo().write({"new_limit": 1})
        with self.assertRaises(UserError):
            decision.sudo().unlink()
        self.assertTrue(decision.exists())
        self.assertEqual(decision.reason, "Opening limit")

    def test_decision_goes_to_commercial_partner(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.own.id})
        decision = self._decide(contact)
        self.assertEqual(decision.partner_id, self.own)
        self.assertEqual(self.own.credit_decision_count, 1)

    def test_decision_access(self):
        own = self._decide(self.own)
        other = self._decide(self.other)
        visible = self.env["partner.credit.decision"].with_user(self.sales_rep).search([])
        self.assertIn(own, visible)
        self.assertNotIn(other, visible)
        keeper_visible = self.env["partner.credit.decision"].with_user(self.keeper).search([])
        self.assertIn(other, keeper_visible)
        with self.assertRaises(AccessError):
            self.env["partner.credit.decision"].with_user(self.sales_rep).create(
                {
                    "partner_id": self.own.id,
                    "decision_type": "manual",
                    "reason": "self-service",
                }
            )
        with self.assertRaises(AccessError):
            self.env["partner.credit.decision"].with_user(self.employee).search([])
