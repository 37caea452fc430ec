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

    def _update_foreign_keys(self, src_partners, dst_partner):
        # before Odoo moves (or, on the unique constraint, deletes) the merged archives
        self._archive_merge(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _archive_merge(self, src_partners, dst_partner):
        """One archive per customer and company: a merged customer's archive in a company
        where the kept one has an archive is folded into it (its documents, with their
        catalogue numbers, the counters at the higher number, the values the kept archive
        lacks); its archives in other companies move with Odoo's foreign key update."""
        Archive = self.env["partner.archive"].sudo()
        kept = {a.company_id.id: a for a in Archive.search([("partner_id", "=", dst_partner.id)])}
        merged = Archive.search([("partner_id", "in", src_partners.ids)], order="id")
        fnames = [
            name
            for name, field in Archive._fields.items()
            if field.store
            and not field.compute
            and name not in ("id", "create_uid", "create_date", "write_uid", "write_date")
            and name not in ("partner_id", "company_id", "code")
            and field.type not in ("one2many", "many2many")
        ]
        cr = self.env.cr
        for src in merged:
            dst = kept.get(src.company_id.id)
            if not dst:
                kept[src.company_id.id] = src
                continue
            values = {
                fname: src[fname].id if src._fields[fname].type == "many2one" else src[fname]
                for fname in fnames
                if src[fname] and not dst[fname]
            }
            self.env.flush_all()
            cr.execute(
                SQL(
                    """UPDATE partner_archive_catalogue_counter d
                          SET last_number = GREATEST(d.last_number, s.last_number)
                         FROM partner_archive_catalogue_counter s
                        WHERE s.archive_id = %(src)s AND d.archive_id = %(dst)s
                          AND s.category_id = d.category_id""",
                    src=src.id,
                    dst=dst.id,
                )
            )
            cr.execute(
                SQL(
                    """UPDATE partner_archive_catalogue_counter s
                          SET archive_id = %(dst)s, partner_id = %(partner)s
                        WHERE s.archive_id = %(src)s
                          AND NOT EXISTS (SELECT 1 FROM partner_archive_catalogue_counter d
                                           WHERE d.archive_id = %(dst)s
                                             AND d.category_id = s.category_id)""",
                    src=src.id,
                    dst=dst.id,
                    partner=dst_partner.id,
                )
            )
            cr.execute(
                SQL(
                    """UPDATE partner_archive_document
                          SET archive_id = %(dst)s, partner_id = %(partner)s
                        WHERE archive_id = %(src)s""",
                    src=src.id,
                    dst=dst.id,
                    partner=dst_partner.id,
                )
            )
            self.env.invalidate_all()
            if values:
                dst.write(values)
            src.unlink()

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
