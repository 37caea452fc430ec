from odoo import api, fields, models
from odoo.fields import Domain

DECISION_TYPES = [
    ("manual", "Limit Changed by Hand"),
    ("report", "From Credit Report"),
    ("proposal", "Proposed Limit Accepted"),
    ("temporary", "Temporary Limit"),
    ("temporary_end", "Temporary Limit Ended"),
    ("grading", "From Tier Grading"),
    ("release", "Order Released"),
    ("auto_release", "Order Released Automatically"),
    ("reject", "Order Rejected"),
    ("review", "Limit Reviewed"),
    ("cash_only", "Cash Only Set"),
    ("cash_only_lifted", "Cash Only Lifted"),
    ("lapse", "Limit Lapsed at Review"),
    ("group_limit", "Group Limit Changed"),
    # bills of acceptance and credit securities (SPEC §3.J)
    ("bill_dishonour", "Bill Dishonoured"),
    ("security_added", "Security Added"),
    ("security_changed", "Security Changed"),
    ("security_released", "Security Released"),
    ("security_expired", "Security Expired"),
]


class PartnerCreditDecision(models.Model):
    """An immutable record of one credit decision: who changed what, when and why.

    Decisions are the audit trail of credit management (seed 003: segregation of duties,
    seed 001: yearly limit review). They are created by the code paths that change a limit,
    set or lift cash only, or release an order, and can never be edited or deleted afterwards.
    A decision is about a customer or, for a change of a credit group's limit, about a credit
    group (then without customer).
    """

    _name = "partner.credit.decision"
    _inherit = ["partner.credit.immutable.mixin"]
    _description = "Credit Decision"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Customer", index=True, ondelete="restrict")
    credit_group_id = fields.Many2one(
        "partner.credit.group",
        string="Credit Group",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The credit group whose limit this decision changed.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    decision_type = fields.Selection(DECISION_TYPES, string="Type", required=True)
    old_limit = fields.Monetary(string="Previous Limit", currency_field="currency_id")
    new_limit = fields.Monetary(currency_field="currency_id")
    limit_change = fields.Monetary(
        compute="_compute_limit_change", store=True, currency_field="currency_id", string="Change"
    )
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Decided By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=lambda self: fields.Datetime.now(), index=True)
    date_valid_until = fields.Date(
        string="Valid Until", help="End of a temporary limit or of the decision's validity."
    )
    date_review = fields.Date(string="Review Date", help="When this limit is to be reviewed.")
    order_id = fields.Many2one("sale.order", string="Sale Order", index="btree_not_null")
    report_id = fields.Many2one(
        "partner.credit.report", string="Credit Report", index="btree_not_null"
    )
    cash_only = fields.Boolean(
        help="The customer was cash only (no credit sales) after this decision.",
    )
    bill_id = fields.Many2one(
        "partner.credit.bill", string="Bill", index="btree_not_null", ondelete="restrict"
    )
    security_id = fields.Many2one(
        "partner.credit.security",
        string="Security",
        index="btree_not_null",
        ondelete="restrict",
    )

    _partner_or_group = models.Constraint(
        "CHECK(partner_id IS NOT NULL OR credit_group_id IS NOT NULL)",
        "A credit decision is about a customer or a credit group.",
    )

    @api.model
    def _default_company(self):
        return self.env.company

    @api.depends("partner_id", "credit_group_id")
    def _compute_display_name(self):
        for decision in self:
            decision.display_name = (decision.partner_id or decision.credit_group_id).display_name

    @api.depends("old_limit", "new_limit")
    def _compute_limit_change(self):
        for decision in self:
            decision.limit_change = decision.new_limit - decision.old_limit

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    @api.model
    def _domain_for_partners(self, partners):
        return Domain("partner_id", "in", partners.commercial_partner_id.ids) & Domain(
            "company_id", "=", self.env.company.id
        )

    def _credit_immutable_message(self, operation):
        if operation == "write":
            return self.env._("Credit decisions are kept as they were made; record a new one.")
        return self.env._("Credit decisions cannot be deleted.")
