"""How the capabilities work together: tiers drive archive requirements and review dates."""

from datetime import date

from odoo.tests import freeze_time, tagged

from .common import CreditArchiveCase
from .credit_report_common import CreditReportCase


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

    def _grade_to(self, tier):
        """Store a grading result as a grading run does (the tier moves, the archive's
        recomputation is limited to what the tier change can affect)."""
        self.env.flush_all()
        old = self.customer.credit_tier_id
        self.customer._credit_store_grades(
            {"credit_tier_id": {self.customer.id: tier.id}},
            {},
            [],
            {},
            {self.customer.id: (old, tier)},
        )
        self.env.flush_all()

    def _assert_archive_as_recomputed(self):
        """The stored completeness, next review and status are what a full recompute gives."""
        archive = self.customer.archive_ids
        archive.invalidate_recordset()
        stored = archive.read(["completeness", "date_next_review", "state"])[0]
        archive._compute_date_next_review()
        archive._compute_completeness()
        archive._compute_state()
        self.assertEqual(stored["completeness"], archive.completeness)
        self.assertEqual(stored["date_next_review"], archive.date_next_review)
        self.assertEqual(stored["state"], archive.state)

    def test_grading_recomputes_what_the_tier_changes(self):
        """Grading a customer into a tier that makes a document mandatory lowers its
        completeness; a move between tiers with the same documents and review interval
        leaves the archive as it is — in both cases what a full recompute gives."""
        self.contract.write({"mandatory": True, "mandatory_tier_ids": [(6, 0, self.strategic.ids)]})
        long_term = self.env.ref("partner_credit_archive.credit_tier_long_term")
        self.customer.credit_tier_id = self.market
        before = self.customer.archive_completeness
        self._grade_to(self.strategic)
        self.assertEqual(self.customer.credit_tier_id, self.strategic)
        self.assertLess(self.customer.archive_completeness, before)
        self._assert_archive_as_recomputed()
        self._grade_to(self.market)
        self.assertEqual(self.customer.archive_completeness, before)
        self._assert_archive_as_recomputed()
        self._grade_to(long_term)  # same documents, same interval (6 months)
        self.assertEqual(self.customer.credit_tier_id, long_term)
        self._assert_archive_as_recomputed()

    @freeze_time("2026-03-10")
    def test_grading_moves_the_review_date_with_the_interval(self):
        self.customer.credit_tier_id = self.market  # half-yearly
        self.customer.with_user(self.keeper).action_archive_mark_reviewed()
        self.assertEqual(self.customer.archive_date_next_review, date(2026, 9, 10))
        self._grade_to(self.strategic)  # quarterly
        self.assertEqual(self.customer.archive_date_next_review, date(2026, 6, 10))
        self._assert_archive_as_recomputed()


@tagged("post_install", "-at_install")
class TestReportsDriveGradingAndControl(CreditReportCase):
    """Ratings feed grading, valid reports feed the order check, tiers cap limits."""

    def test_c_rating_eliminates_the_customer(self):
        report = self._report(is_dishonest_debtor=True)
        self._approve(report)
        self.assertEqual(self.own.credit_rating, "C")
        self.own.with_user(self.keeper).action_credit_grade()
        self.assertEqual(self.own.credit_tier_id.code, "eliminated")
        self.assertEqual(self.own.credit_grade_rule, "rating_c")

    def test_order_check_sees_the_valid_report(self):
        self.assertFalse(self.own._credit_control_has_valid_report()[self.own.id])
        with freeze_time("2026-03-01"):
            report = self._report(report_date="2026-03-01")
            self._approve(report)
            self.assertEqual(self.own.credit_report_id, report)
            self.assertTrue(self.own._credit_control_has_valid_report()[self.own.id])
        # past its validity (potential customer: 3 months) it no longer counts, even before
        # the daily job marks it expired
        with freeze_time("2026-07-01"):
            self.assertFalse(self.own._credit_control_has_valid_report()[self.own.id])

    def test_downgrade_caps_the_limit_with_a_decision(self):
        self.own.credit_tier_id = self.tiers["market"]
        self.own.with_user(self.credit_manager)._credit_set_limit(50000, "Opening limit")
        # no order history: grading makes it a potential customer (maximum 20 000)
        self.own.with_user(self.keeper).action_credit_grade()
        self.assertEqual(self.own.credit_tier_id.code, "potential")
        self.assertEqual(self.own.credit_limit, 20000)
        decision = self.env["partner.credit.decision"].search(
            [("partner_id", "=", self.own.id)], limit=1
        )
        self.assertEqual(decision.decision_type, "grading")
        self.assertEqual((decision.old_limit, decision.new_limit), (50000, 20000))
