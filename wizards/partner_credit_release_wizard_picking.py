from odoo import api, fields, models
from odoo.exceptions import UserError


class PartnerCreditReleaseWizard(models.TransientModel):
    """The release wizard also releases deliveries held at validation (SPEC §3.K), and lets
    the warehouse ask for a release. A held delivery is released or left on hold, never
    rejected: the order is cancelled (or not) on its own."""

    _inherit = "partner.credit.release.wizard"

    order_ids = fields.Many2many(required=False)
    picking_ids = fields.Many2many(
        "stock.picking",
        string="Deliveries",
        default=lambda self: self._default_picking_ids(),
    )

    @api.model
    def _default_picking_ids(self):
        if self.env.context.get("active_model") == "stock.picking":
            return [fields.Command.set(self.env.context.get("active_ids", []))]
        return False

    def _credit_picking_reason(self):
        self.ensure_one()
        if not self.order_ids and not self.picking_ids:
            raise UserError(self.env._("Please choose the orders or deliveries to release."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Please give a reason."))
        return self.reason.strip()

    def action_release(self):
        reason = self._credit_picking_reason()
        requests = self.env["partner.credit.request"]
        if self.picking_ids:
            # through the approval authority, as the orders' release (SPEC §3.L)
            requests = self.picking_ids._credit_release_with_authority(reason)
        if self.order_ids:
            return super().action_release()
        if requests:
            return requests[:1]._credit_notification()
        return {"type": "ir.actions.act_window_close"}

    def action_reject(self):
        self._credit_picking_reason()
        if self.picking_ids:
            raise UserError(
                self.env._(
                    "A held delivery is released or stays on hold; to refuse the goods, cancel "
                    "the delivery or its order."
                )
            )
        return super().action_reject()

    def action_request(self):
        reason = self._credit_picking_reason()
        if self.picking_ids:
            self.picking_ids._credit_delivery_request_release(reason)
        if self.order_ids:
            return super().action_request()
        return {"type": "ir.actions.act_window_close"}
