import io
from datetime import date

import openpyxl

from odoo.tests import Form, freeze_time, tagged

from .common import CreditArchiveCase, read_sheets


@tagged("post_install", "-at_install")
class TestAging(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Aging Customer", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Aging Buyer", "parent_id": cls.customer.id}
        )
        cls.other = cls.env["res.partner"].create({"name": "Aging Other", "is_company": True})
        # invoice date, due date, amount: aged at 2026-06-30
        plan = [
            (cls.customer, "2026-06-20", "2026-07-20", 100.0),  # not due
            (cls.contact, "2026-06-01", "2026-06-30", 200.0),  # 0 days: 0-30
            (cls.customer, "2026-04-01", "2026-05-01", 300.0),  # 60 days: 31-60
            (cls.customer, "2026-03-01", "2026-03-31", 400.0),  # 91 days: 91-180
            (cls.customer, "2025-11-01", "2025-12-01", 500.0),  # 211 days: > 180
            (cls.other, "2026-05-01", "2026-05-15", 50.0),  # 46 days: 31-60
        ]
        cls.invoices = cls.env["account.move"]
        for partner, invoice_date, due, amount in plan:
            cls.invoices |= cls._invoice(partner, invoice_date, due, amount)
        cls.invoices.action_post()

    @classmethod
    def _invoice(cls, partner, invoice_date, due, amount, move_type="out_invoice"):
        return cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    (0, 0, {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )

    def test_buckets_by_due_date_sum_to_receivable(self):
        aging = self.customer._credit_aging(date(2026, 6, 30))
        row = aging[self.customer.id]
        self.assertEqual(row["not_due"], 100.0)
        self.assertEqual(row["days_0_30"], 200.0)  # the contact's invoice rolls up
        self.assertEqual(row["days_31_60"], 300.0)
        self.assertEqual(row["days_61_90"], 0.0)
        self.assertEqual(row["days_91_180"], 400.0)
        self.assertEqual(row["days_over_180"], 500.0)
        self.assertEqual(row["total"], 1500.0)
        self.assertEqual(row["total"], self.customer.credit + self.contact.credit)
        self.assertNotIn(self.other.id, aging)

    def test_payments_and_credit_notes_reduce_buckets(self):
        refund = self._invoice(self.customer, "2026-06-25", "2026-06-25", 80.0, "out_refund")
        refund.action_post()
        oldest = self.invoices.filtered(lambda m: m.amount_total == 500.0)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=oldest.ids
        ).create({"payment_date": "2026-06-28"})._create_payments()
        row = self.customer._credit_aging(date(2026, 6, 30))[self.customer.id]
        self.assertEqual(row["days_over_180"], 0.0)
        self.assertEqual(row["days_0_30"], 200.0 - 80.0)
        self.assertEqual(row["total"], 1500.0 - 500.0 - 80.0)

    def test_aging_xlsx(self):
        partners = self.customer | self.other
        data = partners._credit_aging_xlsx(date(2026, 6, 30))
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        rows = list(sheet.iter_rows(values_only=True))
        header_index = next(i for i, row in enumerate(rows) if row[0] == "Customer")
        header = rows[header_index]
        by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[header_index + 1 :]}
        customer = by_name["Aging Customer"]
        self.assertEqual(customer["Total Receivable"], 1500.0)
        self.assertEqual(customer["Over 180 Days"], 500.0)
        self.assertEqual(customer["Overdue"], 1400.0)
        self.assertEqual(customer["Salesperson"], self.sales_rep.name)
        buckets = ("Not Due", "0-30 Days", "31-60 Days", "61-90 Days", "91-180 Days")
        self.assertEqual(
            sum(customer[b] or 0 for b in buckets) + customer["Over 180 Days"],
            customer["Total Receivable"],
        )
        self.assertEqual(by_name["Aging Other"]["31-60 Days"], 50.0)
        self.assertEqual(by_name["Total"]["Total Receivable"][:9], "=SUBTOTAL")
        self.assertEqual(sheet.freeze_panes, f"B{header_index + 2}")

    def test_monthly_snapshots_compare_months(self):
        Snapshot = self.env["partner.credit.aging.snapshot"]
        with freeze_time("2026-05-01"):
            Snapshot._cron_credit_aging_snapshot()
        # the first run takes the month just ended; entries dated later are left out
        april = Snapshot.search(
            [("partner_id", "=", self.customer.id), ("date", "=", "2026-04-30")]
        )
        self.assertEqual(april.total, 300.0 + 400.0 + 500.0)
        self.assertFalse(april.previous_total)
        with freeze_time("2026-05-31"):
            Snapshot._cron_credit_aging_snapshot()  # May has not ended yet
        self.assertFalse(Snapshot.search_count([("date", "=", "2026-05-31")]))
        with freeze_time("2026-06-01"):
            Snapshot._cron_credit_aging_snapshot()
        may = Snapshot.search([("partner_id", "=", self.customer.id), ("date", "=", "2026-05-31")])
        self.assertEqual(len(may), 1)
        self.assertEqual(may.total, 1200.0)
        self.assertEqual(may.previous_total, april.total)
        self.assertEqual(may.total_change, 0.0)
        with freeze_time("2026-07-01"):
            Snapshot._cron_credit_aging_snapshot()
            Snapshot._cron_credit_aging_snapshot()  # idempotent
        june = Snapshot.search([("partner_id", "=", self.customer.id), ("date", "=", "2026-06-30")])
        self.assertEqual(len(june), 1)
        self.assertEqual(june.total, 1500.0)
        self.assertEqual(june.overdue, 1400.0)
        self.assertEqual(june.previous_total, may.total)
        self.assertEqual(june.total_change, june.total - may.total)
        self.assertEqual(june.overdue_change, june.overdue - may.overdue)
        self.assertEqual(june.user_id, self.sales_rep)
        # months missed (server down) are caught up, each as of its own month end
        with freeze_time("2026-09-02"):
            Snapshot._cron_credit_aging_snapshot()
        self.assertTrue(Snapshot.search_count([("date", "=", "2026-07-31")]))
        self.assertTrue(Snapshot.search_count([("date", "=", "2026-08-31")]))

    def test_snapshot_visibility(self):
        with freeze_time("2026-07-01"):
            self.env["partner.credit.aging.snapshot"]._cron_credit_aging_snapshot()
        own = self.env["partner.credit.aging.snapshot"].with_user(self.sales_rep).search([])
        self.assertEqual(own.partner_id, self.customer)
        all_rows = self.env["partner.credit.aging.snapshot"].with_user(self.keeper).search([])
        self.assertIn(self.other, all_rows.partner_id)

    def test_export_wizard(self):
        wizard_form = Form(
            self.env["partner.credit.export.wizard"]
            .with_user(self.keeper)
            .with_context(active_model="res.partner", active_ids=[self.customer.id])
        )
        wizard_form.date_ref = date(2026, 6, 30)
        wizard = wizard_form.save()
        action = wizard.action_export()
        # a notification says what is coming, then the download, then the dialog closes
        self.assertEqual(action["tag"], "display_notification")
        download = action["params"]["next"]
        self.assertEqual(download["type"], "ir.actions.act_url")
        self.assertTrue(download["close"])
        # the workbook comes from the read-only download route (controllers/credit_export.py)
        self.assertEqual(download["url"], f"/partner_credit_archive/export/{wizard.id}")
        data, name = wizard._export_file()
        self.assertTrue(name.endswith(".xlsx"))
        self.assertEqual(data[:2], b"PK")  # an XLSX is a zip


