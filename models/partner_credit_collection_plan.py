"""Collection plans of the year-end review (年末清收, SPEC §3.I, seed 003).

A plan is a collection target for one customer: how much its owner (the salesperson who made
the sale, seed 003: 谁经手谁负责) is to collect by a deadline. The year-end review wizard
proposes them from the ledger; a credit manager edits and creates them.

- **Progress** (``amount_collected``) is what the customer paid since the plan's date (the
  ledger's ``_customer_payments``: payment and bank-statement entries, up to the day the plan
  is closed), refreshed set-based when a payment is posted or unposted and every night.
- A customer has at most one open plan per company.
- A plan is **closed** with its result: *achieved* (done), *partly* or *not achieved* (failed),
  with a note; a plan no longer wanted is **cancelled**, with a note too. Closed plans keep
  their figures. The owner is reminded before the deadline (reminder kind ``plan``).
"""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.float_utils import float_compare

PLAN_BATCH_SIZE = 1000
MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
PLAN_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
PLAN_RESULTS = [
    ("achieved", "Achieved"),
    ("partly", "Partly Achieved"),
    ("not_achieved", "Not Achieved"),
]


class PartnerCreditCollectionPlan(models.Model):
    _name = "partner.credit.collection.plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Collection Plan"
    _order = "date_deadline, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who is to collect: the customer's salesperson, else the user chosen in the "
        "year-end review.",
    )
    date = fields.Date(
        string="Plan Date",
        required=True,
        default=lambda self: self._default_date(),
        help="Payments from this day on count as collected.",
    )
    date_deadline = fields.Date(string="Deadline", required=True, tracking=True)
    amount_base = fields.Monetary(
        string="Overdue and Old at Review",
        currency_field="currency_id",
        readonly=True,
        help="The overdue and old receivable of the customer on the plan date, as the ledger "
        "had it.",
    )
    target_amount = fields.Monetary(
        string="Target", required=True, currency_field="currency_id", tracking=True
    )
    amount_collected = fields.Monetary(
        string="Collected",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="What the customer paid since the plan date (payments and bank statement "
        "lines; up to the closing day once the plan is closed).",
    )
    amount_remaining = fields.Monetary(
        string="Still to Collect", compute="_compute_progress", currency_field="currency_id"
    )
    progress = fields.Float(string="Progress (%)", compute="_compute_progress")
    state = fields.Selection(
        PLAN_STATES,
        string="Status",
        required=True,
        default="open",
        readonly=True,
        tracking=True,
        copy=False,
    )
    result = fields.Selection(
        PLAN_RESULTS,
        tracking=True,
        copy=False,
        help="Proposed from the progress when the plan is closed; change it if you know better.",
    )
    result_note = fields.Text(copy=False)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    note = fields.Text(help="How the owner means to collect: visits, calls, letters, terms.")

    _target_positive = models.Constraint(
        "CHECK(target_amount > 0)", "The target of a collection plan must be positive."
    )
    _deadline_after_date = models.Constraint(
        "CHECK(date_deadline >= date)",
        "The deadline of a collection plan cannot be before its date.",
    )
    _one_open_plan = models.UniqueIndex(
        "(partner_id, company_id) WHERE state = 'open'",
        "A customer has at most one open collection plan per company.",
    )

    @api.model
    def _default_company(self):
        return self.env.company

    @api.model
    def _default_date(self):
        return fields.Date.context_today(self)

    @api.depends("target_amount", "amount_collected")
    def _compute_progress(self):
        for plan in self:
            plan.amount_remaining = max(plan.target_amount - plan.amount_collected, 0.0)
            plan.progress = (
                min(100.0, 100.0 * plan.amount_collected / plan.target_amount)
                if plan.target_amount > 0
                else 0.0
            )

    @api.constrains("partner_id")
    def _check_partner_commercial(self):
        for plan in self:
            if plan.partner_id != plan.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Collection plans are made for the customer %(customer)s, not for "
                        "its contact %(contact)s.",
                        customer=plan.partner_id.commercial_partner_id.display_name,
                        contact=plan.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["partner.credit.rights"]._require(
            MANAGER_GROUP, self.env._("Only credit managers make collection plans.")
        )
        plans = super().create(vals_list)
        plans._credit_plan_refresh()
        return plans

    def write(self, vals):
        res = super().write(vals)
        if {"date", "partner_id", "company_id"} & vals.keys():
            self._credit_plan_refresh()
        return res

    # ------------------------------------------------------------------ actions

    def action_close(self):
        """Close open plans with their result (proposed from the progress when empty):
        achieved → done, partly or not achieved → failed. A note is needed unless the
        target was achieved."""
        self._credit_plan_require_manager()
        plans = self._credit_plan_open()
        plans._credit_plan_refresh()
        for plan in plans:
            result = plan.result or plan._credit_plan_proposed_result()
            if result != "achieved" and not plan.result_note:
                raise UserError(
                    self.env._(
                        "Say in the result note why the plan for %(customer)s was not "
                        "achieved before closing it.",
                        customer=plan.partner_id.display_name,
                    )
                )
            plan.write(
                {
                    "result": result,
                    "state": "done" if result == "achieved" else "failed",
                    "date_closed": fields.Date.context_today(self),
                }
            )
        return True

    def action_cancel(self):
        self._credit_plan_require_manager()
        plans = self._credit_plan_open()
        missing = plans.filtered(lambda plan: not plan.result_note)
        if missing:
            raise UserError(
                self.env._(
                    "Say in the result note why the plan for %(customer)s is cancelled.",
                    customer=missing[0].partner_id.display_name,
                )
            )
        plans._credit_plan_refresh()
        plans.write({"state": "cancelled", "date_closed": fields.Date.context_today(self)})
        return True

    def action_reopen(self):
        self._credit_plan_require_manager()
        self.write({"state": "open", "result": False, "date_closed": False})
        self._credit_plan_refresh()
        return True

    # ---------------------------------------------------------------- business

    def _credit_plan_require_manager(self):
        self.env["partner.credit.rights"]._require(
            MANAGER_GROUP, self.env._("Only credit managers close or cancel collection plans.")
        )

    def _credit_plan_open(self):
        closed = self.filtered(lambda plan: plan.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "The collection plan for %(customer)s is already closed.",
                    customer=closed[0].partner_id.display_name,
                )
            )
        return self

    def _credit_plan_proposed_result(self):
        self.ensure_one()
        rounding = self.currency_id.rounding
        if (
            float_compare(self.amount_collected, self.target_amount, precision_rounding=rounding)
            >= 0
        ):
            return "achieved"
        if float_compare(self.amount_collected, 0.0, precision_rounding=rounding) > 0:
            return "partly"
        return "not_achieved"

    def _credit_plan_refresh(self):
        """Recompute ``amount_collected`` of these plans from the ledger, set-based: one
        query per company, one UPDATE."""
        if not self:
            return
        self.flush_recordset(
            ["partner_id", "company_id", "date", "date_closed", "amount_collected"]
        )
        Ledger = self.env["partner.credit.ledger"]
        amounts = {}
        for company, plans in self.sudo().grouped("company_id").items():
            windows = [
                (plan.id, plan.partner_id.id, plan.date, plan.date_closed or date.max)
                for plan in plans
            ]
            amounts.update(Ledger.with_company(company)._customer_payments(company, windows))
        self.env.execute_query(
            SQL(
                """
                UPDATE partner_credit_collection_plan plan
                   SET amount_collected = COALESCE(paid.amount, 0)
                  FROM unnest(%s::int[]) AS ids(id)
             LEFT JOIN unnest(%s::int[], %s::numeric[]) AS paid(id, amount) ON paid.id = ids.id
                 WHERE plan.id = ids.id
                """,
                self.ids,
                list(amounts),
                list(amounts.values()),
            )
        )
        self.invalidate_recordset(["amount_collected"])

    @api.model
    def _credit_plan_refresh_partners(self, partners):
        """Refresh the open plans of these customers (a payment of theirs changed)."""
        commercial = partners.commercial_partner_id
        if commercial:
            self.sudo().search(
                [("partner_id", "in", commercial.ids), ("state", "=", "open")]
            )._credit_plan_refresh()

    @api.model
    def _cron_credit_collection_plans(self, batch_size=PLAN_BATCH_SIZE):
        """Nightly: refresh every open plan (payments entered in ways that post nothing, such
        as a bank statement line matched later, are caught here), in committed batches."""
        self.env["ir.cron"]._credit_run_batches(
            self.sudo(), Domain("state", "=", "open"), "_credit_plan_refresh", batch_size
        )
