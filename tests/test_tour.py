from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCreditArchiveTours(HttpCase):
    def test_menu_tour(self):
        """The app opens from the home menu, lists customers, shows the Credit page."""
        self.env["res.partner"].create(
            {"name": "Tour Customer Ltd", "is_company": True, "customer_rank": 1}
        )
        self.start_tour("/odoo", "partner_credit_archive_menu_tour", login="admin")

    def test_hold_and_release_tour(self):
        """A sales rep's over-limit quotation is held at confirmation; a credit manager
        releases it with a reason and it is confirmed."""
        sales_rep = new_test_user(
            self.env,
            login="tour_sales",
            password="tour_sales",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
        )
        manager = new_test_user(
            self.env,
            login="tour_credit",
            password="tour_credit",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Hold Customer Ltd",
                "is_company": True,
                "customer_rank": 1,
                "user_id": sales_rep.id,
            }
        )
        customer.with_user(manager).write(
            {"credit_tier_id": self.env.ref("partner_credit_archive.credit_tier_strategic").id}
        )
        customer.with_user(manager)._credit_set_limit(10_000.0, "Tour: annual credit line")
        product = self.env["product.product"].create(
            {"name": "Tour Steel Coil", "type": "consu", "list_price": 100.0}
        )
        order = (
            self.env["sale.order"]
            .with_user(sales_rep)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 200, "tax_ids": []})
                    ],
                }
            )
        )
        self.assertEqual(order.credit_check_level, "block")

        self.start_tour("/odoo", "partner_credit_archive_hold_tour", login="tour_sales")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.credit_state, "hold")
        self.assertTrue(order.activity_ids.filtered(lambda a: a.user_id == manager))

        self.start_tour("/odoo", "partner_credit_archive_release_tour", login="tour_credit")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.credit_state, "released")
        decision = self.env["partner.credit.decision"].search([("order_id", "=", order.id)])
        self.assertEqual(decision.decision_type, "release")
        self.assertEqual(decision.user_id, manager)
        self.assertIn("group's treasury", decision.reason)

    def test_collection_tour(self):
        """A collector opens the worklist and logs a promise; the customer pays and leaves
        the worklist."""
        collector = new_test_user(
            self.env,
            login="tour_collector",
            password="tour_collector",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
        )
        today = fields.Date.context_today(self.env.user)
        invoices = {}
        for name in ("Tour Overdue Customer Ltd", "Tour Slow Payer Ltd"):
            customer = self.env["res.partner"].create(
                {"name": name, "is_company": True, "customer_rank": 1, "user_id": collector.id}
            )
            invoices[name] = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": today - timedelta(days=40),
                    "invoice_date_due": today - timedelta(days=10),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Coil", "quantity": 1, "price_unit": 1200.0, "tax_ids": []}
                        )
                    ],
                }
            )
            invoices[name].action_post()
        customers = self.env["res.partner"].union(*(inv.partner_id for inv in invoices.values()))
        customers.sudo()._credit_collections_sync()

        self.start_tour("/odoo", "partner_credit_archive_collection_tour", login="tour_collector")
        promise = self.env["partner.credit.promise"].search(
            [("partner_id", "=", invoices["Tour Overdue Customer Ltd"].partner_id.id)]
        )
        self.assertEqual((promise.amount, promise.state), (1200.0, "pending"))
        self.assertEqual(promise.contact, "Ms Chen, accountant")

        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices["Tour Overdue Customer Ltd"].ids
        ).create({"payment_date": today})._create_payments()
        self.assertEqual(promise.state, "kept")
        self.start_tour(
            "/odoo/credit-collections",
            "partner_credit_archive_collection_paid_tour",
            login="tour_collector",
        )
