from odoo import api, fields, models

from ..tools.rating import RATINGS


class PartnerCreditReportApplyWizard(models.TransientModel):
    """Offered on approval: give the customer the report's recommended limit and term.

    A report rated C proposes cash only: the customer's limit is kept (a limit of 0 would
    mean *no limit*), credit sales stop."""

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
    apply_cash_only = fields.Boolean(
        string="Make Cash Only",
        compute="_compute_apply",
        store=True,
        readonly=False,
        help="No credit sales any more: orders on credit terms are held. The current limit is "
        "kept, so renewing it later is one click.",
    )
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
            cash_only = report.rating == RATINGS[-1]
            wizard.apply_cash_only = cash_only
            wizard.apply_limit = bool(report.recommended_limit) and not cash_only
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
        request = self.report_id._credit_authorize_recommendation(
            limit=self.new_limit if self.apply_limit else None,
            payment_term=self.payment_term_id if self.apply_payment_term else None,
            reason=self.reason,
            cash_only=self.apply_cash_only,
        )
        if request:
            return request._credit_notification()
        self.report_id._apply_recommendation(
            limit=self.new_limit if self.apply_limit else None,
            payment_term=self.payment_term_id
            if self.apply_payment_term and self.payment_term_id
            else None,
            reason=self.reason,
            cash_only=self.apply_cash_only,
        )
        return True
