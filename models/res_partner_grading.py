from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_tier_id = fields.Many2one(
        "partner.credit.tier",
        string="Customer Tier",
        company_dependent=True,
        tracking=True,
        groups="partner_credit_archive.group_archive_user",
        help="Tier of seed 004 (strategic, long-term, market, potential, eliminated), per "
        "company. Set by grading, or pinned by a credit manager.",
    )
