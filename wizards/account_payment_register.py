from odoo import api, fields, models

from ..models.account_payment import BILL_INPUTS
from ..models.partner_credit_bill import BILL_KINDS


class AccountPaymentRegister(models.TransientModel):
    """Register a payment in the bills-receivable journal: the bill's details go with it, and
    the payment records its bill (account_payment.py)."""

    _inherit = "account.payment.register"

    credit_is_bill_payment = fields.Boolean(
        string="Paid with a Bill", compute="_compute_credit_is_bill_payment"
    )
    credit_bill_kind = fields.Selection(BILL_KINDS, string="Bill Kind", default="bank")
    credit_bill_number = fields.Char(string="Bill Number")
    credit_bill_is_electronic = fields.Boolean(string="Electronic Bill", default=True)
    credit_bill_acceptor = fields.Char(string="Acceptor")
    credit_bill_drawer = fields.Char(string="Drawer")
    credit_bill_date_issue = fields.Date(string="Bill Issue Date")
    credit_bill_date_maturity = fields.Date(string="Bill Maturity Date")

    @api.depends("journal_id", "payment_type", "partner_type", "company_id")
    def _compute_credit_is_bill_payment(self):
        for wizard in self:
            journal = wizard.company_id.sudo().credit_bill_journal_id
            wizard.credit_is_bill_payment = bool(
                journal
                and wizard.journal_id == journal
                and wizard.payment_type == "inbound"
                and wizard.partner_type == "customer"
            )

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        if self.credit_is_bill_payment:
            vals.update({fname: self[fname] for fname in BILL_INPUTS})
        return vals
