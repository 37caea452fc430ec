"""Two transactions confirming orders of the same customer at the same time.

These tests use real, committed transactions (two database connections in two threads), so
they run outside the usual rolled-back test transaction and delete their data afterwards.
"""

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged

from .committed_common import CommittedOrdersCase


@tagged("post_install", "-at_install")
class TestCreditControlRace(CommittedOrdersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = cls._committed_setup(env, "Race Coal")
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
            cls.partner_ids = partners.ids
            cls.order_ids = orders.ids
        cls.addClassCleanup(cls._cleanup)

    def _race(self, batches):
        """Confirm each batch of orders in its own transaction, all at the same moment.

        Each transaction reads first (so its snapshot predates the others' commits), then
        confirms, then keeps its locks a moment before committing. Serialisation failures
        are retried the way Odoo retries an HTTP request.
        """
        self.attempts = self._confirm_at_once(batches, keep_locks=0.3)
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
