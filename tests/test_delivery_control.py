"""Control at delivery (SPEC §3.K), probation and missing documents at admission (seed 004)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CreditArchiveCase

HOLD_ACTIVITY = "partner_credit_archive.mail_activity_type_delivery_hold"


class DeliveryControlCommon(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_user = new_test_user(
            cls.env, login="pca_warehouse", groups="stock.group_stock_user"
        )
        cls.goods = cls.env["product.product"].create(
            {
                "name": "Coal (t)",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Freight", "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Huaxin Trading", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.customer.sudo().credit_limit = 5000.0
        # these tests are about the delivery; the admission warnings have their own tests
        cls.company.credit_policy_report = "ignore"
        cls.company.credit_policy_documents_missing = "ignore"
        cls.term_immediate = cls.env.ref("account.account_payment_term_immediate")
        cls.tier_potential = cls.env.ref("partner_credit_archive.credit_tier_potential")

    def _order(self, partner=None, qty=1.0, price=100.0, product=None, company=None, **vals):
        env = self.env(
            context=dict(self.env.context, allowed_company_ids=(company or self.company).ids)
        )
        order = env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "user_id": self.sales_rep.id,
                "payment_term_id": False,
                "company_id": (company or self.company).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or self.goods).id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )
        return order

    def _delivery(self, **kwargs):
        order = self._order(**kwargs)
        order.action_confirm()
        self.assertEqual(order.state, "sale", order.message_ids[:1].body)
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        return picking

    def _validate(self, picking, user=None):
        return picking.with_user(user or self.warehouse_user).button_validate()

    def _hold_customer(self, partner=None):
        (partner or self.customer).with_user(self.credit_manager).credit_hold = True

    def _activities(self, picking):
        activity_type = self.env.ref(HOLD_ACTIVITY)
        return picking.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _wizard(self, pickings, user, reason="Paid by transfer this morning", mode="decide"):
        return (
            self.env["partner.credit.release.wizard"]
            .with_user(user)
            .create({"picking_ids": [Command.set(pickings.ids)], "reason": reason, "mode": mode})
        )

    def _invoice(self, partner=None, amount=100.0, days_ago=0):
        today = fields.Date.context_today(self.env.user)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_date": today - timedelta(days=days_ago),
                "invoice_date_due": today - timedelta(days=days_ago),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.service.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _pay(self, invoice):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )


@tagged("post_install", "-at_install")
class TestDeliveryHold(DeliveryControlCommon):
    def test_delivery_passes_when_nothing_is_wrong(self):
        picking = self._delivery()
        self.assertTrue(picking.credit_check_applies)
        self.assertIs(self._validate(picking), True)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.credit_state, "ok")
        self.assertEqual(picking.sale_id.order_line.qty_delivered, 1.0)

    def test_hold_at_validation_keeps_everything(self):
        picking = self._delivery(qty=3.0)
        self._hold_customer()
        messages = len(picking.message_ids)
        result = self._validate(picking)
        self.assertEqual(result["tag"], "display_notification", "the user is told why")
        self.assertIn("Customer on credit hold", result["params"]["message"])
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 3.0, "nothing lost")
        self.assertEqual(picking.credit_state, "hold")
        self.assertEqual(picking.credit_hold_codes, "hold")
        self.assertEqual(picking.credit_hold_reason, "Customer on credit hold")
        self.assertTrue(picking.credit_hold_date)
        self.assertEqual(len(picking.message_ids), messages + 1)
        self.assertIn("is on credit hold", picking.message_ids[0].body)
        activities = self._activities(picking)
        self.assertIn(self.credit_manager, activities.user_id)
        self.assertEqual(len(activities), len(activities.user_id), "one per credit manager")
        # a retry: still held, no second note, no second activity
        self._validate(picking)
        self.assertEqual(picking.credit_state, "hold")
        self.assertEqual(len(picking.message_ids), messages + 1)
        self.assertEqual(self._activities(picking), activities)
        self.assertIn(
            picking,
            self.env["stock.picking"].search([("credit_state", "=", "hold")]),
            "the Credit Hold filter finds it",
        )

    def test_eliminated_tier_is_held(self):
        picking = self._delivery()
        eliminated = self.env.ref("partner_credit_archive.credit_tier_eliminated")
        self.customer.sudo().credit_tier_id = eliminated
        self._validate(picking)
        self.assertEqual(picking.credit_state, "hold")
        self.assertIn("no more deliveries", picking.message_ids[0].body)

    def test_overdue_beyond_tolerance_is_held(self):
        picking = self._delivery()
        invoice = self._invoice(amount=300.0, days_ago=40)
        self._validate(picking)
        self.assertEqual(picking.credit_hold_codes, "overdue")
        self.assertIn("overdue by 40 days", picking.message_ids[0].body)
        # the customer pays: the next validation goes through, the hold ends
        self._pay(invoice)
        self.assertIs(self._validate(picking), True)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.credit_state, "ok")
        self.assertFalse(self._activities(picking), "the review activity is done")

    def test_overdue_tolerance_is_a_setting(self):
        self.company.credit_delivery_overdue_days = 60
        picking = self._delivery()
        self._invoice(amount=300.0, days_ago=40)
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        with self.assertRaises(ValidationError):
            self.company.credit_delivery_overdue_days = -1
        self.assertEqual(self.company.credit_delivery_overdue_days, 60)

    def test_held_deliveries_list_says_nothing_is_held(self):
        """The Held Deliveries list shows its own help when empty, not stock's "create a
        transfer" page."""
        action = self.env.ref("partner_credit_archive.stock_picking_action_credit_hold")
        Picking = self.env["stock.picking"].with_context(**safe_eval(action.context))
        self.assertEqual(Picking.get_empty_list_help(action.help), action.help)
        self.assertNotEqual(self.env["stock.picking"].get_empty_list_help(action.help), action.help)

    def test_nobody_writes_the_credit_status(self):
        picking = self._delivery()
        self._hold_customer()
        self._validate(picking)
        for user in (self.warehouse_user, self.sales_rep, self.credit_manager):
            with self.assertRaises(AccessError):
                picking.with_user(user).write({"credit_state": "released"})
        self.assertEqual(picking.credit_state, "hold")


