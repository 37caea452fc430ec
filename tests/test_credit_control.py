from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CreditArchiveCase


class CreditControlCommon(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tiers = {
            code: cls.env.ref(f"partner_credit_archive.credit_tier_{code}")
            for code in ("strategic", "long_term", "market", "potential", "eliminated")
        }
        cls.product = cls.env["product.product"].create(
            {
                "name": "Coal (t)",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Huaxin Trading", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Mr Li", "parent_id": cls.customer.id, "type": "invoice"}
        )
        cls.customer.sudo().credit_limit = 1000.0
        # these tests are about the checks' plumbing; the credit report check (warn by default)
        # has its own test
        cls.company.credit_policy_report = "ignore"
        cls.company.credit_policy_documents_missing = "ignore"  # admission: its own tests
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.term_immediate = cls.env.ref("account.account_payment_term_immediate")

    def _order(self, partner=None, amount=100.0, user=None, **vals):
        partner = partner or self.customer
        env = self.env(user=user) if user else self.env
        return (
            env["sale.order"]
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": self.sales_rep.id,
                    "payment_term_id": False,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **vals,
                }
            )
            .with_env(self.env)
        )

    def _invoice(self, partner=None, amount=100.0, days_ago=0, due_days_ago=None, post=True):
        today = fields.Date.context_today(self.env.user)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_date": today - timedelta(days=days_ago),
                "invoice_date_due": today
                - timedelta(days=days_ago if due_days_ago is None else due_days_ago),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            invoice.action_post()
        return invoice

    def _pay(self, invoice):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )

    def _exposure(self, partner=None):
        partner = partner or self.customer
        partner.invalidate_recordset(["credit_exposure", "credit_available", "credit"])
        return partner.credit_exposure

    def _hold_activities(self, order):
        activity_type = self.env.ref("partner_credit_archive.mail_activity_type_credit_hold")
        return order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _wizard(self, orders, user, reason="Checked with the customer", mode="decide"):
        return (
            self.env["partner.credit.release.wizard"]
            .with_user(user)
            .create({"order_ids": [Command.set(orders.ids)], "reason": reason, "mode": mode})
        )


