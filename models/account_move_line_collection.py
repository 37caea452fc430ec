from odoo import api, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model
    def _reconcile_plan(self, reconciliation_plan):
        """After a reconciliation (a customer payment, a credit note), bring the collection
        files of the customers concerned up to date: what payment resolved is closed at once,
        kept promises are kept (new actions wait for the daily job)."""
        result = super()._reconcile_plan(reconciliation_plan)
        lines = self._credit_flatten_plan(reconciliation_plan).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        for company, company_lines in lines.grouped("company_id").items():
            partners = company_lines.partner_id.commercial_partner_id
            root = company.sudo().root_id
            partners.sudo().with_company(root)._credit_collections_refresh_existing()
        return result
