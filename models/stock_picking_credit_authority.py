"""Releasing a held delivery is a decision of the approval authority (SPEC §3.L, kind
``release``), like releasing a held order: the amount is how far the customer's exposure is
over its available credit now (limit plus the cover of its securities), in company currency;
for a cash-only customer at least the delivery's order amount; 0 when the delivery is held for
other reasons only (a credit hold, overdue invoices), which any level decides. Above the
user's level the release waits as a credit request; approving it carries the release out
(``_credit_authority_execute``)."""

from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _credit_release_over(self):
        """{picking id: amount the release of held deliveries ``self`` needs authority for}."""
        result = {}
        for company, pickings in self.sudo().grouped("company_id").items():
            partners = pickings.partner_id.commercial_partner_id
            figures = partners._credit_figures_get(company)
            limits = partners._credit_limit_get(company)
            for picking in pickings:
                partner = picking.partner_id.commercial_partner_id
                limit = limits.get(partner.id, 0.0)
                figure = figures.get(partner.id, {})
                exposure = figure.get("exposure", 0.0)
                over = exposure - limit - figure.get("secured", 0.0) if limit else 0.0
                if partner.with_company(company).credit_cash_only and picking.sale_id:
                    order = picking.sale_id
                    over = max(
                        over,
                        order.currency_id._convert(
                            order.amount_total, company.currency_id, company, order.date_order
                        ),
                    )
                result[picking.id] = company.currency_id.round(max(over, 0.0))
        return result

    def _credit_release_with_authority(self, reason):
        """Release the held deliveries ``self`` the user's approval level covers; the others
        wait as credit requests (returned). Rights first: only credit managers release."""
        self.env["partner.credit.rights"]._require(
            "partner_credit_archive.group_credit_manager",
            self.env._("Only credit managers can release held deliveries."),
        )
        Authority = self.env["partner.credit.authority"]
        requests = self.env["partner.credit.request"]
        released = self.browse()
        for picking_id, amount in self._credit_release_over().items():
            picking = self.browse(picking_id)
            request = Authority._credit_authorize(
                "release",
                picking.sudo().partner_id,
                amount,
                reason=reason,
                values={"res_model": picking._name, "res_id": picking.id},
                company=picking.sudo().company_id,
                salespeople=picking.sudo().sale_id.user_id,
            )
            if request:
                requests |= request
            else:
                released |= picking
        if released:
            released._credit_delivery_release(reason)
        return requests

    def _credit_authority_execute(self, request):
        """An approved release request: release the delivery (as the approver)."""
        self._credit_delivery_release(request.reason)
