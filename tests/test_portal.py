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

    def test_bills_of_own_customer_with_their_maturity(self):
        self.company._credit_bill_journal_ensure()
        maturity = self.today + timedelta(days=80)
        Bill = self.env["partner.credit.bill"]
        bills = {}
        for customer, number in ((self.customer_a, "7" * 30), (self.customer_b, "8" * 30)):
            bills[customer] = Bill.create(
                {
                    "number": number,
                    "kind": "commercial",
                    "partner_id": customer.id,
                    "amount": 400.0,
                    "acceptor": "Huaxin Trading",
                    "date_issue": self.today,
                    "date_maturity": maturity,
                }
            )
        self._login(self.portal_a)
        page = self.url_open("/my/credit").text
        self.assertIn("7" * 30, page)
        self.assertNotIn("8" * 30, page)
        self.assertEqual(page.count("o_credit_bill_row"), 1)
        self.assertEqual(
            [row["date_maturity"] for row in self.customer_a._credit_portal_bills(self.company)],
            [maturity],
        )
        # no right on the bills themselves
        with self.assertRaises(AccessError):
            bills[self.customer_a].with_user(self.portal_a).read(["number"])

    def test_promises_to_pay_of_own_customer(self):
        Promise = self.env["partner.credit.promise"]
        promised = self.today + timedelta(days=7)
        for customer, amount in ((self.customer_a, 654.0), (self.customer_b, 587.0)):
            Promise.create({"partner_id": customer.id, "amount": amount, "date": promised})
        self._login(self.portal_a)
        page = self.url_open("/my/credit").text
        self.assertEqual(page.count("o_credit_promise_row"), 1)
        self.assertIn("654.00", page)
        self.assertNotIn("587.00", page)
        rows = self.customer_a._credit_portal_promises(self.company)
        self.assertEqual([(row["date"], row["state"]) for row in rows], [(promised, "pending")])

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

    def test_uploaded_page_is_kept_as_text(self):
        self._login(self.portal_a)
        self._upload(
            self.licence, content=b"<html><script>alert(1)</script></html>", filename="x.html"
        )
        attachment = self._documents(self.customer_a).attachment_ids
        self.assertEqual(attachment.mimetype, "text/plain")

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


