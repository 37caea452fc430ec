from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PartnerCreditLimitWizard(models.TransientModel):
    """Change, confirm or temporarily raise a customer's credit limit, with a reason."""

    _name = "partner.credit.limit.wizard"
    _description = "Change Credit Limit"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    current_limit = fields.Monetary(compute="_compute_current_limit")
    mode = fields.Selection(
        [("permanent", "Change or Confirm the Limit"), ("temporary", "Temporary Limit")],
        required=True,
        default="permanent",
    )
    new_limit = fields.Monetary(required=True)
    reason = fields.Text(required=True)
    date_review = fields.Date(
        string="Review Date", default=lambda self: self._default_date_review()
    )
    date_start = fields.Date(string="From", default=lambda self: fields.Date.context_today(self))
    date_end = fields.Date(string="Until")

    @api.model
    def _default_company(self):
        return self.env.company

    @api.model
    def _default_date_review(self):
        return fields.Date.context_today(self) + relativedelta(years=1)

    @api.depends("partner_id", "company_id")
    def _compute_current_limit(self):
        for wizard in self:
            partner = wizard.partner_id.with_company(wizard.company_id).sudo()
            wizard.current_limit = partner.commercial_partner_id.credit_limit

    def _credit_authorize(self, partner, kind, values):
        """The approval authority of this change (partner_credit_authority.py): the pending
        request when it is above the user's level, else empty."""
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give a reason for the credit limit change."))
        return partner._credit_limit_authorize(
            self.new_limit, kind=kind, reason=self.reason, values=values
        )

    def action_confirm(self):
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        if self.mode == "temporary":
            if not (self.date_start and self.date_end):
                raise UserError(self.env._("A temporary limit needs a start and an end date."))
            if self.date_end < self.date_start:
                raise ValidationError(
                    self.env._(
                        "A temporary limit cannot end (%(end)s) before it starts (%(start)s).",
                        end=self.date_end,
                        start=self.date_start,
                    )
                )
            partner._credit_ensure_limit_change(self.new_limit)
            request = self._credit_authorize(
                partner, "temp_limit", {"date_start": self.date_start, "date_end": self.date_end}
            )
            if request:
                return request._credit_notification()
            self.env["partner.credit.temp.limit"].with_company(self.company_id).create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "amount": self.new_limit,
                    "date_start": self.date_start,
                    "date_end": self.date_end,
                    "reason": self.reason,
                }
            )
            return True
        partner._credit_ensure_limit_change(self.new_limit)
        request = self._credit_authorize(partner, "limit", {"date_review": self.date_review})
        if request:
            return request._credit_notification()
        same = self.company_id.currency_id.compare_amounts(self.new_limit, self.current_limit) == 0
        partner._credit_set_limit(
            self.new_limit,
            self.reason,
            decision_type="review" if same else "manual",
            date_review=self.date_review,
        )
        return True
