from odoo import api, fields, models

MOVEMENT_KIND_SELECTION = [
    ("invoice", "Invoice"),
    ("refund", "Credit Note"),
    ("payment", "Payment"),
    ("other", "Other Entry"),
]


class PartnerCreditStatementLine(models.Model):
    """One movement of a customer statement, as it stood when the statement was made: a
    journal item on the customer's receivable dated in the period, with the running balance.

    The document's number and description are kept as text, so that a sent statement reads the
    same even if the entry is later changed or removed."""

    _name = "partner.credit.statement.line"
    _description = "Customer Statement Line"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one(
        "partner.credit.statement", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    currency_id = fields.Many2one(related="statement_id.currency_id")
    date = fields.Date(required=True)
    date_due = fields.Date(string="Due Date")
    move_id = fields.Many2one("account.move", string="Entry", ondelete="set null")
    document = fields.Char(string="Document No.")
    description = fields.Char()
    kind = fields.Selection(MOVEMENT_KIND_SELECTION, string="Type", required=True)
    debit = fields.Monetary(string="Debit Amount")
    credit = fields.Monetary(string="Credit Amount")
    balance = fields.Monetary(help="The customer's balance after this movement.")

    @api.model_create_multi
    def create(self, vals_list):
        statements = self.env["partner.credit.statement"].browse(
            {vals.get("statement_id") for vals in vals_list}
        )
        statements._credit_check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.statement_id._credit_check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self.statement_id._credit_check_lines_editable()
