from odoo import api, fields, models, tools
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

    @api.model
    def _mandatory_for_pairs(self, pairs):
        """``{key: (nature, tier)}`` -> ``{key: mandatory types}``: the active mandatory types
        whose tiers (none: every tier) hold the tier and whose ticked natures (none: every
        nature) hold the nature, in the types' order."""
        rules = self._mandatory_rules()
        found = {}
        result = {}
        for key, (nature, tier) in pairs.items():
            if (nature, tier.id) not in found:
                found[nature, tier.id] = self.browse(
                    type_id
                    for type_id, tier_ids, natures in rules
                    if (not tier_ids or tier.id in tier_ids) and (not natures or nature in natures)
                )
            result[key] = found[nature, tier.id]
        return result

    @api.model
    @tools.ormcache()
    def _mandatory_rules(self):
        """The rules of the active mandatory types, in their order: ``((type id, tier ids,
        ticked natures), ...)``.

        Read at every order confirmation (the documents checks) and on every archive: cached
        in the registry, cleared when a type is created, changed or deleted (configuration,
        changed rarely), in every worker. Three queries and the types' records fewer a check."""
        types = self.sudo().search([("mandatory", "=", True)])
        return tuple(
            (
                doc_type.id,
                frozenset(doc_type.mandatory_tier_ids.ids),
                tuple(n for n in NATURES if doc_type[f"mandatory_{n}"]),
            )
            for doc_type in types
        )

    def write(self, vals):
        res = super().write(vals)
        rules = {"mandatory", "active", "mandatory_tier_ids", *(f"mandatory_{n}" for n in NATURES)}
        if set(vals) & (rules | {"sequence", "category_id"}):
            self.env.registry.clear_cache()  # _mandatory_rules
        if set(vals) & rules:
            self.env["res.partner"]._archive_recompute_completeness_all()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        self.env.registry.clear_cache()  # _mandatory_rules
        if any(types.mapped("mandatory")):
            self.env["res.partner"]._archive_recompute_completeness_all()
        return types

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _mandatory_rules
        return res
