"""Reminders and reviews (动态管理, SPEC §3.E): the archive keeps itself current.

One reminder run looks at a set of customers in one company and makes the customers' open
reminder activities match what is due, set-based:

- every **due item** gets exactly one ``mail.activity`` for its responsible user. The item is
  named by the activity's ``credit_reminder_key`` (``<kind>:<company id>:<cause>``, company 0
  for items that do not depend on the company), so a second run finds it and schedules nothing;
- an item someone has marked done is not scheduled again: its key names one occurrence (one
  report, one review date, one document's expiry date, one holiday, one month), and a new
  occurrence gets a new key;
- an open reminder whose item is no longer due is **marked done** with a feedback note saying
  why (report renewed, document replaced, review done, limit reviewed, holiday passed …), so the
  customer's chatter keeps the trace. Reminders are never deleted.

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

Responsible users, each falling back to the next when empty, archived or not an internal user:

- *archive keeper*: the customer's archive keeper → its salesperson → the credit manager below;
- *credit manager*: the archive keeper when they are a credit manager → the company's "Credit
  Reminders To" user (Settings) → the first credit manager of the company (lowest id). The
  salesperson is deliberately not used: reviewing the limit of one's own customer is the
  conflict of duties seed 003 warns about;
- *salesperson*: the salesperson → the archive keeper → the credit manager above.

The "monthly average" is the average of the confirmed sales per calendar month over the KPI
window (default 12 months) before the month looked at, months without sales counting as zero
and months before the first order not counting (``tools/reminders.py``).
"""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import kpi as kpi_tools
from ..tools import reminders as reminder_tools

_logger = logging.getLogger(__name__)

