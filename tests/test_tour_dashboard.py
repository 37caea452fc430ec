from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_tour(self):
        """A credit manager opens the Credit dashboard in the Dashboards app, then Exposure
        vs Limit, sorted by use of the limit."""
        manager = new_test_user(
            self.env,
            login="tour_dashboard",
            password="tour_dashboard",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
        )
        Partner = self.env["res.partner"]
        over = Partner.create({"name": "Tour Over Limit Ltd", "is_company": True})
        under = Partner.create({"name": "Tour Under Limit Ltd", "is_company": True})
        Partner.create({"name": "Tour No Limit Ltd", "is_company": True, "customer_rank": 1})
        over.with_user(manager)._credit_set_limit(1_000.0, "Tour: small line")
        under.with_user(manager)._credit_set_limit(100_000.0, "Tour: large line")
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
                for partner, amount in ((over, 1_500.0), (under, 2_000.0))
            ]
        )
        invoices.action_post()
        self.start_tour("/odoo", "partner_credit_archive_dashboard_tour", login=manager.login)
