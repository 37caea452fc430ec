from odoo import fields, models

PROVISION_BANDS = [
    ("year_1", "Under 1 Year"),
    ("year_2", "1-2 Years"),
    ("year_3", "2-3 Years"),
    ("year_4", "3-4 Years"),
    ("year_5", "4-5 Years"),
    ("year_over_5", "Over 5 Years"),
]


class PartnerCreditProvisionLine(models.TransientModel):
    """One customer's open receivable in one age band and its bad-debt provision, as of the
    date of a provision computation (``partner.credit.provision.wizard``); written set-based
    by the wizard, read in the list and the pivot."""

    _name = "partner.credit.provision.line"
    _description = "Bad-Debt Provision Line"
    _order = "partner_id, band"
    _rec_name = "partner_id"

    wizard_id = fields.Many2one(
        "partner.credit.provision.wizard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_ref = fields.Date(string="As Of", required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    user_id = fields.Many2one("res.users", string="Salesperson")
    band = fields.Selection(PROVISION_BANDS, string="Age", required=True)
    amount = fields.Monetary(string="Receivable", currency_field="currency_id")
    rate = fields.Float(string="Provision Rate (%)", aggregator="max")
    provision = fields.Monetary(currency_field="currency_id")
