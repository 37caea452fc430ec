from odoo import api, fields, models


class PartnerCreditKpi(models.AbstractModel):
    _inherit = "partner.credit.kpi"

    @api.model
    def _kpis(self, partners, date_ref=None, receivables=None):
        """Adds ``bill_share``: % of the customer payments of the KPI window received in
        bills of acceptance (None without payments), a grading threshold of the tiers."""
        result = super()._kpis(partners, date_ref, receivables)
        date_ref = date_ref or fields.Date.context_today(self)
        shares = partners._credit_bill_share_get(self.env.company, date_ref)
        for partner_id, values in result.items():
            values["bill_share"] = shares.get(partner_id)
        return result
