from odoo import api, fields, models
from odoo.tools import format_amount


class PartnerCreditReportApplyWizard(models.TransientModel):
    """Offered on approval: give the customer the report's recommended limit and term.

    A report rated C proposes cash only: the customer's limit is kept (a limit of 0 would
    mean *no limit*), credit sales stop."""

    _name = "partner.credit.report.apply.wizard"
    _description = "Apply a Credit Report's Recommendation"

    report_id = fields.Many2one("partner.credit.report", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="report_id.partner_id")
    currency_id = fields.Many2one(related="report_id.currency_id")
    current_limit = fields.Monetary(
        compute="_compute_current", help="The customer's credit limit now (0 = no limit set)."
    )
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
            cash_only = report._proposes_cash_only()
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
        payment_term = (
            self.payment_term_id if self.apply_payment_term and self.payment_term_id else None
        )
        old_limit = self.current_limit
        self.report_id._apply_recommendation(
            limit=self.new_limit if self.apply_limit else None,
            payment_term=payment_term,
            reason=self.reason,
            cash_only=self.apply_cash_only,
        )
        return self._applied_notification(old_limit, payment_term)

    def _applied_notification(self, old_limit, payment_term):
        """The dialog closes on the report: say what the customer got."""
        lines = []
        if self.apply_limit:
            lines.append(
                self.env._(
                    "Limit applied: %(old)s → %(new)s.",
                    old=format_amount(self.env, old_limit, self.currency_id),
                    new=format_amount(self.env, self.new_limit, self.currency_id),
                )
            )
        if self.apply_cash_only:
            lines.append(self.env._("Cash only: orders on credit terms are held."))
        if payment_term:
            lines.append(self.env._("Payment term: %(term)s.", term=payment_term.display_name))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._(
                    "Recommendation applied to %(customer)s",
                    customer=self.partner_id.display_name,
                ),
                "message": " ".join(lines) or self.env._("Nothing was applied."),
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
