from odoo import api, fields, models

GRADE_RULES = [
    ("rating_c", "Credit Rating C"),
    ("overdue", "Invoice Long Overdue"),
    ("no_orders", "No Orders Yet"),
    ("lapsed", "No Business after Lapsing"),
    ("inactive_90", "Inactive: Back to Potential"),
    ("inactive_30", "Inactive: Down One Tier"),
    ("eliminated_kept", "Eliminated (Only by Hand)"),
    ("erratic", "Erratic Buying"),
    ("thresholds", "Tier Thresholds"),
    ("probation", "Probation"),
    ("promotion_history", "Promotion Waits for History"),
    ("promotion", "Promotion"),
    ("pinned", "Pinned by Hand"),
    ("manual", "Changed by Hand"),
]
VALUE_CLASSES = [("core", "Core Customer"), ("ordinary", "Ordinary Customer")]
ABC_CLASSES = [("A", "A - Important"), ("B", "B - Medium"), ("C", "C - General")]


class PartnerCreditGradeLog(models.Model):
    """One change of a customer's tier: old → new, the rule that fired and the KPIs it saw.

    Written by grading (automatic) and by credit managers pinning or changing a tier (manual);
    never edited afterwards.
    """

    _name = "partner.credit.grade.log"
    _inherit = ["partner.credit.immutable.mixin"]
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Datetime(required=True, default=lambda self: fields.Datetime.now(), index=True)
    old_tier_id = fields.Many2one("partner.credit.tier", string="Old Tier", ondelete="restrict")
    new_tier_id = fields.Many2one(
        "partner.credit.tier", string="New Tier", required=True, ondelete="restrict"
    )
    rule = fields.Selection(GRADE_RULES, required=True)
    mode = fields.Selection(
        [("automatic", "Automatic"), ("manual", "Manual")], required=True, default="automatic"
    )
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    reason = fields.Text()
    pinned_until = fields.Date()
    explanation = fields.Text(
        compute="_compute_explanation", help="What keeps the customer out of the next tier up."
    )
    # the explanation as codes and figures (res_partner_grading_explain.py), worded in the
    # reader's language; a text written before codes, kept as it was when it could not be
    # read back into codes (migrations/19.0.3.1.0)
    explanation_data = fields.Json(readonly=True)
    explanation_legacy = fields.Text(readonly=True)
    fulfilment_rate = fields.Float(string="Contract Fulfilment (%)", digits=(16, 1))
    volatility = fields.Float(string="Monthly Volatility (%)", digits=(16, 1))
    annual_sales = fields.Monetary(string="Sales in Window", currency_field="currency_id")
    ontime_rate = fields.Float(string="On-time Payment (%)", digits=(16, 1))
    avg_days_late = fields.Float(string="Average Days Late", digits=(16, 1))
    overdue_ratio = fields.Float(string="Overdue Ratio (%)", digits=(16, 1))
    days_since_last_order = fields.Integer(string="Days since Last Order")
    relationship_months = fields.Integer(string="Relationship (months)")
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class")
    value_class = fields.Selection(VALUE_CLASSES)

    def _default_company(self):
        return self.env.company

    @api.depends("explanation_data", "explanation_legacy")
    @api.depends_context("lang")
    def _compute_explanation(self):
        partners = self.env["res.partner"]
        # the tiers of all the logs in one read, not one look-up per log of a list
        tier_ids = {
            log.explanation_data.get("tier_id")
            for log in self
            if isinstance(log.explanation_data, dict) and log.explanation_data.get("tier_id")
        }
        tiers = {
            tier.id: tier
            for tier in self.env["partner.credit.tier"].sudo().browse(tier_ids).exists()
        }
        for log in self:
            if log.explanation_data:
                data = log.explanation_data
                tier = tiers.get(data.get("tier_id")) if isinstance(data, dict) else None
                log.explanation = partners._credit_explain_text(
                    data, tier=tier if tier is not None else self.env["partner.credit.tier"]
                )
            else:
                log.explanation = log.explanation_legacy or False

    def _credit_immutable_message(self, operation):
        if operation == "write":
            return self.env._("Tier changes are kept as they were made; grade or pin the customer.")
        return self.env._("Tier changes cannot be deleted.")
