"""One legal entity, one archive: the unified social credit code (统一社会信用代码).

The code stays in Odoo's ``company_registry`` on the partner (it names the legal entity, not a
company's file). It is stored compact (upper case, no spaces or dashes: people type it from
the licence in groups) whenever the compact form is a valid code, checked for Chinese partners,
and a second commercial partner with the same code in the same company is refused: its
archive would be a second archive of the same customer.
"""

from stdnum.cn import uscc

from odoo import api, models
from odoo.exceptions import ValidationError


def compact_uscc(value):
    """``value`` compacted when it is a valid unified social credit code, else as it is."""
    if not value or not isinstance(value, str):
        return value
    compact = uscc.compact(value)
    return compact if uscc.is_valid(compact) else value


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.constrains("company_registry", "country_id")
    def _check_company_registry_uscc(self):
        for partner in self:
            if (
                partner.company_registry
                and partner.country_id.code == "CN"
                and not uscc.is_valid(partner.company_registry)
            ):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not a valid unified social credit code (统一社会信用代码) "
                        "for %(partner)s: it must have 18 characters and a correct check "
                        "character.",
                        code=partner.company_registry,
                        partner=partner.name,
                    )
                )

    @api.constrains("company_registry", "company_id", "is_company", "parent_id")
    def _check_company_registry_unique(self):
        partners = self.filtered(
            lambda p: p.company_registry and p.active and (p.is_company or not p.parent_id)
        )
        if not partners:
            return
        others = self.sudo().search(
            [
                ("company_registry", "in", partners.mapped("company_registry")),
                ("id", "not in", partners.ids),
                "|",
                ("is_company", "=", True),
                ("parent_id", "=", False),
            ]
        )
        for partner in partners:
            for other in others | partners:
                if (
                    other != partner
                    and other.company_registry == partner.company_registry
                    and (
                        not other.company_id
                        or not partner.company_id
                        or other.company_id == partner.company_id
                    )
                ):
                    raise ValidationError(
                        self.env._(
                            "The unified social credit code %(code)s of %(partner)s is already "
                            "the customer %(existing)s's: one legal entity has one archive. "
                            "Use %(existing)s instead.",
                            code=partner.company_registry,
                            partner=partner.name,
                            existing=other.display_name,
                        )
                    )

    @api.onchange("company_registry", "country_id")
    def _onchange_company_registry_uscc(self):
        self.company_registry = compact_uscc(self.company_registry)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("company_registry"):
                vals["company_registry"] = compact_uscc(vals["company_registry"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("company_registry"):
            vals = dict(vals, company_registry=compact_uscc(vals["company_registry"]))
        return super().write(vals)

    def _get_company_registry_labels(self):
        labels = super()._get_company_registry_labels()
        labels.setdefault("CN", self.env._("Unified Social Credit Code"))
        return labels
