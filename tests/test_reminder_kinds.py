from dataclasses import replace
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..models import res_partner_reminder


@tagged("post_install", "-at_install")
class TestReminderKinds(TransactionCase):
    """The reminder kinds are one declared table, checked when the registry loads."""

    def test_table_is_consistent(self):
        Partner = self.env["res.partner"]
        kinds = Partner._credit_reminder_kinds()
        self.assertEqual(
            set(kinds),
            {
                "report",
                "limit",
                "document",
                "review",
                "downgrade",
                "volume",
                "greeting",
                "congrats",
                "bill",
                "security",
            },
        )
        Partner._credit_reminder_check_kinds()  # what _register_hook runs
        types = Partner._credit_reminder_types()
        self.assertEqual(types["downgrade"], types["volume"])
        self.assertEqual(
            types["greeting"],
            self.env.ref("partner_credit_archive.mail_activity_type_key_account_care"),
        )

    def test_bad_row_fails_at_load(self):
        Partner = self.env["res.partner"]
        report = Partner._credit_reminder_kinds()["report"]
        for bad in (
            replace(report, method="_credit_reminder_due_nothing"),
            replace(report, type_field="no_such_field"),
            replace(report, scope="galaxy"),
            replace(report, responsible="nobody"),
        ):
            with (
                patch.object(res_partner_reminder, "REMINDER_KINDS", (bad,)),
                self.assertRaises(ValueError),
            ):
                Partner._credit_reminder_check_kinds()

    def test_unknown_kind_is_refused(self):
        partner = self.env["res.partner"].create({"name": "Kindless", "customer_rank": 1})
        with self.assertRaises(ValueError):
            partner.sudo()._credit_reminders_sync({"horoscope"})
