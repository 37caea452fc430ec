"""Demo data: the credit side of the story (see res_partner_demo.py).

Credit reports answered on the scorecard for the rating each demo customer should get (one
current report superseding an older one, one written by the sales rep, an expired one, a
draft), the limits the credit manager grants, a credit group with its own limit and a
temporary limit.
"""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models

from .res_partner_demo import CUSTOMERS, DEMO_MODULE

# scorecard answers per rating: (integrity, management, collateral, conditions) option numbers
ANSWERS = {"aaa": (1, 1, 1, 1), "aa": (1, 2, 2, 2), "a": (2, 2, 3, 3), "b": (2, 2, 2, 2)}
FIGURES = {
    "strong": {
        "total_assets": 8_000_000.0,
        "total_liabilities": 3_200_000.0,
        "current_assets": 4_800_000.0,
        "current_liabilities": 2_000_000.0,
        "retained_earnings": 2_400_000.0,
        "ebit": 1_200_000.0,
        "revenue": 16_000_000.0,
        "net_profit": 800_000.0,
    },
    "weak": {
        "total_assets": 5_000_000.0,
        "total_liabilities": 4_200_000.0,
        "current_assets": 2_000_000.0,
        "current_liabilities": 2_600_000.0,
        "retained_earnings": 100_000.0,
        "ebit": 50_000.0,
        "revenue": 4_000_000.0,
        "net_profit": 10_000.0,
    },
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _credit_demo_report(self, partner, user, report_date, rating, recommended=0.0):
        """A submitted credit report answered for ``rating`` (AAA … B)."""
        ref = self.env.ref
        report = (
            self.env["partner.credit.report"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "report_date": report_date,
                    "source": "internal",
                    "legal_representative": partner.legal_representative,
                    "registered_capital": partner.registered_capital,
                    "date_founded": partner.date_founded,
                    "date_visit": report_date - timedelta(days=7),
                    "recommended_limit": recommended,
                    "financial_ids": [
                        Command.create(
                            dict(
                                FIGURES["weak" if rating == "b" else "strong"],
                                year=report_date.year - 1,
                            )
                        )
                    ],
                }
            )
        )
        criteria = ("integrity", "management", "collateral", "conditions")
        answers = dict(zip(criteria, ANSWERS[rating], strict=True))
        for line in report.score_line_ids:
            for criterion, option in answers.items():
                if line.criterion_id == ref(f"{DEMO_MODULE}.score_criterion_{criterion}"):
                    line.option_id = ref(f"{DEMO_MODULE}.score_option_{criterion}_{option}")
        for line in report.score_line_ids.filtered(lambda line: not line.option_id):
            # ranges without a value (a new customer's payment record): the analyst's view
            line.option_id = line.criterion_id.option_ids.sorted("points")[-2:][:1]
        report.action_submit()
        return report

    @api.model
    def _credit_demo_reports(self, partners, users, today):
        """Current approved reports (one superseding an older one) and an expired one; the
        finance director approves what the credit manager writes (four eyes)."""
        manager = users["credit"]
        approver = users["director"]
        for key, __, __, __, rating, __ in CUSTOMERS:
            if rating in ANSWERS:
                partner = partners[key]
                if key == "huaxin":  # an earlier report, superseded by this month's
                    old = self._credit_demo_report(
                        partner, manager, today - relativedelta(months=2), "aa"
                    )
                    old.with_user(approver).action_approve()
                author = users["sales"] if key == "xizi" else manager
                report = self._credit_demo_report(
                    partner, author, today - timedelta(days=10), rating
                )
                report.with_user(approver).action_approve()
            elif rating == "expired":
                # approved fourteen months ago, valid for twelve: expired two months ago
                partner = partners[key]
                report_date = today - relativedelta(months=14)
                report = self._credit_demo_report(partner, manager, report_date, "a")
                # demo history: an approval back-dated beyond what the buttons allow
                report.sudo().write(
                    {
                        "state": "approved",
                        "valid_until": report_date + relativedelta(months=12),
                        "approved_by_id": manager.id,
                        "date_approved": datetime.combine(report_date, time(9, 0)),
                    }
                )
                report._make_current()
                report._release_current()
                report.sudo().write({"state": "expired"})
        # a draft waiting to be finished by the sales rep
        self._credit_demo_report(partners["jinding"], users["sales"], today, "a").with_user(
            users["credit"]
        ).action_draft()

    @api.model
    def _credit_demo_limits(self, partners, users, today):
        """Limits granted by the credit manager — by the finance director on the credit
        manager's own customers (four eyes) —, a group limit, a temporary limit and a limit
        request waiting for the finance director (above the credit manager's authority)."""
        manager_env = self.env(user=users["credit"])
        director_env = self.env(user=users["director"])
        limits = {"huaxin": 50_000.0, "dongfang": 80_000.0, "jinling": 60_000.0}
        for key, amount in limits.items():
            own = partners[key].user_id == users["credit"]
            partners[key].with_env(director_env if own else manager_env)._credit_set_limit(
                amount, "年度授信 Annual credit line approved by the credit committee."
            )
        report = partners["huaxin"].sudo().credit_report_id
        report.with_env(manager_env)._apply_recommendation(
            payment_term=self.env.ref("account.account_payment_term_30days")
        )
        group = (
            self.env["partner.credit.group"]
            .with_env(manager_env)
            .create({"name": "华信集团 Huaxin Group", "credit_limit": 120_000.0})
        )
        self._credit_demo_xmlid("demo_credit_group_huaxin", group)
        (partners["huaxin"] | partners["haitong"]).with_env(manager_env).write(
            {"credit_group_id": group.id}
        )
        temp = (
            self.env["partner.credit.temp.limit"]
            .with_env(director_env)
            .create(
                {
                    "partner_id": partners["dongfang"].id,
                    "amount": 150_000.0,
                    "date_start": today - timedelta(days=7),
                    "date_end": today + timedelta(days=30),
                    "reason": "春节备货 Stocking up before the Spring Festival.",
                }
            )
        )
        self._credit_demo_xmlid("demo_temp_limit_dongfang", temp)
        request = (
            partners["xizi"]
            .with_env(manager_env)
            ._credit_limit_authorize(
                500_000.0,
                reason="新增产线, 订单翻倍 A second production line doubles their orders.",
            )
        )
        self._credit_demo_xmlid("demo_credit_request_xizi", request)
