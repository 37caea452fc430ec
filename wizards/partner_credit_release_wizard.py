from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class PartnerCreditReleaseWizard(models.TransientModel):
    """Release or reject quotations held for credit review (credit managers), or ask for a
    release (salespeople)."""

    _name = "partner.credit.release.wizard"
    _description = "Release Held Orders"

    order_ids = fields.Many2many(
        "sale.order",
        string="Orders",
        required=True,
        default=lambda self: self._default_order_ids(),
    )
    reason = fields.Text(
        help="A credit manager: why the orders are released or rejected (kept in the "
        "decision). A salesperson: why they should be released (the request's comment)."
    )
    mode = fields.Selection(
        [("decide", "Release or Reject"), ("request", "Request Release")],
        default="decide",
        required=True,
    )

    @api.model
    def _default_order_ids(self):
        if self.env.context.get("active_model") == "sale.order":
            return [fields.Command.set(self.env.context.get("active_ids", []))]
        return False

    def _check_reason(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Please give a reason."))
        self.order_ids._credit_ensure_held()

    def action_release(self):
        self._check_reason()
        orders = self.order_ids
        orders._credit_ensure_release_rights()
        return self._credit_release_with_authority(orders, self.reason.strip())

    def _credit_release_with_authority(self, orders, reason):
        """The approval authority of a release (partner_credit_authority.py, with the four
        eyes): each customer's orders within the user's level are released now, the others
        are sent for approval — the amount is how far they go over the available credit."""
        authority = self.env["partner.credit.authority"]
        requests = self.env["partner.credit.request"]
        for (partner, company), (held, over) in orders._credit_release_over().items():
            request = authority._credit_authorize(
                "release",
                partner,
                over,
                reason=reason,
                company=company,
                salespeople=held.user_id,
                values={"order_ids": [Command.set(held.ids)]},
            )
            if request:
                requests |= request
            else:
                held._credit_release(reason)
        if requests:
            return requests._credit_notification()
        return {"type": "ir.actions.act_window_close"}

    def action_reject(self):
        self._check_reason()
        self.order_ids._credit_ensure_release_rights()
        self.order_ids._credit_reject(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}

    def action_request(self):
        self._check_reason()
        self.order_ids._credit_request_release(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
