from odoo import fields, models
from odoo.tools import SQL


class PartnerArchiveCatalogueCounter(models.Model):
    """Last catalogue number used per archive (customer and company) and category.

    Catalogue numbers are never reused, not even after a document is deleted, so the last
    number is kept here rather than derived from the documents. ``_reserve`` increments it in
    a single upsert: the row lock serialises concurrent filings in the same category.
    """

    _name = "partner.archive.catalogue.counter"
    _description = "Archive Catalogue Counter"
    _log_access = False

    archive_id = fields.Many2one("partner.archive", required=True, ondelete="cascade")
    # kept beside the archive (the counters of 19.0.1 were per customer)
    partner_id = fields.Many2one(related="archive_id.partner_id", store=True)
    category_id = fields.Many2one("partner.archive.category", required=True, ondelete="cascade")
    last_number = fields.Integer(required=True, default=0)

    _archive_category_uniq = models.Constraint(
        "UNIQUE(archive_id, category_id)",
        "There is one catalogue counter per archive and category.",
    )

    def _reserve(self, archive_id, category_id, count=1):
        """Reserve ``count`` consecutive numbers; return the first one."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO partner_archive_catalogue_counter
                            (archive_id, partner_id, category_id, last_number)
                     VALUES (%(archive)s,
                             (SELECT partner_id FROM partner_archive WHERE id = %(archive)s),
                             %(category)s, %(count)s)
                ON CONFLICT (archive_id, category_id)
                  DO UPDATE SET last_number = partner_archive_catalogue_counter.last_number
                                              + EXCLUDED.last_number
                  RETURNING last_number
                """,
                archive=archive_id,
                category=category_id,
                count=count,
            )
        )
        return self.env.cr.fetchone()[0] - count + 1
