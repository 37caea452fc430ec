from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.scoring import altman_z_prime, financial_ratios, z_prime_zone

Z_ZONES = [("distress", "Distress"), ("grey", "Grey"), ("safe", "Safe")]
FIGURE_FIELDS = (
    "total_assets",
    "total_liabilities",
    "current_assets",
    "current_liabilities",
    "retained_earnings",
    "ebit",
    "revenue",
    "net_profit",
)


class PartnerCreditReportFinancial(models.Model):
    """Key financial figures of one fiscal year of the investigated customer, with ratios."""

    _name = "partner.credit.report.financial"
    _inherit = ["partner.credit.report.line.mixin"]
    _description = "Credit Report Financial Figures"
    _order = "year desc, id"

    currency_id = fields.Many2one(related="report_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: self._default_year())
    total_assets = fields.Monetary()
    total_liabilities = fields.Monetary()
    current_assets = fields.Monetary()
    current_liabilities = fields.Monetary()
    retained_earnings = fields.Monetary()
    ebit = fields.Monetary(string="EBIT", help="Earnings before interest and taxes.")
    revenue = fields.Monetary()
    net_profit = fields.Monetary()
    equity = fields.Monetary(compute="_compute_ratios", store=True)
    working_capital = fields.Monetary(compute="_compute_ratios", store=True)
    current_ratio = fields.Float(compute="_compute_ratios", store=True, digits=(16, 2))
    debt_ratio = fields.Float(
        string="Debt Ratio (%)", compute="_compute_ratios", store=True, digits=(16, 1)
    )
    net_margin = fields.Float(
        string="Net Margin (%)", compute="_compute_ratios", store=True, digits=(16, 1)
    )
    return_on_assets = fields.Float(
        string="Return on Assets (%)", compute="_compute_ratios", store=True, digits=(16, 1)
    )
    z_score = fields.Float(string="Altman Z′", compute="_compute_ratios", store=True)
    z_zone = fields.Selection(Z_ZONES, string="Z′ Zone", compute="_compute_ratios", store=True)

    _year_uniq = models.Constraint(
        "UNIQUE(report_id, year)", "Each year can be entered only once per report."
    )

    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    def _figures(self):
        self.ensure_one()
        return {name: self[name] for name in FIGURE_FIELDS}

    @api.depends(*FIGURE_FIELDS)
    def _compute_ratios(self):
        for line in self:
            figures = line._figures()
            ratios = financial_ratios(figures)
            z_score = altman_z_prime(figures)
            line.equity = ratios["equity"]
            line.working_capital = ratios["working_capital"]
            line.current_ratio = ratios["current_ratio"] or 0.0
            line.debt_ratio = ratios["debt_ratio"] or 0.0
            line.net_margin = ratios["net_margin"] or 0.0
            line.return_on_assets = ratios["return_on_assets"] or 0.0
            line.z_score = z_score or 0.0
            line.z_zone = z_prime_zone(z_score)

    @api.constrains(
        "year", "total_assets", "total_liabilities", "current_assets", "current_liabilities"
    )
    def _check_figures(self):
        this_year = fields.Date.context_today(self).year
        for line in self:
            if not 1900 <= line.year <= this_year:
                raise ValidationError(
                    self.env._("%(year)s is not a valid fiscal year.", year=line.year)
                )
            if (
                min(
                    line.total_assets,
                    line.total_liabilities,
                    line.current_assets,
                    line.current_liabilities,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Assets and liabilities cannot be negative (%(year)s).", year=line.year
                    )
                )
            if line.current_assets > line.total_assets:
                raise ValidationError(
                    self.env._(
                        "Current assets cannot exceed total assets (%(year)s).", year=line.year
                    )
                )
