"""Reminders of bills of acceptance and credit securities (SPEC §3.J).

Rows ``bill`` and ``security`` of ``REMINDER_KINDS`` (res_partner_reminder.py), both for the
customer's credit manager:

- *bill maturity*: a held bill matures within the lead time (default 15 days) or has matured
  and is not collected yet; closed when it is collected, passed on or dishonoured;
- *security expiry*: a security ends within the lead time (default 30 days) or has ended and is
  not released; closed when its end date moves (renewed) or it is released.
"""

from datetime import timedelta

from odoo import models
from odoo.tools.misc import format_date, formatLang


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_reminder_due_bill(self, run):
        company, today = run["company"], run["today"]
        limit_date = today + timedelta(days=company.credit_bill_reminder_days)
        bills = (
            self.env["partner.credit.bill"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "held"),
                    ("date_maturity", "<=", limit_date),
                ]
            )
        )
        due = []
        for bill in bills:
            user = run["users"][bill.partner_id.id]["manager"]
            env = self._credit_reminder_lang_env(user)
            values = {
                "number": bill.number,
                "amount": formatLang(env, bill.amount, currency_obj=bill.currency_id),
                "date": format_date(env, bill.date_maturity),
                "acceptor": bill.acceptor,
            }
            if bill.date_maturity < today:
                note = env._(
                    "Bill %(number)s (%(amount)s, accepted by %(acceptor)s) matured on "
                    "%(date)s and is not collected: collect it or record its dishonour.",
                    **values,
                )
            else:
                note = env._(
                    "Bill %(number)s (%(amount)s, accepted by %(acceptor)s) matures on "
                    "%(date)s: present it for collection.",
                    **values,
                )
            due.append(
                (
                    bill.partner_id.id,
                    str(bill.id),
                    {
                        "user": user,
                        "deadline": max(bill.date_maturity, today),
                        "summary": env._("Collect bill %(number)s", number=bill.number),
                        "note": note,
                    },
                )
            )
        return due

    def _credit_reminder_due_security(self, run):
        company, today = run["company"], run["today"]
        limit_date = today + timedelta(days=company.credit_security_reminder_days)
        securities = (
            self.env["partner.credit.security"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("company_id", "=", company.id),
                    ("date_end", "!=", False),
                    ("date_end", "<=", limit_date),
                ]
            )
        )
        due = []
        for security in securities:
            user = run["users"][security.partner_id.id]["manager"]
            env = self._credit_reminder_lang_env(user)
            values = {
                "security": security.with_env(env).display_name,
                "date": format_date(env, security.date_end),
            }
            if security.date_end < today:
                note = env._(
                    "Security %(security)s expired on %(date)s: its cover no longer counts "
                    "in the available credit. Renew it or release it.",
                    **values,
                )
            else:
                note = env._(
                    "Security %(security)s expires on %(date)s: renew it before then, or its "
                    "cover leaves the available credit.",
                    **values,
                )
            due.append(
                (
                    security.partner_id.id,
                    f"{security.id}:{security.date_end.isoformat()}",
                    {
                        "user": user,
                        "deadline": max(security.date_end, today),
                        "summary": env._("Renew security %(security)s", **values),
                        "note": note,
                    },
                )
            )
        return due
