from odoo import fields, models


class PartnerCreditRequestWizard(models.TransientModel):
    """Approve or reject credit requests with a comment (kept in the request's steps)."""

    _name = "partner.credit.request.wizard"
    _description = "Decide Credit Requests"

    request_ids = fields.Many2many("partner.credit.request", string="Requests", required=True)
    mode = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, default="approve"
    )
    comment = fields.Text(help="Kept in the request's steps; required to reject.")

    def action_confirm(self):
        self.ensure_one()
        comment = (self.comment or "").strip()
        if self.mode == "reject":
            self.request_ids._credit_reject(comment)
        else:
            self.request_ids._credit_approve(comment)
        return {"type": "ir.actions.act_window_close"}
