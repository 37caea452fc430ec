"""Customer statements (对账单, SPEC §3.I, seed 003): the record, its figures and guards.

A statement tells a customer, for a period, what the books say it owes: the opening balance
(its receivable as of the day before the period), the period's invoices, credit notes,
payments and other entries one by one with a running balance, the closing balance (its
receivable as of the period's last day) and the aging of that balance. Every figure comes from
the receivables ledger (partner_credit_ledger.py, partner_credit_ledger_statement.py), as of
those dates, in the company's tree and currency.

The figures are taken when the statement is created and can be taken again while it is a
draft (*Refresh*); from the moment it is sent it is a document: its lines, figures and PDF are
kept as the customer got them, whatever is posted afterwards. What happens next — sending,
confirmation, dispute, filing in the archive — is in partner_credit_statement_workflow.py.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.aging import BUCKET_KEYS

STATEMENT_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("confirmed", "Confirmed"),
    ("disputed", "Disputed"),
]
# what a statement states: frozen once it has left the draft state
LOCKED_FIELDS = {
    "partner_id",
    "company_id",
    "date_from",
    "date_to",
    "line_ids",
    "opening_balance",
    "amount_invoiced",
    "amount_refunded",
    "amount_paid",
    "amount_other",
    "closing_balance",
    *(f"aging_{key}" for key in BUCKET_KEYS),
}


class PartnerCreditStatement(models.Model):
    """A customer statement of account (对账单) for a period, as of its dates."""

    _name = "partner.credit.statement"
    _description = "Customer Statement"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(
        string="Statement No.",
        required=True,
        copy=False,
        readonly=True,
        default="/",
        index="trigram",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Send To",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="['|', ('id', '=', partner_id), ('commercial_partner_id', '=', partner_id)]",
        help="Who receives the statement: the customer's invoice address by default.",
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True, index=True)
    state = fields.Selection(
        STATEMENT_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    line_ids = fields.One2many(
        "partner.credit.statement.line", "statement_id", string="Movements", readonly=True
    )
    opening_balance = fields.Monetary(
        readonly=True, help="The customer's receivable as of the day before the period."
    )
    amount_invoiced = fields.Monetary(
        string="Invoices", readonly=True, help="Customer invoices dated in the period."
    )
    amount_refunded = fields.Monetary(
        string="Credit Notes", readonly=True, help="Credit notes dated in the period."
    )
    amount_paid = fields.Monetary(
        string="Payments", readonly=True, help="Payments received in the period."
    )
    amount_other = fields.Monetary(
        string="Other Entries",
        readonly=True,
        help="Other entries on the customer's receivable in the period: adjustments, "
        "exchange differences, write-offs.",
    )
    closing_balance = fields.Monetary(
        readonly=True, help="The customer's receivable as of the last day of the period."
    )
    aging_not_due = fields.Monetary(string="Not Due", readonly=True)
    aging_days_0_30 = fields.Monetary(string="0-30 Days", readonly=True)
    aging_days_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    aging_days_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    aging_days_91_180 = fields.Monetary(string="91-180 Days", readonly=True)
    aging_days_over_180 = fields.Monetary(string="Over 180 Days", readonly=True)
    aging_overdue = fields.Monetary(
        string="Overdue", compute="_compute_aging_overdue", help="Due before the period's end."
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    sent_by_id = fields.Many2one("res.users", string="Sent By", readonly=True, copy=False)
    pdf_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Statement Sent",
        readonly=True,
        copy=False,
        help="The PDF as the customer got it.",
    )
    signed_attachment_ids = fields.Many2many(
        "ir.attachment",
        "partner_credit_statement_signed_rel",
        "statement_id",
        "attachment_id",
        string="Signed Copy",
        copy=False,
        help="The copy the customer returned with its seal and signature; filed in the "
        "archive with the statement when it is confirmed.",
    )
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed By", readonly=True, copy=False)
    date_confirmed = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    disputed_by_id = fields.Many2one("res.users", string="Disputed By", readonly=True, copy=False)
    date_disputed = fields.Datetime(string="Disputed On", readonly=True, copy=False)
    dispute_amount = fields.Monetary(
        string="Difference",
        copy=False,
        tracking=True,
        help="The customer's balance less the statement's closing balance.",
    )
    dispute_note = fields.Text(copy=False, tracking=True)
    archive_document_id = fields.Many2one(
        "partner.archive.document",
        string="Archive Document",
        readonly=True,
        copy=False,
        help="The confirmation filed in the customer's archive.",
    )

    @api.depends("partner_id")
    def _compute_contact_id(self):
        for statement in self:
            partner = statement.partner_id
            statement.contact_id = partner.address_get(["invoice"])["invoice"] if partner else False

    @api.depends("closing_balance", "aging_not_due")
    def _compute_aging_overdue(self):
        for statement in self:
            statement.aging_overdue = statement.closing_balance - statement.aging_not_due

    def _compute_access_url(self):
        # the customer portal's page of a statement (issue 21 serves it)
        for statement in self:
            statement.access_url = f"/my/statements/{statement.id}"

    def _compute_display_name(self):
        for statement in self:
            statement.display_name = f"{statement.name} {statement.partner_id.name or ''}".strip()

    # ------------------------------------------------------------------
    # CRUD and guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                raise UserError(self.env._("A new statement starts as a draft."))
            self._check_period(vals.get("date_from"), vals.get("date_to"))
            if vals.get("partner_id"):
                vals["partner_id"] = partners.browse(vals["partner_id"]).commercial_partner_id.id
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id"))
                sequence = self.env["ir.sequence"].with_company(company or self.env.company)
                vals["name"] = sequence.next_by_code("partner.credit.statement") or "/"
        statements = super().create(vals_list)
        statements._credit_statement_compute()
        return statements

    def write(self, vals):
        if LOCKED_FIELDS & vals.keys():
            for statement in self:
                if statement.state != "draft":
                    raise UserError(
                        self.env._(
                            "The statement %(name)s has been sent: what it states can no "
                            "longer change. Make a new statement instead.",
                            name=statement.name,
                        )
                    )
        if {"date_from", "date_to"} & vals.keys():
            for statement in self:
                self._check_period(
                    vals.get("date_from", statement.date_from),
                    vals.get("date_to", statement.date_to),
                )
        if vals.get("partner_id"):
            vals = dict(vals)
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
        res = super().write(vals)
        if {"partner_id", "company_id", "date_from", "date_to"} & vals.keys():
            self._credit_statement_compute()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        for statement in self:
            if statement.state != "draft":
                raise UserError(
                    self.env._(
                        "The statement %(name)s has been sent: it is kept as a document and "
                        "cannot be deleted.",
                        name=statement.name,
                    )
                )

    def _credit_check_lines_editable(self):
        """The lines of a statement change only with its figures, while it is a draft."""
        for statement in self:
            if statement.state != "draft":
                raise UserError(
                    self.env._(
                        "The statement %(name)s has been sent: its movements can no longer change.",
                        name=statement.name,
                    )
                )

    @api.model
    def _check_period(self, date_from, date_to):
        """Refuse a period without both dates, inverted, or not yet ended."""
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if not date_from or not date_to:
            raise ValidationError(
                self.env._("A statement needs the first and last day of its period.")
            )
        if date_from > date_to:
            raise ValidationError(
                self.env._(
                    "The period of a statement cannot end (%(date_to)s) before it starts "
                    "(%(date_from)s).",
                    date_from=fields.Date.to_string(date_from),
                    date_to=fields.Date.to_string(date_to),
                )
            )
        if date_to > fields.Date.context_today(self):
            raise ValidationError(
                self.env._(
                    "A statement's period cannot end in the future (%(date_to)s): the books "
                    "of a day not yet over are not known.",
                    date_to=fields.Date.to_string(date_to),
                )
            )

    # ------------------------------------------------------------------
    # figures from the ledger
    # ------------------------------------------------------------------
    def action_refresh(self):
        """Take the figures again from the ledger (drafts only)."""
        for statement in self:
            if statement.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft statement can be refreshed (%(name)s): a sent statement "
                        "keeps what the customer got.",
                        name=statement.name,
                    )
                )
        self._credit_statement_compute()
        return True

    def _credit_statement_compute(self):
        """Fill the lines and figures of these draft statements from the ledger: one set of
        queries per company and period, whatever the number of customers."""
        drafts = self.filtered(lambda s: s.state == "draft")
        groups = {}
        for statement in drafts:
            key = (statement.company_id, statement.date_from, statement.date_to)
            groups.setdefault(key, self.browse())
            groups[key] |= statement
        Line = self.env["partner.credit.statement.line"]
        drafts.line_ids.unlink()
        line_vals = []
        for (company, date_from, date_to), statements in groups.items():
            data = self._credit_statement_data(
                statements.partner_id.ids, company, date_from, date_to
            )
            for statement in statements:
                values, lines = data.get(statement.partner_id.id, ({}, []))
                statement.write(self._credit_statement_empty_values() | values)
                line_vals += [{"statement_id": statement.id, **line} for line in lines]
        Line.create(line_vals)

    @api.model
    def _credit_statement_empty_values(self):
        figures = ("opening_balance", "amount_invoiced", "amount_refunded", "amount_paid")
        figures += ("amount_other", "closing_balance")
        return dict.fromkeys((*figures, *(f"aging_{key}" for key in BUCKET_KEYS)), 0.0)

    @api.model
    def _credit_statement_data(self, partner_ids, company, date_from, date_to):
        """What the statements of ``partner_ids`` for the period say, from the ledger:
        {partner id: (statement values, [line values])}."""
        ledger = self.env["partner.credit.ledger"]
        opening_date = ledger._statement_opening_date(date_from)
        opening = ledger._figures(partner_ids, company, opening_date)
        closing = ledger._figures(partner_ids, company, ledger._check_date(date_to))
        ledger._flush()
        aging = {
            row.pop("partner_id"): row
            for row in self.env.execute_query_dict(ledger._aging_sql(company, date_to, partner_ids))
        }
        movements = {}
        for row in ledger._statement_movements(partner_ids, company, date_from, date_to):
            movements.setdefault(row["partner_id"], []).append(row)
        result = {}
        for pid in partner_ids:
            currency = company.currency_id
            balance = opening.get(pid, {}).get("receivable", 0.0)
            values = {
                "opening_balance": balance,
                "closing_balance": closing.get(pid, {}).get("receivable", 0.0),
            }
            values.update({f"aging_{key}": aging.get(pid, {}).get(key, 0.0) for key in BUCKET_KEYS})
            totals = dict.fromkeys(("invoice", "refund", "payment", "other"), 0.0)
            lines = []
            for sequence, row in enumerate(movements.get(pid, []), start=1):
                balance = currency.round(balance + row["balance"])
                totals[row["kind"]] += row["balance"]
                lines.append(
                    {
                        "sequence": sequence,
                        "date": row["date"],
                        "date_due": row["date_due"],
                        "move_id": row["move_id"],
                        "document": row["document"],
                        "description": row["description"],
                        "kind": row["kind"],
                        "debit": max(row["balance"], 0.0),
                        "credit": max(-row["balance"], 0.0),
                        "balance": balance,
                    }
                )
            values.update(
                {
                    "amount_invoiced": totals["invoice"],
                    "amount_refunded": -totals["refund"],
                    "amount_paid": -totals["payment"],
                    "amount_other": totals["other"],
                }
            )
            result[pid] = (values, lines)
        return result

    def _credit_statement_aging_rows(self):
        """[(label, amount)] of the aging as of the period's end, in the context language."""
        self.ensure_one()
        labels = [label for label, _kind, _width in self.partner_id._credit_aging_columns()]
        return list(zip(labels, (self[f"aging_{key}"] for key in BUCKET_KEYS), strict=True))

    def _credit_statement_filename(self):
        """The PDF's file name (without extension), the same in every language."""
        self.ensure_one()
        return (self.name or "statement").replace("/", "-")
