"""What the sales rep and the credit manager see of a hold (issue 23): the notification of
Confirm, statuses that say what they mean, the Held Orders list, the rep's request in the
manager's dialog, one chatter entry per decision, reasons and activities in the reader's
language, and the migration of existing holds."""

import importlib.util
from pathlib import Path

from markupsafe import Markup

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .test_credit_control import CreditControlCommon

MIGRATION = (
    Path(__file__).parent.parent / "migrations" / "19.0.3.1.0" / "post-polish-orders-credit-hold.py"
)


@tagged("post_install", "-at_install")
class TestCreditHoldReview(CreditControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_manager = new_test_user(
            cls.env,
            login="pca_review_manager",
            groups="sales_team.group_sale_salesman_all_leads,"
            "partner_credit_archive.group_credit_manager",
        )

    def _held(self, amount=1500.0):
        order = self._order(amount=amount, user=self.sales_rep)
        order.with_user(self.sales_rep).action_confirm()
        self.assertEqual(order.credit_state, "hold")
        return order

    def _held_orders(self):
        action = self.env.ref("partner_credit_archive.sale_order_action_credit_hold")
        return self.env["sale.order"].search(safe_eval(action.domain))

    def test_confirm_tells_the_rep_why_the_order_is_held(self):
        order = self._order(amount=1500.0, user=self.sales_rep)
        action = order.with_user(self.sales_rep).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual(params["type"], "warning")
        self.assertIn(order.name, params["message"])
        self.assertIn("held for credit review: Over credit limit", params["message"])
        self.assertIn("Request Release", params["message"])
        self.assertEqual(order.credit_hold_codes, "limit")
        # a second click explains the same, and adds no activity
        activities = self._hold_activities(order)
        again = order.with_user(self.sales_rep).action_confirm()
        self.assertEqual(again["tag"], "display_notification")
        self.assertIn("still on credit hold (since", again["params"]["message"])
        self.assertIn("Over credit limit", again["params"]["message"])
        self.assertEqual(self._hold_activities(order), activities)
        # an order that passes is confirmed as Odoo does
        self.assertIs(self._order(amount=10.0).action_confirm(), True)

    def test_unconfirmed_quotation_is_not_on_hold(self):
        order = self._order(amount=1500.0, user=self.sales_rep)
        self.assertEqual(order.credit_state, "would_hold")
        self.assertEqual(order.credit_check_level, "block")
        self.assertNotIn(order, self._held_orders())
        labels = dict(order._fields["credit_state"]._description_selection(self.env))
        self.assertEqual(labels["would_hold"], "Would Be Held")
        # nobody releases what nobody confirmed
        with self.assertRaises(UserError):
            self._wizard(order, self.credit_manager).action_release()
        order.with_user(self.sales_rep).action_confirm()
        self.assertEqual(order.credit_state, "hold")
        self.assertIn(order, self._held_orders())

    def test_held_orders_show_reason_request_and_figures(self):
        order = self._held()
        self.assertEqual(order.credit_hold_reason, "Over credit limit")
        self.assertFalse(order.with_user(self.sales_rep).credit_can_decide)
        self.assertTrue(order.with_user(self.credit_manager).credit_can_decide)
        self._wizard(
            order, self.sales_rep, reason="Pays on Friday, CFO confirmed", mode="request"
        ).action_request()
        manager_view = order.with_user(self.credit_manager)
        self.assertEqual(manager_view.credit_request_comment, "Pays on Friday, CFO confirmed")
        self.assertEqual(manager_view.credit_request_user_id, self.sales_rep)
        self.assertTrue(manager_view.credit_request_date)
        self.assertEqual(manager_view.credit_partner_limit, 1000.0)
        self.assertEqual(manager_view.credit_partner_exposure, 0.0)
        self.assertEqual(manager_view.amount_total, 1500.0)
        # the manager's activity has the figures of the hold, dated, and the request
        note = str(
            self._hold_activities(order).filtered(lambda a: a.user_id == self.credit_manager).note
        )
        self.assertIn("At the time of the hold", note)
        self.assertIn("Held on", note)
        self.assertIn("Pays on Friday", note)
        # the manager's dialog lists the order with its reason and the rep's comment
        action = manager_view.action_credit_release_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.mode, "decide")
        self.assertEqual(
            wizard.order_ids[0].credit_request_comment, "Pays on Friday, CFO confirmed"
        )

    def test_a_credit_manager_selling_the_order_requests(self):
        order = self._held()
        order.user_id = self.credit_manager
        self.assertFalse(order.with_user(self.credit_manager).credit_can_decide)
        self.assertTrue(order.with_user(self.other_manager).credit_can_decide)

    def test_release_writes_one_chatter_entry(self):
        order = self._held()
        self.env.flush_all()
        self.env.cr.precommit.run()  # as if held in an earlier request: Odoo tracks it
        before = order.message_ids
        tracked = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        wizard = self._wizard(order, self.credit_manager, reason="Bank guarantee received")
        wizard.with_env(tracked(user=self.credit_manager)).action_release()
        self.env.flush_all()
        self.env.cr.precommit.run()
        order.invalidate_recordset(["message_ids"])
        new = order.message_ids - before
        self.assertEqual(len(new), 1, new.mapped("body"))
        self.assertIn("Released by", str(new.body))
        self.assertIn("Bank guarantee received", str(new.body))
        self.assertEqual(new.tracking_value_ids.field_id.name, "state")
        self.assertFalse(self._hold_activities(order))
        decision = self.env["partner.credit.decision"].search([("order_id", "=", order.id)])
        self.assertEqual(
            (decision.decision_type, decision.reason), ("release", "Bank guarantee received")
        )

    def test_reject_writes_one_chatter_entry(self):
        """Held and rejected in one transaction: Odoo tracks nothing, the decision is a note."""
        order = self._held()
        self.env.flush_all()
        before = order.message_ids
        tracked = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        wizard = self._wizard(order, self.credit_manager, reason="Too risky")
        wizard.with_env(tracked(user=self.credit_manager)).action_reject()
        self.env.flush_all()
        self.env.cr.precommit.run()
        order.invalidate_recordset(["message_ids"])
        new = order.message_ids - before
        self.assertEqual(len(new), 1, new.mapped("body"))
        self.assertIn("Rejected by", str(new.body))

    def test_reasons_and_activities_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["partner_credit_archive"], ["zh_CN"], overwrite=True
        )
        self.credit_manager.lang = "zh_CN"
        order = self._held()
        self.assertEqual(order.credit_hold_codes, "limit")
        self.assertEqual(order.with_context(lang="zh_CN").credit_hold_reason, "超出信用额度")
        self.assertEqual(order.with_context(lang="en_US").credit_hold_reason, "Over credit limit")
        activities = self._hold_activities(order)
        chinese = activities.filtered(lambda a: a.user_id == self.credit_manager)
        self.assertEqual(chinese.summary, "放行或驳回被冻结的订单")
        self.assertIn("超出信用额度", str(chinese.note))
        english = activities.filtered(lambda a: a.user_id == self.other_manager)
        self.assertEqual(english.summary, "Release or reject the held order")

    def test_migration_keeps_and_codes_existing_holds(self):
        quotation = self._order(amount=1500.0)
        held = self._held()
        # as an older version left them: the live status "hold" on a quotation nobody
        # confirmed, no codes on the held order, the rep's request only in the chatter
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET credit_state = 'hold' WHERE id = %s", [quotation.id]
        )
        self.env.cr.execute(
            "UPDATE sale_order SET credit_hold_codes = NULL WHERE id = %s", [held.id]
        )
        held.message_post(
            body=Markup("<p>Release requested by Rep:</p><p>Customer pays on Monday</p>"),
            author_id=self.sales_rep.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        self.env.invalidate_all()
        spec = importlib.util.spec_from_file_location("pca_post_polish_orders", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.3.0.0")
        self.env.invalidate_all()
        self.assertEqual(quotation.credit_state, "would_hold")
        self.assertEqual(held.credit_state, "hold")
        self.assertEqual(held.credit_hold_codes, "limit")
        self.assertEqual(held.credit_request_comment, "Customer pays on Monday")
        self.assertEqual(held.credit_request_user_id, self.sales_rep)
        self.assertIn("Held for credit review", str(held.message_ids.mapped("body")))


@tagged("post_install", "-at_install")
class TestDeliveryHoldReviewWording(CreditControlCommon):
    def test_wizard_asks_one_question_per_role(self):
        view = self.env.ref("partner_credit_archive.partner_credit_release_wizard_view_form")
        arch = self.env["partner.credit.release.wizard"].get_view(view.id)["arch"]
        self.assertNotIn("Why release or reject? Why should", arch)
        self.assertIn("Why should the credit manager release this order?", arch)
        self.assertIn("Why do you release or reject these orders?", arch)
        self.assertIn("Why should the credit manager release this delivery?", arch)
        self.assertIn("Why may the goods leave the warehouse?", arch)
        self.assertIn('name="credit_request_comment"', arch, "the rep's comment is shown")
