"""The recommended limit of a credit report and the dialog that applies it (issue 23)."""

from odoo import Command
from odoo.tests import Form, tagged

from .credit_report_common import FIGURES, CreditReportCase

# every criterion at its best option; the figures' Z′ in the safe zone (revenue 2 500 per
# 1 000 of assets): score 100, rating AAA
BEST = {
    "integrity": "integrity_1",
    "payment": "payment_4",
    "management": "management_1",
    "collateral": "collateral_1",
    "conditions": "conditions_1",
}
SCALE = 600.0  # revenue 1 500 000 → 100 % × 10 % = a proposal of 150 000


@tagged("post_install", "-at_install")
class TestReportRecommendation(CreditReportCase):
    def _aaa_report(self, **vals):
        self.own.credit_tier_id = self.tiers["strategic"]  # max 1 000 000: no cap
        figures = {key: value * SCALE for key, value in FIGURES.items() if key != "year"}
        figures.update(year=FIGURES["year"], revenue=2500.0 * SCALE)
        report = self._report(
            figures=False, answer=False, financial_ids=[Command.create(figures)], **vals
        )
        self._answer(report, BEST)
        return report

    def test_approved_aaa_report_recommends_its_proposal(self):
        report = self._aaa_report()
        self.assertEqual(
            report.rating,
            "AAA",
            [(line.name, line.value, line.points, line.weight) for line in report.score_line_ids],
        )
        self.assertFalse(report.recommended_limit)
        # before approval the form shows what the score proposes
        self.assertEqual(report.proposed_limit, 150_000)
        self.assertIn("Score", report.proposed_limit_note)
        action = self._approve(report)
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.recommended_limit, 150_000)
        self.assertEqual(action["res_model"], "partner.credit.report.apply.wizard")
        # the customer's proposal and the report say the same
        self.own.invalidate_recordset()
        self.assertEqual(self.own.credit_limit_proposed, report.recommended_limit)

    def test_limit_entered_by_hand_is_kept(self):
        report = self._aaa_report(recommended_limit=90_000)
        self._approve(report)
        self.assertEqual(report.recommended_limit, 90_000)

    def test_rating_c_recommends_no_limit_but_cash_only(self):
        report = self._aaa_report(is_dishonest_debtor=True)
        self.assertEqual(report.rating, "C")
        self.assertFalse(report.proposed_limit)
        action = self._approve(report)
        self.assertFalse(report.recommended_limit, "no recommendation: shown empty")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertTrue(wizard.apply_cash_only)
        self.assertFalse(wizard.apply_limit)

    def test_apply_dialog_shows_and_applies_the_limit(self):
        self.own.with_user(self.credit_manager)._credit_set_limit(50_000, "Opening line")
        report = self._aaa_report()
        action = self._approve(report)
        dialog = Form(
            self.env[action["res_model"]]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
        )
        # current vs new, before the manager confirms
        self.assertEqual(dialog.current_limit, 50_000)
        self.assertTrue(dialog.apply_limit)
        self.assertEqual(dialog.new_limit, 150_000)
        wizard = dialog.save()
        result = wizard.action_apply()
        self.assertEqual(self.own.credit_limit, 150_000)
        decision = self.own.credit_decision_ids.filtered(lambda d: d.report_id == report)
        self.assertEqual((decision.old_limit, decision.new_limit), (50_000, 150_000))
        # the dialog closes on the report: a notification says what was applied
        self.assertEqual(result["tag"], "display_notification")
        message = result["params"]["message"]
        self.assertIn("Limit applied", message)
        self.assertIn("50,000.00", message)
        self.assertIn("150,000.00", message)
        self.assertEqual(result["params"]["next"]["type"], "ir.actions.act_window_close")

    def test_apply_dialog_above_authority_creates_a_request(self):
        report = self._aaa_report(recommended_limit=500_000)
        action = self._approve(report)
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
            .create({})
        )
        result = wizard.action_apply()
        self.assertEqual(self.own.credit_limit, 0, "nothing changes until approved")
        self.assertEqual(result["params"]["title"], "Sent for approval")
