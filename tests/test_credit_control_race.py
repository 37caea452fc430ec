"""Two transactions confirming orders of the same customer at the same time.

These tests use real, committed transactions (two database connections in two threads), so
they run outside the usual rolled-back test transaction and delete their data afterwards.
"""

import threading
import time

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestCreditControlRace(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls.report_policy = env.company.credit_policy_report
            env.company.credit_policy_report = "ignore"  # no credit reports in this test
            product = env["product.product"].create(
                {"name": "Race Coal", "type": "service", "taxes_id": [Command.clear()]}
            )
            partners = env["res.partner"].create(
                [{"name": f"Race Customer {n}", "is_company": True} for n in "AB"]
            )
            for partner in partners:
                partner.credit_limit = 1000.0
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "payment_term_id": False,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "price_unit": 700.0,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for partner in (partners[0], partners[0], partners[1], partners[1])
                ]
            )
            cls.product_id = product.id
            cls.partner_ids = partners.ids
            cls.order_ids = orders.ids
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company.credit_policy_report = cls.report_policy
            orders = env["sale.order"].browse(cls.order_ids).exists()
            orders._action_cancel()
            orders.unlink()
            env["product.product"].browse(cls.product_id).unlink()
            # credit decisions are kept forever (the ORM refuses to delete them): this test's
            # own committed ones are removed at the SQL level
            cr.execute(
                "DELETE FROM partner_credit_decision WHERE partner_id = ANY(%s)",
                [cls.partner_ids],
            )
            env["res.partner"].browse(cls.partner_ids).unlink()

    def _reset(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            orders._action_cancel()
            orders.action_draft()
            orders.write({"credit_state": "ok", "credit_hold_date": False})

    def _race(self, batches):
        """Confirm each batch of orders in its own transaction, all at the same moment.

        Each transaction reads first (so its snapshot predates the others' commits), then
        confirms, then keeps its locks a moment before committing. Serialisation failures
        are retried the way Odoo retries an HTTP request.
        """
        barrier = threading.Barrier(len(batches))
        errors = []
        self.attempts = []

        def confirm(order_ids):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    attempts = []

                    def work():
                        orders = env["sale.order"].browse(order_ids)
                        orders.mapped("amount_total")
                        if not attempts:
                            barrier.wait(timeout=30)
                        attempts.append(1)
                        orders.action_confirm()
                        time.sleep(0.3)

                    retrying(work, env)
                    self.attempts.append(len(attempts))
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        threads = [threading.Thread(target=confirm, args=(batch,)) for batch in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse([t for t in threads if t.is_alive()], "a transaction is stuck")
        self.assertFalse(errors)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return {
                order.id: (order.state, order.credit_state)
                for order in env["sale.order"].browse(self.order_ids)
            }

    def test_only_one_of_two_concurrent_orders_gets_the_credit(self):
        self._reset()
        first, second = self.order_ids[:2]
        states = self._race([[first], [second]])
        outcome = sorted([states[first], states[second]])
        self.assertEqual(outcome, [("draft", "hold"), ("sale", "ok")])
        # the second transaction waited for the lock, failed to serialise and was retried
        self.assertEqual(sorted(self.attempts), [1, 2])

    def test_crossed_batches_do_not_deadlock(self):
        self._reset()
        a1, a2, b1, b2 = self.order_ids
        states = self._race([[a1, b1], [b2, a2]])
        confirmed = [oid for oid, state in states.items() if state == ("sale", "ok")]
        held = [oid for oid, state in states.items() if state == ("draft", "hold")]
        self.assertEqual(len(confirmed), 2, states)
        self.assertEqual(len(held), 2, states)
        # one order of each customer got through
        self.assertEqual(len({a1, a2} & set(confirmed)), 1)
        self.assertEqual(len({b1, b2} & set(confirmed)), 1)