@tagged("post_install", "-at_install")
class TestCreditPortalStatements(CreditPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Statement = cls.env["partner.credit.statement"]
        period = {
            "date_from": cls.today - timedelta(days=90),
            "date_to": cls.today - timedelta(days=1),
        }
        cls.statement_a = Statement.create({"partner_id": cls.customer_a.id, **period})
        cls.statement_b = Statement.create({"partner_id": cls.customer_b.id, **period})
        cls.draft_a = Statement.create({"partner_id": cls.customer_a.id, **period})
        (cls.statement_a | cls.statement_b).action_mark_sent()
        cls.token_a = cls.statement_a._portal_ensure_token()
        cls.token_b = cls.statement_b._portal_ensure_token()
        cls.draft_token = cls.draft_a._portal_ensure_token()

    def _answer(self, statement, action, token=None, **values):
        if not getattr(self, "session", None):
            self.authenticate(None, None)  # a public session, as a link opened from an email
        data = {"csrf_token": http.Request.csrf_token(self), **values}
        if token:
            data["access_token"] = token
        return self.url_open(f"/my/statements/{statement.id}/{action}", data=data)

    def test_list_and_detail_show_own_statements_only(self):
        self._login(self.portal_a)
        page = self.url_open("/my/statements").text
        self.assertIn(self.statement_a.name, page)
        self.assertNotIn(self.statement_b.name, page)
        self.assertNotIn(self.draft_a.name, page)  # a draft was never sent
        response = self.url_open(f"/my/statements/{self.statement_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("credit_statement_confirm_button", response.text)
        # another customer's statement, or a draft: back home
        for statement in (self.statement_b, self.draft_a):
            response = self.url_open(f"/my/statements/{statement.id}")
            self.assertNotIn(statement.name, response.text)
            self.assertTrue(response.url.endswith("/my") or "/my?" in response.url)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["credit_statement_count", "credit_statement_to_answer_count"]},
        )
        self.assertEqual(
            counters, {"credit_statement_count": 1, "credit_statement_to_answer_count": 1}
        )

    def test_pdf_download(self):
        self._login(self.portal_a)
        response = self.url_open(
            f"/my/statements/{self.statement_a.id}?report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # the statement's report (tests render it as HTML, without wkhtmltopdf)
        self.assertIn(self.statement_a.name.encode(), response.content)
        self.assertNotIn(self.customer_b.name.encode(), response.content)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # B's PDF is not A's to download
        response = self.url_open(
            f"/my/statements/{self.statement_b.id}?report_type=pdf&download=true"
        )
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")

    def test_token_link_without_login_opens_its_statement_only(self):
        url = f"/my/statements/{self.statement_a.id}?report_type=pdf&access_token={self.token_a}"
        response = self.url_open(url)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        page = self.url_open(self.statement_a.get_portal_url()).text
        self.assertIn(self.statement_a.name, page)
        self.assertIn("credit_confirm_signer", page)  # the public user gives a name
        # A's token does not open B's statement, nor a draft's its draft
        for statement, token in (
            (self.statement_b, self.token_a),
            (self.statement_a, self.token_b),
            (self.draft_a, self.draft_token),
        ):
            response = self.url_open(f"/my/statements/{statement.id}?access_token={token}")
            self.assertNotIn(statement.name, response.text)
            response = self.url_open(
                f"/my/statements/{statement.id}?report_type=pdf&access_token={token}"
            )
            self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        # nor answers it
        self._answer(self.statement_b, "confirm", token=self.token_a, signer_name="Mallory")
        self.assertEqual(self.statement_b.state, "sent")

    def test_confirm_online_records_the_portal_user_and_files_it(self):
        self._login(self.portal_a)
        response = self._answer(self.statement_a, "confirm")
        self.assertIn("message=confirmed", response.url)
        self.assertIn("credit_statement_confirmed", response.text)
        statement = self.statement_a
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.confirmed_by_id, self.portal_a)
        self.assertTrue(statement.date_confirmed)
        # filed exactly as a confirmation entered inside: verified, category 3, the PDF
        document = statement.archive_document_id
        self.assertTrue(document.is_verified)
        self.assertFalse(document.submitted_from_portal)
        self.assertEqual(document.partner_id, self.customer_a)
        self.assertEqual(
            document.type_id,
            self.env.ref("partner_credit_archive.archive_type_statement_confirmation"),
        )
        self.assertEqual(document.attachment_ids.name, statement.pdf_attachment_id.name)
        self.assertIn(self.portal_a.partner_id, statement.message_ids.author_id)
        # once only
        response = self._answer(statement, "confirm")
        self.assertIn("credit_statement_error", response.text)
        self.assertEqual(len(self._documents(self.customer_a)), 1)

    def test_confirm_by_token_without_login_needs_a_name(self):
        response = self._answer(self.statement_a, "confirm", token=self.token_a)
        self.assertIn("Enter your name", response.text)
        self.assertEqual(self.statement_a.state, "sent")
        self._answer(self.statement_a, "confirm", token=self.token_a, signer_name="Li Wei")
        self.assertEqual(self.statement_a.state, "confirmed")
        self.assertTrue(self.statement_a.archive_document_id.is_verified)
        self.assertIn("Li Wei", "".join(self.statement_a.message_ids.mapped("body")))

    def test_dispute_online(self):
        self._login(self.portal_a)
        response = self._answer(
            self.statement_a, "dispute", difference="-1,200.50", note="Our payment of 3 May"
        )
        self.assertIn("message=disputed", response.url)
        statement = self.statement_a
        self.assertEqual(statement.state, "disputed")
        self.assertEqual(statement.dispute_amount, -1200.5)
        self.assertEqual(statement.dispute_note, "Our payment of 3 May")
        self.assertEqual(statement.disputed_by_id, self.portal_a)
        self.assertTrue(statement.date_disputed)
        self.assertFalse(statement.archive_document_id)
        # disputed, it can still be confirmed once explained, not disputed twice
        page = self.url_open(statement.get_portal_url()).text
        self.assertIn("credit_statement_confirm_button", page)
        self.assertNotIn("credit_statement_dispute_button", page)

    def test_bad_disputes_change_nothing(self):
        self._login(self.portal_a)
        for values, message in (
            ({"difference": "abc", "note": "x"}, "is not an amount"),
            ({"difference": "nan", "note": "x"}, "is not an amount"),
            ({"difference": "0", "note": "Wrong"}, "Enter the difference"),
            ({"difference": "150", "note": "  "}, "Enter the difference"),
        ):
            with self.subTest(values=values):
                response = self._answer(self.statement_a, "dispute", **values)
                self.assertIn("credit_statement_error", response.text)
                self.assertIn(message, response.text)
                self.assertEqual(self.statement_a.state, "sent")
                self.assertFalse(self.statement_a.dispute_amount)
                self.assertFalse(self.statement_a.disputed_by_id)

    def test_portal_user_cannot_answer_another_customers_statement(self):
        self._login(self.portal_a)
        self._answer(self.statement_b, "confirm")
        self._answer(self.statement_b, "dispute", difference="5", note="x")
        self.assertEqual(self.statement_b.state, "sent")
        Statement = self.env["partner.credit.statement"]
        self.assertEqual(Statement.with_user(self.portal_a).search([]), self.statement_a)
        with self.assertRaises(AccessError):
            self.statement_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.statement_a.with_user(self.portal_a).action_confirm()
        self.assertEqual(
            self.env["partner.credit.statement.line"].with_user(self.portal_a).search([]),
            self.statement_a.line_ids,
        )
