from odoo.tests import TransactionCase, freeze_time, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo generator tells the whole story on a database without demo data."""

    def test_demo_story(self):
        partners = self.env["res.partner"]._credit_archive_demo_generate()
        self.assertEqual(len(partners), 15)
        customers = self.env["res.partner"].browse([p.id for p in partners.values()]).sudo()
        self.assertEqual(
            set(customers.mapped("credit_tier_id.code")),
            {"strategic", "long_term", "market", "potential", "eliminated"},
        )
        self.assertEqual(partners["huaxin"].sudo().credit_tier_id.code, "strategic")
        self.assertEqual(partners["hongyuan"].sudo().credit_tier_id.code, "eliminated")
        # history made through the ORM: paid and open invoices
        invoices = self.env["account.move"].search([("partner_id", "in", customers.ids)])
        self.assertTrue(invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment")))
        self.assertTrue(invoices.filtered(lambda m: m.payment_state == "not_paid"))
        # a quotation held for credit review, with its activity for the credit manager
        users = {
            login: self.env.ref(f"partner_credit_archive.demo_user_{login}")
            for login in ("sales", "keeper", "credit")
        }
        held = self.env.ref("partner_credit_archive.demo_order_held")
        self.assertEqual(held.state, "draft")
        self.assertEqual(held.credit_state, "hold")
        self.assertIn(users["credit"], held.activity_ids.user_id)
        quotation = self.env.ref("partner_credit_archive.demo_order_quotation")
        self.assertEqual(quotation.credit_check_level, "block")
        # credit reports: current approved, superseded, expired, draft
        reports = self.env["partner.credit.report"].search([("partner_id", "in", customers.ids)])
        self.assertEqual(
            set(reports.mapped("state")), {"approved", "superseded", "expired", "draft"}
        )
        self.assertEqual(partners["huaxin"].sudo().credit_rating, "AAA")
        self.assertFalse(partners["hongyuan"].sudo().credit_report_id)
        # archives: expired and expiring documents, some waiting for the keeper
        documents = self.env["partner.archive.document"].search(
            [("partner_id", "in", customers.ids)]
        )
        self.assertEqual(set(documents.mapped("state")), {"valid", "expiring", "expired"})
        self.assertTrue(documents.filtered(lambda d: not d.is_verified))
        self.assertTrue(documents.filtered("is_verified"))
        # a temporary limit, a credit group of two, aging snapshots
        dongfang = partners["dongfang"].sudo()
        self.assertEqual(dongfang.credit_temp_limit_id.state, "active")
        self.assertEqual(dongfang.credit_limit, 150_000.0)
        group = self.env.ref("partner_credit_archive.demo_credit_group_huaxin")
        self.assertEqual(group.partner_ids, partners["huaxin"] | partners["haitong"])
        self.assertTrue(
            self.env["partner.credit.aging.snapshot"].search_count(
                [("partner_id", "in", customers.ids)]
            )
        )
        # users log in with their login as password; the generator runs once
        self.assertTrue(users["credit"].has_group("partner_credit_archive.group_credit_manager"))
        self.assertTrue(users["keeper"].has_group("partner_credit_archive.group_archive_keeper"))
        self.assertFalse(users["sales"].has_group("partner_credit_archive.group_archive_keeper"))
        # the staff are no customers: no archive numbers, not in the register
        staff = self.env["res.users"].union(*users.values()).partner_id
        self.assertFalse(staff.filtered("archive_code"))
        self.assertFalse((staff | customers)._archive_customers() & staff)
        self.assertTrue(all(customers.mapped("archive_code")))
        self.assertIsNone(self.env["res.partner"]._credit_archive_demo_generate())

    @freeze_time("2026-11-22 23:30:00")
    def test_demo_story_after_midnight_in_china(self):
        """Generated at 07:30 in Shanghai, still the previous day in UTC: every date of the
        story is the generating user's today (found installing the demo late in the day)."""
        self.env.user.tz = "Asia/Shanghai"
        partners = self.env["res.partner"]._credit_archive_demo_generate()
        self.assertEqual(len(partners), 15)
        credit = self.env.ref("partner_credit_archive.demo_user_credit")
        self.assertEqual(credit.tz, "Asia/Shanghai")
        self.assertEqual(partners["huaxin"].sudo().credit_rating, "AAA")
