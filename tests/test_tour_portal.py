from datetime import timedelta

from odoo.tests import tagged

from .test_portal import CreditPortalCase


@tagged("post_install", "-at_install")
class TestCreditPortalTour(CreditPortalCase):
    def test_portal_tour(self):
        """A portal user sees their account by age, confirms their statement online and
        uploads the business licence their file is waiting for."""
        statement = self.env["partner.credit.statement"].create(
            {
                "partner_id": self.customer_a.id,
                "date_from": self.today - timedelta(days=90),
                "date_to": self.today - timedelta(days=1),
            }
        )
        statement.action_mark_sent()
        self.start_tour("/my", "partner_credit_archive_portal_tour", login=self.portal_a.login)
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.confirmed_by_id, self.portal_a)
        self.assertTrue(statement.archive_document_id.is_verified)
        document = self._documents(self.customer_a).filtered("submitted_from_portal")
        self.assertEqual(document.type_id, self.licence)
        self.assertFalse(document.is_verified)
        self.assertEqual(document.attachment_ids.raw, b"%PDF-1.4 licence")