@tagged("post_install", "-at_install")
class TestRegisterExport(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Register Co.",
                "is_company": True,
                "user_id": cls.sales_rep.id,
                "city": "Ningbo",
                "customer_nature": "ordinary",
            }
        )
        cls.customer.with_company(cls.company).credit_limit = 50000.0
        cls.env["partner.archive.document"].create(
            {
                "partner_id": cls.customer.id,
                "type_id": cls.env.ref("partner_credit_archive.archive_type_contract").id,
                "name": "Framework contract 2026",
                "issue_date": "2026-01-05",
            }
        )

    def test_register_workbook(self):
        data = self.customer._credit_archive_xlsx(date(2026, 6, 30))
        sheets = read_sheets(data)
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
        (row,) = sheets["Archive Register"]
        self.assertEqual(row["Customer"], "Register Co.")
        self.assertEqual(row["Archive No."], self.customer.archive_code)
        self.assertEqual(row["Tier"], "Potential Customer")
        self.assertEqual(row["Credit Limit"], 50000.0)
        self.assertEqual(row["City"], "Ningbo")
        self.assertEqual(row["Salesperson"], self.sales_rep.name)
        (document,) = sheets["Documents Catalogue"]
        self.assertEqual(document["Title"], "Framework contract 2026")
        self.assertEqual(document["Catalogue No."][:2], "2-")

    def test_register_headers_follow_the_user_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["partner_credit_archive"], ["zh_CN"], overwrite=True
        )
        data = self.customer.with_context(lang="zh_CN")._credit_archive_xlsx(date(2026, 6, 30))
        sheets = read_sheets(data)
        self.assertIn("档案登记簿", sheets)
        (row,) = sheets["档案登记簿"]
        self.assertEqual(row["客户"], "Register Co.")

    def test_catalogue_pdf(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "partner_credit_archive.action_report_archive_catalogue", self.customer.ids
            )[0]
            .decode()
        )
        self.assertIn("Framework contract 2026", html)
        self.assertIn(self.customer.archive_code, html)
        self.assertIn("Contracts", html)
        groups = self.customer._archive_catalogue_groups()
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0][1], 2026)


@tagged("post_install", "-at_install")
class TestDashboard(CreditArchiveCase):
    def test_dashboard_views_load_and_group_by_tier(self):
        # the Credit Analysis behind the dashboard's links: list, pivot and graph load
        action = self.env.ref("partner_credit_archive.partner_credit_exposure_report_action")
        views = (
            self.env[action.res_model]
            .with_user(self.credit_manager)
            .get_views([(False, mode) for mode in action.view_mode.split(",")])
        )
        self.assertEqual(set(views["views"]), {"graph", "pivot", "list"})
        partners = self.env["res.partner"].with_user(self.keeper)
        self.env["res.partner"].create(
            [{"name": f"Dashboard {i}", "is_company": True, "customer_rank": 1} for i in range(3)]
        )
        groups = partners.formatted_read_group(
            [("parent_id", "=", False), ("customer_rank", ">", 0)], ["credit_tier_id"], ["__count"]
        )
        potential = self.env.ref("partner_credit_archive.credit_tier_potential")
        counts = {g["credit_tier_id"][0]: g["__count"] for g in groups if g["credit_tier_id"]}
        self.assertGreaterEqual(counts.get(potential.id, 0), 3)

    def test_exposure_list_reads_in_bounded_queries(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Exposure {i}", "is_company": True} for i in range(60)]
        )
        fields_list = ["credit_tier_id", "credit_rating", "credit_limit", "credit_exposure"]

        def queries(records):
            self.env.invalidate_all()
            records.with_user(self.credit_manager).read(fields_list)  # warm metadata caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.with_user(self.credit_manager).read(fields_list)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(partners[:20]), queries(partners))
