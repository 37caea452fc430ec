"""Catalogue numbers of archive documents (目录编号).

Each document gets the next number of its archive and category (``3-007``: the category's
sequence, then the number), reserved from ``partner.archive.catalogue.counter`` in one upsert
per (archive, category) so that concurrent filings never share a number. A number is never
reused: a document moved to another archive or category (``_to_renumber``, asked by
``write``) is filed at the end of its new category's catalogue.
"""

from odoo import api, models


class PartnerArchiveDocument(models.Model):
    _inherit = "partner.archive.document"

    def _to_renumber(self, vals):
        """The documents ``vals`` moves to another archive or category (by its type)."""
        if not ("archive_id" in vals or "category_id" in vals or "type_id" in vals):
            return self.browse()
        return self.filtered(
            lambda d: (
                d.archive_id.id != vals.get("archive_id", d.archive_id.id)
                or d.category_id.id != vals.get("category_id", d.category_id.id)
                or (
                    vals.get("type_id")
                    and "category_id" not in vals
                    and self.env["partner.archive.document.type"]
                    .browse(vals["type_id"])
                    .category_id
                    != d.category_id
                )
            )
        )

    @api.model
    def _reserve_catalogue_numbers(self, vals_list):
        """Give each new document the next catalogue number of its archive and category."""
        Counter = self.env["partner.archive.catalogue.counter"].sudo()
        categories = self.env["partner.archive.category"].browse(
            {vals["category_id"] for vals in vals_list}
        )
        groups = {}
        for vals in vals_list:
            if not vals.get("archive_id"):
                continue  # the required field will refuse the record
            groups.setdefault((vals["archive_id"], vals["category_id"]), []).append(vals)
        # a fixed order of the upserts keeps two batches from locking each other in reverse
        for (archive_id, category_id), group in sorted(groups.items()):
            first = Counter._reserve(archive_id, category_id, len(group))
            category = categories.browse(category_id)
            for offset, vals in enumerate(group):
                vals["catalogue_sequence"] = first + offset
                vals["catalogue_number"] = self._format_catalogue_number(category, first + offset)

    @api.model
    def _format_catalogue_number(self, category, number):
        return f"{category.sequence}-{number:03d}"

    def _renumber(self):
        """File moved documents at the end of their new category's catalogue."""
        vals_list = [{"archive_id": d.archive_id.id, "category_id": d.category_id.id} for d in self]
        self._reserve_catalogue_numbers(vals_list)
        for document, vals in zip(self, vals_list, strict=True):
            document.sudo().write(
                {
                    "catalogue_sequence": vals["catalogue_sequence"],
                    "catalogue_number": vals["catalogue_number"],
                }
            )
