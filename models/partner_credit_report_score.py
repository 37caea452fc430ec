from odoo import api, fields, models


class PartnerCreditReportScore(models.Model):
    """How one report scores on one scorecard criterion.

    Range criteria fed by the report (financial ratios, Z′, payment record) pick their option
    by themselves; choice criteria and values typed by the analyst are answered by hand. The
    weight is copied from the criterion when the line is made, so later changes of the
    scorecard do not alter reports already written.
    """

    _name = "partner.credit.report.score"
    _inherit = ["partner.credit.report.line.mixin"]
    _description = "Credit Report Score Line"
    _order = "sequence, id"

    criterion_id = fields.Many2one(
        "partner.credit.score.criterion", required=True, ondelete="restrict"
    )
    sequence = fields.Integer()
    name = fields.Char(related="criterion_id.name")
    category = fields.Selection(related="criterion_id.category")
    method = fields.Selection(related="criterion_id.method")
    source = fields.Selection(related="criterion_id.source")
    weight = fields.Float(string="Weight (%)", readonly=True)
    value = fields.Float(
        compute="_compute_value",
        store=True,
        readonly=False,
        digits=(16, 2),
        help="The value scored by a range criterion: from the report, or typed by the analyst.",
    )
    value_known = fields.Boolean(compute="_compute_value", store=True, readonly=False)
    option_id = fields.Many2one(
        "partner.credit.score.option",
        string="Assessment",
        compute="_compute_option_id",
        store=True,
        readonly=False,
        domain="[('criterion_id', '=', criterion_id)]",
    )
    points = fields.Float(compute="_compute_points", store=True)
    weighted_points = fields.Float(compute="_compute_points", store=True, digits=(16, 2))
    note = fields.Char(string="Evidence")

    @api.depends(
        "criterion_id",
        "report_id.z_score",
        "report_id.z_zone",
        "report_id.current_ratio",
        "report_id.debt_ratio",
        "report_id.net_margin",
        "report_id.pay_on_time_rate",
        "report_id.pay_avg_days_late",
        "report_id.pay_dso",
        "report_id.pay_due_count",
        "report_id.date_founded",
        "report_id.report_date",
        "report_id.financial_ids",
    )
    def _compute_value(self):
        for line in self:
            if line.method != "range" or line.source == "manual":
                line.value = line.value
                line.value_known = line.value_known or line.source == "manual"
                continue
            value = line.report_id._score_source_values().get(line.source)
            line.value = value or 0.0
            line.value_known = value is not None

    @api.depends("value", "value_known", "criterion_id")
    def _compute_option_id(self):
        for line in self:
            if line.method != "range" or not line.value_known:
                # choices, and ranges whose value is unknown, are assessed by the analyst
                line.option_id = line.option_id
                continue
            line.option_id = line.criterion_id._option_for_value(line.value)

    @api.depends("option_id", "weight")
    def _compute_points(self):
        for line in self:
            line.points = line.option_id.points
            line.weighted_points = line.option_id.points * line.weight / 100.0
