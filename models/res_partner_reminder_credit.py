"""Reminders of the credit side (SPEC §3.E): renew the credit report, review the limit.

Rows ``report`` and ``limit`` of ``REMINDER_KINDS`` (res_partner_reminder.py, which also
describes when each kind is due); both go to the customer's credit manager.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.misc import format_date


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_reminder_due_report(self, run):
        company, today = run["company"], run["today"]
        limit_date = today + timedelta(days=company.credit_reminder_report_days)
        due = []
        for partner_id, report_id, name, valid_until in self._credit_reminder_latest_reports(
            company
        ):
            if valid_until > limit_date:
                continue
            user = run["users"][partner_id]["manager"]
            env = self._credit_reminder_lang_env(user)
            due.append(
                (
                    partner_id,
                    report_id,
                    {
                        "user": user,
                        "deadline": max(valid_until, today),
                        "summary": env._("Renew credit report %(report)s", report=name),
                        "note": self._credit_reminder_report_note(env, name, valid_until, today),
                    },
                )
            )
        return due

    def _credit_reminder_latest_reports(self, company):
        """[(partner id, report id, name, valid until)]: the latest approved or expired report
        with a validity of each partner of ``self`` in ``company``."""
        Report = self.env["partner.credit.report"]
        Report.flush_model(["partner_id", "company_id", "state", "valid_until"])
        return self.env.execute_query(
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

    @api.model
    def _credit_reminder_report_note(self, env, name, valid_until, today):
        """The note of a report renewal, in ``env``'s language."""
        if valid_until < today:
            return env._(
                "Credit report %(report)s expired on %(date)s: investigate the customer "
                "again and approve a new report.",
                report=name,
                date=format_date(env, valid_until),
            )
        return env._(
            "Credit report %(report)s expires on %(date)s: investigate the customer "
            "again and approve a new report before then.",
            report=name,
            date=format_date(env, valid_until),
        )

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
