"""Approval authority of a release (SPEC §3.L): how far held orders go over the available
credit, and carrying out an approved release request."""

from collections import defaultdict

from odoo import models

from .sale_order_credit_check import CreditCheckContext


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _credit_release_over(self):
        """The amount a release of held orders ``self`` (together) needs authority for.

        Per customer and company: what the orders take the exposure over the customer's limit
        (and over its credit group's limit), in company currency; for a cash-only customer at
        least the orders' whole amount (no credit was to be given at all). A customer without
        limit nor cash only: 0 (held for other reasons, e.g. overdue invoices).

        :return: {(commercial partner, company): (orders, amount)}
        """
        result = {}
        for company, orders in self.sudo().grouped("company_id").items():
            ctx = CreditCheckContext(orders, company, batch=True)
            by_partner = defaultdict(lambda: self.browse())
            for order in orders:
                by_partner[ctx.partner_of[order.id]] |= order
            group_over = self._credit_release_group_over(ctx)
            for partner, partner_orders in by_partner.items():
                amount = ctx.batch_sum[partner.id]
                limit = ctx.limits.get(partner.id, 0.0)
                over = ctx.exposure.get(partner.id, 0.0) + amount - limit if limit else 0.0
                if partner.with_company(company).credit_cash_only:
                    over = max(over, amount)
                over = max(over, group_over.get(partner.credit_group_id.id, 0.0), 0.0)
                result[(partner, company)] = (
                    self.browse(partner_orders.ids),
                    company.currency_id.round(over),
                )
        return result

    def _credit_release_group_over(self, ctx):
        """{credit group id: how far the orders of ``ctx`` take the group over its limit}."""
        groups = ctx.partners.sudo().credit_group_id.filtered(
            lambda g: g.company_id == ctx.company and g.credit_limit
        )
        if not groups:
            return {}
        exposure = groups._credit_exposure_by_group(ctx.company)
        added = defaultdict(float)
        for partner in ctx.partners:
            added[partner.credit_group_id.id] += ctx.batch_sum[partner.id]
        return {
            group.id: exposure[group.id] + added[group.id] - group.credit_limit for group in groups
        }

    def _credit_authority_execute(self, request):
        """Carry out an approved release request: release and confirm the held orders."""
        self._credit_ensure_held()
        self._credit_release(request.reason)
        return True
