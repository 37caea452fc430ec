from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class PartnerCreditStatementWizard(models.TransientModel):
    """Create the statements of a period for many customers at once, optionally sending them.

    The customers are the ones selected, or — none selected — every customer with something
    to state in the company: a receivable open before the period or a movement in it. A
    customer that already has a statement for exactly this period in the company is skipped,
    so running it twice creates nothing twice."""

    _name = "partner.credit.statement.wizard"
    _description = "Create Customer Statements"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        default=lambda self: self._default_partner_ids(),
        domain="[('parent_id', '=', False)]",
        help="Leave empty for every customer with something to state in the period.",
    )
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_date_to())
    skip_empty = fields.Boolean(
        string="Skip Customers Without Movements",
        default=True,
        help="Leave out selected customers with no opening balance and no movement in the period.",
    )
    send = fields.Boolean(
        string="Send at Once", help="Email each statement with its PDF to the customer now."
    )

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            return partners.commercial_partner_id.ids
        return []

    @api.model
    def _default_date_from(self):
        return self._default_date_to() + relativedelta(day=1)

    @api.model
    def _default_date_to(self):
        """The last day of the previous month."""
        return fields.Date.context_today(self) + relativedelta(day=1, days=-1)

    def action_create(self):
        self.ensure_one()
        Statement = self.env["partner.credit.statement"]
        Statement.check_access("create")
        Statement._check_period(self.date_from, self.date_to)
        partner_ids = self._partners_to_state()
        existing = Statement.search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_from", "=", self.date_from),
                ("date_to", "=", self.date_to),
                ("partner_id", "in", partner_ids),
            ]
        )
        partner_ids = [pid for pid in partner_ids if pid not in set(existing.partner_id.ids)]
        if not partner_ids:
            raise UserError(
                self.env._(
                    "No statement to create: the customers have nothing to state for the "
                    "period, or already have their statement for it."
                )
            )
        statements = Statement.create(
            [
                {
                    "partner_id": pid,
                    "company_id": self.company_id.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
                for pid in partner_ids
            ]
        )
        if self.send:
            statements._credit_statement_send()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_statement_action"
        )
        action["domain"] = [("id", "in", statements.ids)]
        return action

    def _partners_to_state(self):
        """The commercial partners to make a statement for (see the class docstring)."""
        ledger = self.env["partner.credit.ledger"]
        selected = self.partner_ids.commercial_partner_id
        if selected and not self.skip_empty:
            return selected.ids
        return ledger._statement_partners(
            self.company_id, self.date_from, self.date_to, selected.ids or None
        )
