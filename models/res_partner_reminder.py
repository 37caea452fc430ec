"""The kinds of reminder (动态管理, SPEC §3.E), declared in one table, and what makes each due.

How a run schedules and closes them, and who is responsible, is in
``res_partner_reminder_run.py``. A new kind of reminder is one row of ``REMINDER_KINDS`` and a
``_credit_reminder_due_<code>`` method returning its due items.

Due items and who gets them:

====================  ==========================================================  ============
kind                  due when                                                    responsible
====================  ==========================================================  ============
report renewal        the latest approved (or expired) credit report of the       credit
                      customer in the company expires within the lead time        manager
                      (default 30 days) or has expired
limit review          the limit review date (``date_credit_review``) has come     credit
                                                                                  manager
document expiry       a verified mandatory document expires within the document   archive
                      expiry lead time or has expired (and no newer one is filed) keeper
archive review        the next archive review date (interval from the tier) has   archive
                      come                                                        keeper
key-account alert     a strategic or long-term customer was downgraded (until it  credit
                      regains the tier), or its last complete month's sales are   manager
                      off its monthly average by more than X % (default 50)
key-account care      greeting before each configured holiday (once per holiday);  salesperson
                      congratulation when the last complete month's sales rose
                      at least Y % (default 30) above the monthly average
====================  ==========================================================  ============

The "monthly average" is the average of the confirmed sales per calendar month over the KPI
window (default 12 months) before the month looked at, months without sales counting as zero
and months before the first order not counting (``tools/reminders.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass
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
# the roles of ``_credit_reminder_users``
REMINDER_ROLES = ("keeper", "manager", "sales")
REMINDER_SCOPES = ("company", "archive")


@dataclass(frozen=True, eq=False)
class ReminderKind:
    """One kind of reminder.

    - ``code``: the first part of its activities' ``credit_reminder_key``;
    - ``method``: the res.partner method giving its due items, ``method(run)`` →
      ``[(partner id, cause, {"user", "deadline", "summary", "note"})]``;
    - ``type_field``: the res.company field with its activity type, ``type_xmlid`` the type
      shipped as data (used when the field is empty);
    - ``close_reason``: ``close_reason(env)`` says, in ``env``'s language, why an open reminder
      was closed when no longer due;
    - ``scope``: ``"company"`` (one item per company) or ``"archive"`` (the archive's own,
      evaluated in one company only; key company 0);
    - ``responsible``: the role of ``_credit_reminder_users`` the method gives it to;
    - ``lead_field``: the res.company field with its lead time in days, if it has one.
    """

    code: str
    method: str
    type_field: str
    type_xmlid: str
    close_reason: Callable
    scope: str = "company"
    responsible: str = "manager"
    lead_field: str | None = None


REMINDER_KINDS = (
    ReminderKind(
        "report",
        "_credit_reminder_due_report",
        "credit_reminder_type_report_id",
        "partner_credit_archive.mail_activity_type_credit_report",
        lambda env: env._("the credit report was renewed or is no longer due"),
        lead_field="credit_reminder_report_days",
    ),
    ReminderKind(
        "limit",
        "_credit_reminder_due_limit",
        "credit_reminder_type_limit_id",
        "partner_credit_archive.mail_activity_type_credit_limit_review",
        lambda env: env._("the credit limit was reviewed"),
    ),
    ReminderKind(
        "document",
        "_credit_reminder_due_document",
        "credit_reminder_type_document_id",
        "partner_credit_archive.mail_activity_type_archive_document",
        lambda env: env._("the document was replaced or is no longer mandatory"),
        scope="archive",
        responsible="keeper",
        lead_field="archive_expiry_lead_days",
    ),
    ReminderKind(
        "review",
        "_credit_reminder_due_review",
        "credit_reminder_type_review_id",
        "partner_credit_archive.mail_activity_type_archive_review",
        lambda env: env._("the archive was reviewed"),
        scope="archive",
        responsible="keeper",
    ),
    ReminderKind(
        "downgrade",
        "_credit_reminder_due_downgrade",
        "credit_reminder_type_alert_id",
        "partner_credit_archive.mail_activity_type_key_account_alert",
        lambda env: env._("the customer is back in its tier"),
    ),
    ReminderKind(
        "volume",
        "_credit_reminder_due_volume",
        "credit_reminder_type_alert_id",
        "partner_credit_archive.mail_activity_type_key_account_alert",
        lambda env: env._("the month is over or the sales are back to normal"),
    ),
    ReminderKind(
        "greeting",
        "_credit_reminder_due_greeting",
        "credit_reminder_type_care_id",
        "partner_credit_archive.mail_activity_type_key_account_care",
        lambda env: env._("the holiday has passed"),
        responsible="sales",
    ),
    ReminderKind(
        "congrats",
        "_credit_reminder_due_congrats",
        "credit_reminder_type_care_id",
        "partner_credit_archive.mail_activity_type_key_account_care",
        lambda env: env._("the month is over"),
        responsible="sales",
    ),
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _credit_reminder_kinds(self):
        """{code: ReminderKind}: the declared kinds of reminder. Add a kind by adding a row
        (here or in an override) and its ``_credit_reminder_due_<code>`` method."""
        return {kind.code: kind for kind in REMINDER_KINDS}

    def _register_hook(self):
        super()._register_hook()
        self._credit_reminder_check_kinds()

    @api.model
    def _credit_reminder_check_kinds(self):
        """Fail at load, not at the first nightly run, when a declared kind is inconsistent."""
        company_fields = self.env["res.company"]._fields
        for code, kind in self._credit_reminder_kinds().items():
            problems = []
            if code != kind.code or ":" in code:
                problems.append("a code without ':', the key of the row")
            if not callable(getattr(self, kind.method, None)):
                problems.append(f"no method {kind.method}")
            for fname in filter(None, (kind.type_field, kind.lead_field)):
                if fname not in company_fields:
                    problems.append(f"no res.company field {fname}")
            if kind.scope not in REMINDER_SCOPES:
                problems.append(f"scope {kind.scope!r} not in {REMINDER_SCOPES}")
            if kind.responsible not in REMINDER_ROLES:
                problems.append(f"responsible {kind.responsible!r} not in {REMINDER_ROLES}")
            if problems:
                raise ValueError(f"Reminder kind {code!r}: {'; '.join(problems)}")

    def _credit_reminder_lang_env(self, user):
        """An environment in ``user``'s language: each reminder is written in its reader's."""
        if not user or not user.lang or user.lang == self.env.lang:
            return self.env
        return self.with_context(lang=user.lang).env

    def _credit_reminder_key_accounts(self):
        """The partners of ``self`` that are strategic or long-term in the current company."""
        return self.filtered(lambda p: p.credit_tier_id.code in KEY_ACCOUNT_CODES)

    # ------------------------------------------------------------------ due items
    # each returns [(partner id, cause, {"user", "deadline", "summary", "note"})]

    def _credit_reminder_due_report(self, run):
        company, today = run["company"], run["today"]
        limit_date = today + timedelta(days=company.credit_reminder_report_days)
        Report = self.env["partner.credit.report"]
        Report.flush_model(["partner_id", "company_id", "state", "valid_until"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (partner_id) partner_id, id, name, valid_until
                  FROM partner_credit_report
                 WHERE partner_id = ANY(%s)
                   AND company_id = %s
                   AND state IN ('approved', 'expired')
                   AND valid_until IS NOT NULL
              ORDER BY partner_id, valid_until DESC, id DESC
                """,
                self.ids,
                company.id,
            )
        )
        due = []
        for partner_id, report_id, name, valid_until in rows:
            if valid_until > limit_date:
                continue
            user = run["users"][partner_id]["manager"]
            env = self._credit_reminder_lang_env(user)
            if valid_until < today:
                note = env._(
                    "Credit report %(report)s expired on %(date)s: investigate the customer "
                    "again and approve a new report.",
                    report=name,
                    date=format_date(env, valid_until),
                )
            else:
                note = env._(
                    "Credit report %(report)s expires on %(date)s: investigate the customer "
                    "again and approve a new report before then.",
                    report=name,
                    date=format_date(env, valid_until),
                )
            due.append(
                (
                    partner_id,
                    report_id,
                    {
                        "user": user,
                        "deadline": max(valid_until, today),
                        "summary": env._("Renew credit report %(report)s", report=name),
                        "note": note,
                    },
                )
            )
        return due

    def _credit_reminder_due_limit(self, run):
        return self._credit_reminder_due_by_date(
            self,
            run,
            "date_credit_review",
            "manager",
            lambda env, partner, day: (
                env._("Review the credit limit"),
                env._(
                    "The credit limit of %(partner)s was to be reviewed on %(date)s: "
                    "change it, or confirm it with “Limit Reviewed”.",
                    partner=partner.display_name,
                    date=format_date(env, day),
                ),
            ),
        )

    @api.model
    def _credit_reminder_due_by_date(self, partners, run, fname, role, texts):
        """One item per partner whose date ``fname`` has come, for the user of ``role``;
        ``texts(env, partner, date)`` gives the summary and note in that user's language."""
        today = run["today"]
        due = []
        for partner in partners:
            day = partner[fname]
            if not day or day > today:
                continue
            user = run["users"][partner.id][role]
            summary, note = texts(self._credit_reminder_lang_env(user), partner, day)
            due.append(
                (
                    partner.id,
                    day.isoformat(),
                    {"user": user, "deadline": day, "summary": summary, "note": note},
                )
            )
        return due

    def _credit_reminder_due_document(self, run):
        partners = run["at_home"]
        if not partners:
            return []
        today = run["today"]
        limit_date = today + timedelta(days=run["company"].archive_expiry_lead_days)
        mandatory = partners._archive_mandatory_types()
        type_ids = sorted({type_id for types in mandatory.values() for type_id in types.ids})
        if not type_ids:
            return []
        Document = self.env["partner.archive.document"]
        Document.flush_model(
            ["partner_id", "company_id", "type_id", "expiry_date", "is_verified", "active"]
        )
        # the documents of the run's company's archives (one archive per customer and company)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, type_id, bool_or(expiry_date IS NULL), MAX(expiry_date)
                  FROM partner_archive_document
                 WHERE partner_id = ANY(%s)
                   AND company_id = %s
                   AND type_id = ANY(%s)
                   AND is_verified
                   AND active
              GROUP BY partner_id, type_id
                """,
                partners.ids,
                run["company"].id,
                type_ids,
            )
        )
        Type = self.env["partner.archive.document.type"]
        due = []
        for partner_id, type_id, never_expires, expiry in rows:
            if never_expires or not expiry or expiry > limit_date:
                continue
            if type_id not in mandatory[partner_id].ids:
                continue
            user = run["users"][partner_id]["keeper"]
            env = self._credit_reminder_lang_env(user)
            doc_type = Type.with_env(env).browse(type_id)
            if expiry < today:
                note = env._(
                    "The %(type)s in the archive expired on %(date)s: file the new one.",
                    type=doc_type.display_name,
                    date=format_date(env, expiry),
                )
            else:
                note = env._(
                    "The %(type)s in the archive expires on %(date)s: file the new one.",
                    type=doc_type.display_name,
                    date=format_date(env, expiry),
                )
            due.append(
                (
                    partner_id,
                    f"{type_id}:{expiry.isoformat()}",
                    {
                        "user": user,
                        "deadline": max(expiry, today),
                        "summary": env._("Renew: %(type)s", type=doc_type.display_name),
                        "note": note,
                    },
                )
            )
        return due

    def _credit_reminder_due_review(self, run):
        return self._credit_reminder_due_by_date(
            run["at_home"],
            run,
            "archive_date_next_review",
            "keeper",
            lambda env, partner, day: (
                env._("Review the customer archive"),
                env._(
                    "The archive of %(partner)s was due for its periodic review on "
                    "%(date)s: check the profile and documents, then use “Mark as "
                    "Reviewed”.",
                    partner=partner.display_name,
                    date=format_date(env, day),
                ),
            ),
        )

    def _credit_reminder_due_downgrade(self, run):
        company, today = run["company"], run["today"]
        # recent downgrades, and the ones open reminders still point at
        log_ids = {
            int(key.rsplit(":", 1)[1])
            for (_pid, key), activity in run["known"].items()
            if activity.active and key.startswith("downgrade:")
        }
        Log = self.env["partner.credit.grade.log"]
        logs = Log.search(
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
        due = []
        for log in logs:
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
            for model in ("sale.order", "sale.order.line"):
                self.env[model].flush_model()
            company_ids = self._credit_grading_companies().ids
            local_date = SQL(
                "(timezone(%s, timezone('UTC', so.date_order)))::date", self.env.user.tz or "UTC"
            )
            monthly, firsts = {}, {}
            for partner_id, first_order, month_start, amount in self.env.execute_query(
                SQL(
                    """
                    WITH orders AS (
                        SELECT p.commercial_partner_id AS partner_id, so.id,
                               %(local_date)s AS day,
                               COALESCE(NULLIF(so.currency_rate, 0), 1) AS rate
                          FROM sale_order so
                          JOIN res_partner p ON p.id = so.partner_id
                         WHERE p.commercial_partner_id = ANY(%(ids)s)
                           AND so.company_id = ANY(%(company_ids)s)
                           AND so.state = 'sale'
                           AND %(local_date)s < %(end)s
                    ), firsts AS (
                        SELECT partner_id, MIN(day) AS first_order FROM orders GROUP BY 1
                    )
                    SELECT f.partner_id, f.first_order, date_trunc('month', o.day)::date,
                           SUM(sol.price_subtotal / o.rate)
                      FROM firsts f
                      JOIN orders o ON o.partner_id = f.partner_id AND o.day >= %(start)s
                      JOIN sale_order_line sol ON sol.order_id = o.id
                     WHERE sol.display_type IS NULL
                       AND sol.is_downpayment IS NOT TRUE
                  GROUP BY 1, 2, 3
                    """,
                    local_date=local_date,
                    ids=partners.ids,
                    company_ids=company_ids,
                    start=start,
                    end=end,
                )
            ):
                firsts[partner_id] = first_order
                monthly.setdefault(partner_id, {})[month_start] = amount or 0.0
            for partner_id, amounts in monthly.items():
                months = reminder_tools.baseline_months(month, window, firsts[partner_id])
                signal = reminder_tools.volume_signal(amounts, month, months)
                if signal:
                    signals[partner_id] = (month, *signal)
        run["volume"] = signals
        return signals

    def _credit_reminder_due_volume(self, run):
        company = run["company"]
        due = []
        for partner_id, (month, amount, average, deviation) in self._credit_reminder_volume_signals(
            run
        ).items():
            alert, _congrats = reminder_tools.volume_flags(
                (amount, average, deviation), company.credit_reminder_volume_percent, 0
            )
            if not alert:
                continue
            partner = self.browse(partner_id)
            user = run["users"][partner_id]["manager"]
            env = self._credit_reminder_lang_env(user)
            due.append(
                (
                    partner_id,
                    month.isoformat()[:7],
                    {
                        "user": user,
                        "deadline": run["today"],
                        "summary": env._(
                            "Key account sales %(deviation)s%% off average",
                            deviation=f"{deviation:+.0f}",
                        ),
                        "note": env._(
                            "%(partner)s bought %(amount)s in %(month)s against a monthly "
                            "average of %(average)s (%(deviation)s%%). Find out why.",
                            **self._credit_reminder_volume_args(
                                partner, month, amount, average, deviation
                            ),
                        ),
                    },
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

    def _credit_reminder_due_congrats(self, run):
        company = run["company"]
        due = []
        for partner_id, (month, amount, average, deviation) in self._credit_reminder_volume_signals(
            run
        ).items():
            _alert, congrats = reminder_tools.volume_flags(
                (amount, average, deviation), 0, company.credit_reminder_congrats_percent
            )
            if not congrats:
                continue
            partner = self.browse(partner_id)
            user = run["users"][partner_id]["sales"]
            env = self._credit_reminder_lang_env(user)
            due.append(
                (
                    partner_id,
                    month.isoformat()[:7],
                    {
                        "user": user,
                        "deadline": run["today"],
                        "summary": env._("Congratulate and thank the customer"),
                        "note": env._(
                            "%(partner)s bought %(amount)s in %(month)s, %(deviation)s%% above "
                            "its monthly average of %(average)s: thank them.",
                            **self._credit_reminder_volume_args(
                                partner, month, amount, average, deviation
                            ),
                        ),
                    },
                )
            )
        return due

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
