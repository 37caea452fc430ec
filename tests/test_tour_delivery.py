from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeliveryTour(HttpCase):
    def test_delivery_hold_release_validate_tour(self):
        """The warehouse user validates, sees the hold; the credit manager releases; the
        warehouse user validates the delivery."""
        new_test_user(
            self.env,
            login="tour_warehouse",
            password="tour_warehouse",
            groups="stock.group_stock_user",
        )
        manager = new_test_user(
            self.env,
            login="tour_credit",
            password="tour_credit",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Delivery Customer Ltd", "is_company": True, "customer_rank": 1}
        )
        product = self.env["product.product"].create(
            {"name": "Tour Steel Coil", "type": "consu", "list_price": 100.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        customer.with_user(manager).credit_hold = True
        url = f"/odoo/action-stock.action_picking_tree_all/{picking.id}"

        self.start_tour(url, "partner_credit_archive_delivery_hold_tour", login="tour_warehouse")
        self.assertEqual(picking.credit_state, "hold")
        self.assertNotEqual(picking.state, "done")

        self.start_tour(
            "/odoo", "partner_credit_archive_delivery_release_tour", login="tour_credit"
        )
        self.assertEqual(picking.credit_state, "released")
        decision = self.env["partner.credit.decision"].search([("picking_id", "=", picking.id)])
        self.assertEqual(decision.user_id, manager)
        self.assertIn("counter", decision.reason)

        self.start_tour(
            url, "partner_credit_archive_delivery_validate_tour", login="tour_warehouse"
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2.0)
