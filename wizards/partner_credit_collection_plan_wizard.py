"""The year-end review (年末清收, seed 003): one proposed collection plan per customer with
overdue or old receivables as of a date; the credit manager edits the lines and creates the
plans.

Proposed: every customer whose overdue amount plus old amount (open items not yet due but
dated more than "Old after" days before the date) is positive on the ledger as of the date,
and who has no open plan in the company yet. Target: that amount, at most the receivable.
Owner: the salesperson, else the wizard's owner. Deadline: the wizard's.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

MANAGER_GROUP = "partner_credit_archive.group_credit_manager"


class PartnerCreditCollectionPlanWizard(models.TransientModel):
    _name = "partner.credit.collection.plan.wizard"
    _description = "Year-End Review"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Review As Of",
        required=True,
        default=lambda self: self._default_date(),
        help="The receivables are taken as the books had them on this day; payments from it "
        "on count as collected.",
    )
    old_days = fields.Integer(
        string="Old after (days)",
        default=365,
        help="Open items dated more than this many days before the review date are old "
        "receivables even when their payment terms are not over yet.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner without Salesperson",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(
        string="Deadline", required=True, default=lambda self: self._default_deadline()
    )
    line_ids = fields.One2many("partner.credit.collection.plan.wizard.line", "wizard_id")
    proposed = fields.Boolean(readonly=True)

    @api.model
    def _default_company(self):
        return self.env.company

    @api.model
    def _default_date(self):
        return fields.Date.context_today(self)

    @api.model
    def _default_deadline(self):
        return fields.Date.context_today(self) + relativedelta(months=3)

    def _check_input(self):
        self.ensure_one()
        self.env["partner.credit.rights"]._require(
            MANAGER_GROUP, self.env._("Only credit managers make collection plans.")
        )
        self.env["partner.credit.ledger"]._check_date(self.date)
        if self.date_deadline < self.date:
            raise UserError(self.env._("The deadline cannot be before the review date."))
        if not 0 <= self.old_days <= 3650:
            raise UserError(self.env._("“Old after” must be between 0 and 3650 days."))

    def action_propose(self):
        """Replace the lines by the customers with overdue or old receivables."""
        self._check_input()
        self = self.with_company(self.company_id)  # noqa: PLW0642 (the ledger is per company)
        figures = self.env["partner.credit.ledger"]._collectable(
            self.company_id, self.env["partner.credit.ledger"]._check_date(self.date), self.old_days
        )
        with_plan = set(
            self.env["partner.credit.collection.plan"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("state", "=", "open")])
            .partner_id.ids
        )
        rounding = self.currency_id.rounding
        targets = {}
        for partner_id, row in figures.items():
            target = min(row["overdue"] + row["old"], row["receivable"])
            if partner_id not in with_plan and target >= rounding:
                targets[partner_id] = (row, target)
        partners = self.env["res.partner"].browse(targets).exists()
        lines = [fields.Command.clear()]
        for partner in partners.sorted(lambda p: (-targets[p.id][1], p.id)):
            row, target = targets[partner.id]
            salesperson = partner.user_id.filtered(lambda user: user.active and not user.share)
            lines.append(
                fields.Command.create(
                    {
                        "partner_id": partner.id,
                        "amount_overdue": row["overdue"],
                        "amount_old": row["old"],
                        "amount_receivable": row["receivable"],
                        "date_oldest_due": row["oldest_due"],
                        "target_amount": self.currency_id.round(target),
                        "user_id": (salesperson or self.user_id).id,
                        "date_deadline": self.date_deadline,
                    }
                )
            )
        self.write({"line_ids": lines, "proposed": True})
        return self._reopen()

    def action_create_plans(self):
        self._check_input()
        lines = self.line_ids.filtered("selected")
        if not lines:
            raise UserError(self.env._("Select at least one customer to make a plan for."))
        for line in lines:
            if line.target_amount <= 0:
                raise UserError(
                    self.env._(
                        "The target for %(customer)s must be positive.",
                        customer=line.partner_id.display_name,
                    )
                )
            if not line.user_id:
                raise UserError(
                    self.env._(
                        "Give the plan for %(customer)s an owner.",
                        customer=line.partner_id.display_name,
                    )
                )
            if not line.date_deadline or line.date_deadline < self.date:
                raise UserError(
                    self.env._(
                        "The deadline for %(customer)s cannot be before the review date.",
                        customer=line.partner_id.display_name,
                    )
                )
        plans = self.env["partner.credit.collection.plan"].create(
            [
                {
                    "partner_id": line.partner_id.id,
                    "company_id": self.company_id.id,
                    "user_id": line.user_id.id,
                    "date": self.date,
                    "date_deadline": line.date_deadline,
                    "amount_base": line.amount_overdue + line.amount_old,
                    "target_amount": line.target_amount,
                }
                for line in lines
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collection Plans"),
            "res_model": "partner.credit.collection.plan",
            "view_mode": "list,form,pivot",
            "domain": [("id", "in", plans.ids)],
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Year-End Review"),
            "context": {**self.env.context, "dialog_size": "extra-large"},
        }
