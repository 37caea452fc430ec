"""Reminder kind ``plan`` (row of ``REMINDER_KINDS``, res_partner_reminder.py): the owner of
an open collection plan whose target is not reached yet is reminded from the company's lead
time (default 7 days) before the deadline until the plan is closed or reaches its target."""

from datetime import timedelta

from odoo import models
from odoo.tools.misc import format_amount, format_date


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_reminder_due_plan(self, run):
        company, today = run["company"], run["today"]
        horizon = today + timedelta(days=company.credit_plan_reminder_days)
        plans = self.env["partner.credit.collection.plan"].search(
            [
                ("partner_id", "in", self.ids),
                ("company_id", "=", company.id),
                ("state", "=", "open"),
                ("date_deadline", "<=", horizon),
            ]
        )
        due = []
        for plan in plans:
            if plan.amount_collected >= plan.target_amount:
                continue
            owner = plan.user_id
            user = (
                owner
                if owner.active and not owner.share
                else run["users"][plan.partner_id.id]["manager"]
            )
            env = self._credit_reminder_lang_env(user)
            currency = plan.currency_id
            due.append(
                (
                    plan.partner_id.id,
                    str(plan.id),
                    {
                        "user": user,
                        "deadline": plan.date_deadline,
                        "summary": env._(
                            "Collection plan due %(date)s",
                            date=format_date(env, plan.date_deadline),
                        ),
                        "note": env._(
                            "Collect %(target)s from %(partner)s by %(date)s: %(collected)s "
                            "collected so far, %(remaining)s still to collect.",
                            target=format_amount(env, plan.target_amount, currency),
                            partner=plan.partner_id.display_name,
                            date=format_date(env, plan.date_deadline),
                            collected=format_amount(env, plan.amount_collected, currency),
                            remaining=format_amount(env, plan.amount_remaining, currency),
                        ),
                    },
                )
            )
        return due
