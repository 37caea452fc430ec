from odoo import api, fields, models

from .sale_order_credit_bill import NO_RELEASE


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model
    def _reconcile_plan(self, reconciliation_plan):
        """A reconciliation with a payment in bills that count in the exposure (SPEC §3.J)
        re-checks no held order of that customer (sale_order_credit_bill.py)."""
        lines = self._credit_flatten_plan(reconciliation_plan)
        bills = lines.move_id.origin_payment_id.sudo().credit_bill_ids
        today = fields.Date.context_today(self)
        counting = bills.filtered(lambda bill: bill._credit_counts(today))
        if counting:
            skipped = set(self.env.context.get(NO_RELEASE) or ()) | set(counting.partner_id.ids)
            self = self.with_context(**{NO_RELEASE: list(skipped)})  # noqa: PLW0642
        return super()._reconcile_plan(reconciliation_plan)