@tagged("post_install", "-at_install")
class TestCreditExposure(CreditControlCommon):
    def test_exposure_is_receivable_plus_orders_to_invoice(self):
        self._invoice(amount=300.0)
        order = self._order(amount=200.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._exposure(), 500.0)
        self.assertEqual(self.customer.credit_available, 500.0)
        # contacts roll up to the commercial partner
        self.assertEqual(self._exposure(self.contact), 500.0)
        contact_order = self._order(partner=self.contact, amount=50.0)
        contact_order.action_confirm()
        self.assertEqual(self._exposure(), 550.0)

    def test_receivable_matches_odoo_credit(self):
        invoice = self._invoice(amount=300.0)
        self._invoice(amount=200.0, days_ago=50, due_days_ago=40)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 120.0})._create_payments()
        refund = self._invoice(amount=30.0, post=False)
        refund.move_type = "out_refund"
        refund.action_post()
        figures = self.customer._credit_figures_get(self.env.company)[self.customer.id]
        self.customer.invalidate_recordset(["credit"])
        self.assertEqual(figures["receivable"], self.customer.credit)
        self.assertEqual(figures["receivable"], 350.0)
        self.assertEqual(
            (figures["overdue_count"], figures["overdue_amount"]), (1, 200.0), "due 40 days ago"
        )

    def test_draft_invoice_never_counted_twice(self):
        order = self._order(amount=400.0)
        order.action_confirm()
        invoice = order._create_invoices()
        self.assertEqual(invoice.state, "draft")
        self._invoice(amount=100.0, post=False)  # a draft invoice of no order
        self.assertEqual(self._exposure(), 400.0, "draft invoices are not counted by default")
        self.env.company.credit_include_draft_invoices = True
        self.assertEqual(self._exposure(), 500.0, "the order's draft invoice replaces it")
        invoice.action_post()
        self.assertEqual(self._exposure(), 500.0)
        self.env.company.credit_include_draft_invoices = False
        self.assertEqual(self._exposure(), 400.0)

    def test_draft_invoices_are_their_customers(self):
        """The quantity on draft invoices is added back to the draft's customer: another
        customer's drafts (read from the index by customer, not every draft of the company)
        change nothing here; a draft of the order made out to another customer moves the
        order's amount to that customer, who will owe it. Never twice, never forgotten."""
        other = self.env["res.partner"].create({"name": "Draft Other Co.", "is_company": True})
        theirs = self._order(partner=other, amount=250.0)
        theirs.action_confirm()
        theirs._create_invoices()
        order = self._order(amount=400.0)
        order.action_confirm()
        self.assertEqual(self._exposure(), 400.0)
        self.assertEqual(self._exposure(other), 250.0, "its own draft is added back")
        invoice = order._create_invoices()
        self.assertEqual(self._exposure(), 400.0, "still to invoice: the draft is added back")
        invoice.partner_id = other
        self.assertEqual(self._exposure(), 0.0)
        self.assertEqual(self._exposure(other), 650.0)
        both = (self.customer | other)._credit_figures_get(self.env.company)
        self.assertEqual(
            (both[self.customer.id]["to_invoice"], both[other.id]["to_invoice"]), (0.0, 650.0)
        )
        self.env.company.credit_include_draft_invoices = True
        self.assertEqual(self._exposure(), 0.0)
        self.assertEqual(self._exposure(other), 650.0, "both drafts are its own")
        invoice.action_post()
        self.env.company.credit_include_draft_invoices = False
        self.assertEqual(self._exposure(), 0.0)
        self.assertEqual(self._exposure(other), 650.0, "250 to invoice, 400 receivable")

    def test_partly_drafted_line_counts_whole(self):
        """A line partly on a draft invoice: Odoo's quantity to invoice (the rest) plus the
        draft's quantity (added back), in the draft's unit; a draft credit note of the line
        gives its quantity back to invoice. The same with the customer's drafts counted as
        drafts or not."""
        order = self._order(
            order_line=[
                Command.create(
                    {
                        "product_id": self.product.id,
                        "product_uom_qty": 24,
                        "price_unit": 10.0,
                        "tax_ids": [Command.clear()],
                    }
                )
            ]
        )
        order.action_confirm()
        invoice = order._create_invoices()
        line = invoice.invoice_line_ids
        dozen = self.env.ref("uom.product_uom_dozen")
        line.write({"product_uom_id": dozen.id, "quantity": 1, "price_unit": 120.0})
        self.assertEqual(order.order_line.qty_to_invoice, 12)
        self.assertEqual(self._exposure(), 240.0, "12 to invoice and a dozen on the draft")
        invoice.action_post()
        self.assertEqual(self._exposure(), 240.0, "120 to invoice, 120 receivable")
        refund = invoice._reverse_moves()
        self.assertEqual(refund.state, "draft")
        self.assertEqual(self._exposure(), 240.0, "the draft credit note changes nothing yet")
        self.env.company.credit_include_draft_invoices = True
        self.assertEqual(
            self._exposure(), 240.0, "240 to invoice, 120 receivable, -120 on the draft"
        )
        refund.action_post()
        self.env.company.credit_include_draft_invoices = False
        self.assertEqual(self._exposure(), 240.0, "all to invoice again")

    def test_delivered_quantity_policy_counts_what_can_be_invoiced(self):
        self.product.invoice_policy = "delivery"
        order = self._order(amount=300.0)
        order.action_confirm()
        self.assertEqual(self._exposure(), 0.0)
        order.order_line.qty_delivered = 1
        self.assertEqual(self._exposure(), 300.0)

    def test_other_currency_converted_at_order_rate(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "name": fields.Date.today() - timedelta(days=1),
                "rate": 2.0,
                "currency_id": eur.id,
                "company_id": self.env.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        order = self._order(amount=1500.0, pricelist_id=pricelist.id)
        self.assertEqual(order.currency_id, eur)
        self.assertEqual(order.credit_order_amount, 750.0)
        self.assertEqual(order.credit_state, "ok")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._exposure(), 750.0)

    def test_exposure_of_many_partners_costs_bounded_queries(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Bulk {i}", "is_company": True} for i in range(12)]
        )
        for partner in partners[:6]:
            self._invoice(partner=partner, amount=10.0)

        def count(records):
            records.invalidate_recordset(["credit_exposure", "credit"])
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("credit_exposure")
            return self.env.cr.sql_log_count - before

        count(partners[:2])  # warm-up: company data, settings
        few, many = count(partners[:2]), count(partners)
        self.assertEqual(few, many)
        self.assertEqual(partners[0].credit_exposure, 10.0)


