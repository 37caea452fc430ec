"""The credit checks read the customers' figures only when a check needs them (SPEC §5.1): the
short cut never lets through an order or a delivery that reading every figure would hold."""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import tagged

from .test_credit_control import CreditControlCommon
from .test_delivery_control import DeliveryControlCommon


class FiguresSpy:
    """Records the customers whose credit figures were read (``_credit_figures_get``)."""

    def __init__(self, env):
        self.model = type(env["res.partner"])
        self.original = self.model._credit_figures_get
        self.calls = []

    def __enter__(self):
        spy = self

        def figures_get(partners, company, **kwargs):
            spy.calls.append(sorted(partners.ids))
            return spy.original(partners, company, **kwargs)

        self.patcher = patch.object(self.model, "_credit_figures_get", figures_get)
        self.patcher.start()
        return self

    def __exit__(self, *exc):
        self.patcher.stop()


@tagged("post_install", "-at_install")
class TestCreditCheckFigures(CreditControlCommon):
    def _check_outcome(self, result):
        return result["state"], result["failures"]

    def _assert_as_with_every_figure(self, orders):
        """The checks as the confirmation runs them (figures read only when needed) give
        every order the outcome they give when every figure is read first."""
        orders.invalidate_recordset()
        lazy = orders._credit_control_evaluate(batch=True)
        eager = orders._credit_control_evaluate(batch=True, figures=True)
        for order in orders:
            self.assertEqual(
                self._check_outcome(lazy[order.id]), self._check_outcome(eager[order.id])
            )
        return lazy

    def _entry_without_due_date(self, amount, days_ago):
        """A posted miscellaneous entry on the customer's receivable without a due date."""
        today = fields.Date.context_today(self.env.user)
        receivable = self.customer.property_account_receivable_id
        income = self.product.categ_id.property_account_income_categ_id or self.env[
            "account.account"
        ].search([("account_type", "=", "income")], limit=1)
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": today - timedelta(days=days_ago),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": receivable.id,
                            "partner_id": self.customer.id,
                            "debit": amount,
                        }
                    ),
                    Command.create({"account_id": income.id, "credit": amount}),
                ],
            }
        )
        entry.action_post()
        line = entry.line_ids.filtered(lambda aml: aml.account_id == receivable)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move_line SET date_maturity = NULL WHERE id = %s", [line.id]
        )
        self.env.invalidate_all()
        return entry

    def test_no_limit_reads_no_figures_and_still_holds_overdue(self):
        self.customer.sudo().credit_limit = 0.0
        self._invoice(amount=50.0, days_ago=60, due_days_ago=45)
        order = self._order(amount=10.0)
        with FiguresSpy(self.env) as spy:
            results = self._assert_as_with_every_figure(order)
            spy.calls.clear()
            order.action_confirm()
        self.assertEqual(results[order.id]["state"], "hold")
        self.assertEqual(spy.calls, [], "no limit to check: the open items are not summed")
        self.assertEqual(order.credit_state, "hold")
        self.assertIn("1 invoice(s) overdue by more than 30 days", order.credit_check_message)

    def test_overdue_tolerance_boundary_as_with_every_figure(self):
        self.customer.sudo().credit_limit = 0.0
        self._invoice(amount=50.0, days_ago=60, due_days_ago=30)
        order = self._order(amount=10.0)
        results = self._assert_as_with_every_figure(order)
        self.assertEqual(results[order.id]["state"], "ok", "due 30 days ago: within tolerance")
        self._invoice(amount=70.0, days_ago=60, due_days_ago=31)
        results = self._assert_as_with_every_figure(order)
        self.assertEqual(results[order.id]["state"], "hold")
        self.assertIn("1 invoice(s) overdue", results[order.id]["blocking"][0])
        self.assertIn("70.00", results[order.id]["blocking"][0])

    def test_overdue_without_due_date_and_credits_as_with_every_figure(self):
        self.customer.sudo().credit_limit = 0.0
        # an entry without due date counts from its date; an open credit note does not make
        # an overdue invoice less late
        self._entry_without_due_date(80.0, days_ago=40)
        refund = self._invoice(amount=500.0, post=False)
        refund.move_type = "out_refund"
        refund.action_post()
        order = self._order(amount=10.0)
        results = self._assert_as_with_every_figure(order)
        self.assertEqual(results[order.id]["state"], "hold")
        self._entry_without_due_date(20.0, days_ago=5)
        self._assert_as_with_every_figure(order)

    def test_disputed_invoices_left_out_as_with_every_figure(self):
        self.customer.sudo().credit_limit = 0.0
        invoice = self._invoice(amount=50.0, days_ago=60, due_days_ago=45)
        invoice.credit_dispute_reason = "quantity"
        self.env.company.credit_dispute_exclude_overdue = True
        order = self._order(amount=10.0)
        results = self._assert_as_with_every_figure(order)
        self.assertEqual(results[order.id]["state"], "ok", "the only late invoice is disputed")
        self.env.company.credit_dispute_exclude_overdue = False
        results = self._assert_as_with_every_figure(order)
        self.assertEqual(results[order.id]["state"], "hold")

    def test_a_limit_reads_the_figures_once_for_the_batch(self):
        other = self.env["res.partner"].create({"name": "Jinhai Coal", "is_company": True})
        self._invoice(amount=950.0)
        self._invoice(partner=other, amount=10**6, days_ago=10, due_days_ago=5)
        held = self._order(amount=100.0)  # 950 + 100 over the limit of 1 000
        free = self._order(partner=other, amount=100.0)  # no limit, nothing late
        orders = held | free
        with FiguresSpy(self.env) as spy:
            results = self._assert_as_with_every_figure(orders)
            spy.calls.clear()
            orders.action_confirm()
        self.assertEqual(spy.calls, [sorted((self.customer | other).ids)])
        self.assertEqual(results[held.id]["state"], "hold")
        self.assertEqual(results[free.id]["state"], "ok")
        self.assertEqual((held.state, free.state), ("draft", "sale"))

    def test_a_limit_and_a_late_invoice_as_with_every_figure(self):
        """With a limit to check, the figures read once serve the limit and the overdue checks
        alike: both fail as with every figure read first, a contact's invoice included."""
        contact = self.env["res.partner"].create(
            {"name": "Accounts dept", "parent_id": self.customer.id, "type": "invoice"}
        )
        self._invoice(partner=contact, amount=600.0, days_ago=60, due_days_ago=45)
        self._invoice(amount=350.0)
        order = self._order(amount=100.0)  # 950 + 100 over the limit of 1 000
        self.env.flush_all()
        with FiguresSpy(self.env) as spy:
            order._credit_control_evaluate(batch=True)
        self.assertEqual(spy.calls, [self.customer.ids], "read once, for the limit")
        results = self._assert_as_with_every_figure(order)
        self.assertEqual(results[order.id]["exposure"], 950.0)
        self.assertEqual(set(results[order.id]["blocking_codes"]), {"limit", "overdue"})
        self.assertIn("1 invoice(s) overdue", " ".join(results[order.id]["blocking"]))

    def test_securities_and_bills_as_with_every_figure(self):
        self._invoice(amount=950.0)
        order = self._order(amount=100.0)
        self.assertEqual(self._assert_as_with_every_figure(order)[order.id]["state"], "hold")
        self.env["partner.credit.security"].create(
            {
                "name": "Guarantee of the parent company",
                "partner_id": self.customer.id,
                "kind": "guarantee",
                "amount": 500.0,
                "coverage": 100.0,
                "guarantor_id": self.env["res.partner"].create({"name": "Guarantor"}).id,
                "date_start": fields.Date.context_today(self.env.user),
            }
        )
        self.assertEqual(self._assert_as_with_every_figure(order)[order.id]["state"], "ok")

    def test_banner_still_shows_the_figures(self):
        self.customer.sudo().credit_limit = 0.0
        self._invoice(amount=300.0)
        order = self._order(amount=100.0)
        result = order._credit_control_evaluate(batch=False)[order.id]
        self.assertEqual(result["exposure"], 300.0)
        self.assertEqual(order.credit_partner_exposure, 300.0)
        self.assertNotIn("exposure", order._credit_control_evaluate(batch=True)[order.id])


