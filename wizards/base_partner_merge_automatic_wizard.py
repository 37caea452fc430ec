from odoo import models
from odoo.tools import SQL

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
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        names = {partner.id: partner.display_name for partner in partners}
        before = self._credit_limits_by_company(partners)
        result = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        merged = partners.filtered(lambda p: not p.exists())
        kept = partners - merged
        kept.invalidate_recordset(["credit_limit"])
        after = self._credit_limits_by_company(kept)
        for (partner_id, company_id), new in after.items():
            old = before.get((partner_id, company_id), 0.0)
            partner = kept.browse(partner_id).with_company(company_id)
            if round(old - new, 2) and partner.commercial_partner_id == partner:
                partner._credit_record_decision(
                    old,
                    new,
                    self.env._(
                        "Credit limit taken over from the merged contact(s) %(names)s.",
                        names=", ".join(names[pid] for pid in merged.ids),
                    ),
                )
        return result

    def _credit_limits_by_company(self, partners):
        """{(partner id, company id): credit limit} of the companies with a limit set."""
        if not partners:
            return {}
        partners.flush_recordset(["credit_limit"])
        self.env.cr.execute(
            SQL(
                """SELECT p.id, limits.key::int, limits.value::float
                     FROM res_partner p, jsonb_each_text(p.credit_limit) limits
                    WHERE p.id = ANY(%s) AND limits.value IS NOT NULL""",
                partners.ids,
            )
        )
        return {(pid, cid): value for pid, cid, value in self.env.cr.fetchall()}
