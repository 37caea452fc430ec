from odoo import models

from ..models.res_partner_merge import MERGE_TOKEN


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # archive and credit values of the merged contacts are carried over (res_partner_merge)
        return super()._update_values(
            src_partners, dst_partner.with_context(credit_archive_merge=MERGE_TOKEN)
        )

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Odoo's merge copies company-dependent values (the credit limit among them) in SQL:
        a limit the kept customer takes over from a merged one is recorded as a credit
        decision, like every limit change."""
        Partner = self.env["res.partner"].sudo()
        partners = Partner.browse(partner_ids).exists()
        companies = self.env["res.company"].sudo().search([])
        names = {partner.id: partner.display_name for partner in partners}
        before = {
            (partner.id, company.id): partner.with_company(company).credit_limit
            for partner in partners
            for company in companies
        }
        result = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        merged = partners.filtered(lambda p: not p.exists())
        for kept in partners - merged:
            kept.invalidate_recordset(["credit_limit"])
            for company in companies:
                partner = kept.with_company(company)
                old, new = before[kept.id, company.id], partner.credit_limit
                if partner.commercial_partner_id == partner and round(old - new, 2):
                    partner._credit_record_decision(
                        old,
                        new,
                        self.env._(
                            "Credit limit taken over from the merged contact(s) %(names)s.",
                            names=", ".join(names[pid] for pid in merged.ids),
                        ),
                    )
        return result