@tagged("post_install", "-at_install")
class TestDeliveryRelease(DeliveryControlCommon):
    def test_release_then_validate(self):
        picking = self._delivery()
        self._hold_customer()
        self._validate(picking)
        action = picking.with_user(self.credit_manager).action_credit_release_wizard()
        self.assertEqual(action["context"]["default_picking_ids"], picking.ids)
        self._wizard(picking, self.credit_manager).action_release()
        self.assertEqual(picking.credit_state, "released")
        self.assertNotEqual(picking.state, "done", "the warehouse validates it")
        decision = self.env["partner.credit.decision"].search([("picking_id", "=", picking.id)])
        self.assertEqual(decision.decision_type, "delivery_release")
        self.assertEqual(decision.user_id, self.credit_manager)
        self.assertEqual(decision.partner_id, self.customer)
        self.assertEqual(decision.order_id, picking.sale_id)
        self.assertEqual(decision.reason, "Paid by transfer this morning")
        self.assertFalse(self._activities(picking))
        self.assertIs(self._validate(picking), True)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.credit_state, "released")

    def test_release_above_the_managers_authority_waits_for_approval(self):
        """Releasing a delivery goes through the approval authority like an order's: the
        amount is how far the exposure is over the limit now."""
        director = new_test_user(
            self.env,
            login="pca_dlv_director",
            groups="partner_credit_archive.group_credit_director",
        )
        picking = self._delivery(price=4000.0)
        self._invoice(amount=210_000.0)
        self._hold_customer()
        self._validate(picking)
        self.assertEqual(picking.credit_state, "hold")
        action = self._wizard(picking, self.credit_manager).action_release()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(picking.credit_state, "hold", "nothing changes before the approval")
        request = self.env["partner.credit.request"].search(
            [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        )
        self.assertEqual((request.kind, request.state), ("release", "pending"))
        # exposure 214 000 (the confirmed order and the invoice) over the 5 000 limit
        self.assertEqual(request.amount, 209_000.0)
        self.env["partner.credit.request.wizard"].with_user(director).create(
            {"request_ids": [Command.set(request.ids)], "mode": "approve", "comment": "Known"}
        ).action_confirm()
        self.assertEqual(picking.credit_state, "released")
        decision = self.env["partner.credit.decision"].search(
            [("picking_id", "=", picking.id), ("decision_type", "=", "delivery_release")]
        )
        self.assertEqual(decision.user_id, director)
        self.assertIs(self._validate(picking), True)
        self.assertEqual(picking.state, "done")

    def test_a_new_reason_after_a_release_holds_again(self):
        picking = self._delivery()
        self._invoice(amount=300.0, days_ago=40)
        self._validate(picking)
        self.assertEqual(picking.credit_hold_codes, "overdue")
        self._wizard(picking, self.credit_manager).action_release()
        self._hold_customer()
        self._validate(picking)
        self.assertEqual(picking.credit_state, "hold")
        self.assertEqual(picking.credit_hold_codes, "hold,overdue")
        self.assertNotEqual(picking.state, "done")

    def test_rep_and_warehouse_cannot_release(self):
        picking = self._delivery()
        self._hold_customer()
        self._validate(picking)
        for user in (self.warehouse_user, self.sales_rep):
            with self.assertRaises(AccessError):
                self._wizard(picking, user).action_release()
        self.assertEqual(picking.credit_state, "hold")
        self.assertFalse(
            self.env["partner.credit.decision"].search([("picking_id", "=", picking.id)])
        )

    def test_salesperson_cannot_release_own_order(self):
        picking = self._delivery()
        picking.sale_id.user_id = self.credit_manager
        self._hold_customer()
        self._validate(picking)
        with self.assertRaises(UserError):
            self._wizard(picking, self.credit_manager).action_release()
        self.assertEqual(picking.credit_state, "hold")

    def test_bad_input_changes_nothing(self):
        picking = self._delivery()
        with self.assertRaises(UserError):
            self._wizard(picking, self.credit_manager).action_release()  # not held
        self._hold_customer()
        self._validate(picking)
        with self.assertRaises(UserError):
            self._wizard(picking, self.credit_manager, reason="  ").action_release()
        with self.assertRaises(UserError):
            self._wizard(picking, self.credit_manager).action_reject()
        self.assertEqual(picking.credit_state, "hold")
        self.assertFalse(
            self.env["partner.credit.decision"].search([("picking_id", "=", picking.id)])
        )

    def test_warehouse_requests_a_release(self):
        picking = self._delivery()
        self._hold_customer()
        self._validate(picking)
        picking.with_user(self.warehouse_user).action_credit_request_release()
        self._wizard(
            picking, self.warehouse_user, reason="Truck is waiting", mode="request"
        ).action_request()
        self.assertIn("Truck is waiting", picking.message_ids[0].body)
        activities = self._activities(picking)
        self.assertEqual(len(activities), len(activities.user_id), "one per credit manager")
        self.assertIn("Truck is waiting", activities[0].note)
        self.assertEqual(picking.credit_state, "hold")


@tagged("post_install", "-at_install")
class TestDeliveryScope(DeliveryControlCommon):
    def test_return_never_blocked(self):
        picking = self._delivery(qty=2.0)
        self._validate(picking)
        self._hold_customer()
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1.0
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self.assertFalse(returned.credit_check_applies)
        self.assertIs(self._validate(returned), True)
        self.assertEqual(returned.state, "done")
        self.assertEqual(returned.credit_state, "ok")
        self.assertEqual(picking.sale_id.order_line.qty_delivered, 1.0)

    def test_internal_and_receipts_never_blocked(self):
        self._hold_customer()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        for picking_type, source, dest in (
            (warehouse.int_type_id, warehouse.lot_stock_id, warehouse.lot_stock_id),
            (
                warehouse.in_type_id,
                self.env.ref("stock.stock_location_customers"),
                warehouse.lot_stock_id,
            ),
        ):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": self.customer.id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.goods.id,
                                "product_uom_qty": 1.0,
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.quantity = 1.0
            self.assertFalse(picking.credit_check_applies)
            self._validate(picking)
            self.assertEqual(picking.state, "done", picking_type.name)
            self.assertEqual(picking.credit_state, "ok")

    def test_backorders_checked_at_each_validation(self):
        picking = self._delivery(qty=10.0)
        picking.move_ids.quantity = 4.0
        result = self._validate(picking)
        self.assertEqual(result["res_model"], "stock.backorder.confirmation")
        Form.from_action(self.env, result).save().with_user(self.warehouse_user).process()
        self.assertEqual(picking.state, "done")
        backorder = picking.backorder_ids
        self.assertEqual(backorder.credit_state, "ok")
        self._hold_customer()
        self._validate(backorder)
        self.assertEqual(backorder.credit_state, "hold")
        self.assertNotEqual(backorder.state, "done")
        self.assertEqual(picking.sale_id.order_line.qty_delivered, 4.0)

    def test_held_with_others_validated_together(self):
        other_customer = self.env["res.partner"].create({"name": "Other", "is_company": True})
        held = self._delivery()
        fine = self._delivery(partner=other_customer)
        self._hold_customer()
        result = (held | fine).with_user(self.warehouse_user).button_validate()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(fine.state, "done")
        self.assertEqual(held.credit_state, "hold")
        self.assertNotEqual(held.state, "done")


@tagged("post_install", "-at_install")
class TestDeliveryPolicies(DeliveryControlCommon):
    def test_prepaid_order_delivered_after_payment_blocked_before(self):
        self.company.credit_delivery_prepay_immediate = True
        picking = self._delivery(price=400.0, payment_term_id=self.term_immediate.id)
        self._validate(picking)
        self.assertEqual(picking.credit_hold_codes, "prepayment")
        self.assertIn("to be paid before delivery", picking.message_ids[0].body)
        invoice = picking.sale_id._create_invoices()
        invoice.action_post()
        self._validate(picking)
        self.assertEqual(picking.credit_state, "hold", "invoiced is not paid")
        self._pay(invoice)
        self.assertIs(self._validate(picking), True)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.credit_state, "ok")

    def test_immediate_term_alone_is_not_prepayment_by_default(self):
        picking = self._delivery(price=400.0, payment_term_id=self.term_immediate.id)
        self._validate(picking)
        self.assertEqual(picking.state, "done")

    def test_cash_only_customer_pays_before_delivery(self):
        picking = self._delivery(price=400.0)
        self.customer.sudo().with_company(self.company).credit_cash_only = True
        self._validate(picking)
        self.assertEqual(picking.credit_hold_codes, "prepayment")
        self.assertIn("cash only", picking.message_ids[0].body)

    def test_tier_paying_before_delivery(self):
        picking = self._delivery(price=400.0)
        self.tier_potential.delivery_prepayment = True
        self._validate(picking)
        self.assertEqual(picking.credit_hold_codes, "prepayment")
        self.tier_potential.delivery_prepayment = False
        self._validate(picking)
        self.assertEqual(picking.state, "done")

    def test_warn_policy(self):
        self.company.credit_delivery_policy_hold = "warn"
        picking = self._delivery()
        self._hold_customer()
        self.assertIs(self._validate(picking), True)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.credit_state, "warning")
        self.assertIn("Delivered despite credit warnings", picking.message_ids[0].body)
        self.assertFalse(self._activities(picking))

    def test_exposure_over_limit_warns(self):
        picking = self._delivery(price=800.0)
        self.customer.with_user(self.credit_manager).credit_limit = 500.0
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.credit_state, "warning")
        self.assertIn("over its credit limit", picking.message_ids[0].body)

    def test_ignore_policy(self):
        self.company.credit_delivery_policy_hold = "ignore"
        picking = self._delivery()
        self._hold_customer()
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.credit_state, "ok")

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Branch B (delivery)"})
        self.env.user.company_ids |= company_b
        self.credit_manager.company_ids |= company_b
        self.warehouse_user.company_ids |= company_b
        self.sales_rep.company_ids |= company_b
        picking_a = self._delivery()
        picking_b = self._delivery(company=company_b)
        self.assertEqual(picking_b.company_id, company_b)
        self._hold_customer()  # in the current company only (a company-dependent field)
        self._validate(picking_a)
        self._validate(picking_b.with_company(company_b))
        self.assertEqual(picking_a.credit_state, "hold")
        self.assertEqual(picking_b.state, "done")
        self.assertEqual(picking_b.credit_state, "ok")
        # company B's policy is its own
        picking_b2 = self._delivery(company=company_b)
        self.customer.with_company(company_b).with_user(self.credit_manager).credit_hold = True
        company_b.credit_delivery_policy_hold = "ignore"
        self._validate(picking_b2.with_company(company_b))
        self.assertEqual(picking_b2.state, "done")


