"""Chatter notes written in bulk (``mail.thread._credit_log_notes``, what grading logs per tier
change) are the notes Odoo's own ``_message_log_batch`` makes, field by field."""

from markupsafe import Markup

from odoo.tests import tagged
from odoo.tools import html_sanitize

from .common import CreditArchiveCase

# fields that differ between any two messages, whoever makes them
PER_MESSAGE = {"id", "res_id", "date", "message_id", "create_date", "write_date"}


@tagged("post_install", "-at_install")
class TestGradingNotes(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partners = cls.env["res.partner"].create(
            [{"name": "Notes Odoo", "is_company": True}, {"name": "Notes Bulk", "is_company": True}]
        )
        cls.by_odoo, cls.by_bulk = partners

    def _stored(self, message):
        names = [
            name
            for name, field in message._fields.items()
            if field.store and name not in PER_MESSAGE and field.type != "binary"
        ]
        return message.read(names)[0]

    def test_same_note_as_odoo(self):
        body = Markup("Tier graded: %s → %s<br/>%s") % ("Market", "Long-term", "<b>a & b's</b>")
        odoo = self.by_odoo.with_user(self.credit_manager)._message_log_batch(
            {self.by_odoo.id: body}
        )
        ids = self.by_bulk.with_user(self.credit_manager)._credit_log_notes(
            {self.by_bulk.id: body}
        )
        self.assertEqual(len(ids), 1)
        bulk = self.env["mail.message"].browse(ids)
        self.assertEqual(bulk.res_id, self.by_bulk.id)
        ours, theirs = self._stored(bulk), self._stored(odoo)
        self.maxDiff = None
        ours.pop("id"), theirs.pop("id")
        # the body is not sanitised again (the addon builds it escaped): the same HTML, which
        # Odoo's sanitiser turns into exactly Odoo's
        self.assertEqual(html_sanitize(ours.pop("body")), theirs.pop("body"))
        self.assertEqual(ours, theirs)
        self.assertIn("&lt;b&gt;a &amp; b", bulk.body)
        # the chatter of the record shows it (the cache was told)
        self.assertIn(bulk, self.by_bulk.message_ids)
        self.assertEqual(bulk.preview, odoo.preview)

    def test_grading_message(self):
        """What grading logs: the same as Odoo's note for the same tier change."""
        tiers = self.env["partner.credit.tier"].search([], limit=2)
        body = self.by_bulk._credit_grade_message(tiers[0], tiers[1], "thresholds", "")
        ids = self.by_bulk._credit_log_notes({self.by_bulk.id: body})
        odoo = self.by_odoo._message_log_batch({self.by_odoo.id: body})
        bulk = self.env["mail.message"].browse(ids)
        self.assertEqual(html_sanitize(bulk.body), odoo.body)
        self.assertIn(tiers[1].name, bulk.preview)

    def test_plain_text_is_escaped(self):
        ids = self.by_bulk._credit_log_notes({self.by_bulk.id: "<script>x</script>"})
        body = self.env["mail.message"].browse(ids).body
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)

    def test_only_records_of_self(self):
        ids = self.by_bulk._credit_log_notes({self.by_odoo.id: "elsewhere"})
        self.assertEqual(ids, [])
