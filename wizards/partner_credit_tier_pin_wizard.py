from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PartnerCreditTierPinWizard(models.TransientModel):
    """A credit manager pins customers to a tier, with a reason and an end date."""

    _name = "partner.credit.tier.pin.wizard"
    _description = "Pin Customer Tier"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        default=lambda self: self._default_partner_ids(),
    )
    tier_id = fields.Many2one("partner.credit.tier", string="Tier", required=True)
    reason = fields.Text(required=True)
    date_until = fields.Date(
        string="Pinned Until",
        required=True,
        help="Grading leaves the tier alone until this date.",
    )

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            return partners.commercial_partner_id.ids
        return []

    @api.constrains("date_until", "reason")
    def _check_pin(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.date_until <= today:
                raise ValidationError(self.env._("A tier can only be pinned until a future date."))
            if not (wizard.reason or "").strip():
                raise ValidationError(self.env._("Give the reason for pinning the tier."))

    def action_pin(self):
        self.ensure_one()
        self.partner_ids._credit_pin_tier(self.tier_id, self.reason.strip(), self.date_until)
        return {"type": "ir.actions.act_window_close"}
