from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.rating import RATING_SELECTION, rating_rank

TIER_CODES = [
    ("strategic", "Strategic Partner"),
    ("long_term", "Long-term Customer"),
    ("market", "Market Customer"),
    ("potential", "Potential Customer"),
    ("eliminated", "Eliminated Customer"),
]


class PartnerCreditTier(models.Model):
    """A customer tier of seed 004: thresholds a customer must meet and the policy it gets."""

    _name = "partner.credit.tier"
    _description = "Customer Credit Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(TIER_CODES, required=True)
    sequence = fields.Integer(
        default=10, help="Tiers are tried from the top: the first whose thresholds hold wins."
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    # thresholds (empty = not required)
    min_fulfilment_rate = fields.Float(
        string="Minimum Contract Fulfilment (%)",
        help="Delivered ÷ ordered value of confirmed order lines in the KPI window.",
    )
    max_volatility = fields.Float(
        string="Maximum Monthly Volatility (%)",
        help="Standard deviation ÷ mean of monthly sales in the KPI window. 0 = no limit.",
    )
    min_rating = fields.Selection(
        RATING_SELECTION,
        string="Minimum Credit Rating",
        help="The customer's current approved credit report must rate at least this.",
    )
    max_bill_share = fields.Float(
        string="Maximum Share Paid in Bills (%)",
        help="Share of the customer's payments in the KPI window received as bills of "
        "acceptance (payment quality, seed 004). 0 = no limit.",
    )
    # policy
    allow_credit_sales = fields.Boolean(
        string="Credit Sales Allowed",
        help="Customers of this tier may buy on credit terms; others pay before delivery.",
    )
    allow_new_orders = fields.Boolean(string="New Orders Allowed", default=True)
    max_credit_limit = fields.Monetary(
        string="Maximum Credit Limit",
        currency_field="currency_id",
        help="Proposed and granted credit limits of this tier's customers never exceed this "
        "amount (in the tier's currency, converted to each company's currency). 0 = no "
        "credit: customers are proposed cash only.",
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self._default_currency_id(), required=True
    )
    review_interval_months = fields.Integer(
        string="Review Interval (months)",
        default=12,
        help="How often the archives of this tier's customers are reviewed.",
    )
    report_validity_months = fields.Integer(
        string="Credit Report Validity (months)",
        default=12,
        help="An approved credit report of this tier's customers is valid this long.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        help="Grading gives customers of this tier this pricelist (leave empty to keep theirs).",
    )
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")
    # control at delivery and probation (SPEC §3.K, seed 004)
    delivery_prepayment = fields.Boolean(
        string="Payment before Delivery",
        help="Orders of this tier's customers are delivered only once paid (款到发货): paid "
        "online, or invoiced and the invoices paid.",
    )
    max_probation_order = fields.Monetary(
        string="Maximum Order on Probation",
        currency_field="currency_id",
        help="A customer of this tier on probation (its relationship is younger than the "
        "probation months in Settings) may order at most this amount per order (in the "
        "tier's currency, converted to each company's currency); a larger order is held. "
        "0 = no maximum.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "Each tier code can be used only once.")

    def _default_currency_id(self):
        return self.env.company.currency_id

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("credit_tier_id", "in", self.ids)], ["credit_tier_id"], ["__count"]
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.constrains("review_interval_months", "report_validity_months")
    def _check_months(self):
        for tier in self:
            for value in (tier.review_interval_months, tier.report_validity_months):
                if not 1 <= value <= 24:
                    raise ValidationError(
                        self.env._(
                            "Tier %(tier)s: review and report validity intervals must be "
                            "between 1 and 24 months.",
                            tier=tier.name,
                        )
                    )

    @api.constrains(
        "min_fulfilment_rate", "max_volatility", "max_credit_limit", "max_probation_order"
    )
    def _check_ranges(self):
        for tier in self:
            if not 0 <= tier.min_fulfilment_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: the minimum fulfilment rate must be between 0 and 100%%.",
                        tier=tier.name,
                    )
                )
            if tier.max_volatility < 0 or tier.max_credit_limit < 0 or tier.max_probation_order < 0:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: volatility, credit limit and probation maximum cannot be "
                        "negative.",
                        tier=tier.name,
                    )
                )

    @api.constrains("sequence", "min_fulfilment_rate", "max_volatility", "min_rating", "active")
    def _check_threshold_order(self):
        """A higher tier must be at least as demanding as every lower graded tier."""
        graded = self.search([("code", "in", ("strategic", "long_term", "market"))])
        for upper, lower in zip(graded, graded[1:], strict=False):
            problems = []
            if upper.min_fulfilment_rate < lower.min_fulfilment_rate:
                problems.append(self.env._("minimum fulfilment"))
            if lower.max_volatility and (
                not upper.max_volatility or upper.max_volatility > lower.max_volatility
            ):
                problems.append(self.env._("maximum volatility"))
            if lower.min_rating and (
                not upper.min_rating
                or rating_rank(upper.min_rating) > rating_rank(lower.min_rating)
            ):
                problems.append(self.env._("minimum rating"))
            if problems:
                raise ValidationError(
                    self.env._(
                        "Thresholds are out of order: %(upper)s must be at least as demanding "
                        "as %(lower)s (%(what)s).",
                        upper=upper.name,
                        lower=lower.name,
                        what=", ".join(problems),
                    )
                )

    def _credit_max_limit_in(self, company, date=None):
        """The tier's maximum credit limit in ``company``'s currency (at ``date``, today by
        default): tiers are shared by companies, limits are in each company's currency."""
        self.ensure_one()
        tier = self.sudo()
        if not tier.max_credit_limit or tier.currency_id == company.currency_id:
            return tier.max_credit_limit
        return tier.currency_id._convert(
            tier.max_credit_limit,
            company.currency_id,
            company,
            date or fields.Date.context_today(self),
        )

    def _credit_max_probation_in(self, company, date=None):
        """The tier's maximum order on probation in ``company``'s currency (0 = none)."""
        self.ensure_one()
        tier = self.sudo()
        if not tier.max_probation_order or tier.currency_id == company.currency_id:
            return tier.max_probation_order
        return tier.currency_id._convert(
            tier.max_probation_order,
            company.currency_id,
            company,
            date or fields.Date.context_today(self),
        )

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.res_partner_action_credit_archive"
        )
        action["domain"] = [("credit_tier_id", "=", self.id)]
        action["context"] = {}
        return action
