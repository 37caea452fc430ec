"""Confidential credit figures (SPEC §3.M): a rep sees no credit figure of a customer not theirs
— not in a read, a search, a group-by, an export or the quotation banner — as empty values,
never as an access error; keepers and credit managers see every customer's figures."""

from odoo.tests import new_test_user, tagged

from .common import read_sheets
from .test_credit_control import CreditControlCommon

CONFIDENTIAL = [
    "credit_exposure",
    "credit_available",
    "credit_rating",
    "credit_score",
    "credit_fulfilment_rate",
    "credit_volatility",
    "credit_annual_sales",
    "credit_ontime_rate",
    "credit_avg_days_late",
    "credit_overdue_ratio",
    "credit_days_since_order",
    "credit_relationship_months",
    "credit_tier_proposed_id",
    "credit_grade_explanation",
    "credit_limit_proposed",
    "credit_limit_proposal_note",
]


@tagged("post_install", "-at_install")
class TestConfidentialFigures(CreditControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep_a = cls.sales_rep  # cls.customer is theirs
        cls.rep_b = new_test_user(
            cls.env,
            login="pca_sales_rep_b",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
        )
        cls.customer.customer_rank = 1
        cls.customer_b = cls.env["res.partner"].create(
            {
                "name": "Rival Trading",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.rep_b.id,
            }
        )
        cls.customer_b.sudo().credit_limit = 2000.0
        for partner, rating, score in ((cls.customer, "A", 80.0), (cls.customer_b, "A", 90.0)):
            partner.sudo().write({"credit_rating_value": rating, "credit_score_value": score})
        CreditControlCommon._invoice(cls, cls.customer, amount=200.0)
        CreditControlCommon._invoice(cls, cls.customer_b, amount=300.0)
        cls.both = cls.customer | cls.customer_b

    def _values(self, user, partner):
        return partner.with_user(user).read(CONFIDENTIAL + ["credit_figures_visible"])[0]

    def test_rep_sees_own_figures_only(self):
        own = self._values(self.rep_a, self.customer)
        self.assertTrue(own["credit_figures_visible"])
        self.assertEqual(own["credit_exposure"], 200.0)
        self.assertEqual(own["credit_available"], 800.0)
        self.assertEqual((own["credit_rating"], own["credit_score"]), ("A", 80.0))
        self.assertTrue(own["credit_grade_explanation"])
        other = self._values(self.rep_a, self.customer_b)
        self.assertFalse(other.pop("credit_figures_visible"))
        self.assertFalse(any(other[fname] for fname in CONFIDENTIAL), other)
        # the same through search_read, and for rep B the other way round
        rows = {
            row["id"]: row
            for row in self.env["res.partner"]
            .with_user(self.rep_b)
            .search_read([("id", "in", self.both.ids)], CONFIDENTIAL)
        }
        self.assertEqual(rows[self.customer_b.id]["credit_exposure"], 300.0)
        self.assertEqual(rows[self.customer_b.id]["credit_score"], 90.0)
        self.assertFalse(any(rows[self.customer.id][fname] for fname in CONFIDENTIAL))

    def test_keeper_and_manager_see_everything(self):
        for user in (self.keeper, self.credit_manager):
            with self.subTest(user=user.login):
                values = self._values(user, self.customer_b)
                self.assertTrue(values["credit_figures_visible"])
                self.assertEqual(values["credit_exposure"], 300.0)
                self.assertEqual(values["credit_available"], 1700.0)
                self.assertEqual((values["credit_rating"], values["credit_score"]), ("A", 90.0))
                self.assertTrue(values["credit_grade_explanation"])
                found = (
                    self.env["res.partner"]
                    .with_user(user)
                    .search([("id", "in", self.both.ids), ("credit_rating", "=", "A")])
                )
                self.assertEqual(found, self.both)

    def test_search_never_reveals_others(self):
        Partner = self.env["res.partner"].with_user(self.rep_a)
        scope = [("id", "in", self.both.ids)]
        for domain in (
            [("credit_rating", "=", "A")],
            [("credit_rating", "!=", "B")],
            [("credit_rating", "!=", False)],
            [("credit_rating", "in", ["A", "AA"])],
            [("credit_score", ">", 50)],
            ["!", ("credit_score", "<", 50)],
        ):
            with self.subTest(domain=domain):
                self.assertEqual(Partner.search(scope + domain), self.customer)

    def test_group_by_and_fields_offered(self):
        Partner = self.env["res.partner"].with_user(self.rep_a)
        described = Partner.fields_get(attributes=["groupable", "sortable"])
        # the stored values are not even offered to a rep; the public names are not groupable
        self.assertNotIn("credit_rating_value", described)
        self.assertNotIn("credit_score_value", described)
        for fname in ("credit_rating", "credit_score", "credit_exposure"):
            self.assertFalse(described[fname]["groupable"], fname)
        view = self.env.ref("partner_credit_archive.res_partner_view_list_credit_exposure")
        list_fields = Partner.get_views([(view.id, "list")])["models"]["res.partner"]["fields"]
        groupable = [
            f"{fname}:day" if Partner._fields[fname].type in ("date", "datetime") else fname
            for fname in list_fields
            if described.get(fname, {}).get("groupable")
        ]
        self.assertIn("credit_tier_id", groupable)
        for fname in groupable:
            with self.subTest(groupby=fname):
                Partner.formatted_read_group([("id", "in", self.both.ids)], [fname], ["__count"])
        keeper_pivot = (
            self.env["res.partner"]
            .with_user(self.keeper)
            .formatted_read_group(
                [("id", "in", self.both.ids)], ["credit_rating_value"], ["__count"]
            )
        )
        self.assertEqual(keeper_pivot[0]["__count"], 2)

    def test_contact_list_and_export(self):
        self.rep_a.group_ids += self.env.ref("base.group_allow_export")
        Partner = self.env["res.partner"].with_user(self.rep_a)
        for view in (
            self.env.ref("base.view_partner_tree"),
            self.env.ref("partner_credit_archive.res_partner_view_list_credit_exposure"),
        ):
            with self.subTest(view=view.name):
                fnames = Partner.get_views([(view.id, "list")])["models"]["res.partner"]["fields"]
                spec = {
                    fname: {"fields": {"display_name": {}}}
                    if Partner._fields[fname].type == "many2one"
                    else {}
                    for fname in fnames
                }
                result = Partner.web_search_read([("id", "in", self.both.ids)], spec)
                rows = {row["id"]: row for row in result["records"]}
                self.assertFalse(rows[self.customer_b.id].get("credit_exposure"))
                self.assertEqual(rows[self.customer.id].get("credit_exposure", 200.0), 200.0)
        exported = Partner.browse(self.both.ids).export_data(["name"] + CONFIDENTIAL)["datas"]
        rows = {row[0]: row[1:] for row in exported}
        self.assertFalse(any(rows["Rival Trading"]), rows["Rival Trading"])
        self.assertIn(200.0, rows["Huaxin Trading"])

    def test_register_leaves_others_figures_empty(self):
        sheets = read_sheets(self.both.with_user(self.rep_a)._credit_archive_xlsx())
        rows = {row["Customer"]: row for row in sheets["Archive Register"]}
        own = {"Rating": "A", "Exposure": 200.0, "Receivable": 200.0, "Available Credit": 800.0}
        for header, value in own.items():
            with self.subTest(column=header):
                self.assertEqual(rows["Huaxin Trading"][header], value)
        hidden = [*own, "Score", "Overdue Amount", "Sales in KPI Window", "On-time Payment %"]
        for header in hidden:
            with self.subTest(column=header):
                self.assertIsNone(rows["Rival Trading"][header])
        self.assertEqual(rows["Rival Trading"]["Credit Limit"], 2000.0)  # not confidential
        keeper = read_sheets(self.both.with_user(self.keeper)._credit_archive_xlsx())
        keeper_rows = {row["Customer"]: row for row in keeper["Archive Register"]}
        self.assertEqual(keeper_rows["Rival Trading"]["Exposure"], 300.0)

    def test_banner_without_amounts_on_others_customer(self):
        """A rep quoting a colleague's customer is told the order would be held, in words,
        without the customer's exposure; the check itself is unchanged."""
        order = self._order(partner=self.customer_b, amount=2500.0, user=self.rep_a)
        banner = ["credit_check_level", "credit_check_message", "credit_partner_exposure"]
        as_rep = order.with_user(self.rep_a).read(banner + ["credit_partner_figures_visible"])[0]
        self.assertEqual(as_rep["credit_check_level"], "block")
        self.assertFalse(as_rep["credit_partner_figures_visible"])
        self.assertFalse(as_rep["credit_partner_exposure"])
        self.assertIn("over its credit limit", as_rep["credit_check_message"])
        self.assertNotIn("2,800", as_rep["credit_check_message"])
        self.assertNotIn("1,700", as_rep["credit_check_message"])
        as_manager = order.with_user(self.credit_manager).read(banner)[0]
        self.assertEqual(as_manager["credit_partner_exposure"], 300.0)
        self.assertIn("2,800", as_manager["credit_check_message"])
        order.with_user(self.rep_a).action_confirm()
        self.assertEqual(order.credit_state, "hold")

    def test_rep_list_reads_in_bounded_queries(self):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Mixed {i}",
                    "is_company": True,
                    "user_id": (self.rep_a, self.rep_b)[i % 2].id,
                }
                for i in range(60)
            ]
        )
        fields_list = [
            "credit_tier_id",
            "credit_rating",
            "credit_exposure",
            "credit_figures_visible",
        ]

        def queries(records):
            self.env.invalidate_all()
            records.with_user(self.rep_a).read(fields_list)  # warm metadata caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.with_user(self.rep_a).read(fields_list)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(partners[:20]), queries(partners))
