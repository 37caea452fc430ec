"""The archive's rules and buttons on res.partner, beside its public names.

- the buttons of the customer form: mark the archive reviewed, open its documents, open the
  archive records;
- the lookups the archive files build on: ``_archive_current`` and ``_archive_get`` (one
  search for a whole recordset), ``_archive_commercial``;
- the rules asked of a partner: who may edit its archive (``_archive_check_edit``: keepers,
  or the customer's own salesperson for the profile), which documents are mandatory and
  which of them are missing, expired or expiring, the review interval;
- numbering on demand (``_archive_assign_codes``) and the daily / set-based jobs.

The public names themselves (fields, compute, write-through, search, create and write) are in
res_partner_archive.py.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .res_partner_archive import (
    ARCHIVE_NAMES,
    KEEPER_FIELDS,
    KEEPER_GROUP,
    PROFILE_FIELDS,
    USER_GROUP,
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_archive_mark_reviewed(self):
        self.env["partner.credit.rights"]._require(
            KEEPER_GROUP, self.env._("Only archive keepers can review customer archives.")
        )
        archives = self._archive_commercial()._archive_get(create=True)
        archives.sudo().write({"date_last_review": fields.Date.context_today(self)})
        return True

    def action_open_archive_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_archive_document_action"
        )
        partner = self.commercial_partner_id
        archive = partner._archive_get()
        action["domain"] = [
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
        ]
        action["context"] = {
            "default_partner_id": partner.id,
            "default_archive_id": archive.id,
            "search_default_group_by_category": 1,
        }
        return action

    def action_open_archives(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_archive_action"
        )
        partner = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", partner.id)]
        action["context"] = {"default_partner_id": partner.id}
        archive = partner._archive_get()
        if archive:
            action.update({"res_id": archive.id, "views": [(False, "form")]})
        return action

    # lookups and rules

    def _archive_commercial(self):
        """The commercial partners of ``self``: companies and persons without a parent."""
        return self.filtered(lambda p: p.is_company or not p.parent_id)

    def _archive_current(self, fnames=()):
        """``{partner id: archive}`` of the current company, in one search; only the
        archives the user may read (record rules). ``fnames``: fields of the archives read
        in the same query."""
        ids = [pid for pid in self._origin._ids if pid]
        Archive = self.env["partner.archive"]
        if not ids or not Archive.has_access("read"):
            return {}
        # the partner and the nature (the mandatory documents' rules read it: at every
        # confirmation) alone: reading them from a plain search would load every column of
        # the archives (their long texts too) on every list page showing an archive column
        archives = Archive.search_fetch(
            [("partner_id", "in", ids), ("company_id", "=", self.env.company.id)],
            ["partner_id", "customer_nature", *fnames],
        )
        return {archive.partner_id.id: archive for archive in archives}

    def _archive_get(self, create=False):
        """The current company's archives of these commercial partners (sudo), created for
        those without one when ``create``: the lazy archive of a shared customer in another
        company of the group."""
        company = self.env.company
        Archive = self.env["partner.archive"].sudo()
        partners = self._origin.filtered("id")
        archives = Archive.search(
            [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
        )
        if create:
            missing = partners - archives.partner_id
            if missing:
                archives |= Archive.create(
                    [{"partner_id": p.id, "company_id": company.id} for p in missing]
                )
        return archives

    def _archive_effective_nature(self):
        self.ensure_one()
        if self.customer_nature:
            return self.customer_nature
        return "ordinary" if self.is_company else "individual"

    def _archive_review_interval_months(self):
        """Months between two reviews of this partner's archive in the current company."""
        self.ensure_one()
        return self.sudo().credit_tier_id.review_interval_months or 12

    def _archive_mandatory_types(self, archives=None):
        """{partner id: mandatory document types} in the current company (contacts: none).
        ``archives``: ``_archive_current()`` of ``self`` in sudo, when the caller has it."""
        Type = self.env["partner.archive.document.type"]
        commercial = set(self._archive_commercial()._ids)
        if archives is None:
            archives = self.sudo()._archive_current()
        tiers = {p.id: p.credit_tier_id for p in self.sudo()}
        pairs = {}
        for partner in self:
            if partner.id not in commercial:
                continue
            archive = archives.get(partner._origin.id)
            nature = (archive and archive.customer_nature) or (
                "ordinary" if partner.is_company else "individual"
            )
            pairs[partner.id] = (nature, tiers[partner.id])
        found = Type._mandatory_for_pairs(pairs)
        return {partner.id: found.get(partner.id, Type) for partner in self}

    def _archive_mandatory_problems(self, mandatory=None):
        """``{partner id: {"missing", "expired", "expiring": types}}`` of the current
        company's archive (a partner without one misses every mandatory document)."""
        archives = self.sudo()._archive_current()
        if mandatory is None:
            mandatory = self._archive_mandatory_types(archives)
        origin_of = {
            partner.id: archives[partner._origin.id].id
            for partner in self
            if partner._origin.id in archives
        }
        return self.env["partner.archive.document"]._mandatory_status(
            "archive_id", list(origin_of.values()), mandatory, origin_of
        )

    def _archive_check_edit(self, fnames):
        """Keepers edit every archive; archive users the profile of their own customers.
        ``fnames``: public names, or partner.archive field names."""
        fnames = {ARCHIVE_NAMES.get(fname, fname) for fname in fnames}
        if self.env.su or not fnames & (KEEPER_FIELDS | PROFILE_FIELDS):
            return
        user = self.env.user
        if user.has_group(KEEPER_GROUP):
            return
        if fnames & KEEPER_FIELDS:
            raise AccessError(
                self.env._("Only archive keepers can assign keepers and review dates.")
            )
        if not user.has_group(USER_GROUP):
            raise AccessError(self.env._("Only archive users can edit customer archives."))
        others = self.commercial_partner_id.filtered(lambda p: p.user_id != user)
        if others:
            raise AccessError(
                self.env._(
                    "You can only edit the archives of your own customers, not %(partners)s.",
                    partners=", ".join(others.mapped("display_name")),
                )
            )

    def _archive_assign_codes(self):
        """Every customer in ``self`` has a numbered archive in its company (the partner's,
        or the current one for a partner shared by all companies)."""
        customers = self._archive_commercial().filtered("id")._archive_customers()
        for company, group in customers.grouped(lambda p: p.company_id).items():
            archives = group.with_company(company or self.env.company)._archive_get(create=True)
            archives._number()

    @api.model
    def _archive_update_review_state(self):
        """Daily: archives whose next review date has come need review."""
        self.env["partner.archive"]._update_review_state()

    @api.model
    def _archive_recompute_completeness_all(self):
        """Mandatory document types changed: recompute every archive's completeness."""
        # every archive indeed: the mandatory types of all of them may have changed
        archives = self.env["partner.archive"].sudo().search([])  # pylint: disable=no-search-all
        self.env.add_to_compute(archives._fields["completeness"], archives)
        self.env.add_to_compute(archives._fields["state"], archives)
        self.invalidate_model(["archive_completeness", "archive_state"])
