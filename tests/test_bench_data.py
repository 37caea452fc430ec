"""The benchmarks' bulk SQL generator (scripts/bench_data_sql.py) writes what Odoo computes.

At small scale, in the test's transaction: 50 customers with four months of orders, invoices
and payments written by ``COPY`` into Odoo's tables; then every stored computed field of
Odoo's modules on a sample of them, recomputed by the ORM, equals what the generator wrote,
and Odoo's ``credit`` equals the plan's open invoices. A wrong value is caught.
"""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_data_sql.py"


def _generator():
    spec = importlib.util.spec_from_file_location("pca_bench_data_sql", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestBenchDataSql(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gen = _generator()
        cls.data = cls.gen.generate(
            cls.env, 50, months=4, seed=5, prefix="SQL Bench", commit=False, log=lambda line: None
        )

    def _verify(self, sample=12):
        return self.gen.verify(
            self.env, self.data["partners"], self.data["expected"],
            self.data["templates"]["partner"], sample,
        )  # fmt: skip

    def test_odoo_agrees_with_the_generator(self):
        problems, unchecked = self._verify()
        self.assertEqual(problems, [])
        # only fields Odoo itself does not recompute to their stored value are left out
        self.assertLessEqual({model for model, __ in unchecked}, {"account.payment"}, unchecked)
        partners = self.env["res.partner"].browse(self.data["partners"])
        self.assertEqual(len(partners.exists()), 50)
        self.assertTrue(all(p.commercial_partner_id == p for p in partners))
        orders = self.env["sale.order"].search([("partner_id", "in", partners.ids)])
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        self.assertEqual(set(orders.mapped("invoice_status")), {"invoiced"})
        invoices = orders.invoice_ids
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertTrue(invoices.filtered(lambda m: m.amount_residual == 0))
        self.assertTrue(invoices.filtered(lambda m: m.payment_state == "not_paid"))
        open_total = sum(due for due, __, __ in self.data["expected"].values())
        self.assertAlmostEqual(sum(partners.mapped("credit")), open_total, places=2)
        self.assertAlmostEqual(sum(invoices.mapped("amount_residual")), open_total, places=2)

    def test_a_wrong_value_is_caught(self):
        partner = self.data["partners"][0]
        self.env.cr.execute(
            "UPDATE account_move_line SET amount_residual = amount_residual + 7 "
            "WHERE partner_id = %s AND display_type = 'payment_term'",
            [partner],
        )
        self.env.invalidate_all()
        problems, __ = self._verify(sample=50)
        self.assertTrue(
            any("account.move.line" in p and "amount_residual" in p for p in problems), problems
        )
        self.assertTrue(any(p.startswith(f"res.partner {partner}: credit") for p in problems))
