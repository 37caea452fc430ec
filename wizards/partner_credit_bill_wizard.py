from odoo import api, fields, models


class PartnerCreditBillWizard(models.TransientModel):
    """Endorse held bills to a supplier, or discount them at a bank."""

    _name = "partner.credit.bill.wizard"
    _description = "Endorse or Discount Bills"
    _check_company_auto = True

    mode = fields.Selection(
        [("endorse", "Endorse"), ("discount", "Discount")], required=True, default="endorse"
    )
    bill_ids = fields.Many2many("partner.credit.bill", string="Bills", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=lambda self: fields.Date.context_today(self))
    endorsee_id = fields.Many2one(
        "res.partner",
        string="Endorse To",
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The supplier who takes the bill as payment.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank",
        check_company=True,
        domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
        help="The bank journal that receives the discounted amount.",
    )
    charge = fields.Monetary(
        string="Discount Charge", help="Interest the bank keeps (an expense of the company)."
    )
    charge_account_id = fields.Many2one(
        "account.account",
        string="Charge Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_other'))]",
    )
    with_recourse = fields.Boolean(
        default=True,
        help="With recourse (the usual case): if the acceptor does not pay, the holder turns "
        "back to the company, so the bill counts in the customer's exposure until maturity.",
    )

    @api.model
    def _default_company(self):
        return self.env.company

    def action_apply(self):
        self.ensure_one()
        bills = self.bill_ids.with_company(self.company_id)
        if self.mode == "endorse":
            bills._credit_endorse(self.endorsee_id, self.date, self.with_recourse)
        else:
            bills._credit_discount(
                self.journal_id,
                self.date,
                self.charge,
                self.charge_account_id,
                self.with_recourse,
            )
        return {"type": "ir.actions.act_window_close"}
