from odoo import api, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model
    def _reconcile_plan(self, reconciliation_plan):
        """After a reconciliation (a customer payment, a credit note), re-check the held
        orders of the customers whose receivables were reconciled; release those that pass."""
        result = super()._reconcile_plan(reconciliation_plan)
        lines = self._credit_flatten_plan(reconciliation_plan)
        partners = lines.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).partner_id.commercial_partner_id
        if partners:
            self.env["sale.order"]._credit_recheck_held_orders(partners)
        return result

    @api.model
    def _credit_flatten_plan(self, plan):
        lines = self.browse()
        for item in plan:
            lines |= self._credit_flatten_plan(item) if isinstance(item, list) else item
        return lines
