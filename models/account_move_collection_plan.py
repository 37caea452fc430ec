from odoo import models


class AccountMove(models.Model):
    """A payment posted, reset to draft or cancelled moves the progress of its customer's open
    collection plans at once (``partner.credit.collection.plan``)."""

    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._credit_plan_refresh_payments()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._credit_plan_refresh_payments()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._credit_plan_refresh_payments()
        return res

    def _credit_plan_refresh_payments(self):
        payments = self.filtered(lambda move: move.origin_payment_id or move.statement_line_id)
        if payments:
            self.env["partner.credit.collection.plan"]._credit_plan_refresh_partners(
                payments.line_ids.partner_id
            )
