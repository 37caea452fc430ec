"""The scorecard of a credit report: score lines, the weighted score and the rating.

The maths (weighted score, vetoes, rating scale) is pure Python in ``tools/scoring.py``; here a
report gets its score lines from its scorecard, and ``_score_source_values`` gives the figures
that range criteria score.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.rating import RATING_SELECTION
from ..tools.scoring import (
    DEFAULT_SCALE,
    VETO_DISHONEST,
    VETO_NEGATIVE_EQUITY,
    final_rating,
    propose_limit,
    vetoes,
    weighted_score,
)


class PartnerCreditReport(models.Model):
    _inherit = "partner.credit.report"

    scorecard_id = fields.Many2one(
        "partner.credit.scorecard",
        default=lambda self: self._default_scorecard(),
        check_company=True,
        ondelete="restrict",
    )
    score_line_ids = fields.One2many(
        "partner.credit.report.score", "report_id", string="Scorecard Lines"
    )
    score = fields.Float(compute="_compute_score", store=True, digits=(16, 1), tracking=True)
    score_complete = fields.Boolean(compute="_compute_score", store=True)
    rating = fields.Selection(
        RATING_SELECTION, compute="_compute_score", store=True, tracking=True, index=True
    )
    veto_reason = fields.Char(compute="_compute_score", store=True, string="Veto")
    proposed_limit = fields.Monetary(
        compute="_compute_proposed_limit",
        help="What the report proposes when no limit is entered: the score times 10 % of the "
        "latest yearly revenue (the customer's tier caps what is proposed to the customer). "
        "Approving a report without a recommended limit makes this its recommendation.",
    )
    proposed_limit_note = fields.Char(string="Proposal Basis", compute="_compute_proposed_limit")

    @api.model
    def _default_scorecard(self):
        return self.env["partner.credit.scorecard"]._for_company(self.env.company)

    @api.depends(
        "score_line_ids.weighted_points",
        "score_line_ids.option_id",
        "score_line_ids.weight",
        "is_dishonest_debtor",
        "equity",
        "financial_year",
    )
    def _compute_score(self):
        labels = {
            VETO_DISHONEST: self.env._("listed as dishonest debtor"),
            VETO_NEGATIVE_EQUITY: self.env._("negative equity"),
        }
        for report in self:
            lines = report.score_line_ids
            report.score = weighted_score(
                [(line.weight, line.points if line.option_id else None) for line in lines]
            )
            report.score_complete = bool(lines) and all(line.option_id for line in lines)
            veto_keys = vetoes(
                report.is_dishonest_debtor, report.equity if report.financial_year else None
            )
            scale = (report.scorecard_id._scale() if report.scorecard_id else []) or DEFAULT_SCALE
            rating = final_rating(report.score if report.score_complete else None, scale, veto_keys)
            report.rating = rating or False
            report.veto_reason = ", ".join(labels[key] for key in veto_keys) or False

    @api.depends("recommended_limit", "revenue", "score", "score_complete", "rating")
    def _compute_proposed_limit(self):
        notes = {
            "recommended": self.env._("Entered in the report."),
            "revenue": self.env._("Score × 10 % of the latest yearly revenue."),
            "rating_c": self.env._("Rating C: cash only, no credit sales."),
        }
        for report in self:
            amount, basis = report._credit_limit_proposal()
            report.proposed_limit = amount or 0.0
            report.proposed_limit_note = notes.get(basis, False)

    def _credit_limit_proposal(self):
        """``(amount, basis)`` of tools.scoring.propose_limit for this report: its recommended
        limit, else its score times the revenue share; ``(None, "rating_c")`` for cash only,
        ``(None, None)`` when there is nothing to go on. The report's own view: the customer's
        proposal (res_partner_credit_proposal.py) caps it by the customer's tier when shown."""
        self.ensure_one()
        return propose_limit(
            recommended=self.recommended_limit,
            revenue=self.revenue,
            score=self.score if self.score_complete else None,
            rating=self.rating,
        )

    @api.constrains("scorecard_id")
    def _check_scorecard(self):
        for scorecard in self.scorecard_id:
            scorecard._check_weights()
            if not scorecard.criterion_ids:
                raise ValidationError(
                    self.env._("Scorecard %(name)s has no criteria.", name=scorecard.name)
                )

    def _sync_score_lines(self):
        """(Re)build the score lines from the report's scorecard."""
        for report in self:
            criteria = report.scorecard_id.criterion_ids
            if report.score_line_ids.criterion_id == criteria:
                continue
            report.score_line_ids.unlink()
            report.score_line_ids = [
                fields.Command.create(
                    {"criterion_id": c.id, "weight": c.weight, "sequence": c.sequence}
                )
                for c in criteria
            ]

    def _score_source_values(self):
        """The values of the report that range criteria can score (None = unknown)."""
        self.ensure_one()
        latest = self.financial_ids.sorted("year", reverse=True)[:1]
        years = None
        if self.date_founded and self.report_date:
            years = relativedelta(self.report_date, self.date_founded).years
        return {
            "z_score": self.z_score if self.z_zone else None,
            "current_ratio": latest.current_ratio if latest.current_liabilities else None,
            "debt_ratio": latest.debt_ratio if latest.total_assets else None,
            "net_margin": latest.net_margin if latest.revenue else None,
            "on_time_rate": self.pay_on_time_rate if self.pay_due_count else None,
            "avg_days_late": self.pay_avg_days_late if self.pay_due_count else None,
            "dso": self.pay_dso if self.pay_sales_12m else None,
            "years_in_business": years,
        }
