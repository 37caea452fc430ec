"""The printed documents (SPEC §3.B, §3.F, §3.I): the company header and footer of the
company's layout, sections numbered 1, 2, 3… from what is printed, sign-off boxes, and the
reader's language — the customer's for what goes to the customer (statement, letter), the
printing user's for internal documents (credit report, archive catalogue)."""

import re
from datetime import date, timedelta

import lxml.html

from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.base.models.ir_actions_report import _wkhtml

from .credit_report_common import CreditReportCase

MODULE = "partner_credit_archive"
REPORTS = {
    "credit_report": f"{MODULE}.report_partner_credit_report",
    "catalogue": f"{MODULE}.report_archive_catalogue",
    "statement": f"{MODULE}.report_partner_credit_statement",
    "letter": f"{MODULE}.report_partner_credit_collection_letter",
}
TODAY = date(2026, 7, 15)


def _text(node):
    return re.sub(r"\s+", " ", node.text_content()).strip()


@tagged("post_install", "-at_install")
@freeze_time("2026-07-15")
class TestReportsLayout(CreditReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"name": "Layout Test Trading Co.", "street": "88 Harbour Road"})
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        cls.company.partner_id.lang = "en_US"
        cls.chinese_manager = new_test_user(
            cls.env,
            login="pca_zh_manager",
            lang="zh_CN",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            f"{MODULE}.group_credit_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "宁波测试贸易有限公司",
                "is_company": True,
                "customer_rank": 1,
                "lang": "zh_CN",
                "email": "ap@ningbo.example.com",
                "user_id": cls.sales_rep.id,
            }
        )

    # helpers ------------------------------------------------------------
    def _render(self, report, records, user=None):
        reports = self.env["ir.actions.report"]
        if user:
            reports = reports.with_user(user)
        html, _format = reports._render_qweb_html(REPORTS[report], records.ids)
        return html.decode()

    def _sections(self, html):
        """The printed section headings, as [(number, title)]."""
        root = lxml.html.fromstring(html)
        headings = []
        for node in root.xpath("//*[contains(@class, 'o_credit_section')]"):
            number, __, title = _text(node).partition(". ")
            headings.append((int(number), title))
        return headings

    def _assert_numbered(self, html):
        sections = self._sections(html)
        self.assertTrue(sections)
        self.assertEqual([number for number, __ in sections], list(range(1, len(sections) + 1)))
        return [title for __, title in sections]

    def _sign_off(self, html):
        root = lxml.html.fromstring(html)
        (block,) = root.xpath("//*[@name='sign_off']")
        return [_text(box) for box in block.xpath(".//*[contains(@class, 'o_credit_signature')]")]

    def _assert_company_header(self, html):
        root = lxml.html.fromstring(html)
        header = root.xpath("//div[contains(concat(' ', @class, ' '), ' header ')]")
        self.assertEqual(len(header), 1, "web.external_layout's header")
        self.assertIn("Layout Test Trading Co.", _text(header[0]))
        self.assertIn("88 Harbour Road", _text(header[0]))
        self.assertTrue(root.xpath("//div[contains(concat(' ', @class, ' '), ' footer ')]"))

    def _overdue_invoice(self, partner, days_overdue, amount=1000.0):
        due = TODAY - timedelta(days=days_overdue)
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due - timedelta(days=30),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    # credit report ------------------------------------------------------
    def test_credit_report_numbering_sign_off_and_reader_language(self):
        self.keeper.lang = "zh_CN"  # the investigator reads Chinese, the customer too
        report = self._report(
            partner=self.customer,
            user=self.keeper,
            evaluation="<p>Sound company</p>",
            recommended_limit=5000,
        )  # no shareholders, bank credit, operations, visit, affiliates nor media
        html = self._render("credit_report", report, user=self.credit_manager)
        self._assert_company_header(html)
        self.assertEqual(
            self._assert_numbered(html),
            [
                "Company Overview",
                "Financial Position",
                "Payment Record",
                "Public Records",
                "Scorecard",
                "Overall Evaluation",
                "Credit Recommendation",
            ],
        )
        investigator, reviewer, approver = self._sign_off(html)
        self.assertIn("Investigator", investigator)
        self.assertIn(self.keeper.name, investigator)
        self.assertIn("07/15/2026", investigator)
        self.assertIn("Reviewed by", reviewer)
        self.assertIn("Approved by", approver)
        self.assertNotIn(self.credit_manager.name, approver, "not approved yet")

        report.shareholders = "<p>Two founders</p>"
        self._approve(report)
        html = self._render("credit_report", report, user=self.credit_manager)
        titles = self._assert_numbered(html)
        self.assertEqual(titles[1], "Shareholders and Management")
        self.assertIn(self.credit_manager.name, self._sign_off(html)[2])
        self.assertIn("07/15/2026", self._sign_off(html)[2])

        # the reader's language, not the investigator's nor the customer's
        self.assertIn("Credit Investigation Report", html)
        self.assertNotIn("资信调查报告", html)
        html = self._render("credit_report", report, user=self.chinese_manager)
        self.assertIn("资信调查报告", html)
        self.assertIn("企业概况", html)
        self.assertNotIn("Company Overview", html)
        self.assertEqual(self._sections(html)[0], (1, "企业概况"))
        self.assertIn("调查人", self._sign_off(html)[0])

    # archive catalogue --------------------------------------------------
    def test_catalogue_numbering_and_reader_language(self):
        ref = self.env.ref
        self.env["partner.archive.document"].with_user(self.keeper).create(
            [
                {
                    "partner_id": self.customer.id,
                    "type_id": ref(f"{MODULE}.archive_type_business_licence").id,
                    "name": "Business licence",
                    "issue_date": date(2026, 1, 5),
                },
                {
                    "partner_id": self.customer.id,
                    "type_id": ref(f"{MODULE}.archive_type_credit_limit_approval").id,
                    "name": "Credit-limit approval",
                    "issue_date": date(2026, 2, 5),
                },
            ]
        )  # categories 1 and 3: printed as sections 1 and 2
        self.customer.archive_keeper_id = self.keeper
        html = self._render("catalogue", self.customer, user=self.credit_manager)
        self._assert_company_header(html)
        titles = self._assert_numbered(html)
        self.assertEqual(len(titles), 2)
        compiled, checked = self._sign_off(html)
        self.assertIn("Compiled by", compiled)
        self.assertIn("Checked by", checked)
        # internal: in the printing user's language, whatever the customer's
        self.assertIn("Archive Catalogue", html)
        self.assertNotIn("档案目录", html)
        html = self._render("catalogue", self.customer, user=self.chinese_manager)
        self.assertIn("档案目录", html)
        self.assertNotIn("Archive Catalogue", html)

    # statement ----------------------------------------------------------
    def test_statement_numbering_both_parties_and_customer_language(self):
        self._overdue_invoice(self.customer, 40)
        statement = self.env["partner.credit.statement"].create(
            {"partner_id": self.customer.id, "date_from": "2026-06-01", "date_to": "2026-06-30"}
        )
        statement.with_user(self.credit_manager).action_mark_sent()
        # an English reader prints it: the customer's language
        html = self._render("statement", statement, user=self.credit_manager)
        self._assert_company_header(html)
        self.assertEqual(len(self._assert_numbered(html)), 4)
        self.assertIn("对账单", html)
        self.assertNotIn("Opening balance", html)
        ours, agrees, disagrees = self._sign_off(html)
        self.assertIn("Layout Test Trading Co.", ours)
        self.assertIn(self.credit_manager.name, ours, "sent by")
        self.assertIn("客户盖章", agrees)
        self.assertIn("客户盖章", disagrees)
        # a customer without a language: our company's
        self.customer.lang = False
        html = self._render("statement", statement, user=self.chinese_manager)
        self.assertIn("Opening balance", html)
        self.assertEqual(self._sections(html)[0], (1, "Summary"))
        self.assertIn("Issued by", self._sign_off(html)[0])
        self.assertNotIn("期初余额", html)

    # collection letter --------------------------------------------------
    def test_letter_sign_off_and_customer_language(self):
        self._overdue_invoice(self.customer, 40)
        self.customer.sudo().with_company(self.company)._credit_collections_sync()
        collection = self.env["partner.credit.collection"].search(
            [("partner_id", "=", self.customer.id), ("company_id", "=", self.company.id)]
        )
        self.assertTrue(collection.user_id)
        html = self._render("letter", collection, user=self.credit_manager)
        self._assert_company_header(html)
        self.assertIn("催款函", html)
        self.assertNotIn("Collection Letter", html)
        (signature,) = self._sign_off(html)
        self.assertIn("Layout Test Trading Co.", signature)
        self.assertIn(collection.user_id.name, signature)
        self.customer.lang = "en_US"
        html = self._render("letter", collection, user=self.chinese_manager)
        self.assertIn("Collection Letter", html)
        self.assertIn("Yours sincerely", html)

    # the header on a wkhtmltopdf without patched Qt --------------------
    def test_header_in_the_body_without_patched_qt(self):
        statement = self.env["partner.credit.statement"].create(
            {"partner_id": self.customer.id, "date_from": "2026-06-01", "date_to": "2026-06-30"}
        )
        action = self.env["ir.actions.report"]._get_report(REPORTS["statement"])
        reports = self.env["ir.actions.report"]
        html, __ = reports._render_qweb_html(REPORTS["statement"], statement.ids)
        inline = lxml.html.fromstring(action._credit_inline_header_footer(html))
        (article,) = inline.xpath("//div[contains(concat(' ', @class, ' '), ' article ')]")
        self.assertIn("o_credit_header", article[0].get("class"))
        self.assertIn("88 Harbour Road", _text(article[0]))
        self.assertIn("o_credit_footer", article[-1].get("class"))
        self.assertFalse(inline.xpath("//div[contains(concat(' ', @class, ' '), ' header ')]"))
        # only ours, only where wkhtmltopdf cannot print separate headers
        self.assertEqual(action._credit_inline_layout(), not _wkhtml().is_patched_qt)
        invoice = self.env["ir.actions.report"]._get_report("account.report_invoice")
        self.assertFalse(invoice._credit_inline_layout())
        bodies, __, header, __, paperformat_args = action._prepare_html(html)
        if action._credit_inline_layout():
            self.assertIn("88 Harbour Road", bodies[0])
            self.assertEqual(paperformat_args["data-report-margin-top"], 12)
        else:
            self.assertIn("88 Harbour Road", header)
            self.assertNotIn("data-report-margin-top", paperformat_args)
