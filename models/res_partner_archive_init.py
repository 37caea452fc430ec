"""Archive numbers and set-based archive maintenance: install, upgrade, daily jobs.

Loaded after res_partner_credit_review.py: ``_archive_init_review_dates`` works on
``partner.archive`` (one per customer and company) since 19.0.2.0.0.
"""

from odoo import api, fields, models
from odoo.tools import SQL

ARCHIVE_CODE = "partner.archive.code"


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _archive_code_sequence(self, company):
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", ARCHIVE_CODE), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Customer Archive Number"),
                    "code": ARCHIVE_CODE,
                    "prefix": "KH-%(year)s-",
                    "padding": 5,
                    "company_id": company.id,
                }
            )
        return sequence

    @api.model
    def _archive_next_codes(self, sequence, count):
        """Draw ``count`` archive numbers from ``sequence`` in one query when it can."""
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [sequence.get_next_char(row[0]) for row in self.env.cr.fetchall()]

    @api.model
    def _archive_init_codes(self):
        """At install: a numbered archive for every existing customer in its company (the
        partner's, else the current one), in set-based SQL."""
        cr = self.env.cr
        self._archive_flush_customer_sql()
        default_company = self.env.company.id
        cr.execute(
            SQL(
                """
                SELECT COALESCE(p.company_id, %(company)s), array_agg(p.id ORDER BY p.id)
                  FROM res_partner p
                 WHERE %(customer)s
                   AND NOT EXISTS (
                        SELECT 1 FROM partner_archive a
                         WHERE a.partner_id = p.id
                           AND a.company_id = COALESCE(p.company_id, %(company)s)
                           AND a.code IS NOT NULL)
              GROUP BY 1
                """,
                company=default_company,
                customer=self._archive_customer_sql("p"),
            )
        )
        for company_id, ids in cr.fetchall():
            sequence = self._archive_code_sequence(self.env["res.company"].browse(company_id))
            codes = self._archive_next_codes(sequence, len(ids))
            cr.execute(
                SQL(
                    """
                    INSERT INTO partner_archive
                           (partner_id, company_id, code, state, completeness,
                            create_uid, create_date, write_uid, write_date)
                    SELECT c.id, %(company)s, c.code, 'draft', 0,
                           %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                      FROM unnest(%(ids)s::int[], %(codes)s::varchar[]) AS c(id, code)
                    ON CONFLICT (partner_id, company_id)
                    DO UPDATE SET code = EXCLUDED.code WHERE partner_archive.code IS NULL
                    """,
                    company=company_id,
                    uid=self.env.uid,
                    ids=ids,
                    codes=codes,
                )
            )
        self.env["partner.archive"].invalidate_model()
        self.invalidate_model()

    @api.model
    def _archive_init_completeness(self, batch_size=5000):
        """At install and upgrade: completeness and status of the archives, batched, written
        in one UPDATE per distinct value (rows inserted in SQL were not computed)."""
        cr = self.env.cr
        cr.execute("SELECT id FROM partner_archive ORDER BY id")
        ids = [row[0] for row in cr.fetchall()]
        Archive = self.env["partner.archive"].sudo()
        for start in range(0, len(ids), batch_size):
            batch = Archive.browse(ids[start : start + batch_size])
            by_value = {}
            for archive_id, value in batch._completeness_values().items():
                by_value.setdefault(value, []).append(archive_id)
            for value, archive_ids in by_value.items():
                cr.execute(
                    SQL(
                        """
                        UPDATE partner_archive
                           SET completeness = %s,
                               state = CASE WHEN date_next_review <= %s THEN 'review'
                                            WHEN %s >= 100 THEN 'complete'
                                            ELSE 'draft' END
                         WHERE id = ANY(%s)
                        """,
                        value,
                        fields.Date.context_today(self),
                        value,
                        archive_ids,
                    )
                )
            batch.invalidate_recordset()
        Archive.invalidate_model(["completeness", "state"])

    @api.model
    def _archive_init_review_dates(self):
        """Give every archive without a next review date one: its last review, else today,
        plus the review interval of the customer's tier in the archive's company (12 months
        without a tier). Replaces res_partner_credit_review.py's version, written when the
        archive was columns of res_partner."""
        Archive = self.env["partner.archive"]
        Archive.flush_model(["date_last_review", "date_next_review"])
        self.flush_model(["credit_tier_id"])
        self.env.cr.execute("SELECT DISTINCT company_id FROM partner_archive")
        companies = self.env["res.company"].sudo().browse(row[0] for row in self.env.cr.fetchall())
        for company in companies:
            fallback = self._fields["credit_tier_id"].get_company_dependent_fallback(
                self.with_company(company)
            )
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE partner_archive a
                       SET date_next_review = (
                               COALESCE(a.date_last_review, %(today)s)
                               + make_interval(months => COALESCE(t.review_interval_months, 12))
                           )::date
                      FROM res_partner p
                 LEFT JOIN partner_credit_tier t
                        ON t.id = COALESCE((p.credit_tier_id ->> %(key)s)::int, %(fallback)s)
                     WHERE p.id = a.partner_id
                       AND a.company_id = %(company)s
                       AND a.date_next_review IS NULL
                    """,
                    today=fields.Date.context_today(self),
                    key=str(company.id),
                    company=company.id,
                    fallback=fallback.id if fallback else None,
                )
            )
        Archive.invalidate_model(["date_next_review"])

    @api.model
    def _archive_release_staff_codes(self):
        """Upgrade to 19.0.1.1: the first release numbered every commercial partner, so
        companies' and users' partners took archive numbers. Take them back from those with
        no archive document (archived ones count: a document somebody filed is never lost);
        nobody else's number changes. Returns the partners whose number was taken back."""
        self._archive_flush_customer_sql()
        self.env["partner.archive.document"].flush_model(["archive_id"])
        rows = self.env.execute_query(
            SQL(
                """
                UPDATE partner_archive a
                   SET code = NULL
                  FROM res_partner p
                 WHERE p.id = a.partner_id
                   AND a.code IS NOT NULL
                   AND %s
                   AND NOT EXISTS (
                        SELECT 1 FROM partner_archive_document d WHERE d.archive_id = a.id)
             RETURNING a.partner_id
                """,
                self._archive_staff_sql("p"),
            )
        )
        self.env["partner.archive"].invalidate_model(["code"])
        self.invalidate_model()
        return self.browse(row[0] for row in rows)
