from odoo import api, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # The open items of a customer, with what the credit checks sum, in the index itself: the
    # check at order confirmation reads a customer's open receivable and its overdue part with
    # an index-only scan instead of visiting thousands of invoice lines (SPEC §5: < 10 ms for
    # 5 000 open invoices). Only open items (residual not zero) of posted entries are indexed,
    # a small part of the table; reconciling a line takes it out.
    _credit_open_items_idx = models.Index(
        "(partner_id, date_maturity) "
        "INCLUDE (account_id, company_id, amount_residual, move_id, date) "
        "WHERE amount_residual <> 0 AND parent_state = 'posted' AND reconciled IS NOT TRUE"
    )

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
