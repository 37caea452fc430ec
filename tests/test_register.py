import importlib.util
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import file_path

from ..models.res_partner_export import (
    REGISTER_ARCHIVE_FIELDS,
    REGISTER_PARTNER_FIELDS,
    page_values,
    read_checked,
)
from .common import read_sheets
from .credit_report_common import EXPECTED_SCORE, CreditReportCase


@tagged("post_install", "-at_install")
class TestRegister(CreditReportCase):
    """The archive register: credit figures from the ledger, a credit-reports sheet, and
    customers only (no company's or user's partner)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.customer = cls.env["res.partner"].create(
            {"name": "Register Credit Co.", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.no_limit = cls.env["res.partner"].create(
            {"name": "Register Cash Co.", "is_company": True}
        )
        cls.customer.with_company(cls.company).credit_limit = 50000.0
        # 1 200 invoiced, 1 000 of it due 30 days ago, 200 not due yet
        for days_ago, due_days_ago, amount in ((40, 30, 1000.0), (5, -25, 200.0)):
            cls.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.customer.id,
                    "invoice_date": cls.today - timedelta(days=days_ago),
                    "invoice_date_due": cls.today - timedelta(days=due_days_ago),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            ).action_post()

    def _approved_report(self):
        report = self._report(
            self.customer,
            recommended_limit=60000.0,
            source="agency",
            agency_name="Dagong Credit",
        )
        self._approve(report)
        return report

    def test_batch_read_checks_access_as_read(self):
        """The register's batch read gives what ``read`` gives, and refuses what ``read``
        refuses: a field of a group the user lacks, an archive of another rep's customer."""
        self._approved_report()
        # rated too, and not the rep's: its rating and score are hidden from the rep
        self._approve(self._report(self.no_limit))
        customers = self.customer | self.no_limit
        for user in (self.keeper, self.sales_rep):
            partners = customers.with_user(user)
            expected = partners.read(REGISTER_PARTNER_FIELDS)
            plain = [
                f for f in REGISTER_PARTNER_FIELDS if f not in ("credit_rating", "credit_score")
            ]
            self.assertEqual(read_checked(partners, plain), partners.read(plain), user.login)
            # the rating is computed for the user: read as superuser it would show it to all
            with self.assertRaises(ValueError):
                read_checked(partners, ["credit_rating"])
            # the register's own read of the customers: the rating and score as stored,
            # shown as the computed fields show them
            rows = partners._credit_register_partner_rows(partners._credit_figures_visible())
            self.assertEqual([rows[row["id"]] for row in expected], expected, user.login)
        hidden = self.no_limit.with_user(self.sales_rep).read(["credit_rating", "credit_score"])
        self.assertEqual(hidden[0]["credit_rating"], False)
        self.assertTrue(self.no_limit.sudo().credit_rating_value)
        archives = self.customer._archive_current()[self.customer.id]
        self.assertTrue(archives)
        for user in (self.keeper, self.sales_rep):  # the rep is the customer's salesperson
            mine = archives.with_user(user)
            self.assertEqual(
                read_checked(mine, REGISTER_ARCHIVE_FIELDS), mine.read(REGISTER_ARCHIVE_FIELDS)
            )
        # the rating and the report are for archive users: a plain employee may not read them
        with self.assertRaises(AccessError):
            customers.with_user(self.employee).read(["credit_rating"])
        with self.assertRaises(AccessError):
            customers.with_user(self.employee).read(["credit_report_id"])
        with self.assertRaises(AccessError):
            read_checked(customers.with_user(self.employee), ["credit_report_id"])
        employee = customers.with_user(self.employee)
        with self.assertRaises(AccessError):
            employee._credit_register_partner_rows(set(customers.ids))
        # another rep's customer: its archive is not the rep's to read
        other = self.no_limit._archive_get(create=True).sudo(False)
        with self.assertRaises(AccessError):
            other.with_user(self.sales_rep).read(["code"])
        with self.assertRaises(AccessError):
            read_checked(other.with_user(self.sales_rep), ["code"])

    def test_register_credit_columns(self):
        self._approved_report()
        figures = self.customer._credit_figures_get(self.company)[self.customer.id]
        sheets = read_sheets((self.customer | self.no_limit)._credit_archive_xlsx())
        rows = {row["Customer"]: row for row in sheets["Archive Register"]}
        row = rows["Register Credit Co."]
        self.assertEqual(row["Rating"], "B")
        self.assertEqual(row["Score"], EXPECTED_SCORE)
        self.assertEqual(row["Credit Limit"], 50000.0)
        self.assertEqual(row["Receivable"], 1200.0)
        self.assertEqual(row["Exposure"], 1200.0)
        self.assertEqual(row["Exposure"], figures["exposure"])
        self.assertEqual(row["Available Credit"], 50000.0 - 1200.0)
        self.assertEqual(row["Overdue Amount"], 1000.0)
        self.assertEqual(row["Oldest Overdue (Days)"], 30)
        # the same figures as the customer form
        partner = self.customer.with_user(self.credit_manager)
        self.assertEqual(row["Exposure"], partner.credit_exposure)
        self.assertEqual(row["Available Credit"], partner.credit_available)
        cash = rows["Register Cash Co."]
        self.assertIsNone(cash["Credit Limit"])
        self.assertIsNone(cash["Available Credit"], "no limit: nothing available, not 0")
        self.assertIsNone(cash["Rating"])
        self.assertIsNone(cash["Score"])
        self.assertEqual(cash["Exposure"], 0)
        self.assertEqual(cash["Oldest Overdue (Days)"], 0)
        # the KPIs graded on the register's own ledger figures: as grading computes them
        kpis = (self.customer | self.no_limit)._credit_kpis()
        self.assertAlmostEqual(row["Overdue Ratio %"], 1000.0 / 1200.0 * 100, places=6)
        self.assertEqual(row["Overdue Ratio %"], kpis[self.customer.id]["overdue_ratio"])
        self.assertEqual(cash["Overdue Ratio %"], kpis[self.no_limit.id]["overdue_ratio"])
        # … and as of an earlier day, the ledger as it stood then (before the second invoice)
        day = self.today - timedelta(days=10)
        earlier = read_sheets(self.customer._credit_archive_xlsx(day))["Archive Register"][0]
        self.assertEqual(earlier["Overdue Ratio %"], 100.0)
        self.assertEqual(
            earlier["Overdue Ratio %"],
            self.customer._credit_kpis(day)[self.customer.id]["overdue_ratio"],
        )

    def test_credit_reports_sheet(self):
        approved = self._approved_report()
        draft = self._report(self.customer, answer=False)
        other_company = self.env["res.company"].create({"name": "Register Other Co."})
        self.env["partner.credit.report"].create(
            {"partner_id": self.customer.id, "company_id": other_company.id}
        )
        sheets = read_sheets(self.customer._credit_archive_xlsx())
        self.assertEqual(
            list(sheets),
            [
                "Archive Register",
                "Documents Catalogue",
                "Grade History",
                "Credit Decisions",
                "Credit Reports",
            ],
        )
        rows = {row["Report No."]: row for row in sheets["Credit Reports"]}
        self.assertEqual(set(rows), {approved.name, draft.name}, "the register's company only")
        row = rows[approved.name]
        self.assertEqual(row["Customer"], "Register Credit Co.")
        self.assertEqual(row["Archive No."], self.customer.archive_code)
        self.assertEqual(row["Status"], "Approved")
        self.assertEqual(row["Score"], EXPECTED_SCORE)
        self.assertEqual(row["Rating"], "B")
        self.assertEqual(row["Recommended Limit"], 60000.0)
        self.assertEqual(row["Report Date"].date(), approved.report_date)
        self.assertEqual(row["Valid Until"].date(), approved.valid_until)
        self.assertEqual(row["Source"], "Credit Agency")
        self.assertEqual(row["Agency"], "Dagong Credit")
        self.assertEqual(row["Approved By"], self.credit_manager.name)
        # written by the keeper, approved by the credit manager (four eyes)
        self.assertEqual(row["Investigator"], self.keeper.name)
        self.assertEqual(rows[draft.name]["Status"], "Draft")
        self.assertIsNone(rows[draft.name]["Rating"])
        self.assertIsNone(rows[draft.name]["Approved By"])

    def test_grade_history_sheet(self):
        """A tier change of the customer, as the exporting keeper sees it: names of the
        customer, the tiers and the user, the rule's label, the KPIs it saw."""
        potential = self.env.ref("partner_credit_archive.credit_tier_potential")
        market = self.env.ref("partner_credit_archive.credit_tier_market")
        self.env["partner.credit.grade.log"].create(
            {
                "partner_id": self.customer.id,
                "old_tier_id": potential.id,
                "new_tier_id": market.id,
                "rule": "manual",
                "mode": "manual",
                "reason": "Signed the framework contract",
                "user_id": self.credit_manager.id,
                "fulfilment_rate": 97.5,
                "annual_sales": 1234.5,
            }
        )
        self.env["partner.credit.grade.log"].create(
            {"partner_id": self.no_limit.id, "new_tier_id": potential.id, "rule": "no_orders"}
        )
        customers = (self.customer | self.no_limit).with_user(self.keeper)
        rows = read_sheets(customers._credit_archive_xlsx())["Grade History"]
        self.assertEqual(len(rows), 2)
        row = next(row for row in rows if row["Customer"] == "Register Credit Co.")
        self.assertEqual(row["Old Tier"], potential.name)
        self.assertEqual(row["New Tier"], market.name)
        self.assertEqual(row["Rule"], "Changed by Hand")
        self.assertEqual(row["By"], self.credit_manager.name)
        self.assertEqual(row["Reason"], "Signed the framework contract")
        self.assertEqual(row["Contract Fulfilment %"], 97.5)
        self.assertEqual(row["Sales in KPI Window"], 1234.5)
        self.assertIsInstance(row["Date"], datetime)
        other = next(row for row in rows if row["Customer"] == "Register Cash Co.")
        self.assertIsNone(other["Old Tier"])
        self.assertIsNone(other["Reason"])
        self.assertEqual(other["Rule"], "No Orders Yet")

    def test_page_values_as_records_give_them(self):
        """The further sheets' values read set-based, a page at a time, are the values the
        records give one by one: empty columns (0.0, 0, False as the ORM gives them), a
        translated name seen in the user's language, a field that is not a column, a
        many-to-one of another model; and a field the user may not read is refused."""
        self.env["res.lang"]._activate_lang("zh_CN")
        potential = self.env.ref("partner_credit_archive.credit_tier_potential")
        potential.with_context(lang="zh_CN").name = "潜力客户测试"
        Log = self.env["partner.credit.grade.log"]
        Log.create(
            {
                "partner_id": self.customer.id,
                "new_tier_id": potential.id,
                "rule": "manual",
                "mode": "manual",
                "user_id": self.credit_manager.id,
                "fulfilment_rate": 12.5,
                "reason": "Framework contract",
            }
        )
        Log.create(
            {"partner_id": self.no_limit.id, "new_tier_id": potential.id, "rule": "no_orders"}
        )
        document = self.env["partner.archive.document"].create(
            {
                "partner_id": self.customer.id,
                "type_id": self.env.ref("partner_credit_archive.archive_type_contract").id,
                "name": "Framework contract",
                "issue_date": "2026-01-05",
            }
        )
        cases = {
            "partner.credit.grade.log": [
                "date",
                "partner_id.name",
                "old_tier_id.name",
                "new_tier_id.name",
                "rule",
                "fulfilment_rate",
                "volatility",
                "annual_sales",
                "days_since_last_order",
                "user_id.name",
                "reason",
                "pinned_until",
                "currency_id",
            ],
            "partner.archive.document": [
                "archive_id.code",
                "category_id.name",
                "type_id.name",
                "catalogue_number",
                "issue_date",
                "expiry_date",
                "state",
                "volume_year",
                "is_verified",
            ],
        }
        for lang in ("en_US", "zh_CN"):
            keeper = self.env(user=self.keeper, context={"lang": lang})
            for model, paths in cases.items():
                records = keeper[model].search(
                    [("partner_id", "in", (self.customer | self.no_limit).ids)]
                )
                self.assertTrue(records)
                expected = {}
                for record in records:
                    values = {}
                    for path in paths:
                        value = record
                        for name in path.split("."):
                            value = value[name]
                        values[path] = value.id if hasattr(value, "_name") else value
                    expected[record.id] = values
                records.invalidate_model()
                found = page_values(records, paths)
                self.assertEqual(
                    {rid: {path: row[path] for path in paths} for rid, row in found.items()},
                    expected,
                    (model, lang),
                )
        self.maxDiff = None
        rows = page_values(
            self.env(user=self.keeper, context={"lang": "zh_CN"})[
                "partner.credit.grade.log"
            ].search([("partner_id", "=", self.no_limit.id)]),
            ["new_tier_id.name", "fulfilment_rate", "old_tier_id.name", "reason"],
        )
        self.assertEqual(
            list(rows.values()),
            [
                {
                    "new_tier_id": potential.id,
                    "new_tier_id.name": "潜力客户测试",
                    "fulfilment_rate": 0.0,
                    "old_tier_id": False,
                    "old_tier_id.name": False,
                    "reason": False,
                }
            ],
        )
        self.assertTrue(document.catalogue_number)
        # a column the user may not read (its field's groups): refused as record access does
        staff = self.env(user=self.employee)["res.partner"].browse(self.customer.id)
        secret = next(
            name
            for name, field in staff._fields.items()
            if field.groups
            and field.store
            and field.column_type
            and not staff.env.user.has_groups(field.groups)
        )
        with self.assertRaises(AccessError):
            staff.read([secret])
        with self.assertRaises(AccessError):
            page_values(staff, [secret])

    def test_register_lists_customers_only(self):
        company = self.env["res.company"].create({"name": "Register Branch Co."})
        staff = new_test_user(self.env, login="pca_register_staff", groups="base.group_user")
        former = new_test_user(self.env, login="pca_register_former", groups="base.group_user")
        former.active = False
        portal = new_test_user(self.env, login="pca_register_portal", groups="base.group_portal")
        own = company.partner_id | staff.partner_id | former.partner_id | self.keeper.partner_id
        own |= self.env.company.partner_id | self.env.ref("base.partner_root")
        own |= self.env.ref("base.public_partner")
        own |= self.env.ref("base.template_portal_user_id").partner_id
        for partner in own:
            self.assertFalse(partner.archive_code, f"{partner.name} is one of our own")
        self.assertTrue(portal.partner_id.archive_code, "a portal user's partner is a customer")
        selection = (own | portal.partner_id | self.customer).with_context(active_test=False)
        sheets = read_sheets(selection._credit_archive_xlsx())
        listed = {row["Customer"] for row in sheets["Archive Register"]}
        self.assertEqual(listed, {portal.partner_id.name, self.customer.name})

    def test_numbering_at_install_skips_our_own(self):
        staff = new_test_user(self.env, login="pca_register_staff2", groups="base.group_user")
        former = new_test_user(self.env, login="pca_register_former2", groups="base.group_user")
        former.active = False
        company = self.env["res.company"].create({"name": "Register Install Co."})
        everyone = self.customer | staff.partner_id | former.partner_id | company.partner_id
        self.env.cr.execute(
            "DELETE FROM partner_archive WHERE partner_id = ANY(%s)", [everyone.ids]
        )
        self.env.invalidate_all()
        self.env["res.partner"]._archive_init_codes()
        self.assertTrue(self.customer.archive_code)
        self.assertFalse((everyone - self.customer).filtered("archive_code"))

    def test_customer_who_becomes_a_user_keeps_its_number(self):
        person = self.env["res.partner"].create({"name": "Register Person"})
        code = person.archive_code
        self.assertTrue(code)
        user = new_test_user(
            self.env, login="pca_register_hired", groups="base.group_user", partner_id=person.id
        )
        self.assertEqual(user.partner_id, person)
        self.assertEqual(person.archive_code, code, "numbers are never taken back")
        sheets = read_sheets(person._credit_archive_xlsx())
        self.assertEqual([row["Archive No."] for row in sheets["Archive Register"]], [code])
        # a contact of a company that becomes commercial is numbered; a staff's is not
        contact = self.env["res.partner"].create(
            {"name": "Register Contact", "parent_id": self.customer.id}
        )
        contact.parent_id = False
        self.assertTrue(contact.archive_code)
        staff = new_test_user(self.env, login="pca_register_staff3", groups="base.group_user")
        staff.partner_id.write({"parent_id": self.customer.id})
        staff.partner_id.write({"parent_id": False})
        self.assertFalse(staff.partner_id.archive_code)
        # staff who leave and come back as a portal customer become a customer then
        portal = self.env.ref("base.group_portal")
        staff.write({"group_ids": [Command.set(portal.ids)]})
        self.assertTrue(staff.share)
        self.assertTrue(staff.partner_id.archive_code)

    def test_upgrade_takes_back_numbers_of_our_own_without_documents(self):
        """migrations/19.0.1.1.0/post-archive-codes.py on what the first release numbered."""
        staff = new_test_user(self.env, login="pca_register_staff4", groups="base.group_user")
        filed = new_test_user(self.env, login="pca_register_filed", groups="base.group_user")
        company = self.env["res.company"].create({"name": "Register Upgrade Co."})
        own = staff.partner_id | filed.partner_id | company.partner_id
        for index, partner in enumerate(own):
            # since 19.0.2 the number is the archive's (partner.archive, per company)
            self.env.cr.execute(
                "INSERT INTO partner_archive (partner_id, company_id, code, state, completeness)"
                " VALUES (%s, %s, %s, 'draft', 0)",
                [partner.id, self.env.company.id, f"KH-OLD-{index:05d}"],
            )
        self.env.invalidate_all()
        document = self.env["partner.archive.document"].create(
            {
                "partner_id": filed.partner_id.id,
                "type_id": self.env.ref("partner_credit_archive.archive_type_contract").id,
                "name": "Employment-era contract",
            }
        )
        document.action_archive()  # archived documents count: nothing filed is lost
        customer_code = self.customer.archive_code
        path = file_path("partner_credit_archive/migrations/19.0.1.1.0/post-archive-codes.py")
        spec = importlib.util.spec_from_file_location("post_archive_codes", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "19.0.1.0.0")
        self.assertFalse(staff.partner_id.archive_code)
        self.assertFalse(company.partner_id.archive_code)
        self.assertEqual(filed.partner_id.archive_code, "KH-OLD-00001", "it has documents")
        self.assertEqual(self.customer.archive_code, customer_code)

    def test_register_in_chinese(self):
        self._approved_report()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["partner_credit_archive"], ["zh_CN"], overwrite=True
        )
        data = self.customer.with_context(lang="zh_CN")._credit_archive_xlsx()
        sheets = read_sheets(data)
        (row,) = sheets["档案登记簿"]
        self.assertEqual(row["信用等级"], "B")
        self.assertEqual(row["评分"], EXPECTED_SCORE)
        self.assertEqual(row["信用占用"], 1200.0)
        self.assertEqual(row["可用额度"], 48800.0)
        self.assertEqual(row["逾期金额"], 1000.0)
        self.assertEqual(row["最长逾期天数"], 30)
        (report,) = sheets["资信调查报告"]
        self.assertEqual(report["状态"], "已批准")
        self.assertEqual(report["批准人"], self.credit_manager.name)
        self.assertIn("报告编号", report)
        self.assertIn("征信机构", report)
