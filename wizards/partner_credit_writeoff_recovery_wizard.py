from odoo import api, fields, models


class PartnerCreditWriteoffRecoveryWizard(models.TransientModel):
    """Record a payment received after a write-off as its recovery (收回已核销坏账): choose
    the customer's payment (an open receipt dated on or after the write-off) and the amount."""

    _name = "partner.credit.writeoff.recovery.wizard"
    _description = "Record Bad-Debt Recovery"

    writeoff_id = fields.Many2one(
        "partner.credit.writeoff", string="Write-off", required=True, readonly=True
    )
    currency_id = fields.Many2one(related="writeoff_id.currency_id")
    payment_line_id = fields.Many2one(
        "account.move.line",
        string="Payment",
        required=True,
        domain="[('id', 'in', allowed_line_ids)]",
    )
    allowed_line_ids = fields.Many2many("account.move.line", compute="_compute_allowed_line_ids")
    amount = fields.Monetary(currency_field="currency_id", required=True)
    date = fields.Date(required=True, default=lambda self: self._default_date())

    @api.model
    def _default_date(self):
        return fields.Date.context_today(self)

    @api.depends("writeoff_id")
    def _compute_allowed_line_ids(self):
        Line = self.env["account.move.line"].sudo()
        Writeoff = self.env["partner.credit.writeoff"]
        for wizard in self:
            wizard.allowed_line_ids = (
                Line.search(Writeoff._credit_writeoff_recovery_domain(wizard.writeoff_id))
                if wizard.writeoff_id.state == "posted"
                else Line
            )

    @api.onchange("payment_line_id")
    def _onchange_payment_line_id(self):
        writeoff = self.writeoff_id
        if self.payment_line_id and writeoff:
            self.amount = min(
                -self.payment_line_id.amount_residual,
                writeoff.amount - writeoff.amount_recovered,
            )
            self.date = self.payment_line_id.date

    def action_recover(self):
        self.ensure_one()
        self.writeoff_id._credit_writeoff_recover(self.payment_line_id, self.amount, self.date)
        return {"type": "ir.actions.act_window_close"}
