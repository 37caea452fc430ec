"""What grading writes in bulk is what Odoo's ORM writes, field by field: the chatter notes of
tier changes (``mail.thread._credit_log_notes`` vs Odoo's ``_message_log_batch``) and the
grade logs (``partner.credit.grade.log._create_bulk`` vs ``create``)."""

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
        ids = self.by_bulk.with_user(self.credit_manager)._credit_log_notes({self.by_bulk.id: body})
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


@tagged("post_install", "-at_install")
class TestGradeLogsInBulk(CreditArchiveCase):
    """Grade logs written in one INSERT (``_create_bulk``) are those ``create`` writes."""

    def test_same_rows_as_create(self):
        partner = self.env["res.partner"].create({"name": "Bulk Log Co", "is_company": True})
        strategic = self.env.ref("partner_credit_archive.credit_tier_strategic")
        vals = {
            "partner_id": partner.id,
            "company_id": self.env.company.id,
            "old_tier_id": False,
            "new_tier_id": strategic.id,
            "rule": "thresholds",
            "mode": "automatic",
            "explanation_data": {"tier_id": strategic.id, "reasons": [["volatility", 1.25]]},
            "fulfilment_rate": 93.4567,
            "volatility": 12.04999,
            "annual_sales": 1234567.891,
            "ontime_rate": 0.0,
            "avg_days_late": 3.25,
            "overdue_ratio": 0.0,
            "days_since_last_order": 4,
            "relationship_months": 0,
            "abc_class": "A",
            "value_class": False,
        }
        Log = self.env["partner.credit.grade.log"].sudo()
        by_orm = Log.create(dict(vals))
        by_sql = Log._create_bulk([dict(vals), dict(vals, abc_class="C", rule="promotion")])
        self.assertEqual(len(by_sql), 2)
        names = [
            name
            for name, field in Log._fields.items()
            if name not in ("id", "date", "create_date", "write_date") and field.store
        ]
        Log.invalidate_model()
        self.maxDiff = None
        ours, theirs = by_sql[0].read(names)[0], by_orm.read(names)[0]
        self.assertNotEqual(ours.pop("id"), theirs.pop("id"))
        self.assertEqual(ours, theirs)
        self.assertEqual((by_sql[1].abc_class, by_sql[1].rule), ("C", "promotion"))
        self.assertEqual(by_sql[0].annual_sales, 1234567.89)
        self.assertEqual(by_sql[0].fulfilment_rate, 93.5)
        self.assertEqual(by_sql[0].user_id, self.env.user)
        self.assertTrue(by_sql[0].date)
        # the customer's tier changes list shows them (its cache was told)
        self.assertEqual(len(partner.credit_grade_log_ids), 3)
        self.assertEqual(Log._create_bulk([]), Log.browse())
