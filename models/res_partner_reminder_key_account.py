"""Key-account reminders (SPEC §3.E): alerts to the credit manager and care by the salesperson.

Rows ``downgrade`` and ``volume`` (alerts: a strategic or long-term customer downgraded, or its
last month's sales far off its monthly average) and ``greeting`` and ``congrats`` (care: holiday
greetings, thanks for a strong month) of ``REMINDER_KINDS`` (res_partner_reminder.py, which also
describes when each kind is due). The monthly sales are read once per run for both volume
kinds; the maths is in ``tools/reminders.py``.
"""

from datetime import timedelta

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import kpi as kpi_tools
from ..tools import reminders as reminder_tools

KEY_ACCOUNT_CODES = ("strategic", "long_term")
# grade log lines younger than this raise a downgrade alert (grading runs monthly)
DOWNGRADE_LOOKBACK_DAYS = 45


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_reminder_key_accounts(self):
        """The partners of ``self`` that are strategic or long-term in the current company."""
        return self.filtered(lambda p: p.credit_tier_id.code in KEY_ACCOUNT_CODES)

    def _credit_reminder_due_downgrade(self, run):
        today = run["today"]
        due = []
        for log in self._credit_reminder_downgrade_logs(run):
            old_tier, current = log.old_tier_id, log.partner_id.credit_tier_id
            if log.new_tier_id.sequence <= old_tier.sequence:
                continue  # not a downgrade
            if current and current.sequence <= old_tier.sequence:
                continue  # back in its tier
            user = run["users"][log.partner_id.id]["manager"]
            env = self._credit_reminder_lang_env(user)
            new_tier = log.new_tier_id.with_env(env)
            due.append(
                (
                    log.partner_id.id,
                    log.id,
                    {
                        "user": user,
                        "deadline": max(log.date.date(), today),
                        "summary": env._("Key account downgraded to %(tier)s", tier=new_tier.name),
                        "note": env._(
                            "%(partner)s went from %(old)s to %(new)s on %(date)s. Find out "
                            "why and decide on credit and care.",
                            partner=log.partner_id.display_name,
                            old=old_tier.with_env(env).name,
                            new=new_tier.name,
                            date=format_date(env, log.date.date()),
                        ),
                    },
                )
            )
        return due

    def _credit_reminder_downgrade_logs(self, run):
        """The grade log lines of ``self`` in the run's company that left a key-account tier:
        the recent ones, and the ones open reminders still point at."""
        company, today = run["company"], run["today"]
        log_ids = {
            int(key.rsplit(":", 1)[1])
            for (_pid, key), activity in run["known"].items()
            if activity.active and key.startswith("downgrade:")
        }
        return self.env["partner.credit.grade.log"].search(
            Domain("partner_id", "in", self.ids)
            & Domain("company_id", "=", company.id)
            & Domain("old_tier_id.code", "in", list(KEY_ACCOUNT_CODES))
            & Domain.OR(
                [
                    Domain("date", ">=", today - timedelta(days=DOWNGRADE_LOOKBACK_DAYS)),
                    Domain("id", "in", sorted(log_ids)),
                ]
            )
        )

    def _credit_reminder_volume_signals(self, run):
        """{partner id: (month, amount, average, deviation %)} for the key accounts of ``self``,
        for the last complete month; cached on the run (alerts and congratulations share it)."""
        if "volume" in run:
            return run["volume"]
        company, today = run["company"], run["today"]
        partners = self._credit_reminder_key_accounts()
        month = kpi_tools.add_months(kpi_tools.month_start(today), -1)
        window = company.credit_kpi_window_months
        start = kpi_tools.add_months(month, -window)
        end = kpi_tools.add_months(month, 1)
        signals = {}
        if partners:
            monthly, firsts = partners._credit_reminder_monthly_sales(start, end)
            for partner_id, amounts in monthly.items():
                months = reminder_tools.baseline_months(month, window, firsts[partner_id])
                signal = reminder_tools.volume_signal(amounts, month, months)
                if signal:
                    signals[partner_id] = (month, *signal)
        run["volume"] = signals
        return signals

    def _credit_reminder_monthly_sales(self, start, end):
        """Confirmed sales of the customers ``self`` per month from ``start`` to ``end``
        (excluded), in company currency at the orders' rates, in the companies of grading.

        :return: ({partner id: {month start: amount}}, {partner id: date of the first order})
        """
        # the grading KPIs' definition of confirmed sales (partner.credit.kpi._sales_sql):
        # orders dated before ``end``, their real lines
        kpi = self.env["partner.credit.kpi"]
        monthly, firsts = {}, {}
        for kind, partner_id, day, amount in self.env.execute_query(
            SQL(
                """
                WITH %(ctes)s
                SELECT 'first', partner_id, MIN(day), NULL FROM orders GROUP BY partner_id
                 UNION ALL
                SELECT 'month', partner_id, month, ordered FROM (%(monthly)s) monthly
                """,
                ctes=kpi._sales_sql(
                    self.ids, self._credit_grading_companies().ids, end - timedelta(days=1)
                ),
                monthly=kpi._monthly_sql(start, end),
            )
        ):
            if kind == "first":
                firsts[partner_id] = day
            else:
                monthly.setdefault(partner_id, {})[day] = amount or 0.0
        return monthly, firsts

    def _credit_reminder_due_volume(self, run):
        percent = run["company"].credit_reminder_volume_percent
        return self._credit_reminder_volume_due(
            run,
            "manager",
            lambda signal: reminder_tools.volume_flags(signal, percent, 0)[0],
            lambda env, args: (
                env._("Key account sales %(deviation)s%% off average", deviation=args["deviation"]),
                env._(
                    "%(partner)s bought %(amount)s in %(month)s against a monthly "
                    "average of %(average)s (%(deviation)s%%). Find out why.",
                    **args,
                ),
            ),
        )

    def _credit_reminder_due_congrats(self, run):
        percent = run["company"].credit_reminder_congrats_percent
        return self._credit_reminder_volume_due(
            run,
            "sales",
            lambda signal: reminder_tools.volume_flags(signal, 0, percent)[1],
            lambda env, args: (
                env._("Congratulate and thank the customer"),
                env._(
                    "%(partner)s bought %(amount)s in %(month)s, %(deviation)s%% above "
                    "its monthly average of %(average)s: thank them.",
                    **args,
                ),
            ),
        )

    def _credit_reminder_volume_due(self, run, role, flagged, texts):
        """The due items of one monthly-volume kind (alert or congratulation): the key
        accounts whose last month ``flagged`` (amount, average, deviation) says so, for the
        user of ``role``, with ``texts(env, args)`` → (summary, note) in that user's language."""
        due = []
        for partner_id, (month, amount, average, deviation) in self._credit_reminder_volume_signals(
            run
        ).items():
            if not flagged((amount, average, deviation)):
                continue
            user = run["users"][partner_id][role]
            args = self._credit_reminder_volume_args(
                self.browse(partner_id), month, amount, average, deviation
            )
            summary, note = texts(self._credit_reminder_lang_env(user), args)
            due.append(
                (
                    partner_id,
                    month.isoformat()[:7],
                    {"user": user, "deadline": run["today"], "summary": summary, "note": note},
                )
            )
        return due

    @api.model
    def _credit_reminder_volume_args(self, partner, month, amount, average, deviation):
        """The figures a monthly-volume reminder quotes, formatted once for both kinds."""
        return {
            "partner": partner.display_name,
            "amount": f"{amount:,.2f}",
            "average": f"{average:,.2f}",
            "month": month.strftime("%Y-%m"),
            "deviation": f"{deviation:+.0f}",
        }

    def _credit_reminder_due_greeting(self, run):
        company, today = run["company"], run["today"]
        holidays = (
            self.env["partner.credit.holiday"]
            .search(
                Domain("company_id", "in", [False, company.id])
                & Domain("date", ">=", today)
                & Domain("date", "<=", today + timedelta(days=60))
            )
            .filtered(lambda h: reminder_tools.holiday_due(h.date, h.lead_days, today))
        )
        if not holidays:
            return []
        due = []
        for partner in self._credit_reminder_key_accounts():
            user = run["users"][partner.id]["sales"]
            env = self._credit_reminder_lang_env(user)
            for holiday in holidays.with_env(env):
                due.append(
                    (
                        partner.id,
                        holiday.id,
                        {
                            "user": user,
                            "deadline": max(today, holiday.date - timedelta(days=1)),
                            "summary": env._("%(holiday)s greetings", holiday=holiday.name),
                            "note": env._(
                                "%(holiday)s is on %(date)s: send %(partner)s the season's "
                                "greetings.",
                                holiday=holiday.name,
                                date=format_date(env, holiday.date),
                                partner=partner.display_name,
                            ),
                        },
                    )
                )
        return due