@tagged("post_install", "-at_install")
class TestCreditChecks(CreditControlCommon):
    def test_over_limit_is_held_not_confirmed(self):
        order = self._order(amount=1200.0, user=self.sales_rep)
        self.assertEqual(order.credit_state, "would_hold", "live on the quotation")
        self.assertEqual(order.credit_check_level, "block")
        self.assertIn("over the credit limit", order.credit_check_message)
        self.assertEqual(order.credit_partner_limit, 1000.0)
        self.assertEqual(order.credit_partner_available, -200.0)
        result = order.with_user(self.sales_rep).action_confirm()
        self.assertEqual(result["tag"], "display_notification", "the rep is told")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.credit_state, "hold")
        self.assertTrue(order.credit_hold_date)
        activities = self._hold_activities(order)
        self.assertIn(self.credit_manager, activities.user_id)
        self.assertEqual(activities.user_id, order._credit_managers(order.company_id))
        self.assertIn("Held for credit review", order.message_ids[0].body)
        # confirming again keeps the hold, without new activities
        order.with_user(self.sales_rep).action_confirm()
        self.assertEqual(self._hold_activities(order), activities)
        self.assertEqual(order.state, "draft")

    def test_within_limit_confirms_and_banner_updates_live(self):
        order = self._order(amount=1200.0)
        self.assertEqual(order.credit_state, "would_hold")
        with Form(order) as form:
            with form.order_line.edit(0) as line:
                line.price_unit = 800.0
        self.assertEqual(order.credit_state, "ok")
        self.assertEqual(order.credit_check_level, "none")
        self.assertEqual(order.credit_partner_available, 200.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.credit_state, "ok")

    def test_limit_policy_warn_and_ignore(self):
        self.env.company.credit_policy_limit = "warn"
        order = self._order(amount=1200.0)
        self.assertEqual(order.credit_check_level, "warning")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.credit_state, "warning")
        self.assertIn("Confirmed despite credit warnings", order.message_ids[0].body)
        self.env.company.credit_policy_limit = "ignore"
        order = self._order(amount=5000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.credit_state, "ok")

    def test_limits_and_exposure_are_per_company(self):
        company2 = self.env["res.company"].create(
            {
                "name": "Second Company",
                "credit_policy_report": "ignore",
                "credit_policy_documents_missing": "ignore",
            }
        )
        self.env.user.company_ids += company2
        self.customer.with_company(company2).sudo().credit_limit = 500.0
        self._order(amount=800.0).action_confirm()
        self.assertEqual(self._exposure(), 800.0)
        self.assertEqual(self.customer.with_company(company2).credit_exposure, 0.0)
        small = self._order(amount=400.0, company_id=company2.id)
        self.assertEqual(small.credit_partner_limit, 500.0)
        self.assertEqual(small.credit_state, "ok")
        big = self._order(amount=600.0, company_id=company2.id)
        big.action_confirm()
        self.assertEqual((big.state, big.credit_state), ("draft", "hold"))
        self.customer.sudo().credit_hold = True
        small.action_confirm()
        self.assertEqual(small.state, "sale", "the hold of another company does not apply")

    def test_zero_limit_means_no_limit(self):
        self.customer.sudo().credit_limit = 0.0
        order = self._order(amount=99999.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_tier_without_credit_sales_needs_immediate_payment(self):
        self.customer.sudo().credit_tier_id = self.tiers["long_term"]
        order = self._order(amount=100.0, payment_term_id=self.term_30.id)
        self.assertIn("pay before delivery", order.credit_check_message)
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        self.assertEqual(order.state, "draft")
        order.payment_term_id = self.term_immediate
        self.assertEqual(order.credit_state, "ok")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # a strategic customer buys on credit
        self.customer.sudo().credit_tier_id = self.tiers["strategic"]
        order = self._order(amount=100.0, payment_term_id=self.term_30.id)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_overdue_invoices_block(self):
        self.customer.sudo().credit_limit = 0.0
        self._invoice(amount=50.0, days_ago=60, due_days_ago=20)
        order = self._order(amount=10.0)
        self.assertEqual(order.credit_state, "ok", "20 days late is within the 30-day tolerance")
        self.env.company.credit_overdue_days = 10
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        self.assertIn("overdue by more than 10 days", order.credit_check_message)
        self.env.company.credit_policy_overdue = "ignore"
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRaises(ValidationError) as err:
            self.env.company.credit_overdue_days = -1
        self.assertIn("between 0 and 3650", str(err.exception))

    def test_credit_hold_and_tiers_without_new_orders(self):
        with self.assertRaises(AccessError) as err:
            self.customer.with_user(self.sales_rep).credit_hold = True
        self.assertIn("Only credit managers", str(err.exception))
        # credit managers who may edit contacts put customers on hold
        self.credit_manager.group_ids += self.env.ref("base.group_partner_manager")
        self.customer.with_user(self.credit_manager).credit_hold = True
        order = self._order(amount=10.0)
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        self.assertIn("is on credit hold", order.credit_check_message)
        self.customer.with_user(self.credit_manager).credit_hold = False
        self.customer.sudo().credit_tier_id = self.tiers["eliminated"]
        order.invalidate_recordset(["credit_check_message"])
        self.assertIn("takes no new orders", order.credit_check_message)
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.env.company.credit_policy_hold = "warn"
        order.action_confirm()
        self.assertEqual((order.state, order.credit_state), ("sale", "warning"))

    def test_report_and_document_checks_follow_their_policy(self):
        partner_cls = self.registry["res.partner"]
        # no approved credit report yet: the check fails (default policy: warn)
        self.env.company.credit_policy_report = "warn"
        self.assertFalse(self.customer._credit_control_has_valid_report()[self.customer.id])
        no_report = patch.object(
            partner_cls,
            "_credit_control_has_valid_report",
            lambda partners: dict.fromkeys(partners.ids, False),
        )
        expired = patch.object(
            partner_cls,
            "_credit_control_expired_documents",
            lambda partners: {p.id: ["Business Licence"] for p in partners},
        )
        with no_report, expired:
            order = self._order(amount=10.0)
            self.assertEqual(order.credit_check_level, "warning")
            self.assertIn("no valid approved credit report", order.credit_check_message)
            self.assertIn("Business Licence", order.credit_check_message)
            order.action_confirm()
            self.assertEqual((order.state, order.credit_state), ("sale", "warning"))
            self.env.company.credit_policy_report = "block"
            order = self._order(amount=10.0)
            order.action_confirm()
            self.assertEqual(order.credit_state, "hold")
            self.env.company.credit_policy_report = "ignore"
            self.env.company.credit_policy_documents = "ignore"
            order.action_confirm()
            self.assertEqual((order.state, order.credit_state), ("sale", "ok"))

    def test_orders_confirmed_together_are_summed(self):
        first, second = self._order(amount=600.0), self._order(amount=600.0)
        self.assertEqual((first.credit_state, second.credit_state), ("ok", "ok"))
        other = self.env["res.partner"].create({"name": "Other", "is_company": True})
        third = self._order(partner=other, amount=600.0)
        (first | second | third).action_confirm()
        self.assertEqual((first.state, second.state), ("draft", "draft"))
        self.assertEqual(first.credit_state, "hold")
        self.assertEqual(third.state, "sale", "other customers are not affected")
        first.action_confirm()
        self.assertEqual(first.state, "sale")
        second.action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertIn("1,200.00", second.credit_check_message)

    def test_contact_orders_use_the_company_limit(self):
        self._invoice(amount=900.0)
        order = self._order(partner=self.contact, amount=200.0)
        self.assertEqual(order._credit_partner(), self.customer)
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")

    def test_group_limit(self):
        sister = self.env["res.partner"].create({"name": "Huaxin Steel", "is_company": True})
        sister.sudo().credit_limit = 10000.0
        self.customer.sudo().credit_limit = 10000.0
        group = (
            self.env["partner.credit.group"]
            .with_user(self.credit_manager)
            .create(
                {
                    "name": "Huaxin Group",
                    "credit_limit": 1000.0,
                    "partner_ids": [Command.set((self.customer | sister).ids)],
                }
            )
        )
        self._order(partner=sister, amount=800.0).action_confirm()
        self.assertEqual(group.credit_exposure, 800.0)
        self.assertEqual(group.credit_available, 200.0)
        small, big = self._order(amount=150.0), self._order(amount=300.0)
        self.assertEqual(small.credit_state, "ok")
        self.assertIn("credit group Huaxin Group", big.credit_check_message)
        big.action_confirm()
        self.assertEqual(big.credit_state, "hold")
        small.action_confirm()
        self.assertEqual(small.state, "sale")
        with self.assertRaises(ValidationError) as err:
            group.credit_limit = -5
        self.assertIn("cannot be negative", str(err.exception))

    def test_prepaid_orders_are_not_held(self):
        provider = self.env["payment.provider"].create(
            {"name": "Dummy", "code": "none", "state": "test"}
        )
        order = self._order(amount=5000.0)
        self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "CREDIT-PREPAID",
                "sale_order_ids": [Command.set(order.ids)],
                "state": "done",
            }
        )
        order.action_confirm()
        self.assertEqual((order.state, order.credit_state), ("sale", "ok"))


