from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from . import datagen
from .credit_report_common import CreditReportCase

TODAY = date(2026, 3, 20)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestReminders(CreditReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.credit_reminder_user_id = cls.credit_manager
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create(
            {
                "name": "Acme Coal",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.sales_rep.id,
                "archive_keeper_id": cls.keeper.id,
            }
        )
        cls.beta = Partner.create(
            {
                "name": "Beta Steel",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.keeper.id,
                "archive_keeper_id": cls.keeper.id,
            }
        )
        cls.market = Partner.create(
            {
                "name": "Market Trading",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.sales_rep.id,
            }
        )

    # ------------------------------------------------------------------ helpers

    def _run(self, partners=None, items=None, times=1):
        partners = partners or (self.acme | self.beta | self.market)
        result = None
        for _index in range(times):
            result = partners.sudo()._credit_reminders_sync(items)
        return result

    def _reminders(self, partner, item, done=False):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("credit_reminder_key", "=like", f"{item}:%"),
                    ("active", "=", not done),
                ]
            )
        )

    def _type(self, name):
        return self.env.ref(f"partner_credit_archive.mail_activity_type_{name}")

    def _set_tier(self, partner, code):
        partner.with_user(self.credit_manager).credit_tier_id = self.tiers[code]

    # -------------------------------------------------------------- risk items

    def test_report_renewal(self):
        report = self._report(self.acme, report_date=TODAY)
        self._approve(report)
        self._run()
        self.assertFalse(self._reminders(self.acme, "report"), "valid for months: not due")
        expiry = report.valid_until
        with freeze_time(expiry - timedelta(days=10)):
            self._run(times=3)
            reminder = self._reminders(self.acme, "report")
            self.assertEqual(len(reminder), 1)
            # the keeper is no credit manager: the company's reminder user gets it
            self.assertEqual(reminder.user_id, self.credit_manager)
            self.assertEqual(reminder.activity_type_id, self._type("credit_report"))
            self.assertEqual(reminder.date_deadline, expiry)
            self.assertIn(report.name, reminder.summary)
            # renewed: the approval itself closes the reminder, marked done with a note
            renewal = self._report(self.acme, report_date=expiry - timedelta(days=10))
            self._approve(renewal)
            self.assertFalse(self._reminders(self.acme, "report"))
            done = self._reminders(self.acme, "report", done=True)
            self.assertEqual(done, reminder)
            self.assertIn("Closed automatically", done.feedback)
            self.assertEqual(self._run(), (0, 0))

    def test_expired_report_and_manager_keeper(self):
        """An expired report is due at once; a keeper who is a credit manager gets it."""
        self.beta.archive_keeper_id = self.credit_manager
        report = self._report(self.beta, report_date=TODAY)
        self._approve(report)
        with freeze_time(report.valid_until + timedelta(days=40)):
            self._run_cron()  # the report expires
            self.assertEqual(report.state, "expired")
            reminder = self._reminders(self.beta, "report")
            self.assertEqual(len(reminder), 1)
            self.assertEqual(reminder.user_id, self.credit_manager)
            self.assertEqual(reminder.date_deadline, date.today())
            self.assertEqual(self._run(times=2), (0, 0))

    def test_first_credit_manager_by_default(self):
        """Without a "Credit Reminders To" user, the company's first credit manager."""
        self.company.credit_reminder_user_id = False
        self.acme.with_user(self.credit_manager)._credit_set_limit(100.0, "Opening limit")
        managers = self.env.ref("partner_credit_archive.group_credit_manager").all_user_ids
        first = managers.filtered(
            lambda u: u.active and not u.share and self.company in u.company_ids
        ).sorted("id")[:1]
        with freeze_time(TODAY + relativedelta(years=1)):
            self._run(items={"limit"})
        self.assertEqual(self._reminders(self.acme, "limit").user_id, first)
        self.assertNotIn(first, self.keeper | self.sales_rep)

    def test_limit_review(self):
        self.acme.with_user(self.credit_manager)._credit_set_limit(5000.0, "Opening limit")
        review_date = TODAY + relativedelta(years=1)
        self.assertEqual(self.acme.date_credit_review, review_date)
        self._run()
        self.assertFalse(self._reminders(self.acme, "limit"))
        with freeze_time(review_date + timedelta(days=1)):
            self.assertEqual(self._run(items={"limit"}), (1, 0))
            self._run(times=9)
            reminder = self._reminders(self.acme, "limit")
            self.assertEqual(len(reminder), 1)
            self.assertEqual(reminder.user_id, self.credit_manager)
            self.assertEqual(reminder.date_deadline, review_date)
            with self.assertRaises(AccessError):
                self.acme.with_user(self.keeper).action_credit_limit_reviewed()
            self.acme.with_user(self.credit_manager).action_credit_limit_reviewed()
            self.assertFalse(self._reminders(self.acme, "limit"))
            self.assertTrue(self._reminders(self.acme, "limit", done=True))
            self.assertEqual(self.acme.date_credit_review, date.today() + relativedelta(years=1))
            decision = self.acme.credit_decision_ids[:1]
            self.assertEqual(decision.decision_type, "review")
            self.assertEqual((decision.old_limit, decision.new_limit), (5000.0, 5000.0))
            self.assertEqual(self.acme.credit_limit, 5000.0)

    def test_document_expiry(self):
        licence = self.env.ref("partner_credit_archive.archive_type_business_licence")
        Document = self.env["partner.archive.document"].with_user(self.keeper)
        Document.create(
            {
                "name": "Licence 2024",
                "partner_id": self.acme.id,
                "type_id": licence.id,
                "issue_date": "2024-04-10",
                "expiry_date": "2026-04-10",
            }
        )
        self.assertEqual(self._run(self.acme, {"document"}), (1, 0))
        reminder = self._reminders(self.acme, "document")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.keeper)
        self.assertEqual(reminder.activity_type_id, self._type("archive_document"))
        self.assertEqual(reminder.date_deadline, date(2026, 4, 10))
        self.assertEqual(self._run(self.acme, times=5), (0, 0))
        self.assertEqual(len(self._reminders(self.acme, "document")), 1)
        # an unverified replacement filed by the sales rep changes nothing yet
        replacement = (
            self.env["partner.archive.document"]
            .with_user(self.sales_rep)
            .create(
                {
                    "name": "Licence 2026",
                    "partner_id": self.acme.id,
                    "type_id": licence.id,
                    "issue_date": "2026-03-15",
                    "expiry_date": "2029-03-15",
                    "attachment_ids": [Command.create({"name": "licence.pdf", "raw": b"%PDF"})],
                }
            )
        )
        self._run(self.acme)
        self.assertEqual(self._reminders(self.acme, "document"), reminder)
        replacement.with_user(self.keeper).action_verify()
        self.assertEqual(self._run(self.acme), (0, 1))
        self.assertFalse(self._reminders(self.acme, "document"))
        self.assertIn("replaced", self._reminders(self.acme, "document", done=True).feedback)

    def test_archive_review(self):
        self.acme.with_user(self.keeper).archive_date_last_review = TODAY - relativedelta(months=13)
        self.market.sudo().archive_date_last_review = TODAY - relativedelta(months=13)
        self._run(times=2)
        reminder = self._reminders(self.acme, "review")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.keeper)
        self.assertEqual(reminder.activity_type_id, self._type("archive_review"))
        # no keeper: the salesperson
        self.assertEqual(self._reminders(self.market, "review").user_id, self.sales_rep)
        # "Mark as Reviewed" closes the reminder at once
        self.acme.with_user(self.keeper).action_archive_mark_reviewed()
        self.assertFalse(self._reminders(self.acme, "review"))
        self.assertEqual(self._reminders(self.acme, "review", done=True), reminder)
        self.assertEqual(self._run(), (0, 0))

    # -------------------------------------------------------- key-account care

    def test_holiday_greeting_once_for_key_accounts(self):
        self._set_tier(self.acme, "strategic")
        self._set_tier(self.beta, "long_term")
        self._set_tier(self.market, "market")
        with freeze_time(date(2026, 2, 1)):  # Spring Festival 17 Feb, 14 days ahead
            self._run(items={"greeting"})
            self.assertFalse(self._reminders(self.acme, "greeting"))
        with freeze_time(date(2026, 2, 10)):
            self._run(items={"greeting"}, times=3)
            greeting = self._reminders(self.acme, "greeting")
            self.assertEqual(len(greeting), 1)
            self.assertEqual(greeting.user_id, self.sales_rep)
            self.assertEqual(greeting.activity_type_id, self._type("key_account_care"))
            self.assertEqual(greeting.date_deadline, date(2026, 2, 16))
            self.assertEqual(self._reminders(self.beta, "greeting").user_id, self.keeper)
            self.assertFalse(self._reminders(self.market, "greeting"))
            # done by the salesperson: not scheduled again
            greeting.with_user(self.sales_rep).action_done()
            self.assertEqual(self._run(items={"greeting"}), (0, 0))
        with freeze_time(date(2026, 2, 18)):
            # holiday over: the greeting nobody sent is closed
            self.assertEqual(self._run(items={"greeting"}), (0, 1))
            self.assertFalse(self._reminders(self.beta, "greeting"))
            self.assertEqual(len(self._reminders(self.acme, "greeting", done=True)), 1)

    def _monthly_orders(self, partner, amounts):
        """Confirmed orders of ``amounts`` in the months before TODAY's, oldest first."""
        product = datagen.products(self.env, 1)
        months = len(amounts)
        datagen.make_orders(
            self.env,
            [
                {
                    "partner": partner,
                    "date": date(2026, 3, 5) - relativedelta(months=months - index),
                    "lines": [(product, 1, amount, 1)],
                }
                for index, amount in enumerate(amounts)
                if amount
            ],
        )

    def test_volume_alert_and_congratulation(self):
        for partner in (self.acme, self.beta, self.market):
            self._set_tier(partner, "strategic" if partner != self.market else "market")
        # 12 months at 1 000, then February 2026
        self._monthly_orders(self.acme, [1000.0] * 12 + [1400.0])  # +40 %
        self._monthly_orders(self.beta, [1000.0] * 12 + [400.0])  # -60 %
        self._monthly_orders(self.market, [1000.0] * 12 + [300.0])  # not a key account
        self._run(items={"volume", "congrats"}, times=2)
        self.assertFalse(self._reminders(self.acme, "volume"), "+40 % is within 50 %")
        congrats = self._reminders(self.acme, "congrats")
        self.assertEqual(len(congrats), 1)
        self.assertEqual(congrats.user_id, self.sales_rep)
        self.assertIn("+40", congrats.note)
        alert = self._reminders(self.beta, "volume")
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.credit_manager)
        self.assertEqual(alert.activity_type_id, self._type("key_account_alert"))
        self.assertFalse(self._reminders(self.beta, "congrats"))
        self.assertFalse(self._reminders(self.market, "volume"))
        # a lower threshold makes +40 % an anomaly too
        self.company.credit_reminder_volume_percent = 35.0
        self.assertEqual(self._run(items={"volume"}), (1, 0))
        self.assertEqual(len(self._reminders(self.acme, "volume")), 1)
        # next month (March without orders): February's prompts are closed
        with freeze_time(date(2026, 4, 2)):
            self._run(items={"volume", "congrats"})
            self.assertFalse(self._reminders(self.acme, "congrats"))
            self.assertEqual(len(self._reminders(self.acme, "congrats", done=True)), 1)
            # March: nothing bought against an average of ~1 033 → -100 %, a new alert
            self.assertIn("2026-03", self._reminders(self.acme, "volume").credit_reminder_key)

    def test_downgrade_alert(self):
        self._set_tier(self.acme, "strategic")
        self._set_tier(self.market, "market")
        self._run(items={"downgrade"})
        self.assertFalse(self._reminders(self.acme, "downgrade"))
        self._set_tier(self.acme, "market")
        self._set_tier(self.market, "potential")  # not a key account: no alert
        self._run(items={"downgrade"}, times=3)
        alert = self._reminders(self.acme, "downgrade")
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.credit_manager)
        self.assertFalse(self._reminders(self.market, "downgrade"))
        # long after the lookback the open alert stays while the customer is still down
        with freeze_time(TODAY + timedelta(days=90)):
            self.assertEqual(self._run(items={"downgrade"}), (0, 0))
            self._set_tier(self.acme, "strategic")
            self.assertEqual(self._run(items={"downgrade"}), (0, 1))
            self.assertIn(
                "back in its tier", self._reminders(self.acme, "downgrade", True).feedback
            )

    # ------------------------------------------------------ server action, cron

    def test_server_action(self):
        self.acme.with_user(self.keeper).archive_date_last_review = TODAY - relativedelta(months=13)
        action = self.env.ref("partner_credit_archive.res_partner_action_credit_schedule_reminders")
        with self.assertRaises(AccessError):
            self.acme.with_user(self.sales_rep).action_credit_schedule_reminders()
        for _index in range(2):
            result = (
                action.with_user(self.keeper)
                .with_context(
                    active_model="res.partner",
                    active_ids=[self.acme.id, self.market.id],
                    active_id=self.acme.id,
                )
                .run()
            )
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("0 reminder(s) scheduled", result["params"]["message"])
        self.assertEqual(len(self._reminders(self.acme, "review")), 1)
        self.assertFalse(self._reminders(self.beta, "review"))

    def test_cron_batches(self):
        partners = self.acme | self.beta | self.market
        for partner in partners:
            partner.sudo().archive_date_last_review = TODAY - relativedelta(months=13)
        cron = self.env.ref("partner_credit_archive.ir_cron_credit_reminders")
        cron.code = "model._cron_credit_reminders(batch_size=1)"
        for _index in range(2):
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
        self.env.invalidate_all()
        for partner in partners:
            self.assertEqual(len(self._reminders(partner, "review")), 1, partner.name)
        progress = self.env["ir.config_parameter"].get_param(
            "partner_credit_archive.reminder_progress"
        )
        self.assertEqual(progress, f"{TODAY.isoformat()}:done")
