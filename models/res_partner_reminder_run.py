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

Responsible users, each falling back to the next when empty, archived or not an internal user:

- *archive keeper*: the customer's archive keeper → its salesperson → the credit manager below;
- *credit manager*: the archive keeper when they are a credit manager → the company's "Credit
  Reminders To" user (Settings) → the first credit manager of the company (lowest id). The
  salesperson is deliberately not used: reviewing the limit of one's own customer is the
  conflict of duties seed 003 warns about;
- *salesperson*: the salesperson → the archive keeper → the credit manager above.

The kinds of reminder and what makes each due are declared in ``res_partner_reminder.py``
(``REMINDER_KINDS``).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain

REMINDER_BATCH_SIZE = 1000
KEEPER_GROUP = "partner_credit_archive.group_archive_keeper"
MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
PROGRESS_PARAM = "partner_credit_archive.reminder_progress"


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
        self.env["partner.credit.rights"]._require(
            KEEPER_GROUP, self.env._("Only archive keepers can schedule review reminders.")
        )
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
            partner._credit_ensure_limit_change(limit)
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
        restricts the run to some kinds (codes of ``_credit_reminder_kinds``, the first part of
        the key), e.g. ``{"review"}`` right after an archive review. Returns ``(created,
        closed)`` counts.
        """
        if not self:
            return 0, 0
        company = self.env.company
        today = fields.Date.context_today(self)
        kinds = self._credit_reminder_kinds()
        items = set(items or kinds)
        if items - kinds.keys():
            raise ValueError(f"Unknown reminder kinds: {sorted(items - kinds.keys())}")
        Activity = self.env["mail.activity"].with_context(active_test=False)
        Activity.flush_model()
        # what the run reads of every customer, in one narrow query: reading one of them
        # alone would fetch every column of 1 000 partners (0.15 s at 100 000 customers)
        self.fetch(["company_id", "user_id", "credit_tier_id", "commercial_partner_id"])
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
                if kinds[item].scope == "archive" and activity.res_id not in at_home:
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
            kind = kinds[item]
            company_part = 0 if kind.scope == "archive" else company.id
            for partner_id, cause, values in getattr(self, kind.method)(run):
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
            activity_type = types[key.split(":", 1)[0]]
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
        kinds = self._credit_reminder_kinds()
        Activity = self.env["mail.activity"]
        for (item, lang), ids in groups.items():
            env = self.with_context(lang=lang).env if lang else self.env
            Activity.browse(ids).action_feedback(
                feedback=env._(
                    "Closed automatically: %(reason)s.", reason=kinds[item].close_reason(env)
                )
            )

    # ------------------------------------------------------------- set-up of a run

    @api.model
    def _credit_reminder_types(self):
        """{kind code: activity type}: the company's setting, else the type shipped as data."""
        company = self.env.company
        return {
            code: company[kind.type_field] or self.env.ref(kind.type_xmlid)
            for code, kind in self._credit_reminder_kinds().items()
        }

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
