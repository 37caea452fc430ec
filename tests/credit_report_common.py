"""Set-up shared by the credit report and credit limit tests."""

from odoo import Command

from .common import CreditArchiveCase

# hand-checked figures: Z′ = 1.95426 (grey zone), equity 400, current ratio 1.67, debt 60 %
FIGURES = {
    "year": 2025,
    "total_assets": 1000.0,
    "total_liabilities": 600.0,
    "current_assets": 500.0,
    "current_liabilities": 300.0,
    "retained_earnings": 100.0,
    "ebit": 80.0,
    "revenue": 1200.0,
    "net_profit": 60.0,
}

# criterion xml id suffix → option xml id suffix picked by the analyst
ANSWERS = {
    "integrity": "integrity_1",  # 100 points × 10 %
    "payment": "payment_3",  # 70 × 15 % (no ledger history: picked by hand)
    "management": "management_2",  # 70 × 20 %
    "collateral": "collateral_4",  # 20 × 15 %
    "conditions": "conditions_2",  # 70 × 20 %
}
# + Z′ grey zone: 50 × 20 % → 10 + 10.5 + 14 + 10 + 3 + 14 = 61.5 → B
EXPECTED_SCORE = 61.5


class CreditReportCase(CreditArchiveCase):
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
        cls.scorecard = cls.env.ref("partner_credit_archive.scorecard_5c")

    def _ref(self, name):
        return self.env.ref(f"partner_credit_archive.{name}")

    def _report(self, partner=None, user=None, figures=True, answer=True, **vals):
        # written by the archive keeper: the credit manager who approves it must not be its
        # author nor its submitter (four eyes, SPEC §3.L)
        env = self.env(user=user or self.keeper)
        report = env["partner.credit.report"].create(
            {
                "partner_id": (partner or self.own).id,
                "financial_ids": [Command.create(dict(FIGURES))] if figures else [],
                **vals,
            }
        )
        if answer:
            self._answer(report)
        return report

    def _answer(self, report, answers=None):
        for criterion, option in (answers or ANSWERS).items():
            line = report.score_line_ids.filtered(
                lambda line, c=criterion: line.criterion_id == self._ref(f"score_criterion_{c}")
            )
            line.option_id = self._ref(f"score_option_{option}")

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref(
                "partner_credit_archive.ir_cron_credit_report_expire"
            ).method_direct_trigger()

    def _approve(self, report):
        report.with_user(report.create_uid).action_submit()
        return report.with_user(self.credit_manager).action_approve()