@tagged("post_install", "-at_install")
class TestAdmission(DeliveryControlCommon):
    def test_probation_hold(self):
        self.tier_potential.max_probation_order = 500.0
        newcomer = self.env["res.partner"].create({"name": "Newcomer", "is_company": True})
        big = self._order(partner=newcomer, price=600.0)
        self.assertEqual(big.credit_state, "would_hold", "live on the quotation")
        big.action_confirm()
        self.assertEqual(big.state, "draft")
        self.assertIn("is on probation", big.message_ids[0].body)
        small = self._order(partner=newcomer, price=400.0)
        small.action_confirm()
        self.assertEqual(small.state, "sale")
        # a relationship older than the probation months: no maximum any more
        archive = newcomer.sudo()._archive_get(create=True)
        archive.relationship_date_start = fields.Date.today() - timedelta(days=200)
        again = self._order(partner=newcomer, price=600.0)
        again.action_confirm()
        self.assertEqual(again.state, "sale")
        self.company.credit_policy_probation = "ignore"
        with self.assertRaises(ValidationError):
            self.tier_potential.max_probation_order = -1.0

    def test_missing_mandatory_document_at_admission(self):
        self.company.credit_policy_documents_missing = "warn"
        newcomer = self.env["res.partner"].create({"name": "No Papers Ltd", "is_company": True})
        order = self._order(partner=newcomer, product=self.service)
        self.assertEqual(order.credit_state, "warning")
        self.assertIn("are missing", order.credit_check_message)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # hold first orders without mandatory documents
        self.company.credit_documents_missing_first_block = True
        second = self._order(partner=newcomer, product=self.service)
        self.assertEqual(second.credit_state, "warning", "not a first order")
        other = self.env["res.partner"].create({"name": "First Timer Ltd", "is_company": True})
        first = self._order(partner=other, product=self.service)
        first.action_confirm()
        self.assertEqual(first.state, "draft")
        self.assertEqual(first.credit_state, "hold")
        self.assertIn("First order of First Timer Ltd", first.message_ids[0].body)
        self.company.credit_policy_documents_missing = "ignore"
        self.company.credit_documents_missing_first_block = False
        self.assertEqual(self._order(partner=other, product=self.service).credit_state, "ok")