@tagged("post_install", "-at_install")
class TestCreditRelease(CreditControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_manager = cls.env["res.users"].create(
            {
                "name": "Second Credit Manager",
                "login": "pca_credit_manager_2",
                "group_ids": [
                    Command.set(
                        [
                            cls.env.ref("sales_team.group_sale_salesman_all_leads").id,
                            cls.env.ref("partner_credit_archive.group_credit_manager").id,
                        ]
                    )
                ],
            }
        )

    def _held(self, amount=1500.0, **vals):
        order = self._order(amount=amount, **vals)
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        return order

    def test_release_confirms_and_records_a_decision(self):
        order = self._held()
        action = order.with_user(self.credit_manager).action_credit_release_wizard()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
        )
        wizard_form.reason = "Customer sent a bank guarantee."
        wizard_form.save().action_release()
        self.assertEqual((order.state, order.credit_state), ("sale", "released"))
        decision = self.env["partner.credit.decision"].search([("order_id", "=", order.id)])
        self.assertEqual(decision.decision_type, "release")
        self.assertEqual(decision.user_id, self.credit_manager)
        self.assertEqual(decision.partner_id, self.customer)
        self.assertEqual(decision.reason, "Customer sent a bank guarantee.")
        self.assertFalse(self._hold_activities(order), "review activities are done")

    def test_nobody_writes_the_credit_status_by_hand(self):
        order = self._held()
        for user in (self.sales_rep, self.credit_manager):
            with self.assertRaises(AccessError):
                order.with_user(user).write({"credit_state": "released"})
            with self.assertRaises(AccessError):
                order.with_user(user).write({"credit_hold_date": False})
        order.invalidate_recordset()
        order.with_user(self.sales_rep).action_confirm()
        self.assertEqual((order.state, order.credit_state), ("draft", "hold"))
        self.assertFalse(self.env["partner.credit.decision"].search([("order_id", "=", order.id)]))

    def test_release_needs_a_reason_and_rights(self):
        order = self._held()
        with self.assertRaises(UserError) as err:
            self._wizard(order, self.credit_manager, reason="  ").action_release()
        self.assertIn("Please give a reason", str(err.exception))
        with self.assertRaises(AccessError) as err:
            self._wizard(order, self.sales_rep).action_release()
        self.assertIn("Only credit managers", str(err.exception))
        with self.assertRaises(AccessError):
            self._wizard(order, self.sales_rep).action_reject()
        self.assertEqual((order.state, order.credit_state), ("draft", "hold"))
        ok_order = self._order(amount=10.0)
        with self.assertRaises(UserError) as err:
            self._wizard(ok_order, self.credit_manager).action_release()
        self.assertIn("not on credit hold", str(err.exception))

    def test_salesperson_cannot_release_own_order(self):
        order = self._held()
        order.user_id = self.credit_manager
        with self.assertRaises(UserError) as err:
            self._wizard(order, self.credit_manager).action_release()
        self.assertIn("segregation of duties", str(err.exception))
        self.assertEqual(order.state, "draft")
        self._wizard(order, self.other_manager).action_release()
        self.assertEqual(order.state, "sale")

    def test_reject_cancels_and_records(self):
        order = self._held()
        self._wizard(order, self.credit_manager, reason="Too risky").action_reject()
        self.assertEqual((order.state, order.credit_state), ("cancel", "rejected"))
        decision = self.env["partner.credit.decision"].search([("order_id", "=", order.id)])
        self.assertEqual(decision.decision_type, "reject")
        self.assertFalse(self._hold_activities(order))

    def test_sales_rep_requests_release(self):
        order = self._held()
        activities = self._hold_activities(order)
        action = order.with_user(self.sales_rep).action_credit_request_release()
        self.assertEqual(action["context"]["default_mode"], "request")
        self._wizard(
            order, self.sales_rep, reason="Big customer, pays next week", mode="request"
        ).action_request()
        self.assertEqual(self._hold_activities(order), activities, "no duplicate activities")
        self.assertIn("pays next week", activities[0].note)
        self.assertIn("Release requested by", order.message_ids[0].body)
        self.assertIn(self.credit_manager.partner_id, order.message_ids[0].partner_ids)

    def test_held_orders_released_when_customer_pays(self):
        self.customer.sudo().credit_limit = 2000.0
        invoice = self._invoice(amount=500.0, days_ago=90, due_days_ago=60)
        order = self._held(amount=400.0)
        self.assertIn("overdue", order.credit_check_message)
        self._pay(invoice)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual((order.state, order.credit_state), ("sale", "released"))
        decision = self.env["partner.credit.decision"].search([("order_id", "=", order.id)])
        self.assertEqual(decision.decision_type, "auto_release")
        self.assertEqual(decision.user_id, self.env.ref("base.user_root"))

    def test_payment_that_does_not_suffice_keeps_the_hold(self):
        old = self._invoice(amount=500.0, days_ago=90, due_days_ago=60)
        self._invoice(amount=500.0, days_ago=90, due_days_ago=60)
        order = self._held(amount=100.0)
        self._pay(old)
        self.assertEqual((order.state, order.credit_state), ("draft", "hold"))

    def test_portal_acceptance_is_held_with_activities(self):
        order = self._order(amount=1500.0)
        order.require_payment = False
        public = self.env.ref("base.public_user")
        # what the portal controller does on accept and sign
        order.with_user(public).sudo()._validate_order()
        self.assertEqual((order.state, order.credit_state), ("draft", "hold"))
        self.assertIn(self.credit_manager, self._hold_activities(order).user_id)

    def test_cancelled_hold_is_not_released_later(self):
        order = self._held()
        order._action_cancel()
        self.assertFalse(order.credit_hold_date)
        self.assertFalse(self._hold_activities(order))
