from odoo import fields, models


class PartnerCreditCollectionPlanWizardLine(models.TransientModel):
    """One proposed collection plan of the year-end review."""

    _name = "partner.credit.collection.plan.wizard.line"
    _description = "Year-End Review Line"
    _order = "target_amount desc, id"

    wizard_id = fields.Many2one(
        "partner.credit.collection.plan.wizard", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    selected = fields.Boolean(string="Plan", default=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    amount_receivable = fields.Monetary(
        string="Receivable", currency_field="currency_id", readonly=True
    )
    amount_overdue = fields.Monetary(string="Overdue", currency_field="currency_id", readonly=True)
    amount_old = fields.Monetary(
        string="Old, Not Yet Due", currency_field="currency_id", readonly=True
    )
    date_oldest_due = fields.Date(string="Oldest Due Date", readonly=True)
    target_amount = fields.Monetary(string="Target", currency_field="currency_id")
    user_id = fields.Many2one("res.users", string="Owner", domain="[('share', '=', False)]")
    date_deadline = fields.Date(string="Deadline")
