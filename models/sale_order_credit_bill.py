"""Bills of acceptance and securities on the quotation banner (SPEC §3.J), and held orders a
payment in bills does not release."""

from odoo import api, fields, models

NO_RELEASE = "credit_bill_no_release"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_partner_bill_exposure = fields.Monetary(
        string="Bills Not Yet Safe",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
        help="Bills of acceptance of the customer not collected yet, part of the exposure.",
    )
    credit_partner_secured = fields.Monetary(
        string="Secured Credit",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
        help="Covered amount of the customer's active securities, added to the available credit.",
    )

    def _credit_banner_clear(self):
        result = super()._credit_banner_clear()
        self.credit_partner_bill_exposure = 0.0
        self.credit_partner_secured = 0.0
        return result

    def _credit_banner_show(self, result, shown):
        res = super()._credit_banner_show(result, shown)
        self.credit_partner_bill_exposure = result["bills"] if shown else 0.0
        self.credit_partner_secured = result["secured"] if shown else 0.0
        if result["limit"] and shown:
            self.credit_partner_available += result["secured"]
        return res

    @api.model
    def _credit_recheck_held_orders(self, partners):
        """A payment in bills that still count in the exposure releases no held order: the
        money is not there until the bill is collected."""
        skipped = set(self.env.context.get(NO_RELEASE) or ())
        if skipped:
            partners = partners.filtered(lambda partner: partner.id not in skipped)
        if not partners:
            return self.browse()
        return super()._credit_recheck_held_orders(partners)
