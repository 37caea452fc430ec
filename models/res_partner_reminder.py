"""The kinds of reminder (动态管理, SPEC §3.E), declared in one table, and what makes each due.

How a run schedules and closes them, and who is responsible, is in
``res_partner_reminder_run.py``. A new kind of reminder is one row of ``REMINDER_KINDS`` and a
``_credit_reminder_due_<code>`` method returning its due items: the archive kinds' (document,
review) are below, the credit kinds' (report, limit) in ``res_partner_reminder_credit.py``, the
key-account kinds' (downgrade, volume, greeting, congrats) in
``res_partner_reminder_key_account.py``.

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
from odoo.tools import SQL
from odoo.tools.misc import format_date

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
    # bills of acceptance and credit securities (SPEC §3.J): res_partner_reminder_bill.py
    ReminderKind(
        "bill",
        "_credit_reminder_due_bill",
        "credit_reminder_type_bill_id",
        "partner_credit_archive.mail_activity_type_credit_bill_maturity",
        lambda env: env._("the bill was collected, passed on or dishonoured"),
        lead_field="credit_bill_reminder_days",
    ),
    ReminderKind(
        "security",
        "_credit_reminder_due_security",
        "credit_reminder_type_security_id",
        "partner_credit_archive.mail_activity_type_credit_security_expiry",
        lambda env: env._("the security was renewed or released"),
        lead_field="credit_security_reminder_days",
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

    # ------------------------------------------------------------------ due items
    # each returns [(partner id, cause, {"user", "deadline", "summary", "note"})]

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
