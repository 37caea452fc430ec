"""The collection file of a customer in a company (催收): the line of the worklist.

One record per commercial partner and company, kept up to date by the daily collections job
and by every payment (``res.partner._credit_collections_sync``): the overdue and disputed
amounts, the oldest undisputed overdue invoice, the level reached, the actions taken, the next
promise to pay and the collector's month (overdue at the month start, collected since). The
figures are those of the receivables ledger at the last sync; they are stored so that the
worklist can be grouped by level and pivoted by collector over any number of customers.

The record is never deleted: once everything overdue is paid it leaves the worklist (``open``
is false) and keeps its history of actions and promises.
"""

from odoo import api, fields, models
from odoo.tools import SQL, formatLang

from .partner_credit_ledger_collection import DISPUTED


class PartnerCreditCollection(models.Model):
    _name = "partner.credit.collection"
    _inherit = ["mail.thread"]
    _description = "Customer Collection"
    _order = "oldest_days desc, overdue_amount desc, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        index=True,
        help="Who collects: the customer's salesperson (seed 003: 谁经手谁负责), else the "
        "company's collector (Settings).",
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    level_id = fields.Many2one(
        "partner.credit.collection.level",
        string="Collection Level",
        index="btree_not_null",
        ondelete="restrict",
        group_expand="_read_group_level_id",
    )
    level_action = fields.Selection(related="level_id.action", string="Level Action")
    level_floor_id = fields.Many2one(
        "partner.credit.collection.level",
        string="Level After Broken Promise",
        ondelete="restrict",
        help="A broken promise to pay escalates to the next level at once: the customer stays "
        "at least at this level until the overdue invoices are paid.",
    )
    open = fields.Boolean(
        index=True,
        help="The customer has overdue invoices (undisputed or disputed): it is on the worklist.",
    )
    receivable = fields.Monetary(currency_field="currency_id")
    overdue_amount = fields.Monetary(
        string="Overdue",
        currency_field="currency_id",
        help="Overdue invoices not in dispute (what is dunned).",
    )
    disputed_amount = fields.Monetary(
        string="Disputed",
        currency_field="currency_id",
        help="Overdue invoices in dispute: out of dunning until the dispute is settled.",
    )
    date_oldest_due = fields.Date(
        string="Oldest Due Date", help="Due date of the oldest undisputed overdue invoice."
    )
    oldest_days = fields.Integer(
        string="Oldest (days)",
        aggregator="max",
        help="Days overdue of the oldest undisputed overdue invoice (at the last update).",
    )
    date_sync = fields.Date(string="Updated On", readonly=True)
    action_ids = fields.One2many(
        "partner.credit.collection.action", "collection_id", string="Actions"
    )
    last_action_id = fields.Many2one(
        "partner.credit.collection.action", string="Last Action", readonly=True
    )
    last_action_date = fields.Datetime(related="last_action_id.date", string="Last Action On")
    promise_ids = fields.One2many("partner.credit.promise", "collection_id", string="Promises")
    promise_id = fields.Many2one(
        "partner.credit.promise",
        string="Next Promise",
        readonly=True,
        help="The next pending promise to pay: escalation waits until its date.",
    )
    promise_date = fields.Date(related="promise_id.date", string="Promised For")
    promise_amount = fields.Monetary(
        related="promise_id.amount", string="Promised", currency_field="currency_id"
    )
    month_date = fields.Date(
        string="Month", readonly=True, help="First day of the month of the month's figures."
    )
    overdue_month_start = fields.Monetary(
        string="Overdue at Month Start",
        currency_field="currency_id",
        help="Overdue invoices as the books stood at the end of the previous month.",
    )
    collected_month = fields.Monetary(
        string="Collected This Month",
        currency_field="currency_id",
        help="Payments received from the customer since the first day of the month.",
    )

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)", "A customer has one collection file per company."
    )

    @api.depends("partner_id", "company_id")
    def _compute_display_name(self):
        for collection in self:
            collection.display_name = collection.partner_id.display_name

    @api.model
    def _read_group_level_id(self, levels, domain):
        """Every level of the current company is a kanban column, also when empty."""
        return self.env["partner.credit.collection.level"]._levels_for(self.env.company)

    # ------------------------------------------------------------------ actions

    def action_log_promise(self):
        """Button "Log Promise": the promise form for this customer, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Promise to Pay"),
            "res_model": "partner.credit.promise",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
                "default_amount": self.overdue_amount,
                "default_date": fields.Date.add(fields.Date.context_today(self), days=7),
            },
        }

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    def action_open_overdue_invoices(self):
        """The customer's open invoices, overdue first (disputes are marked on them)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        action["context"] = {"create": False}
        return action

    def action_refresh(self):
        """Update these collection files now (what the daily job does)."""
        for company, collections in self.grouped("company_id").items():
            collections.partner_id.with_company(company).sudo()._credit_collections_sync()
        return True

    def _credit_fmt(self, amount, company=None):
        company = company or self.company_id[:1] or self.env.company
        return formatLang(self.env, amount, currency_obj=company.currency_id)

    def _credit_promise_next(self):
        """Point each file at its next pending promise (the earliest promised date)."""
        pending = self.env["partner.credit.promise"].search(
            [("collection_id", "in", self.ids), ("state", "=", "pending")], order="date, id"
        )
        first = {}
        for promise in pending:
            first.setdefault(promise.collection_id.id, promise)
        for collection in self:
            promise = first.get(collection.id, pending.browse())
            if collection.promise_id != promise:
                collection.promise_id = promise

    def _credit_level(self, levels, rank, days, broken):
        """(level, floor) of this file after ``days`` days overdue (its oldest undisputed
        invoice), ``levels`` in escalation order (``rank``: level id → position); ``broken``:
        a promise was broken just now (the next level at once)."""
        self.ensure_one()
        none = levels.browse()
        if not days:
            return none, none
        level = levels._level_for_days(levels, days)
        current = self.level_id if self.level_id.id in rank else none
        floor = self.level_floor_id if self.level_floor_id.id in rank else none

        def higher(first, second):
            if not first or not second:
                return first or second
            return first if rank[first.id] >= rank[second.id] else second

        if broken and levels:
            base = higher(current, level)
            following = rank[base.id] + 1 if base else 0
            floor = higher(floor, levels[min(following, len(levels) - 1)])
        level = higher(level, floor)
        if self.promise_id and level and (not current or rank[level.id] > rank[current.id]):
            level = current  # a pending promise: no escalation until its date
        return level, floor

    def _credit_write_changed(self, vals):
        """Write the values of ``vals`` that differ (a sync that changes nothing writes
        nothing)."""
        self.ensure_one()
        changed = {}
        for fname, value in vals.items():
            field = self._fields[fname]
            current = self[fname]
            if field.type == "many2one":
                current = current.id
            if field.type == "monetary":
                if self.currency_id.compare_amounts(current, value or 0.0):
                    changed[fname] = value
            elif (current or False) != (value or False):
                changed[fname] = value
        if changed:
            self.write(changed)

    def _credit_letter_items(self):
        """The undisputed overdue invoices of this file's customer, oldest first, as the
        collection letter lists them: [{"name", "date", "date_due", "days", "amount"}]."""
        self.ensure_one()
        ledger = self.env["partner.credit.ledger"].sudo()
        ledger._flush()
        today = fields.Date.context_today(self)
        rows = self.env.execute_query(
            SQL(
                """SELECT m.name, i.date, i.date_due, i.amount
                     FROM %s i JOIN account_move m ON m.id = i.move_id
                    WHERE i.amount > 0 AND i.date_due < %s AND NOT %s
                 ORDER BY i.date_due, m.name""",
                ledger._items_sql(self.company_id, [self.partner_id.id]),
                today,
                DISPUTED,
            )
        )
        return [
            {"name": name, "date": date, "date_due": due, "days": (today - due).days, "amount": a}
            for name, date, due, a in rows
        ]
