"""What the rep and the keeper see of a document, and what they may do with it (issue 23):
one status that says what a document is worth, verification against a file, the credit
reviews' activities kept in their assignee's queue."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import CreditArchiveCase

SCAN = [Command.create({"name": "scan.pdf", "raw": b"%PDF-1.4 scan"})]


@tagged("post_install", "-at_install")
class TestArchiveDocumentStatus(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.licence = cls.env.ref("partner_credit_archive.archive_type_business_licence")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Ningbo Valves Co.",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.sales_rep.id,
                "archive_keeper_id": cls.keeper.id,
            }
        )

    def _file(self, user, **values):
        return (
            self.env["partner.archive.document"]
            .with_user(user)
            .create(
                {
                    "name": "Business licence",
                    "partner_id": self.customer.id,
                    "type_id": self.licence.id,
                    **values,
                }
            )
            .with_env(self.env)
        )

    def test_verify_refuses_a_document_without_file(self):
        document = self._file(self.sales_rep)
        activity = document.activity_ids
        with self.assertRaisesRegex(UserError, "Attach the scan"):
            document.with_user(self.keeper).action_verify()
        self.assertFalse(document.is_verified, "nothing changed")
        self.assertEqual(document.status, "submitted")
        self.assertEqual(document.activity_ids, activity, "the keeper's request is still there")
        # a file uploaded in the chatter is a file too
        self.env["ir.attachment"].create(
            {
                "name": "licence.jpg",
                "raw": b"jpeg",
                "res_model": document._name,
                "res_id": document.id,
            }
        )
        document.with_user(self.keeper).action_verify()
        self.assertTrue(document.is_verified)
        self.assertEqual(document.status, "valid")

    def test_verify_refuses_the_whole_selection(self):
        with_file = self._file(self.sales_rep, attachment_ids=SCAN)
        without = self._file(self.sales_rep, name="Licence without scan")
        with self.assertRaisesRegex(UserError, "Licence without scan"):
            (with_file + without).with_user(self.keeper).action_verify()
        self.assertFalse((with_file + without).filtered("is_verified"))

    @freeze_time("2026-03-10")
    def test_status_says_what_the_document_is_worth(self):
        document = self._file(self.sales_rep, attachment_ids=SCAN, expiry_date=date(2027, 1, 1))
        self.assertEqual((document.state, document.status), ("valid", "submitted"))
        document.with_user(self.keeper).action_verify()
        self.assertEqual(document.status, "valid")
        document.expiry_date = date(2026, 3, 20)  # within the 30 days lead time
        self.assertEqual(document.status, "expiring")
        expired = self._file(self.sales_rep, attachment_ids=SCAN, expiry_date=date(2026, 1, 1))
        self.assertEqual(expired.status, "expired", "an expired filing is expired, verified or not")
        labels = dict(document._fields["status"]._description_selection(self.env))
        self.assertEqual(labels["submitted"], "Awaiting Verification")

    def test_a_submitted_mandatory_document_is_awaiting_not_missing(self):
        customer = self.customer
        self.assertIn(self.licence, customer.archive_missing_type_ids)
        document = self._file(self.sales_rep, attachment_ids=SCAN)
        customer.invalidate_recordset()
        self.assertIn(self.licence, customer.archive_submitted_type_ids)
        self.assertNotIn(self.licence, customer.archive_missing_type_ids)
        # it counts for nothing yet: completeness and the credit checks still miss it
        problems = customer._archive_mandatory_problems()[customer.id]
        self.assertIn(self.licence, problems["missing"])
        document.with_user(self.keeper).action_verify()
        customer.invalidate_recordset()
        self.assertNotIn(self.licence, customer.archive_submitted_type_ids)
        self.assertNotIn(self.licence, customer.archive_missing_type_ids)

    def test_a_rep_cannot_cancel_the_credit_managers_review(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "user_id": self.sales_rep.id}
        )
        review = order.activity_schedule(
            "partner_credit_archive.mail_activity_type_credit_hold",
            user_id=self.credit_manager.id,
        )
        reminder = (
            self.env["mail.activity"]
            .sudo()
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.customer.id,
                    "activity_type_id": self.env.ref(
                        "partner_credit_archive.mail_activity_type_credit_limit_review"
                    ).id,
                    "user_id": self.credit_manager.id,
                    "credit_reminder_key": f"limit:{self.company.id}:test",
                }
            )
        )
        for activity in (review, reminder):
            with self.assertRaisesRegex(UserError, "only they or a credit manager can cancel"):
                activity.with_user(self.sales_rep).unlink()
            with self.assertRaisesRegex(UserError, "give it to someone else"):
                activity.with_user(self.sales_rep).write({"user_id": self.sales_rep.id})
            self.assertTrue(activity.exists())
            self.assertEqual(activity.user_id, self.credit_manager)
        # the rep's own to-do on their order stays theirs to cancel
        todo = order.activity_schedule("mail.mail_activity_data_todo", user_id=self.keeper.id)
        todo.with_user(self.sales_rep).unlink()
        self.assertFalse(todo.exists())
        # the assignee, or another credit manager, may
        reminder.with_user(self.credit_manager).unlink()
        review.with_user(self.credit_manager).action_cancel()
        self.assertFalse((review + reminder).exists())


@tagged("post_install", "-at_install")
class TestArchiveSettings(CreditArchiveCase):
    def test_settings_refuse_a_lead_time_out_of_range(self):
        lead = self.company.archive_expiry_lead_days
        settings = Form(self.env["res.config.settings"])
        settings.archive_expiry_lead_days = 400
        with self.assertRaisesRegex(ValidationError, "between 0 and 365 days"):
            with self.env.cr.savepoint():
                settings.save().execute()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.archive_expiry_lead_days, lead)

    def test_settings_page_shows_each_number_once_with_its_unit(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertEqual(arch.count('name="archive_expiry_lead_days"'), 1)
        self.assertIn("days before expiry", arch)
        self.assertIn("Down One Tier after", arch)
