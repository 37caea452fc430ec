from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOrderReviewTours(HttpCase):
    """The hold of an order as each role lives it in the browser (issue 23)."""

    def test_rep_then_manager_tour(self):
        rep = new_test_user(
            self.env,
            login="tour_review_rep",
            password="tour_review_rep",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
        )
        manager = new_test_user(
            self.env,
            login="tour_review_credit",
            password="tour_review_credit",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
        )
        self.env.company.credit_policy_report = "ignore"
        self.env.company.credit_policy_documents_missing = "ignore"
        product = self.env["product.product"].create(
            {"name": "Tour Review Coil", "type": "service", "list_price": 100.0}
        )
        orders = {}
        for name in ("Tour Review Customer Ltd", "Tour Unconfirmed Ltd"):
            customer = self.env["res.partner"].create(
                {"name": name, "is_company": True, "customer_rank": 1, "user_id": rep.id}
            )
            customer.with_user(manager)._credit_set_limit(10_000.0, "Tour: annual credit line")
            orders[name] = (
                self.env["sale.order"]
                .with_user(rep)
                .create(
                    {
                        "partner_id": customer.id,
                        "user_id": rep.id,
                        "payment_term_id": False,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": 200, "tax_ids": []}
                            )
                        ],
                    }
                )
            )
        order = orders["Tour Review Customer Ltd"]
        unconfirmed = orders["Tour Unconfirmed Ltd"]
        self.assertEqual(order.credit_state, "would_hold")

        self.start_tour("/odoo/sales", "partner_credit_archive_order_rep_tour", login=rep.login)
        self.assertEqual((order.state, order.credit_state), ("draft", "hold"))
        self.assertIn("pays on Friday", order.credit_request_comment)
        self.assertEqual(order.credit_request_user_id, rep)
        self.assertEqual(unconfirmed.credit_state, "would_hold")

        self.start_tour("/odoo", "partner_credit_archive_order_manager_tour", login=manager.login)
        self.assertEqual((order.state, order.credit_state), ("sale", "released"))
        decision = self.env["partner.credit.decision"].search([("order_id", "=", order.id)])
        self.assertEqual((decision.decision_type, decision.user_id), ("release", manager))
        self.assertIn("CFO", decision.reason)
        messages = self.env["mail.message"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        released = messages.filtered(lambda m: "Released by" in str(m.body))
        found = [(m.body, m.tracking_value_ids.field_id.mapped("name")) for m in messages]
        self.assertEqual(len(released), 1, f"one chatter entry for the release: {found}")
        self.assertEqual(released.tracking_value_ids.field_id.name, "state")
