"""The customer portal (SPEC §3.N): two customers, each with a portal user, each seeing and
touching only its own commercial partner's records, through real HTTP requests."""

from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

PDF = b"%PDF-1.4 business licence scan"


class CreditPortalCase(HttpCase):
    """Customers A and B, each a company with a contact who is a portal user; an archive
    keeper for A; open invoices for both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.today = fields.Date.today()
        cls.keeper = new_test_user(
            cls.env,
            login="portal_keeper",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_keeper",
        )
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "Portal Alpha Trading Ltd", "is_company": True, "customer_rank": 1}
        )
        cls.customer_b = Partner.create(
            {"name": "Portal Beta Metals Ltd", "is_company": True, "customer_rank": 1}
        )
        cls.customer_a.archive_keeper_id = cls.keeper
        cls.portal_a = cls._portal_user("portal_alpha", cls.customer_a)
        cls.portal_b = cls._portal_user("portal_beta", cls.customer_b)
        cls.invoice_a_overdue = cls._invoice(cls.customer_a, 75, 45, 1200.0)
        cls.invoice_a_open = cls._invoice(cls.customer_a, 5, -25, 300.0)
        cls.invoice_b = cls._invoice(cls.customer_b, 20, 10, 777.0)
        cls.licence = cls.env.ref("partner_credit_archive.archive_type_business_licence")
        cls.attorney = cls.env.ref("partner_credit_archive.archive_type_power_of_attorney")
        cls.visit_report = cls.env.ref("partner_credit_archive.archive_type_background_report")

    @classmethod
    def _portal_user(cls, login, customer):
        user = new_test_user(
            cls.env, login=login, password=login, groups="base.group_portal", name=login.title()
        )
        user.partner_id.parent_id = customer
        return user

    @classmethod
    def _invoice(cls, partner, days_ago, due_days_ago, amount):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": cls.today - timedelta(days=days_ago),
                "invoice_date_due": cls.today - timedelta(days=due_days_ago),
                "invoice_line_ids": [
                    (0, 0, {"name": "Steel", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _upload(self, doc_type, content=PDF, filename="licence.pdf", **dates):
        data = {"csrf_token": http.Request.csrf_token(self), "type_id": str(doc_type.id)}
        data.update(dates)
        files = {"attachment": (filename, content, "application/pdf")}
        return self.url_open("/my/credit/documents/upload", data=data, files=files)

    def _documents(self, customer):
        return (
            self.env["partner.archive.document"]
            .with_context(active_test=False)
            .search([("partner_id", "=", customer.id)])
        )


@tagged("post_install", "-at_install")
class TestCreditPortalAccount(CreditPortalCase):
    def test_account_page_lists_own_open_items_with_aging(self):
        self._login(self.portal_a)
        response = self.url_open("/my/credit")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.invoice_a_overdue.name, page)
        self.assertIn(self.invoice_a_open.name, page)
        self.assertNotIn(self.invoice_b.name, page)
        self.assertNotIn("Portal Beta", page)
        # the ledger's aging: 1 200 overdue 45 days (31-60), 300 not due
        aging = self.customer_a._credit_aging()[self.customer_a.id]
        self.assertEqual(aging["days_31_60"], 1200.0)
        self.assertEqual(aging["not_due"], 300.0)
        self.assertIn('data-bucket="days_31_60"', page)
        self.assertIn("1,200.00", page)
        self.assertIn("1,500.00", page)  # total open
        self.assertIn(f'href="/my/invoices/{self.invoice_a_overdue.id}"', page)

    def test_account_page_follows_payments(self):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice_a_overdue.ids
        ).create({})._create_payments()
        self._login(self.portal_a)
        page = self.url_open("/my/credit").text
        self.assertNotIn(self.invoice_a_overdue.name, page)
        self.assertIn(self.invoice_a_open.name, page)

    def test_available_credit_only_when_the_company_shows_it(self):
        self.customer_a._credit_set_limit(5000.0, "Portal test: annual credit line")
        self.assertFalse(self.company.credit_portal_show_available)
        self._login(self.portal_a)
        page = self.url_open("/my/credit").text
        self.assertNotIn("credit_available_card", page)
        self.assertNotIn("5,000.00", page)

        self.company.credit_portal_show_available = True
        page = self.url_open("/my/credit").text
        self.assertIn("credit_available_card", page)
        self.assertIn("5,000.00", page)  # the limit
        self.assertIn("3,500.00", page)  # available: 5 000 - 1 500 open

    def test_available_credit_without_a_limit_says_no_credit_line(self):
        self.company.credit_portal_show_available = True
        self._login(self.portal_b)
        page = self.url_open("/my/credit").text
        self.assertIn("credit_available_card", page)
        self.assertIn("No credit line", page)

    def test_pages_need_a_login(self):
        for url in ("/my/credit", "/my/credit/documents"):
            response = self.url_open(url)
            self.assertIn("/web/login", response.url, url)
            self.assertNotIn(self.invoice_a_overdue.name, response.text)

    def test_home_counters(self):
        self._login(self.portal_a)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["credit_open_invoice_count", "credit_document_request_count"]},
        )
        self.assertEqual(counters["credit_open_invoice_count"], 2)
        # an ordinary company: business licence and power of attorney (not the visit report,
        # which the company writes itself)
        self.assertEqual(counters["credit_document_request_count"], 2)
        home = self.url_open("/my").text
        self.assertIn("/my/credit", home)
        self.assertIn("/my/credit/documents", home)


@tagged("post_install", "-at_install")
class TestCreditPortalDocuments(CreditPortalCase):
    def test_requested_documents_are_those_the_customer_provides(self):
        self._login(self.portal_a)
        page = self.url_open("/my/credit/documents").text
        self.assertIn(self.licence.name, page)
        self.assertIn(self.attorney.name, page)
        self.assertNotIn(self.visit_report.name, page)

    def test_expiring_document_is_requested_with_its_date(self):
        expiry = self.today + timedelta(days=10)
        self.env["partner.archive.document"].with_user(self.keeper).create(
            {
                "name": "Licence 2025",
                "partner_id": self.customer_a.id,
                "type_id": self.licence.id,
                "issue_date": self.today - timedelta(days=300),
                "expiry_date": expiry,
            }
        )
        rows = self.customer_a._credit_portal_documents_requested(self.company)
        licence_row = next(row for row in rows if row["type"] == self.licence)
        self.assertEqual(licence_row["status"], "expiring")
        self.assertEqual(licence_row["expiry_date"], expiry)
        self._login(self.portal_a)
        page = self.url_open("/my/credit/documents").text
        self.assertIn("Expires on", page)
        # the keeper's own documents stay out of the customer's sight
        self.assertNotIn("Licence 2025", page)

    def test_upload_lands_submitted_with_an_activity_for_the_keeper(self):
        completeness = self.customer_a.archive_completeness
        self._login(self.portal_a)
        issue = self.today - timedelta(days=3)
        response = self._upload(
            self.licence,
            issue_date=issue.isoformat(),
            expiry_date=(issue + timedelta(days=3650)).isoformat(),
        )
        self.assertIn("/my/credit/documents?submitted=1", response.url)
        document = self._documents(self.customer_a)
        self.assertEqual(len(document), 1)
        self.assertFalse(document.is_verified)
        self.assertTrue(document.submitted_from_portal)
        self.assertEqual(document.filed_by_id, self.portal_a)
        self.assertEqual(document.type_id, self.licence)
        self.assertEqual(document.issue_date, issue)
        self.assertEqual(document.archive_id.company_id, self.company)
        self.assertEqual(document.attachment_ids.raw, PDF)
        self.assertEqual(document.attachment_ids.res_model, "partner.archive.document")
        self.assertEqual(document.attachment_ids.res_id, document.id)
        activity = document.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.keeper)
        # not verified: the archive is no more complete than before, the type still asked
        self.customer_a.invalidate_recordset()
        self.assertEqual(self.customer_a.archive_completeness, completeness)
        page = self.url_open("/my/credit/documents").text
        self.assertIn("being checked", page)
        # the keeper verifies it: it counts, the customer sees it accepted
        document.with_user(self.keeper).action_verify()
        self.assertTrue(document.is_verified)
        page = self.url_open("/my/credit/documents").text
        self.assertIn("Accepted", page)
        self.assertNotIn(f'data-type-id="{self.licence.id}"', page)

    def test_upload_without_keeper_goes_to_the_salesperson(self):
        salesperson = new_test_user(
            self.env,
            login="portal_sales",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
        )
        self.customer_b.user_id = salesperson
        self._login(self.portal_b)
        self._upload(self.attorney)
        document = self._documents(self.customer_b)
        self.assertEqual(document.activity_ids.user_id, salesperson)

    def test_bad_uploads_change_nothing(self):
        self._login(self.portal_a)
        attachments = self.env["ir.attachment"].search_count([])
        cases = [
            (self.visit_report, {}, PDF, "not waiting for this document"),
            (self.licence, {}, b"", "Choose the file"),
            (self.licence, {"issue_date": "31/12/2025"}, PDF, "is not a date"),
            (
                self.licence,
                {"issue_date": (self.today + timedelta(days=5)).isoformat()},
                PDF,
                "cannot be in the future",
            ),
            (
                self.licence,
                {
                    "issue_date": (self.today - timedelta(days=5)).isoformat(),
                    "expiry_date": (self.today - timedelta(days=10)).isoformat(),
                },
                PDF,
                "cannot be before its issue date",
            ),
        ]
        for doc_type, dates, content, message in cases:
            with self.subTest(message=message):
                response = self._upload(doc_type, content=content, **dates)
                self.assertEqual(response.status_code, 200)
                self.assertIn("credit_document_error", response.text)
                self.assertIn(message, response.text)
                self.assertFalse(self._documents(self.customer_a))
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_each_customer_sees_only_its_own_submissions(self):
        self._login(self.portal_b)
        self._upload(self.licence, filename="beta.pdf")
        beta_document = self._documents(self.customer_b)
        self.assertEqual(len(beta_document), 1)
        self.assertFalse(self._documents(self.customer_a))

        self._login(self.portal_a)
        self._upload(self.attorney, filename="alpha.pdf")
        alpha_document = self._documents(self.customer_a)
        page = self.url_open("/my/credit/documents").text
        self.assertIn(self.attorney.name, page)
        self.assertEqual(page.count("o_credit_document_sent"), 1)

        # the record rules, through the ORM
        Document = self.env["partner.archive.document"]
        self.assertEqual(Document.with_user(self.portal_a).search([]), alpha_document)
        self.assertEqual(Document.with_user(self.portal_b).search([]), beta_document)
        with self.assertRaises(AccessError):
            beta_document.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            alpha_document.with_user(self.portal_a).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            Document.with_user(self.portal_a).create(
                {"name": "Direct", "partner_id": self.customer_a.id, "type_id": self.licence.id}
            )
        # the keeper's documents of the customer itself are not the customer's to read
        filed = Document.with_user(self.keeper).create(
            {
                "name": "Visit 2026",
                "partner_id": self.customer_a.id,
                "type_id": self.visit_report.id,
            }
        )
        with self.assertRaises(AccessError):
            filed.with_user(self.portal_a).read(["name"])
