from odoo import api, fields, models

from ..tools.scoring import points_for_value

CATEGORIES = [
    ("character", "Character"),
    ("capacity", "Capacity"),
    ("capital", "Capital"),
    ("collateral", "Collateral"),
    ("conditions", "Conditions"),
]

SOURCES = [
    ("manual", "Entered by the Analyst"),
    ("z_score", "Altman Z′ Score"),
    ("current_ratio", "Current Ratio"),
    ("debt_ratio", "Debt Ratio (%)"),
    ("net_margin", "Net Margin (%)"),
    ("on_time_rate", "On-time Payment Rate (%)"),
    ("avg_days_late", "Average Days Late"),
    ("dso", "Days Sales Outstanding"),
    ("years_in_business", "Years in Business"),
]


class PartnerCreditScoreCriterion(models.Model):
    """One weighted criterion of a scorecard, scored by a choice or by ranges of a value."""

    _name = "partner.credit.score.criterion"
    _description = "Credit Scorecard Criterion"
    _order = "sequence, id"

    scorecard_id = fields.Many2one(
        "partner.credit.scorecard", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    category = fields.Selection(CATEGORIES, required=True, default="character")
    description = fields.Text(translate=True, help="Guidance for the analyst.")
    weight = fields.Float(string="Weight (%)", required=True, default=0.0)
    method = fields.Selection(
        [("choice", "Choice"), ("range", "Ranges of a Value")],
        required=True,
        default="choice",
        help="Choice: the analyst picks one of the options. Ranges: the option whose minimum "
        "is the highest one not above the value applies (the lowest range has no floor).",
    )
    source = fields.Selection(
        SOURCES,
        string="Value From",
        default="manual",
        required=True,
        help="Where the value of a range criterion comes from: the report's financial figures "
        "and payment record, or typed by the analyst.",
    )
    option_ids = fields.One2many(
        "partner.credit.score.option", "criterion_id", string="Options", copy=True
    )
    active = fields.Boolean(related="scorecard_id.active")

    def write(self, vals):
        res = super().write(vals)
        if "weight" in vals and not self.env.context.get("credit_scorecard_write"):
            self.scorecard_id._check_weights()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        if not self.env.context.get("credit_scorecard_write"):
            criteria.scorecard_id._check_weights()
        return criteria

    def _bands(self):
        """``(min, max, points, option)`` bands of a range criterion, lowest first."""
        self.ensure_one()
        options = self.option_ids.sorted(lambda o: (o.min_value, o.id))
        bands = []
        for index, option in enumerate(options):
            low = None if index == 0 else option.min_value
            high = options[index + 1].min_value if index + 1 < len(options) else None
            bands.append((low, high, option))
        return bands

    def _option_for_value(self, value):
        self.ensure_one()
        option = points_for_value(value, self._bands())
        return option or self.env["partner.credit.score.option"]
