"""Customer statements (对账单, SPEC §3.I): figures as of dates from the one ledger, the PDF in
the customer's language, sending one by one or in batch, confirmation filed in the archive,
disputes, bad input, companies and access."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import CreditArchiveCase, LedgerDocumentsMixin

JUNE = {"date_from": "2026-06-01", "date_to": "2026-06-30"}


@tagged("post_install", "-at_install")
@freeze_time("2026-07-15")
class TestStatements(LedgerDocumentsMixin, CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="pca_accountant", groups="account.group_account_invoice"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Statement Customer",
                "is_company": True,
                "email": "customer@example.com",
                "user_id": cls.sales_rep.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Statement Buyer", "parent_id": cls.customer.id}
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "Other Customer", "is_company": True, "email": "other@example.com"}
        )
        cls.Statement = cls.env["partner.credit.statement"]

    # helpers ------------------------------------------------------------
    def _history(self):
        """Before June: invoice A 1000, 300 paid. In June: invoice B 2000 (to the contact),
        a credit note of 200, 500 paid on A. In July: 400 paid on B, invoice C."""
        self.invoice_a = self._invoice(1000.0, "2026-04-10", "2026-05-10")
        self._pay(self.invoice_a, "2026-05-20", amount=300.0)
        self.invoice_b = self._invoice(2000.0, "2026-06-05", "2026-07-05", partner=self.contact)
        self.refund = self._invoice(200.0, "2026-06-10", "2026-06-10", move_type="out_refund")
        self._pay(self.invoice_a, "2026-06-15", amount=500.0)
        self._pay(self.invoice_b, "2026-07-02", amount=400.0)
        self._invoice(90.0, "2026-07-03", "2026-08-02")

    def _statement(self, partner=None, user=None, **values):
        statements = self.Statement.with_user(user) if user else self.Statement
        return statements.create({"partner_id": (partner or self.customer).id, **JUNE, **values})

    def _sent(self, **values):
        statement = self._statement(**values)
        statement.action_mark_sent()
        return statement

    # figures ------------------------------------------------------------
    def test_figures_as_of_the_period(self):
        self._history()
        statement = self._statement(partner=self.contact)  # contacts roll up
        self.assertEqual(statement.partner_id, self.customer)
        self.assertEqual(statement.contact_id, self.customer)
        self.assertEqual(statement.opening_balance, 700.0)
        self.assertEqual(statement.amount_invoiced, 2000.0)
        self.assertEqual(statement.amount_refunded, 200.0)
        self.assertEqual(statement.amount_paid, 500.0)
        self.assertEqual(statement.amount_other, 0.0)
        self.assertEqual(statement.closing_balance, 2000.0)
        # opening + movements = closing, and both ends are the ledger's receivable as of
        movements = sum(statement.line_ids.mapped("debit")) - sum(
            statement.line_ids.mapped("credit")
        )
        self.assertEqual(statement.opening_balance + movements, statement.closing_balance)
        open_items = self.customer._credit_open_items
        self.assertEqual(statement.opening_balance, open_items(date(2026, 5, 31))[self.customer.id])
        self.assertEqual(statement.closing_balance, open_items(date(2026, 6, 30))[self.customer.id])
        # the movements of June only, in date order, with the running balance
        lines = statement.line_ids
        self.assertEqual(lines.mapped("kind"), ["invoice", "refund", "payment"])
        self.assertEqual(lines.mapped("debit"), [2000.0, 0.0, 0.0])
        self.assertEqual(lines.mapped("credit"), [0.0, 200.0, 500.0])
        self.assertEqual(lines.mapped("balance"), [2700.0, 2500.0, 2000.0])
        self.assertEqual(lines[0].move_id, self.invoice_b)
        self.assertEqual(lines[0].document, self.invoice_b.name)
        # aging as of 30 June: A's 200 left 51 days overdue, the credit note 20, B not due
        self.assertEqual(statement.aging_not_due, 2000.0)
        self.assertEqual(statement.aging_days_0_30, -200.0)
        self.assertEqual(statement.aging_days_31_60, 200.0)
        self.assertEqual(statement.aging_overdue, 0.0)
        aging = self.customer._credit_aging(date(2026, 6, 30))[self.customer.id]
        self.assertEqual(aging["total"], statement.closing_balance)

    def test_period_up_to_today_and_empty_period(self):
        self._history()
        statement = self._statement(date_from="2026-07-01", date_to="2026-07-15")
        self.assertEqual(statement.opening_balance, 2000.0)
        self.assertEqual(statement.closing_balance, self.customer.credit)
        self.assertEqual(statement.amount_paid, 400.0)
        self.assertEqual(statement.amount_invoiced, 90.0)
        empty = self._statement(partner=self.other)
        self.assertFalse(empty.line_ids)
        self.assertEqual((empty.opening_balance, empty.closing_balance), (0.0, 0.0))

    def test_refresh_while_draft_only(self):
        self._history()
        statement = self._statement()
        self._invoice(50.0, "2026-06-20", "2026-06-30")  # posted late, dated in June
        statement.action_refresh()
        self.assertEqual(statement.closing_balance, 2050.0)
        self.assertEqual(len(statement.line_ids), 4)

    # PDF ------------------------------------------------------------------
    def _html(self, statement):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "partner_credit_archive.report_partner_credit_statement", statement.ids
        )
        return html.decode()

    def test_pdf_in_the_customers_language(self):
        self._history()
        statement = self._statement()
        html = self._html(statement)
        for text in ("Account Statement", "Opening balance", "Closing balance", "seal"):
            self.assertIn(text, html)
        self.assertIn(self.invoice_b.name, html)
        self.assertIn("61-90 Days", html)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["partner_credit_archive"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        html = self._html(statement)  # printed by an English user: the customer's language
        for text in ("对账单", "期初余额", "期末余额", "账龄", "客户盖章", "本期收款"):
            self.assertIn(text, html)
        self.assertNotIn("Opening balance", html)
        # in test mode Odoo hands back the HTML instead of calling wkhtmltopdf (which needs a
        # running HTTP server for the assets); outside of it the same call gives the PDF
        content, content_type = self.env["ir.actions.report"]._render_qweb_pdf(
            "partner_credit_archive.report_partner_credit_statement", statement.ids
        )
        if content_type == "pdf":
            self.assertTrue(content.startswith(b"%PDF"))
        else:
            self.assertIn("期初余额", content.decode())

    # sending ------------------------------------------------------------
    def test_send_by_email_with_the_pdf(self):
        self._history()
        statement = self._statement()
        action = statement.with_user(self.credit_manager).action_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
        ).save()
        self.assertIn(statement.name, composer.subject)
        self.assertEqual(composer.partner_ids, self.customer)
        self.assertEqual(len(composer.attachment_ids), 1)
        composer.action_send_mail()
        self.assertEqual(statement.state, "sent")
        self.assertEqual(statement.sent_by_id, self.credit_manager)
        self.assertTrue(statement.date_sent)
        self.assertTrue(statement.pdf_attachment_id)
        self.assertTrue(statement.access_token)
        message = statement.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.customer)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertEqual(message.attachment_ids.res_id, statement.id)

    def test_email_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["partner_credit_archive"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        self._history()
        statement = self._statement()
        statement._credit_statement_send()
        self.assertEqual(statement.state, "sent")
        message = statement.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertIn("对账单", message.subject)
        self.assertIn("尊敬的", message.body)
        self.assertIn("2,000.00", message.body)
        self.assertTrue(message.attachment_ids)

    def test_sent_statement_is_a_document(self):
        self._history()
        statement = self._sent()
        lines = statement.line_ids.read(["date", "document", "debit", "credit", "balance"])
        self._invoice(50.0, "2026-06-20", "2026-06-30")
        with self.assertRaises(UserError):
            statement.action_refresh()
        with self.assertRaises(UserError):
            statement.date_to = "2026-06-29"
        with self.assertRaises(UserError):
            statement.line_ids[0].debit = 1.0
        with self.assertRaises(UserError):
            statement.unlink()
        self.assertEqual(statement.closing_balance, 2000.0)
        self.assertEqual(
            statement.line_ids.read(["date", "document", "debit", "credit", "balance"]), lines
        )
        # the report prints the file sent
        report = self.env.ref("partner_credit_archive.partner_credit_statement_action_report")
        self.assertEqual(report.retrieve_attachment(statement), statement.pdf_attachment_id)

    def test_batch_wizard(self):
        self._history()
        self._invoice(300.0, "2026-06-03", "2026-07-03", partner=self.other)
        idle = self.env["res.partner"].create({"name": "Idle Customer", "is_company": True})
        wizard = (
            self.env["partner.credit.statement.wizard"]
            .with_user(self.accountant)
            .with_context(
                active_model="res.partner", active_ids=(self.contact | self.other | idle).ids
            )
            .create({**JUNE, "send": True})
        )
        self.assertEqual(wizard.partner_ids, self.customer | self.other | idle)
        action = wizard.action_create()
        statements = self.Statement.search(action["domain"])
        self.assertEqual(statements.partner_id, self.customer | self.other)  # idle skipped
        self.assertEqual(set(statements.mapped("state")), {"sent"})
        for statement in statements:
            self.assertTrue(statement.pdf_attachment_id)
            message = statement.message_ids.filtered(lambda m: m.message_type == "comment")
            self.assertEqual(len(message), 1)
            self.assertTrue(message.attachment_ids)
        self.assertEqual(
            statements.filtered(lambda s: s.partner_id == self.other).closing_balance, 300.0
        )
        # run again: nothing new
        with self.assertRaises(UserError):
            wizard.action_create()
        self.assertEqual(
            self.Statement.search_count([("partner_id", "in", statements.partner_id.ids)]), 2
        )
        # no selection: every customer with something to state, drafts; last month by default
        defaults = self.env["partner.credit.statement.wizard"].default_get(["date_from", "date_to"])
        self.assertEqual(defaults, {"date_from": date(2026, 6, 1), "date_to": date(2026, 6, 30)})
        self._invoice(10.0, "2026-06-03", "2026-07-03", partner=idle)
        wizard = self.env["partner.credit.statement.wizard"].create(JUNE)
        statements = self.Statement.search(wizard.action_create()["domain"])
        self.assertIn(idle, statements.partner_id)
        self.assertNotIn(self.customer, statements.partner_id)
        self.assertEqual(set(statements.mapped("state")), {"draft"})

    # the customer's answer ------------------------------------------------
    def test_confirm_files_a_verified_archive_document(self):
        self._history()
        statement = self._sent()
        signed = (
            self.env["ir.attachment"]
            .with_user(self.accountant)
            .create(
                {"name": "signed.pdf", "raw": b"%PDF-1.4 signed", "mimetype": "application/pdf"}
            )
        )
        statement.with_user(self.accountant).signed_attachment_ids = [Command.link(signed.id)]
        statement.with_user(self.accountant).action_confirm()
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.confirmed_by_id, self.accountant)
        self.assertTrue(statement.date_confirmed)
        document = statement.archive_document_id
        self.assertTrue(document.is_verified)
        self.assertEqual(
            document.category_id, self.env.ref("partner_credit_archive.archive_category_credit")
        )
        self.assertEqual(
            document.type_id,
            self.env.ref("partner_credit_archive.archive_type_statement_confirmation"),
        )
        self.assertEqual(document.partner_id, self.customer)
        self.assertEqual(document.company_id, self.company)
        self.assertTrue(document.catalogue_number.startswith("3-"))
        self.assertIn(statement.name, document.name)
        self.assertEqual(
            sorted(document.attachment_ids.mapped("name")),
            sorted([statement.pdf_attachment_id.name, "signed.pdf"]),
        )
        self.assertEqual(set(document.attachment_ids.mapped("res_model")), {document._name})
        self.assertIn(document, self.customer.archive_document_ids)
        # the keeper reads the filed document
        self.assertTrue(
            document.with_user(self.keeper).attachment_ids.with_user(self.keeper).read(["name"])
        )
        with self.assertRaises(UserError):
            statement.action_confirm()  # once

    def test_dispute(self):
        statement = self._sent()
        with self.assertRaises(UserError):
            statement.action_dispute()
        with self.assertRaises(UserError):
            statement.action_dispute(difference=150.0)
        with self.assertRaises(UserError):
            statement.action_dispute(difference=0.0, note="Our books say otherwise")
        self.assertEqual(statement.state, "sent")
        self.assertFalse(statement.dispute_amount)
        self.assertFalse(statement.disputed_by_id)
        # as the form does: fields first, then the button
        statement.with_user(self.credit_manager).write(
            {"dispute_amount": -150.0, "dispute_note": "Credit note of May missing"}
        )
        statement.with_user(self.credit_manager).action_dispute()
        self.assertEqual(statement.state, "disputed")
        self.assertEqual(statement.disputed_by_id, self.credit_manager)
        self.assertTrue(statement.date_disputed)
        with self.assertRaises(UserError):
            statement.action_dispute(difference=1.0, note="again")
        # explained, the customer confirms after all; the dispute stays on record
        statement.action_confirm()
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.dispute_amount, -150.0)

    def test_dispute_with_values_as_the_portal_will(self):
        statement = self._sent()
        statement.action_dispute(difference=80.0, note="Payment of 28 June not shown")
        self.assertEqual(
            (statement.state, statement.dispute_amount, statement.dispute_note),
            ("disputed", 80.0, "Payment of 28 June not shown"),
        )

    # bad input ------------------------------------------------------------
    def test_bad_input(self):
        before = self.Statement.search_count([])
        with self.assertRaises(ValidationError):
            self._statement(date_from="2026-07-01", date_to="2026-07-16")  # ends tomorrow
        with self.assertRaises(ValidationError):
            self._statement(date_from="2026-06-30", date_to="2026-06-01")
        wizard = self.env["partner.credit.statement.wizard"].create(
            {"date_from": "2026-07-01", "date_to": "2026-08-31", "partner_ids": self.customer.ids}
        )
        with self.assertRaises(ValidationError):
            wizard.action_create()
        self.assertEqual(self.Statement.search_count([]), before)
        draft = self._statement()
        with self.assertRaises(ValidationError):
            draft.date_to = "2026-07-20"
        self.assertEqual(draft.date_to, date(2026, 6, 30))
        with self.assertRaises(UserError):
            draft.action_confirm()
        with self.assertRaises(UserError):
            draft.action_dispute(difference=10.0, note="x")
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.confirmed_by_id)
        self.assertFalse(draft.archive_document_id)
        with self.assertRaises(UserError):
            self.Statement.create({"partner_id": self.customer.id, "state": "sent", **JUNE})
        draft.unlink()  # a draft can go

    # companies and access -------------------------------------------------
    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Statement Company B"})
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=company_b, install_demo=False
        )
        self.env.user.company_ids |= company_b
        self._invoice(1000.0, "2026-06-02", "2026-07-02")
        self._invoice(700.0, "2026-06-02", "2026-07-02", company=company_b)
        in_a = self._statement()
        in_b = self._statement(company_id=company_b.id)
        self.assertEqual(in_a.closing_balance, 1000.0)
        self.assertEqual(in_b.closing_balance, 700.0)
        self.assertEqual(len(in_b.line_ids), 1)
        self.assertEqual(
            in_b.closing_balance,
            self.customer.with_company(company_b)._credit_open_items(date(2026, 6, 30))[
                self.customer.id
            ],
        )
        # a user of company A alone sees A's statements only
        seen = self.Statement.with_user(self.credit_manager).search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(seen, in_a)

    def test_sales_rep_reads_own_customers_statements(self):
        own = self._statement()
        others = self._statement(partner=self.other)
        as_rep = self.Statement.with_user(self.sales_rep)
        self.assertEqual(as_rep.search([("id", "in", (own | others).ids)]), own)
        self.assertTrue(own.with_user(self.sales_rep).line_ids.read(["balance"]) is not None)
        self.assertEqual(self.customer.with_user(self.sales_rep).credit_statement_count, 1)
        with self.assertRaises(AccessError):
            others.with_user(self.sales_rep).read(["closing_balance"])
        with self.assertRaises(AccessError):
            self._statement(user=self.sales_rep)
        with self.assertRaises(AccessError):
            own.with_user(self.sales_rep).action_mark_sent()
        self.assertEqual(own.state, "draft")
        # accountants and credit managers manage every customer's statements
        for user in (self.accountant, self.credit_manager):
            statement = self._statement(partner=self.other, user=user)
            statement.action_mark_sent()
            self.assertEqual(statement.state, "sent")
