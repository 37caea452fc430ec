from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .credit_report_common import FIGURES
from .test_credit_report_recommendation import BEST, SCALE


@tagged("post_install", "-at_install")
class TestCreditReportTour(HttpCase):
    def test_credit_manager_approves_and_applies_the_limit(self):
        """Credit reports → the customer's report → approve → the dialog shows 50 000 → 150 000
        → apply → a notification; the limit and its decision are recorded."""
        keeper = new_test_user(
            self.env, login="tour_keeper", groups="partner_credit_archive.group_archive_keeper"
        )
        manager = new_test_user(
            self.env,
            login="tour_credit_rp",
            password="tour_credit_rp",
            groups="partner_credit_archive.group_credit_manager",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Report Customer Ltd", "is_company": True, "customer_rank": 1}
        )
        customer.credit_tier_id = self.env.ref("partner_credit_archive.credit_tier_strategic")
        customer.with_user(manager)._credit_set_limit(50_000, "Opening line")
        figures = {key: value * SCALE for key, value in FIGURES.items() if key != "year"}
        figures.update(year=FIGURES["year"], revenue=2500.0 * SCALE)
        report = (
            self.env["partner.credit.report"]
            .with_user(keeper)
            .create({"partner_id": customer.id, "financial_ids": [Command.create(figures)]})
        )
        for criterion, option in BEST.items():
            line = report.score_line_ids.filtered(
                lambda line, c=criterion: line.criterion_id
                == self.env.ref(f"partner_credit_archive.score_criterion_{c}")
            )
            line.option_id = self.env.ref(f"partner_credit_archive.score_option_{option}")
        report.action_submit()
        self.assertEqual(report.rating, "AAA")

        self.start_tour(
            "/odoo/credit-reports",
            "partner_credit_archive_credit_report_tour",
            login="tour_credit_rp",
        )
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.recommended_limit, 150_000)
        self.assertEqual(customer.credit_limit, 150_000)
        decision = customer.credit_decision_ids.filtered(lambda d: d.report_id == report)
        self.assertEqual((decision.old_limit, decision.new_limit), (50_000, 150_000))
        self.assertEqual(decision.user_id, manager)
