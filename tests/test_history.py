from datetime import date

from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from ..tools.history import plan_history

TODAY = date(2026, 3, 20)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestHistoryBuilder(TransactionCase):
    """``partner.credit.history`` makes the plan's documents; its SQL copies (the benchmarks')
    give what the ORM gives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.history = cls.env["partner.credit.history"]

    def _summary(self, data):
        """Per customer (by position): orders' dates and lines, invoices' dates, due dates,
        totals and residuals, and the dates the books saw them paid."""
        summary = []
        for partner in data["partners"]:
            orders = data["orders"].filtered(lambda o, p=partner: o.partner_id == p)
            invoices = data["invoices"].filtered(lambda m, p=partner: m.partner_id == p)
            terms = invoices.line_ids.filtered(lambda line: line.display_type == "payment_term")
            summary.append(
                {
                    "orders": sorted(
                        (o.date_order.date(), o.state, o.credit_state, o.amount_total)
                        for o in orders
                    ),
                    "lines": sorted(
                        (line.product_uom_qty, line.qty_delivered, line.qty_invoiced)
                        for line in orders.order_line
                    ),
                    "invoices": sorted(
                        (m.invoice_date, m.invoice_date_due, m.amount_total, m.amount_residual)
                        for m in invoices
                    ),
                    "paid": sorted(terms.matched_credit_ids.mapped("max_date")),
                    "states": sorted(set(invoices.mapped("state"))),
                }
            )
        return summary

    def test_sql_copies_equal_orm_documents(self):
        args = {"customers": 10, "months": 4, "seed": 7, "date_ref": TODAY}
        orm = self.history._generate(**args, name="ORM", fast=False)
        sql = self.history._generate(**args, name="SQL", fast=True)
        self.env.invalidate_all()
        self.assertEqual(self._summary(orm), self._summary(sql))
        self.assertTrue(orm["invoices"].filtered(lambda m: m.payment_state == "not_paid"))
        self.assertTrue(orm["invoices"].filtered(lambda m: m.amount_residual == 0))
        self.assertEqual(orm["partners"].mapped("credit"), sql["partners"].mapped("credit"))

    def test_build_follows_the_plan(self):
        goods = self.history._products([("Coal", 100.0), ("Coke", 250.0)])
        partners = self.env["res.partner"].create(
            [{"name": f"Plan {n}", "customer_rank": 1} for n in range(2)]
        )
        plan = plan_history(
            [{"profile": "steady", "base": 10}, {"profile": "late_payer"}],
            3,
            1,
            TODAY,
            goods.mapped("list_price"),
            lines_per_order=2,
        )
        orders, invoices = self.history._build(plan, partners, goods)
        self.assertEqual(len(orders), len(plan))
        for order, invoice, deal in zip(orders, invoices, plan, strict=True):
            self.assertEqual(order.partner_id, partners[deal["customer"]])
            self.assertEqual(order.date_order.date(), deal["date"])
            self.assertEqual(order.state, "sale")
            self.assertEqual(
                order.order_line.mapped("qty_delivered"), [line[3] for line in deal["lines"]]
            )
            self.assertEqual(invoice.invoice_origin, order.name)
            self.assertEqual(invoice.state, "posted")
            self.assertEqual(invoice.invoice_date_due, deal["due"])
            self.assertAlmostEqual(invoice.amount_total, deal["amount"])
            self.assertEqual(not invoice.amount_residual, bool(deal["paid"]))
            if deal["paid"]:
                self.assertEqual(invoice.matched_payment_ids.date, deal["paid"])