@tagged("post_install", "-at_install")
class TestDeliveryCheckFigures(DeliveryControlCommon):
    def _overdue_by_figures(self, picking):
        days = self.company.credit_delivery_overdue_days
        figures = self.customer._credit_figures_get(self.company)[self.customer.id]
        return figures["max_days_overdue"] > days

    def test_no_limit_reads_no_figures_and_still_holds_overdue(self):
        self.customer.sudo().credit_limit = 0.0
        picking = self._delivery()
        self._invoice(amount=300.0, days_ago=30)
        with FiguresSpy(self.env) as spy:
            result = picking._credit_delivery_evaluate()[picking.id]
        self.assertEqual(spy.calls, [], "nothing late, no limit: the open items are not summed")
        self.assertEqual(result["blocking_codes"], [])
        self.assertFalse(self._overdue_by_figures(picking), "30 days: within the tolerance")
        self._invoice(amount=200.0, days_ago=31)
        result = picking._credit_delivery_evaluate()[picking.id]
        self.assertTrue(self._overdue_by_figures(picking))
        self.assertEqual(result["blocking_codes"], ["overdue"])
        self.assertIn("overdue by 31 days", result["blocking"][0])

    def test_limit_still_warns(self):
        picking = self._delivery()
        self._invoice(amount=6000.0)
        with FiguresSpy(self.env) as spy:
            result = picking._credit_delivery_evaluate()[picking.id]
        self.assertEqual(len(spy.calls), 1)
        self.assertIn("over its credit limit", result["warnings"][0])
