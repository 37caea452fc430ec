from odoo import api, fields, models


class PartnerCreditReportApplyWizard(models.TransientModel):
    """Offered on approval: give the customer the report's recommended limit and term."""

    _name = "partner.credit.report.apply.wizard"
    _description = "Apply a Credit Report's Recommendation"

    report_id = fields.Many2one("partner.credit.report", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="report_id.partner_id")
    currency_id = fields.Many2one(related="report_id.currency_id")
    current_limit = fields.Monetary(compute="_compute_current")
    current_payment_term_id = fields.Many2one(
        "account.payment.term", string="Current Payment Term", compute="_compute_current"
    )
    apply_limit = fields.Boolean(
        string="Apply the Limit", compute="_compute_apply", store=True, readonly=False
    )
    new_limit = fields.Monetary(compute="_compute_apply", store=True, readonly=False)
    apply_payment_term = fields.Boolean(compute="_compute_apply", store=True, readonly=False)
    payment_term_id = fields.Many2one(
        "account.payment.term", compute="_compute_apply", store=True, readonly=False
    )
    reason = fields.Text(compute="_compute_apply", store=True, readonly=False)

    @api.depends("report_id")
    def _compute_current(self):
        for wizard in self:
            partner = wizard.report_id.partner_id.with_company(wizard.report_id.company_id).sudo()
            wizard.current_limit = partner.credit_limit
            wizard.current_payment_term_id = partner.property_payment_term_id

    @api.depends("report_id")
    def _compute_apply(self):
        for wizard in self:
            report = wizard.report_id
            wizard.apply_limit = bool(report.recommended_limit)
            wizard.new_limit = report.recommended_limit
            wizard.apply_payment_term = bool(report.recommended_payment_term_id)
            wizard.payment_term_id = report.recommended_payment_term_id
            wizard.reason = self.env._(
                "Recommended by credit report %(name)s (rating %(rating)s).",
                name=report.name,
                rating=report.rating or "-",
            )

    def action_apply(self):
        self.ensure_one()
        self.report_id._apply_recommendation(
            limit=self.new_limit if self.apply_limit else None,
            payment_term=self.payment_term_id
            if self.apply_payment_term and self.payment_term_id
            else None,
            reason=self.reason,
        )
        return True
