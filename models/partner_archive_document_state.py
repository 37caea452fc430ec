"""Archive documents over time: the stored state and the status of mandatory documents.

A document is valid, expiring (within its company's lead time) or expired; the state is
stored, so lists filter and group on it and credit control checks it in SQL. Only the date
makes it change without a write: a daily job (``_cron_update_state``, resumable batches)
recomputes the documents whose stored state no longer matches today, and what depends on it
(the archive's completeness and status). ``_mandatory_status`` tells, by archive or by
customer, which mandatory document types are missing, expired or expiring (verified
documents only); ``_awaiting_verification_types`` which of them wait for the keeper.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain


class PartnerArchiveDocument(models.Model):
    _inherit = "partner.archive.document"

    @api.model
    def _cron_update_state(self, batch_size=1000):
        """Daily: move documents to expiring / expired as time passes, in resumable batches.

        The state is stored (so lists can filter and group on it and credit control can check
        it in SQL); only the date makes it change without a write, hence this job. Documents
        are taken in id order; one that fails is logged and skipped (the next run tries it
        again) instead of failing the run, and every run after it, at the same batch.
        """
        self.env["ir.cron"]._credit_run_batches(
            self.with_context(active_test=False),
            self._stale_state_domain(fields.Date.context_today(self)),
            "_update_states",
            batch_size,
        )
        self.env["partner.archive"]._update_review_state()

    @api.model
    def _mandatory_status(self, key_field, owner_ids, mandatory, origin_of):
        """Status of mandatory documents by owner (``key_field``: archive_id or partner_id).

        ``mandatory``: {key: types}; ``origin_of``: {key: owner id in the database}. Returns
        ``{key: {"missing": types, "expired": types, "expiring": types}}``.
        """
        Type = self.env["partner.archive.document.type"]
        all_types = Type.union(*mandatory.values()) if mandatory else Type
        owner_ids = [oid for oid in owner_ids if oid]
        best = {}  # (owner id, type id) -> 0 expired, 1 expiring, 2 valid
        if all_types and owner_ids:
            rank = {"expired": 0, "expiring": 1, "valid": 2}
            groups = self.sudo()._read_group(
                [
                    (key_field, "in", owner_ids),
                    ("type_id", "in", all_types.ids),
                    ("is_verified", "=", True),
                ],
                [key_field, "type_id", "state"],
                ["__count"],
            )
            for owner, doc_type, state, _count in groups:
                pair = (owner.id, doc_type.id)
                best[pair] = max(best.get(pair, 0), rank.get(state, 2))
        with_documents = {oid for oid, _type_id in best}
        result = {}
        for key, types in mandatory.items():
            oid = origin_of.get(key)
            if oid not in with_documents:  # the common case at install: nothing filed yet
                result[key] = {"missing": types, "expired": Type, "expiring": Type}
                continue
            status = [(type_id, best.get((oid, type_id))) for type_id in types._ids]
            result[key] = {
                name: Type.browse(type_id for type_id, rank in status if rank == wanted)
                for name, wanted in (("missing", None), ("expired", 0), ("expiring", 1))
            }
        return result

    @api.model
    def _awaiting_verification_types(self, archive_ids, types):
        """``{archive id: type ids}``: the types of ``types`` that each archive holds a filed,
        not yet verified document of (not expired, active), in one query. Such a document
        counts for nothing yet, but it is not missing either: the keeper has it to verify."""
        if not archive_ids or not types:
            return {}
        groups = self.sudo()._read_group(
            [
                ("archive_id", "in", archive_ids),
                ("type_id", "in", types.ids),
                ("status", "=", "submitted"),
            ],
            ["archive_id", "type_id"],
        )
        result = {}
        for archive, doc_type in groups:
            result.setdefault(archive.id, set()).add(doc_type.id)
        return result

    @api.model
    def _update_stale_states(self, limit=None):
        """Recompute the state of documents whose stored state is out of date; return how
        many were updated."""
        domain = self._stale_state_domain(fields.Date.context_today(self))
        documents = self.with_context(active_test=False).search(domain, limit=limit)
        documents._update_states()
        return len(documents)

    def _update_states(self):
        """Recompute the stored state of these documents, and what depends on it."""
        if not self:
            return
        self.env.add_to_compute(self._fields["state"], self)
        self.flush_recordset(["state"])
        # what depends on the state (archive completeness and status) follows
        self.modified(["state"])

    @api.model
    def _stale_state_domain(self, today):
        """Documents whose stored state no longer matches ``today``."""
        domains = []
        companies = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group([("company_id", "!=", False)], ["company_id"])
        )
        for (company,) in companies:
            horizon = today + relativedelta(days=max(company.archive_expiry_lead_days, 0))
            domains.append(
                Domain("company_id", "=", company.id)
                & (
                    (Domain("expiry_date", "<", today) & Domain("state", "!=", "expired"))
                    | (
                        Domain("expiry_date", ">=", today)
                        & Domain("expiry_date", "<=", horizon)
                        & Domain("state", "!=", "expiring")
                    )
                    | (
                        (Domain("expiry_date", "=", False) | Domain("expiry_date", ">", horizon))
                        & Domain("state", "!=", "valid")
                    )
                )
            )
        return Domain.OR(domains) if domains else Domain.FALSE
