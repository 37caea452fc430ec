from odoo import fields, models


class PartnerArchiveCategory(models.Model):
    """One of the five categories a customer archive is filed in (seed 000)."""

    _name = "partner.archive.category"
    _description = "Archive Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        string="Number",
        required=True,
        help="Category number; it opens the catalogue number of each document, e.g. 3-007.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    type_ids = fields.One2many(
        "partner.archive.document.type", "category_id", string="Document Types"
    )

    _sequence_uniq = models.Constraint(
        "UNIQUE(sequence)", "Two archive categories cannot have the same number."
    )
    _sequence_positive = models.Constraint(
        "CHECK(sequence > 0)", "The category number must be positive."
    )

    def _compute_display_name(self):
        for category in self:
            category.display_name = f"{category.sequence}. {category.name or ''}"
