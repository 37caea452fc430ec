"""Scheduled actions that die half-way, or meet a broken record.

A cron job commits after each batch. When its worker is killed (or runs out of time) after a
batch, the next run must go on with what is left: every record handled exactly once, none
forgotten, none done twice. A record that cannot be processed must be logged and skipped, not
stop the whole run every day.

How the kill is simulated: in registry test mode every cursor Odoo opens is a test cursor
inside this test's transaction, whose ``commit()`` releases a savepoint and whose
``rollback()``/``close()`` go back to the last one. The job runs in such a cursor, as the cron
worker runs it; at its second ``ir.cron._commit_progress`` it raises instead of committing and
the cursor is closed. The first batch stays committed, the batch in progress is lost, no
exception handler of the job or of ``ir.cron`` runs: what a killed worker leaves behind. The
next run goes through ``ir.cron`` itself (``method_direct_trigger``).
"""

import logging
from collections import Counter
from datetime import date, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api
from odoo.tests import freeze_time, tagged

from .credit_report_common import CreditReportCase

TODAY = date(2026, 3, 20)
CUSTOMERS = 7
BATCH = 3  # 7 customers: batches of 3, 3 and 1
CRON_LOGGER = "odoo.addons.partner_credit_archive.models.ir_cron"


class WorkerKilled(Exception):
    """The cron worker dies: nothing after this point runs, nothing uncommitted is kept."""


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCronFaults(CreditReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.credit_reminder_user_id = cls.credit_manager
        # named against their creation order: a batch taken in name order is not in id order
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Fault Customer {CUSTOMERS - n}",
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": cls.sales_rep.id,
                    "archive_keeper_id": cls.keeper.id,
                }
                for n in range(CUSTOMERS)
            ]
        )
        cls.licence = cls.env.ref("partner_credit_archive.archive_type_business_licence")

    # ------------------------------------------------------------------ helpers

    def _spy(self, model, method):
        """Patch ``model.method`` to record the ids of each call; returns (calls, patcher)."""
        calls = []
        cls = type(self.env[model])
        original = getattr(cls, method)

        def spy(records, *args, **kwargs):
            calls.append(records.ids)
            return original(records, *args, **kwargs)

        return calls, patch.object(cls, method, spy)

    def _interrupted_run(self, model, method, mode="kill", **kwargs):
        """Run the job ``env[model].method(**kwargs)`` in its own cursor, as the cron worker
        does, and stop it after its first committed batch: ``kill`` kills the worker when it
        is about to commit the second batch (that batch is lost); ``timeout`` tells the job it
        is out of time after the first one (the job stops by itself)."""
        IrCron = type(self.env["ir.cron"])
        original = IrCron._commit_progress
        commits = []

        def interrupted(cron, processed=0, **kw):
            if mode == "kill" and commits:
                raise WorkerKilled
            commits.append(processed)
            original(cron, processed, **kw)
            return 0.0 if mode == "timeout" else float("inf")

        killed = False
        with self.enter_registry_test_mode(), patch.object(IrCron, "_commit_progress", interrupted):
            # not assertRaises: it would roll back what the job committed
            try:
                with self.registry.cursor() as cr:
                    getattr(api.Environment(cr, SUPERUSER_ID, {})[model], method)(**kwargs)
            except WorkerKilled:
                killed = True
        self.assertEqual(killed, mode == "kill")
        self.assertEqual(len(commits), 1)

    def _trigger(self, xmlid, code=None):
        """The next run, through ir.cron; ``code`` sets the job's batch size."""
        cron = self.env.ref(f"partner_credit_archive.{xmlid}")
        if code:
            cron.code = code
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def _assert_once_each(self, first, second, expected_ids):
        """``first``: the calls of the interrupted run, the last of which was lost (killed) or
        never happened (timeout); ``second``: the calls of the next run. Every expected record
        is handled exactly once in what was committed, and the lost batch is done again."""
        committed = [rid for ids in first[:1] + second for rid in ids]
        self.assertEqual(Counter(committed), Counter(expected_ids))
        for ids in first[1:]:
            self.assertLessEqual(set(ids), {rid for ids in second for rid in ids})

    def _reminders(self, partner, item):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("credit_reminder_key", "=like", f"{item}:%"),
            ]
        )

    # ------------------------------------------------------------------- grading

    def _grading_resumes(self, mode):
        market = self.tiers["market"]
        # customers without orders go down to potential: one grade log each
        self.customers.with_context(credit_grading=True).write({"credit_tier_id": market.id})
        first, spy = self._spy("res.partner", "_credit_grade_safe")
        with spy:
            self._interrupted_run("res.partner", "_cron_credit_grade", mode, batch_size=BATCH)
        self.assertEqual([len(ids) for ids in first], [BATCH, BATCH] if mode == "kill" else [BATCH])
        # the lost batch was rolled back; the first one is committed
        self.assertEqual(len(self.customers.filtered("credit_date_graded")), BATCH)
        second, spy = self._spy("res.partner", "_credit_grade_safe")
        with spy:
            self._trigger("ir_cron_credit_grade", f"model._cron_credit_grade(batch_size={BATCH})")
        self._assert_once_each(first, second, self.customers.ids)
        logs = self.env["partner.credit.grade.log"].search(
            [("partner_id", "in", self.customers.ids), ("mode", "=", "automatic")]
        )
        # one log line per customer: a customer graded twice would not be seen here (grading
        # twice changes nothing), hence the spies above
        self.assertEqual(Counter(log.partner_id.id for log in logs), Counter(self.customers.ids))
        self.assertEqual(set(logs.mapped("rule")), {"no_orders"})
        for customer in self.customers:
            self.assertEqual(customer.credit_tier_id, self.tiers["potential"])
            self.assertEqual(customer.credit_date_graded, TODAY)
        # a third run finds nothing left this month
        third, spy = self._spy("res.partner", "_credit_grade_safe")
        with spy:
            self._trigger("ir_cron_credit_grade")
        self.assertFalse(third)

    def _breaking(self, record, method):
        """Patch ``method`` of ``record``'s model to fail on any recordset holding ``record``
        (a broken record, as a cron may meet one)."""
        Model = type(record)
        original = getattr(Model, method)

        def failing(records, *args, **kwargs):
            if record in records:
                raise ValueError(f"broken {record}")
            return original(records, *args, **kwargs)

        return patch.object(Model, method, failing)

    def _trigger_with_broken(self, bad, method, cron, code):
        """Run the job with ``bad`` broken: it is logged once, at ERROR, and skipped."""
        with self._breaking(bad, method), self.assertLogs(CRON_LOGGER, logging.ERROR) as logs:
            self._trigger(cron, code)
        self.assertEqual(len(logs.records), 1)
        self.assertIn(f"{bad._name}({bad.id},)", logs.records[0].getMessage())

    def test_grading_killed_after_a_batch_resumes(self):
        self._grading_resumes("kill")

    def test_grading_out_of_time_after_a_batch_resumes(self):
        self._grading_resumes("timeout")

    # ----------------------------------------------------------------- reminders

    def _reminders_resume(self, mode):
        for customer in self.customers:
            customer.sudo().archive_date_last_review = TODAY - relativedelta(months=13)
        first, spy = self._spy("res.partner", "_credit_reminders_sync")
        with spy:
            self._interrupted_run("res.partner", "_cron_credit_reminders", mode, batch_size=BATCH)
        self.assertEqual(len(first), 2 if mode == "kill" else 1)
        reminded = self.customers.filtered(lambda c: self._reminders(c, "review"))
        self.assertEqual(set(reminded.ids), set(first[0]))
        second, spy = self._spy("res.partner", "_credit_reminders_sync")
        with spy:
            self._trigger(
                "ir_cron_credit_reminders", f"model._cron_credit_reminders(batch_size={BATCH})"
            )
        self._assert_once_each(first, second, self.customers.ids)
        for customer in self.customers:
            reminder = self._reminders(customer, "review")
            self.assertEqual(len(reminder), 1, customer.name)
            self.assertEqual(reminder.user_id, self.keeper)
        progress = self.env["ir.config_parameter"].get_param(
            "partner_credit_archive.reminder_progress"
        )
        self.assertEqual(progress, f"{TODAY.isoformat()}:done")

    def test_reminders_killed_after_a_batch_resume(self):
        self._reminders_resume("kill")

    def test_reminders_out_of_time_after_a_batch_resume(self):
        self._reminders_resume("timeout")

    def test_reminders_skip_a_broken_customer(self):
        for customer in self.customers:
            customer.sudo().archive_date_last_review = TODAY - relativedelta(months=13)
        bad = self.customers[4]
        self._trigger_with_broken(
            bad,
            "_credit_reminder_users",
            "ir_cron_credit_reminders",
            f"model._cron_credit_reminders(batch_size={BATCH})",
        )
        self.assertFalse(self._reminders(bad, "review"))
        for customer in self.customers - bad:
            self.assertEqual(len(self._reminders(customer, "review")), 1, customer.name)
        progress = self.env["ir.config_parameter"].get_param(
            "partner_credit_archive.reminder_progress"
        )
        self.assertEqual(progress, f"{TODAY.isoformat()}:done")
        # the next run, the customer mended, catches up
        self._trigger("ir_cron_credit_reminders")
        self.assertEqual(len(self._reminders(bad, "review")), 1)

    # ------------------------------------------------------------ document expiry

    def _documents(self):
        """One licence per customer, filed in time, now expired or expiring but still stored
        as valid (the daily job has not run since)."""
        with freeze_time(TODAY - relativedelta(years=2)):
            documents = self.env["partner.archive.document"].create(
                [
                    {
                        "name": f"Licence {customer.name}",
                        "partner_id": customer.id,
                        "type_id": self.licence.id,
                        "issue_date": TODAY - relativedelta(years=2),
                        # expired, or expiring within the lead time
                        "expiry_date": TODAY + timedelta(days=(-10 if index % 2 else 10)),
                    }
                    for index, customer in enumerate(self.customers)
                ]
            )
            documents.flush_recordset()  # the state as computed on the day of filing
        self.assertEqual(set(documents.mapped("state")), {"valid"})
        return documents

    def test_document_expiry_killed_after_a_batch_resumes(self):
        documents = self._documents()
        Document = "partner.archive.document"
        first, spy = self._spy(Document, "_update_states")
        with spy:
            self._interrupted_run(Document, "_cron_update_state", batch_size=BATCH)
        self.assertEqual([len(ids) for ids in first], [BATCH, BATCH])
        self.env.invalidate_all()
        self.assertEqual(len(documents.filtered(lambda d: d.state != "valid")), BATCH)
        second, spy = self._spy(Document, "_update_states")
        with spy:
            self._trigger(
                "ir_cron_archive_document_state", f"model._cron_update_state(batch_size={BATCH})"
            )
        self._assert_once_each(first, second, documents.ids)
        for document in documents:
            expected = "expired" if document.expiry_date < TODAY else "expiring"
            self.assertEqual(document.state, expected)

    def test_document_expiry_skips_a_broken_document(self):
        documents = self._documents()
        bad = documents[2]
        self._trigger_with_broken(
            bad,
            "_compute_state",
            "ir_cron_archive_document_state",
            f"model._cron_update_state(batch_size={BATCH})",
        )
        self.assertEqual(bad.state, "valid")
        for document in documents - bad:
            expected = "expired" if document.expiry_date < TODAY else "expiring"
            self.assertEqual(document.state, expected)

    # ------------------------------------------- credit reports, temporary limits

    def _expiring_reports(self, count=5):
        """Approved reports of the first ``count`` customers, and the first day all of them
        are past their validity."""
        reports = self.env["partner.credit.report"]
        for customer in self.customers[:count]:
            report = self._report(customer)
            self._approve(report)
            reports |= report
        self.assertEqual(set(reports.mapped("state")), {"approved"})
        return reports, max(reports.mapped("valid_until")) + timedelta(days=1)

    def _temp_limits(self, day):
        """A temporary limit of each customer, scheduled to start on ``day``."""
        with freeze_time(day - timedelta(days=10)):
            for customer in self.customers:
                customer.with_user(self.credit_manager)._credit_set_limit(1000.0, "Opening")
            limits = (
                self.env["partner.credit.temp.limit"]
                .with_user(self.credit_manager)
                .create(
                    [
                        {
                            "partner_id": customer.id,
                            "amount": 5000.0,
                            "date_start": day,
                            "date_end": day + timedelta(days=30),
                            "reason": "Season",
                        }
                        for customer in self.customers
                    ]
                )
            )
        self.assertEqual(set(limits.mapped("state")), {"scheduled"})
        return limits.sudo()

    def _temporary_decisions(self):
        decisions = self.env["partner.credit.decision"].search(
            [("partner_id", "in", self.customers.ids), ("decision_type", "=", "temporary")]
        )
        return Counter(decision.partner_id.id for decision in decisions)

    def test_report_expiry_killed_after_a_batch_resumes(self):
        reports, day = self._expiring_reports()
        with freeze_time(day):
            first, spy = self._spy("partner.credit.report", "_expire")
            with spy:
                self._interrupted_run(
                    "partner.credit.report", "_cron_credit_report_expire", batch_size=2
                )
            self.assertEqual([len(ids) for ids in first], [2, 2])
            second, spy = self._spy("partner.credit.report", "_expire")
            with spy:
                self._trigger(
                    "ir_cron_credit_report_expire",
                    "model._cron_credit_report_expire(batch_size=2)",
                )
            self._assert_once_each(first, second, reports.ids)
            self.assertEqual(set(reports.mapped("state")), {"expired"})
            for customer in reports.partner_id:
                self.assertFalse(customer.credit_report_id)
                # the expiry schedules one renewal reminder per customer, never two
                self.assertEqual(len(self._reminders(customer, "report")), 1, customer.name)

    def test_temporary_limits_killed_after_a_batch_resume(self):
        limits = self._temp_limits(TODAY)
        first, spy = self._spy("partner.credit.temp.limit", "_start")
        with spy:
            self._interrupted_run(
                "partner.credit.report", "_cron_credit_report_expire", batch_size=BATCH
            )
        self.assertEqual([len(ids) for ids in first], [BATCH, BATCH])
        second, spy = self._spy("partner.credit.temp.limit", "_start")
        with spy:
            self._trigger(
                "ir_cron_credit_report_expire",
                f"model._cron_credit_report_expire(batch_size={BATCH})",
            )
        self._assert_once_each(first, second, limits.ids)
        self.assertEqual(set(limits.mapped("state")), {"active"})
        # starting a limit records a credit decision: exactly one per customer
        self.assertEqual(self._temporary_decisions(), Counter(self.customers.ids))
        for customer in self.customers:
            self.assertEqual(customer.sudo().credit_limit, 5000.0)

    def test_report_and_limit_jobs_skip_broken_records(self):
        reports, day = self._expiring_reports(count=4)
        limits = self._temp_limits(day)
        bad_report, bad_limit = reports[1], limits[5]
        with (
            freeze_time(day),
            self._breaking(bad_report, "_release_current"),
            self._breaking(bad_limit, "_start"),
            self.assertLogs(CRON_LOGGER, logging.ERROR) as logs,
        ):
            self._trigger(
                "ir_cron_credit_report_expire",
                f"model._cron_credit_report_expire(batch_size={BATCH})",
            )
        messages = [record.getMessage() for record in logs.records]
        self.assertEqual(len(messages), 2, messages)
        self.assertIn(f"partner.credit.report({bad_report.id},)", messages[0])
        self.assertIn(f"partner.credit.temp.limit({bad_limit.id},)", messages[1])
        self.assertEqual(bad_report.state, "approved")
        self.assertEqual(set((reports - bad_report).mapped("state")), {"expired"})
        self.assertEqual(bad_limit.state, "scheduled")
        self.assertEqual(set((limits - bad_limit).mapped("state")), {"active"})
        expected = Counter((self.customers - bad_limit.partner_id).ids)
        self.assertEqual(self._temporary_decisions(), expected)
