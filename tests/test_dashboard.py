import json
import re
from datetime import date

from lxml import etree

from odoo.fields import Domain
from odoo.tests import freeze_time, tagged

from .common import CreditArchiveCase, LedgerDocumentsMixin

PIVOT_REF = re.compile(r"PIVOT(?:\.VALUE|\.HEADER)?\(\s*(\d+)(?:\s*,\s*\"(\w+)\")?")


@tagged("post_install", "-at_install")
class TestCreditDashboard(LedgerDocumentsMixin, CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.over = Partner.create({"name": "Dash Over Ltd", "is_company": True})
        cls.under = Partner.create({"name": "Dash Under Ltd", "is_company": True})
        cls.unlimited = Partner.create({"name": "Dash Unlimited Ltd", "is_company": True})
        manager = cls.credit_manager
        cls.over.with_user(manager)._credit_set_limit(1_000.0, "Dashboard test")
        cls.under.with_user(manager)._credit_set_limit(10_000.0, "Dashboard test")
        cls.partners = cls.over | cls.under | cls.unlimited

    def _post_invoices(self):
        self.customer = self.over
        self._invoice(1_500.0, "2026-05-01", "2026-05-31")  # 150 % of its limit, overdue
        self._invoice(2_000.0, "2026-06-01", "2026-07-31", partner=self.under)  # 20 %
        self._invoice(204_000.0, "2026-06-01", "2026-06-30", partner=self.unlimited)

    # ------------------------------------------------------------------ the dashboard
    def test_dashboard_shipped_for_credit_groups(self):
        dashboard = self.env.ref("partner_credit_archive.spreadsheet_dashboard_credit")
        self.assertTrue(dashboard.is_published)
        self.assertEqual(
            dashboard.dashboard_group_id,
            self.env.ref("partner_credit_archive.spreadsheet_dashboard_group_credit"),
        )
        self.assertEqual(
            dashboard.group_ids, self.env.ref("partner_credit_archive.group_credit_manager")
        )
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(dashboard, Dashboard.with_user(self.credit_manager).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(self.sales_rep).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(self.employee).search([]))
        # its figures come from the module's translations, as Odoo's own dashboards'
        self.assertEqual(dashboard._get_dashboard_translation_namespace(), "partner_credit_archive")
        action = self.env.ref("partner_credit_archive.spreadsheet_dashboard_action_credit")
        self.assertEqual(action.params["dashboard_id"], dashboard.id)

    def test_dashboard_json_uses_existing_stored_fields(self):
        """Every pivot, chart and formula of the dashboard reads a model and fields that
        exist and that SQL can group and add up (a pivot reads nothing else)."""
        dashboard = self.env.ref("partner_credit_archive.spreadsheet_dashboard_credit")
        data = json.loads(dashboard.spreadsheet_data)

        def check(model, measures, groupbys, domain):
            self.assertIn(model, self.env, model)
            fields = self.env[model].fields_get(attributes=["groupable", "aggregator", "type"])
            for measure in measures:
                if measure == "__count":
                    continue
                self.assertIn(measure, fields, f"{model}.{measure}")
                self.assertTrue(fields[measure].get("aggregator"), f"{model}.{measure}")
            for groupby in groupbys:
                name = groupby.split(":")[0]
                self.assertIn(name, fields, f"{model}.{name}")
                self.assertTrue(fields[name]["groupable"], f"{model}.{name}")
            # the domain is valid on the model, and the query runs
            self.env[model].with_user(self.credit_manager).search_count(Domain(domain))

        pivots = data["pivots"]
        self.assertTrue(pivots)
        for pivot in pivots.values():
            check(
                pivot["model"],
                [measure["fieldName"] for measure in pivot["measures"]],
                [dim["fieldName"] for dim in pivot["rows"] + pivot["columns"]],
                pivot["domain"],
            )
        charts = [
            figure["data"]
            for sheet in data["sheets"]
            for figure in sheet["figures"]
            if figure["tag"] == "chart" and figure["data"]["type"].startswith("odoo_")
        ]
        self.assertGreaterEqual(len(charts), 2)  # tiers, month to month
        for chart in charts:
            meta = chart["metaData"]
            check(
                meta["resModel"],
                [meta["measure"]],
                meta["groupBy"],
                chart["searchParams"]["domain"],
            )
        # formulas: only pivots that exist, with the measures they define
        formulas = [
            cell
            for sheet in data["sheets"]
            for cell in sheet["cells"].values()
            if isinstance(cell, str) and cell.startswith("=")
        ]
        references = [ref for cell in formulas for ref in PIVOT_REF.findall(cell)]
        self.assertTrue(references)
        for pivot_id, measure in references:
            self.assertIn(pivot_id, pivots)
            if measure:
                measures = {m["fieldName"] for m in pivots[pivot_id]["measures"]}
                self.assertIn(measure, measures, f"pivot {pivot_id}")
        # every scorecard shows a cell of the Data sheet holding a formula
        data_cells = next(s for s in data["sheets"] if s["name"] == "Data")["cells"]
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                if figure["data"].get("type") == "scorecard":
                    cell = figure["data"]["keyValue"].split("!")[1]
                    self.assertTrue(data_cells[cell].startswith("=PIVOT"), cell)

    @freeze_time("2026-07-15")
    def test_exposure_report_figures(self):
        """The dashboard's figures are each customer's own (exposure, limit, overdue by age),
        as the customer form shows them."""
        self._post_invoices()
        Report = self.env["partner.credit.exposure.report"].with_user(self.credit_manager)
        rows = Report.search([("partner_id", "in", self.partners.ids)])
        by_partner = {row.partner_id: row for row in rows}
        self.assertEqual(set(by_partner), set(self.partners))
        over = by_partner[self.over]
        self.assertEqual(over.exposure, self.over.with_user(self.credit_manager).credit_exposure)
        self.assertEqual(over.exposure, 1_500.0)
        self.assertTrue(over.over_limit)
        self.assertEqual(over.over_limit_amount, 500.0)
        self.assertEqual(over.limit_use, 150.0)
        self.assertEqual(over.days_31_60, 1_500.0)  # due 2026-05-31: 45 days on 07-15
        self.assertEqual(over.overdue, 1_500.0)
        under = by_partner[self.under]
        self.assertFalse(under.over_limit)
        self.assertEqual(under.available, 8_000.0)
        self.assertEqual(under.not_due, 2_000.0)
        unlimited = by_partner[self.unlimited]
        self.assertEqual(unlimited.exposure, 204_000.0)
        self.assertFalse(unlimited.credit_limit)
        self.assertFalse(unlimited.over_limit)  # no limit: not checked, never over it
        self.assertFalse(unlimited.limit_use)
        # sorted by use of the limit, the most used first
        self.assertEqual(rows[:2].partner_id, self.over | self.under)
        self.assertEqual(rows[0].partner_id, self.over)
        # the pivot's total and the count of customers over the limit
        domain = [("partner_id", "in", self.partners.ids)]
        [(total, count)] = Report._read_group(domain, [], ["exposure:sum", "__count"])
        self.assertEqual((total, count), (207_500.0, 3))
        [(over_count,)] = Report._read_group([*domain, ("over_limit", "=", True)], [], ["__count"])
        self.assertEqual(over_count, 1)

    def test_exposure_report_for_credit_groups_only(self):
        Report = self.env["partner.credit.exposure.report"]
        self.assertFalse(Report.with_user(self.sales_rep).has_access("read"))
        self.assertTrue(Report.with_user(self.credit_manager).has_access("read"))

    # ------------------------------------------------------------------ Exposure vs Limit
    @freeze_time("2026-07-15")
    def test_exposure_list_sorted_by_use_of_limit(self):
        self._post_invoices()
        view = self.env.ref("partner_credit_archive.res_partner_view_list_credit_exposure")
        arch = etree.fromstring(view.arch)
        order = arch.get("default_order")
        self.assertEqual(order, "credit_limit_use desc")
        Partner = self.env["res.partner"].with_user(self.credit_manager)
        spec = {"name": {}, "credit_limit_use": {}, "credit_available": {}}
        domain = [("id", "in", self.partners.ids)]
        result = Partner.web_search_read(domain, spec, order=order)
        self.assertEqual(result["length"], 3)
        names = [row["name"] for row in result["records"]]
        # no limit: no use, last (its 204 000 exposure uses no limit)
        self.assertEqual(names, ["Dash Over Ltd", "Dash Under Ltd", "Dash Unlimited Ltd"])
        self.assertEqual(result["records"][0]["credit_limit_use"], 150.0)
        self.assertEqual(result["records"][1]["credit_limit_use"], 20.0)
        ascending = Partner.web_search_read(domain, spec, order="credit_limit_use asc")
        self.assertEqual(
            [row["name"] for row in ascending["records"]],
            ["Dash Under Ltd", "Dash Over Ltd", "Dash Unlimited Ltd"],
        )
        # pages: the limited customers, then the others
        page = Partner.web_search_read(domain, spec, offset=1, limit=1, order=order)
        self.assertEqual([row["name"] for row in page["records"]], ["Dash Under Ltd"])
        self.assertEqual(page["length"], 3)
        page = Partner.web_search_read(domain, spec, offset=2, limit=1, order=order)
        self.assertEqual([row["name"] for row in page["records"]], ["Dash Unlimited Ltd"])

    def test_exposure_list_money_and_no_limit(self):
        """Money in the company currency; without a limit the available credit and the
        use show nothing (0 = no limit, not "nothing left")."""
        view = self.env.ref("partner_credit_archive.res_partner_view_list_credit_exposure")
        arch = etree.fromstring(view.arch)
        for name in ("credit_limit_granted", "credit_exposure", "credit_available"):
            [node] = arch.xpath(f"//field[@name='{name}']")
            self.assertEqual(node.get("widget"), "monetary", name)
            self.assertIn("credit_currency_id", node.get("options"), name)
        for name in ("credit_available", "credit_limit_use"):
            [node] = arch.xpath(f"//field[@name='{name}']")
            self.assertIn("not credit_limit_granted", node.get("invisible"), name)

    # ------------------------------------------------------------------ Monthly AR Aging
    def test_aging_never_sums_months(self):
        """A month-end balance is a stock: the list opens grouped by month with no grand
        total, the pivot puts months side by side, the graph one bar per month, and the
        month groups hold each month's own total."""
        Snapshot = self.env["partner.credit.aging.snapshot"]
        views = Snapshot.get_views([(False, "list"), (False, "pivot"), (False, "graph")])
        list_arch = etree.fromstring(views["views"]["list"]["arch"])
        self.assertEqual(list_arch.get("default_group_by"), "date:month")
        self.assertFalse(list_arch.xpath("//field[@sum]"))
        pivot_arch = etree.fromstring(views["views"]["pivot"]["arch"])
        [month] = pivot_arch.xpath("//field[@name='date']")
        self.assertEqual((month.get("type"), month.get("interval")), ("col", "month"))
        self.assertFalse(pivot_arch.xpath("//field[@type='row'][@name='date']"))
        graph_arch = etree.fromstring(views["views"]["graph"]["arch"])
        self.assertEqual(graph_arch.xpath("//field[not(@type)]/@name"), ["date"])
        self.assertNotIn(
            "user_id",
            str(
                self.env.ref("partner_credit_archive.partner_credit_aging_snapshot_action").context
            ),
        )
        # two month ends of one customer: each month's group is its own balance
        self.customer = self.over
        self._invoice(700.0, "2026-04-01", "2026-04-30")
        with freeze_time("2026-06-01"):
            Snapshot._take_snapshot(date(2026, 4, 30))
            Snapshot._take_snapshot(date(2026, 5, 31))
        groups = Snapshot._read_group(
            [("partner_id", "=", self.over.id)], ["date:month"], ["total:sum"]
        )
        self.assertEqual([total for _month, total in groups], [700.0, 700.0])