@tagged("post_install", "-at_install")
class TestGradingDeliveries(DeliveryControlCommon):
    def test_fulfilment_counts_done_deliveries(self):
        picking = self._delivery(qty=10.0)
        order = picking.sale_id
        picking.move_ids.quantity = 4.0
        Form.from_action(self.env, self._validate(picking)).save().process_cancel_backorder()
        self.assertEqual(order.order_line.qty_delivered, 4.0)
        order.sudo().date_order = fields.Datetime.now() - timedelta(days=40)
        kpis = self.env["partner.credit.kpi"]._kpis(self.customer)[self.customer.id]
        self.assertAlmostEqual(kpis["fulfilment_rate"], 40.0)

    def test_inactivity_counts_days_without_delivery(self):
        kpi = self.env["partner.credit.kpi"]
        today = fields.Date.context_today(self.env.user)
        goods_order = self._delivery().sale_id
        goods_order.sudo().date_order = fields.Datetime.now() - timedelta(days=40)
        self.env.flush_all()

        def last(partner):
            return kpi._last_business_dates(partner.ids, kpi._company_ids(), today).get(partner.id)

        self.assertIsNone(last(self.customer), "ordered 40 days ago, nothing delivered yet")
        self._validate(goods_order.picking_ids)
        self.assertEqual(last(self.customer), today, "delivered today")
        buyer = self.env["res.partner"].create({"name": "Service buyer", "is_company": True})
        service_order = self._order(partner=buyer, product=self.service)
        service_order.action_confirm()
        service_order.sudo().date_order = fields.Datetime.now() - timedelta(days=20)
        self.assertEqual(last(buyer), today - timedelta(days=20), "services: the order date")
