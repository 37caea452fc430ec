from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .credit_report_common import EXPECTED_SCORE, CreditReportCase


@tagged("post_install", "-at_install")
class TestCreditReport(CreditReportCase):
    def test_scorecard_and_z_prime_by_hand(self):
        report = self._report()
        figures = report.financial_ids
        self.assertAlmostEqual(figures.z_score, 1.95426, places=4)
        self.assertEqual(figures.z_zone, "grey")
        self.assertAlmostEqual(figures.current_ratio, 1.67, places=2)
        self.assertAlmostEqual(figures.debt_ratio, 60.0)
        self.assertEqual(report.equity, 400.0)
        z_line = report.score_line_ids.filtered(lambda line: line.source == "z_score")
        self.assertEqual(z_line.option_id, self._ref("score_option_z_score_2"))
        self.assertEqual(z_line.weighted_points, 10.0)
        self.assertTrue(report.score_complete)
        self.assertAlmostEqual(report.score, EXPECTED_SCORE)
        self.assertEqual(report.rating, "B")
        # better figures move Z′ into the safe zone: +10 points → 71.5 → A
        figures.write({"revenue": 2500.0})
        self.assertEqual(figures.z_zone, "safe")
        self.assertAlmostEqual(report.score, EXPECTED_SCORE + 10)
        self.assertEqual(report.rating, "A")

    def test_unanswered_scorecard_has_no_rating(self):
        report = self._report(answer=False)
        self.assertFalse(report.score_complete)
        self.assertFalse(report.rating)
        report.action_submit()
        with self.assertRaises(UserError) as err:
            report.with_user(self.credit_manager).action_approve()
        self.assertIn("no rating", str(err.exception))
        self.assertEqual(report.state, "submitted")
        self.assertFalse(self.own.credit_report_id)

    def test_vetoes_force_rating_c(self):
        report = self._report()
        self.assertEqual(report.rating, "B")
        report.is_dishonest_debtor = True
        self.assertEqual(report.rating, "C")
        self.assertIn("dishonest", report.veto_reason)
        report.is_dishonest_debtor = False
        report.financial_ids.write({"total_liabilities": 1100.0})
        self.assertLess(report.equity, 0)
        self.assertEqual(report.rating, "C")
        self.assertIn("negative equity", report.veto_reason)
        # a veto rates C even before the scorecard is answered
        unanswered = self._report(answer=False, is_dishonest_debtor=True)
        self.assertEqual(unanswered.rating, "C")

    def test_scorecard_weights_must_sum_to_100(self):
        criterion = self._ref("score_criterion_integrity")
        with self.assertRaises(ValidationError) as err:
            criterion.weight = 15
        self.assertIn("must sum to 100", str(err.exception))
        self.assertEqual(criterion.weight, 10)
        # rebalancing two weights in one save of the scorecard is fine
        self.scorecard.write(
            {
                "criterion_ids": [
                    Command.update(criterion.id, {"weight": 15}),
                    Command.update(self._ref("score_criterion_collateral").id, {"weight": 10}),
                ]
            }
        )
        self.assertEqual(self.scorecard.weight_total, 100)
        with self.assertRaises(ValidationError):
            self.scorecard.write({"criterion_ids": [Command.update(criterion.id, {"weight": 30})]})

    def test_rating_scale_must_be_ordered(self):
        with self.assertRaises(ValidationError) as err:
            self._ref("rating_band_aa").min_score = 95
            self.scorecard._check_bands()
        self.assertIn("better rating needs a higher minimum", str(err.exception))
        self.assertEqual(self._ref("rating_band_aa").min_score, 80)
        with self.assertRaises(ValidationError):
            self.scorecard.write(
                {"band_ids": [Command.update(self._ref("rating_band_b").id, {"min_score": 70})]}
            )

    def test_report_dated_in_the_future_refused(self):
        tomorrow = fields.Date.today() + relativedelta(days=1)
        with self.assertRaises(ValidationError) as err:
            self._report(report_date=tomorrow)
        self.assertIn("future", str(err.exception))
        self.assertFalse(
            self.env["partner.credit.report"].search([("partner_id", "=", self.own.id)])
        )

    def test_negative_figures_refused(self):
        report = self._report(figures=False)
        with self.assertRaises(ValidationError):
            report.financial_ids = [Command.create({"year": 2024, "total_assets": -5})]
        self.assertFalse(report.financial_ids)
        with self.assertRaises(ValidationError):
            report.recommended_limit = -1
        self.assertEqual(report.recommended_limit, 0)

    def test_workflow_sales_rep(self):
        rep_reports = self.env["partner.credit.report"].with_user(self.sales_rep)
        with Form(rep_reports) as form:
            form.partner_id = self.own
        report = form.save()
        self.assertEqual(report.state, "draft")
        self.assertTrue(report.score_line_ids)
        self.assertTrue(report.name.startswith("CR/"))
        # not for someone else's customer
        with self.assertRaises(AccessError):
            rep_reports.create({"partner_id": self.other.id})
        other_report = self._report(self.other)
        self.assertNotIn(other_report, rep_reports.search([]))
        self.assertIn(report, rep_reports.search([]))
        # the rep submits; then the report is out of their hands
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        with self.assertRaises(AccessError):
            report.write({"evaluation": "<p>changed</p>"})
        with self.assertRaises(AccessError):
            report.action_approve()
        self.assertEqual(report.state, "submitted")
        # following a customer gives no access: only the salesperson sees its reports
        self.other.message_subscribe(partner_ids=self.sales_rep.partner_id.ids)
        self.assertNotIn(other_report, rep_reports.search([]))

    def test_workflow_keeper_and_manager(self):
        report = self._report(self.other)
        keeper_report = report.with_user(self.keeper)
        keeper_report.action_submit()
        keeper_report.evaluation = "<p>Sound company</p>"
        with self.assertRaises(AccessError):
            keeper_report.action_approve()
        with self.assertRaises(AccessError):
            keeper_report.action_reject()
        report.with_user(self.credit_manager).action_reject()
        self.assertEqual(report.state, "rejected")
        keeper_report.action_draft()
        keeper_report.action_submit()
        report.with_user(self.credit_manager).action_approve()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.credit_manager)
        # approved reports are closed
        with self.assertRaises(UserError):
            report.evaluation = "<p>rewritten</p>"
        with self.assertRaises(UserError):
            report.financial_ids.revenue = 1
        with self.assertRaises(UserError):
            report.score_line_ids[0].option_id = False
        with self.assertRaises(UserError):
            report.unlink()

    @freeze_time("2026-03-15")
    def test_validity_per_tier(self):
        for tier_code, months in (("market", 6), ("potential", 3), ("strategic", 12), (None, 12)):
            partner = self.env["res.partner"].create(
                {
                    "name": f"Customer {tier_code}",
                    "is_company": True,
                    "credit_tier_id": self.tiers[tier_code].id if tier_code else False,
                }
            )
            report = self._report(partner, report_date=fields.Date.to_date("2026-03-01"))
            self._approve(report)
            self.assertEqual(
                report.valid_until,
                fields.Date.to_date("2026-03-01") + relativedelta(months=months),
                tier_code,
            )
            self.assertEqual(partner.credit_report_id, report)
            self.assertEqual(partner.credit_rating, "B")
            self.assertAlmostEqual(partner.credit_score, EXPECTED_SCORE)

    @freeze_time("2026-03-15")
    def test_too_old_report_cannot_be_approved(self):
        self.own.credit_tier_id = self.tiers["potential"]  # 3 months
        report = self._report(report_date=fields.Date.to_date("2025-11-01"))
        report.action_submit()
        with self.assertRaises(UserError) as err:
            report.with_user(self.credit_manager).action_approve()
        self.assertIn("too old", str(err.exception))
        self.assertEqual(report.state, "submitted")

    def test_supersession(self):
        first = self._report()
        self._approve(first)
        self.assertEqual(self.own.credit_report_id, first)
        self.assertTrue(first.is_current)
        second = self._report()
        second.is_dishonest_debtor = True
        self._approve(second)
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.superseded_by_id, second)
        self.assertEqual(self.own.credit_report_id, second)
        self.assertEqual(self.own.credit_rating, "C")
        # another customer's report is not touched
        other = self._report(self.other)
        self._approve(other)
        self.assertEqual(second.state, "approved")

    def test_expiry_by_cron(self):
        with freeze_time("2026-01-10"):
            report = self._report(report_date=fields.Date.to_date("2026-01-05"))
            self.own.credit_tier_id = self.tiers["potential"]
            self._approve(report)
            self.assertEqual(report.valid_until, fields.Date.to_date("2026-04-05"))
        with freeze_time("2026-04-05"):
            self._run_cron()
            self.assertEqual(report.state, "approved")
        with freeze_time("2026-04-06"):
            self._run_cron()
            self.assertEqual(report.state, "expired")
            self.assertFalse(self.own.credit_report_id)
            self.assertFalse(self.own.credit_rating)

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        report = self._report()
        self._approve(report)
        self.assertEqual(self.own.credit_report_id, report)
        self.assertFalse(self.own.with_company(company_b).credit_report_id)
        self.credit_manager.company_ids = [Command.link(company_b.id)]
        self.keeper.company_ids = [Command.link(company_b.id)]
        report_b = self._report(company_id=company_b.id)
        report_b.with_company(company_b).action_submit()
        report_b.with_company(company_b).with_user(self.credit_manager).action_approve()
        self.assertEqual(report.state, "approved")  # other company: not superseded
        self.assertEqual(self.own.with_company(company_b).credit_report_id, report_b)
        self.assertEqual(self.own.credit_report_id, report)
        rep_reports = self.env["partner.credit.report"].with_user(self.sales_rep)
        self.assertNotIn(report_b, rep_reports.search([]))

    def test_apply_recommendation_on_approval(self):
        term = self.env.ref("account.account_payment_term_30days")
        report = self._report(recommended_limit=8000, recommended_payment_term_id=term.id)
        action = self._approve(report)
        self.assertEqual(action["res_model"], "partner.credit.report.apply.wizard")
        wizard = (
            self.env["partner.credit.report.apply.wizard"]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertTrue(wizard.apply_limit)
        self.assertEqual(wizard.new_limit, 8000)
        wizard.action_apply()
        self.assertEqual(self.own.credit_limit, 8000)
        self.assertEqual(self.own.property_payment_term_id, term)
        decision = self.own.credit_decision_ids
        self.assertEqual(decision.decision_type, "report")
        self.assertEqual(decision.report_id, report)
        self.assertEqual((decision.old_limit, decision.new_limit), (0, 8000))
        # nothing entered: the report recommends what its score proposes, 1 200 revenue ×
        # 61.5 % × 10 % → 100 (rounded to hundreds)
        other = self._report(self.other)
        self.assertEqual(self._approve(other)["res_model"], action["res_model"])
        self.assertEqual(other.recommended_limit, 100)

    def test_pdf_rendering(self):
        term = self.env.ref("account.account_payment_term_30days")
        report = self._report(
            recommended_limit=5000,
            recommended_payment_term_id=term.id,
            evaluation="<p>Sound company with a long history</p>",
        )
        reports = self.env["ir.actions.report"]
        html, _type = reports._render_qweb_html(
            "partner_credit_archive.report_partner_credit_report", report.ids
        )
        html = html.decode()
        self.assertIn(report.name, html)
        self.assertIn("Sound company with a long history", html)
        self.assertIn("Altman", html)
        self.assertIn("Own Customer", html)
        # in test mode Odoo hands back the HTML instead of calling wkhtmltopdf (which needs
        # a running HTTP server for the assets); outside of it the same call gives a PDF
        content, content_type = reports._render_qweb_pdf(
            "partner_credit_archive.report_partner_credit_report", report.ids
        )
        if content_type == "pdf":
            self.assertTrue(content.startswith(b"%PDF"))
        else:
            self.assertIn(report.name, content.decode())
