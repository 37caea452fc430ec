from odoo import api, fields, models
from odoo.exceptions import ValidationError

# customer natures (partner.archive.customer_nature) a document type can be mandatory for
NATURES = ("government", "key_relationship", "ordinary", "individual", "trading_partner")


class PartnerArchiveDocumentType(models.Model):
    """A kind of archive document (business licence, contract...) within a category."""

    _name = "partner.archive.document.type"
    _description = "Archive Document Type"
    _order = "category_sequence, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Order of the type within its category.")
    category_id = fields.Many2one("partner.archive.category", required=True, index=True)
    category_sequence = fields.Integer(related="category_id.sequence", store=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    expires = fields.Boolean(help="Documents of this type carry an expiry date.")
    validity_months = fields.Integer(
        string="Default Validity (months)",
        help="When set, a new document's expiry date defaults to its issue date plus this "
        "many months.",
    )
    mandatory = fields.Boolean(
        help="Every customer of the natures ticked below must have a verified, unexpired "
        "document of this type; leave all natures unticked to require it from every customer.",
    )
    mandatory_government = fields.Boolean(string="Government")
    mandatory_key_relationship = fields.Boolean(string="Key Relationship Company")
    mandatory_ordinary = fields.Boolean(string="Ordinary Company")
    mandatory_individual = fields.Boolean(string="Individual")
    mandatory_trading_partner = fields.Boolean(string="Trading Partner")
    mandatory_tier_ids = fields.Many2many(
        "partner.credit.tier",
        string="Mandatory for Tiers",
        help="Only customers of these tiers must have this document; leave empty for every "
        "tier. Combined with the natures above: both must match.",
    )

    @api.constrains("validity_months", "expires")
    def _check_validity_months(self):
        for doc_type in self:
            if doc_type.validity_months < 0 or doc_type.validity_months > 240:
                raise ValidationError(
                    self.env._(
                        "The default validity of %(type)s must be between 0 and 240 months.",
                        type=doc_type.name,
                    )
                )

    def _is_mandatory_for(self, nature, tier=None):
        """Whether this type is mandatory for a customer of the given nature and tier."""
        self.ensure_one()
        if not self.mandatory:
            return False
        if self.mandatory_tier_ids and tier not in self.mandatory_tier_ids:
            return False
        ticked = [n for n in NATURES if self[f"mandatory_{n}"]]
        return not ticked or nature in ticked

    @api.model
    def _mandatory_for_pairs(self, pairs):
        """``{key: (nature, tier)}`` -> ``{key: mandatory types}``, one search for all."""
        types = self.sudo().search([("mandatory", "=", True)]).with_env(self.env)
        cache = {}
        result = {}
        for key, (nature, tier) in pairs.items():
            if (nature, tier.id) not in cache:
                cache[nature, tier.id] = types.filtered(
                    lambda t, n=nature, tr=tier: t._is_mandatory_for(n, tr.sudo())
                )
            result[key] = cache[nature, tier.id]
        return result

    def write(self, vals):
        res = super().write(vals)
        if set(vals) & {
            "mandatory",
            "active",
            "mandatory_tier_ids",
            *(f"mandatory_{n}" for n in NATURES),
        }:
            self.env["res.partner"]._archive_recompute_completeness_all()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        if any(types.mapped("mandatory")):
            self.env["res.partner"]._archive_recompute_completeness_all()
        return types
