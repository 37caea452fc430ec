"""How the capabilities work together: tiers drive archive requirements and review dates."""

from datetime import date

from odoo.tests import freeze_time, tagged

from .common import CreditArchiveCase


@tagged("post_install", "-at_install")
class TestTierArchive(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.strategic = cls.env.ref("partner_credit_archive.credit_tier_strategic")
        cls.market = cls.env.ref("partner_credit_archive.credit_tier_market")
        cls.contract = cls.env.ref("partner_credit_archive.archive_type_contract")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tiered Co.", "is_company": True, "customer_nature": "ordinary"}
        )

    def test_document_type_mandatory_for_some_tiers(self):
        self.contract.write({"mandatory": True, "mandatory_tier_ids": [(6, 0, self.strategic.ids)]})
        self.customer.credit_tier_id = self.market
        problems = self.customer._archive_mandatory_problems()[self.customer.id]
        self.assertNotIn(self.contract, problems["missing"])
        before = self.customer.archive_completeness
        self.customer.credit_tier_id = self.strategic
        problems = self.customer._archive_mandatory_problems()[self.customer.id]
        self.assertIn(self.contract, problems["missing"])
        self.assertIn(self.contract, self.customer.archive_missing_type_ids)
        self.assertLess(self.customer.archive_completeness, before)

    @freeze_time("2026-03-10")
    def test_review_interval_follows_tier(self):
        self.customer.credit_tier_id = self.strategic  # reviewed quarterly
        self.customer.with_user(self.keeper).action_archive_mark_reviewed()
        self.assertEqual(self.customer.archive_date_next_review, date(2026, 6, 10))
        self.customer.credit_tier_id = self.market  # half-yearly
        self.assertEqual(self.customer.archive_date_next_review, date(2026, 9, 10))