REMINDER_BATCH_SIZE = 1000
KEEPER_GROUP = "partner_credit_archive.group_archive_keeper"
MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
KEY_ACCOUNT_CODES = ("strategic", "long_term")
# grade log lines younger than this raise a downgrade alert (grading runs monthly)
DOWNGRADE_LOOKBACK_DAYS = 45
PROGRESS_PARAM = "partner_credit_archive.reminder_progress"
# kind -> (company field with its activity type, xml id of the shipped type)
KINDS = {
    "report": ("credit_reminder_type_report_id", "mail_activity_type_credit_report"),
    "limit": ("credit_reminder_type_limit_id", "mail_activity_type_credit_limit_review"),
    "document": ("credit_reminder_type_document_id", "mail_activity_type_archive_document"),
    "review": ("credit_reminder_type_review_id", "mail_activity_type_archive_review"),
    "alert": ("credit_reminder_type_alert_id", "mail_activity_type_key_account_alert"),
    "care": ("credit_reminder_type_care_id", "mail_activity_type_key_account_care"),
}
# the first part of a reminder key -> its kind
ITEMS = {
    "report": "report",
    "limit": "limit",
    "document": "document",
    "review": "review",
    "downgrade": "alert",
    "volume": "alert",
    "greeting": "care",
    "congrats": "care",
}
# items of the archive itself, not of a company: evaluated in one company only
ARCHIVE_ITEMS = {"document", "review"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        if "credit_report_id" in vals:
            # a report approved (or expired): renewal reminders follow at once
            self._archive_commercial().sudo()._credit_reminders_sync({"report"})
        return res

    # ------------------------------------------------------------------ actions

    def action_credit_schedule_reminders(self):
        """Server action "Schedule review reminders": the daily run, now, on these customers."""
        if not self.env.user.has_group(KEEPER_GROUP):
            raise AccessError(self.env._("Only archive keepers can schedule review reminders."))
        partners = self.commercial_partner_id._archive_commercial()
        created, closed = partners.sudo()._credit_reminders_sync()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Review Reminders"),
                "message": self.env._(
                    "%(count)s customer(s): %(created)s reminder(s) scheduled, %(closed)s closed.",
                    count=len(partners),
                    created=created,
                    closed=closed,
                ),
                "type": "success",
                "sticky": False,
            },
        }

    def action_archive_mark_reviewed(self):
        res = super().action_archive_mark_reviewed()
        self._archive_commercial().sudo()._credit_reminders_sync({"review"})
        return res

    def action_credit_limit_reviewed(self):
        """A credit manager reviewed the limit and keeps it: a "review" credit decision (old =
        new limit) moves the review date one year on and closes the limit review reminder."""
        partners = self.commercial_partner_id
        for partner in partners:
            limit = partner.sudo().credit_limit
            partner._credit_check_limit_change(limit)
            partner._credit_record_decision(
                limit, limit, self.env._("Credit limit reviewed and kept."), "review"
            )
        partners.sudo()._credit_reminders_sync({"limit"})
        return True

    # --------------------------------------------------------- scheduled action

    @api.model
    def _cron_credit_reminders(self, batch_size=REMINDER_BATCH_SIZE):
        """Daily: the reminder run over every customer of every company, in committed batches.

        Resumable: the last customer done is kept in a system parameter with the day, so a run
        cut short (time limit, restart) goes on where it stopped the same day. Customers are
        taken in id order, which is what makes "the last customer done" mean "all before it".
        A customer whose reminders fail is logged and skipped: the next run tries it again.
        """
        cron = self.env["ir.cron"]
        params = self.env["ir.config_parameter"].sudo()
        today = fields.Date.context_today(self)
        company_from, id_from = 0, 0
        progress = (params.get_param(PROGRESS_PARAM) or "").split(":")
        if len(progress) == 3 and progress[0] == today.isoformat():
            company_from, id_from = int(progress[1]), int(progress[2])
        companies = self.env["res.company"].sudo().search([("id", ">=", company_from)], order="id")
        for company in companies:
            partners = self.sudo().with_company(company)
            domain = partners._credit_reminder_domain()
            last_id = id_from if company.id == company_from else 0
            while True:
                batch = partners.search(
                    domain & Domain("id", ">", last_id), limit=batch_size, order="id"
                )
                if not batch:
                    break
                cron._credit_process_batch(batch, "_credit_reminders_sync")
                last_id = batch[-1].id
                params.set_param(PROGRESS_PARAM, f"{today.isoformat()}:{company.id}:{last_id}")
                remaining = partners.search_count(domain & Domain("id", ">", last_id))
                if not cron._commit_progress(len(batch), remaining=remaining):
                    return
        params.set_param(PROGRESS_PARAM, f"{today.isoformat()}:done")

    # ----------------------------------------------------------- the reminder run

    @api.model
    def _credit_reminder_domain(self):
        """The partners the daily run looks at in the current company: customers and partners
        with an archive keeper, commercial partners only, in id order."""
        return Domain(
            [
                ("company_id", "in", [False, self.env.company.id]),
                "|",
                ("is_company", "=", True),
                ("parent_id", "=", False),
                "|",
                ("customer_rank", ">", 0),
                ("archive_keeper_id", "!=", False),
            ]
        )

    def _credit_reminders_sync(self, items=None):
        """Make the open reminders of these commercial partners match what is due.

        Runs in the current company (call it in sudo: reminders are the system's). ``items``
        restricts the run to some kinds of item (first parts of the key, see ``ITEMS``), e.g.
        ``{"review"}`` right after an archive review. Returns ``(created, closed)`` counts.
        """
        if not self:
            return 0, 0
        company = self.env.company
        today = fields.Date.context_today(self)
        items = set(items or ITEMS)
        Activity = self.env["mail.activity"].with_context(active_test=False)
        Activity.flush_model()
        # archive items belong to one company's run only, or each company would close the
        # reminders the others scheduled when their tiers differ
        archive_company = self._credit_reminder_archive_company()
        at_home = {p.id for p in self if (p.company_id or archive_company) == company}
        known = {}
        for activity in Activity.search_fetch(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.ids),
                ("credit_reminder_key", "!=", False),
            ],
            ["res_id", "credit_reminder_key", "active"],
        ):
            item, company_part, _cause = activity.credit_reminder_key.split(":", 2)
            if item in items and int(company_part) in (0, company.id):
                if item in ARCHIVE_ITEMS and activity.res_id not in at_home:
                    continue
                known[activity.res_id, activity.credit_reminder_key] = activity
        run = {
            "company": company,
            "today": today,
            "known": known,
            "users": self._credit_reminder_users(),
            "at_home": self.browse(sorted(at_home)),
        }
        due = {}
        for item in sorted(items):
            for partner_id, cause, values in getattr(self, f"_credit_reminder_due_{item}")(run):
                company_part = 0 if item in ARCHIVE_ITEMS else company.id
                due[partner_id, f"{item}:{company_part}:{cause}"] = values
        to_create = [
            (partner_id, key, values)
            for (partner_id, key), values in due.items()
            if (partner_id, key) not in known and values["user"]
        ]
        to_close = [
            activity for pair, activity in known.items() if activity.active and pair not in due
        ]
        self._credit_reminder_create(to_create)
        self._credit_reminder_close(to_close)
        return len(to_create), len(to_close)

    def _credit_reminder_create(self, items):
        if not items:
            return
        types = self._credit_reminder_types()
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner_id, key, values in items:
            activity_type = types[ITEMS[key.split(":", 1)[0]]]
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner_id,
                    "activity_type_id": activity_type.id,
                    "user_id": values["user"].id,
                    "date_deadline": values["deadline"],
                    "summary": values["summary"],
                    "note": Markup("<p>%s</p>") % values["note"],
                    "automated": True,
                    "credit_reminder_key": key,
                }
            )
        # no e-mail per reminder: they are in each user's activities (systray, Reminders menu)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    def _credit_reminder_close(self, activities):
        """Mark done, with a note in the assignee's language saying why it is no longer due."""
        groups = {}
        for activity in activities:
            item = activity.credit_reminder_key.split(":", 1)[0]
            groups.setdefault((item, activity.user_id.lang), []).append(activity.id)
        Activity = self.env["mail.activity"]
        for (item, lang), ids in groups.items():
            env = self.with_context(lang=lang).env if lang else self.env
            reasons = {
                "report": env._("the credit report was renewed or is no longer due"),
                "limit": env._("the credit limit was reviewed"),
                "document": env._("the document was replaced or is no longer mandatory"),
                "review": env._("the archive was reviewed"),
                "downgrade": env._("the customer is back in its tier"),
                "volume": env._("the month is over or the sales are back to normal"),
                "greeting": env._("the holiday has passed"),
                "congrats": env._("the month is over"),
            }
            Activity.browse(ids).action_feedback(
                feedback=env._("Closed automatically: %(reason)s.", reason=reasons[item])
            )

    # ------------------------------------------------------------- set-up of a run

    @api.model
    def _credit_reminder_types(self):
        """{kind: activity type}: the company's setting, else the type shipped as data."""
        company = self.env.company
        types = {}
        for kind, (fname, xmlid) in KINDS.items():
            types[kind] = company[fname] or self.env.ref(f"partner_credit_archive.{xmlid}")
        return types

    @api.model
    def _credit_reminder_archive_company(self):
        """The company whose run looks after the archives of partners shared by all companies."""
        return self.env["res.company"].sudo().search([], order="id", limit=1)

    def _credit_reminder_users(self):
        """{partner id: {"keeper": user, "manager": user, "sales": user}}, see the module doc."""
        company = self.env.company
        group = self.env.ref(MANAGER_GROUP)
        managers = group.sudo().all_user_ids.filtered(lambda user: user.active and not user.share)
        default_manager = (
            company.credit_reminder_user_id.filtered(lambda user: user.active and not user.share)
            or managers.filtered(lambda user: company in user.company_ids).sorted("id")[:1]
        )

        def usable(user):
            return user if user and user.active and not user.share else None

        result = {}
        for partner in self:
            keeper = usable(partner.archive_keeper_id)
            sales = usable(partner.user_id)
            manager = keeper if keeper and keeper in managers else default_manager
            result[partner.id] = {
                "keeper": keeper or sales or manager,
                "manager": manager,
                "sales": sales or keeper or manager,
            }
        return result

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
