from odoo import fields, models
from odoo.tools import SQL


class PartnerArchiveCatalogueCounter(models.Model):
    """Last catalogue number used per customer and archive category.

    Catalogue numbers are never reused, not even after a document is deleted, so the last
    number is kept here rather than derived from the documents. ``_reserve`` increments it in
    a single upsert: the row lock serialises concurrent filings in the same category.
    """

    _name = "partner.archive.catalogue.counter"
    _description = "Archive Catalogue Counter"
    _log_access = False

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    category_id = fields.Many2one("partner.archive.category", required=True, ondelete="cascade")
    last_number = fields.Integer(required=True, default=0)

    _partner_category_uniq = models.Constraint(
        "UNIQUE(partner_id, category_id)",
        "There is one catalogue counter per customer and category.",
    )

    def _reserve(self, partner_id, category_id, count=1):
        """Reserve ``count`` consecutive numbers; return the first one."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO partner_archive_catalogue_counter
                            (partner_id, category_id, last_number)
                     VALUES (%(partner)s, %(category)s, %(count)s)
                ON CONFLICT (partner_id, category_id)
                  DO UPDATE SET last_number = partner_archive_catalogue_counter.last_number
                                              + EXCLUDED.last_number
                  RETURNING last_number
                """,
                partner=partner_id,
                category=category_id,
                count=count,
            )
        )
        return self.env.cr.fetchone()[0] - count + 1
