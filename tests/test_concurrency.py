"""Many transactions confirming orders of the same customers at the same moment.

Each thread has its own database connection and confirms its orders in a real, committed
transaction, retried on serialisation failures the way Odoo retries an HTTP request. All of
them start together (a barrier), so they queue on the customers' (and credit groups') row
locks. Whatever the interleaving, the limits must hold, every order must end confirmed or held,
and no transaction may hang or fail. The tests delete what they committed.
"""

from collections import Counter

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged

from .committed_common import CommittedOrdersCase

THREADS = 6
LIMIT = 1000.0
AMOUNT = 300.0  # three orders fit in the limit, the fourth does not
FITTING = int(LIMIT // AMOUNT)
CONFIRMED = ("sale", "ok")
HELD = ("draft", "hold")


@tagged("post_install", "-at_install")
class TestConcurrency(CommittedOrdersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls._committed_setup(env, "Stress Coal")
            Partner = env["res.partner"]
            # one customer, THREADS orders
            solo = Partner.create({"name": "Stress Solo", "is_company": True})
            # THREADS customers with room of their own, in a group that has room for three
            members = Partner.create(
                [{"name": f"Stress Member {n}", "is_company": True} for n in range(THREADS)]
            )
            # three customers, THREADS orders each, confirmed in crossed batches
            crossed = Partner.create(
                [{"name": f"Stress Crossed {n}", "is_company": True} for n in "ABC"]
            )
            for partner in solo | crossed:
                partner.credit_limit = LIMIT
            for partner in members:
                partner.credit_limit = 10 * LIMIT
            group = env["partner.credit.group"].create(
                {
                    "name": "Stress Group",
                    "credit_limit": LIMIT,
                    "partner_ids": [Command.set(members.ids)],
                }
            )
            cls.group_id = group.id
            cls.partner_ids = (solo | members | crossed).ids
            orders = cls._orders(env, [solo] * THREADS)
            cls.solo_orders = orders.ids
            cls.member_orders = cls._orders(env, members).ids
            cls.crossed_orders = {
                partner.id: cls._orders(env, [partner] * THREADS).ids for partner in crossed
            }
            cls.order_ids = (
                cls.solo_orders
                + cls.member_orders
                + [oid for ids in cls.crossed_orders.values() for oid in ids]
            )
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _orders(cls, env, partners):
        return env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "payment_term_id": False,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product_id,
                                "price_unit": AMOUNT,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for partner in partners
            ]
        )

    @classmethod
    def _cleanup(cls):
        result = super()._cleanup()
        with cls.registry.cursor() as cr:
            # the group's limit was recorded as a credit decision (kept forever by the ORM)
            cr.execute(
                "DELETE FROM partner_credit_decision WHERE credit_group_id = %s", [cls.group_id]
            )
            api.Environment(cr, SUPERUSER_ID, {})["partner.credit.group"].browse(
                cls.group_id
            ).unlink()
        return result

    def _stress(self, batches):
        """Confirm each batch of orders in its own thread and transaction, all at once.

        Returns {order id: (state, credit state)} once every thread has finished.
        """
        attempts = self._confirm_at_once(batches)
        # the transactions really ran into each other: some of them had to be retried
        self.assertGreater(max(attempts), 1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            held = orders.filtered(lambda o: o.credit_state == "hold")
            # held orders keep their hold date, and nothing is left half-way
            self.assertTrue(all(held.mapped("credit_hold_date")))
            return {order.id: (order.state, order.credit_state) for order in orders}

    def _assert_split(self, states, order_ids, confirmed=FITTING):
        outcome = Counter(states[oid] for oid in order_ids)
        self.assertEqual(outcome, Counter({CONFIRMED: confirmed, HELD: len(order_ids) - confirmed}))

    def _exposure(self, partner_ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].browse(partner_ids)
            return partners._credit_exposure_get(env.company)

    def test_orders_of_one_customer_at_once(self):
        self._reset()
        states = self._stress([[oid] for oid in self.solo_orders])
        self._assert_split(states, self.solo_orders)
        solo = self.partner_ids[0]
        self.assertEqual(self._exposure([solo])[solo], FITTING * AMOUNT)
        self.assertLessEqual(FITTING * AMOUNT, LIMIT)

    def test_customers_of_one_credit_group_at_once(self):
        self._reset()
        states = self._stress([[oid] for oid in self.member_orders])
        self._assert_split(states, self.member_orders)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = env["partner.credit.group"].browse(self.group_id)
            self.assertEqual(group.credit_exposure, FITTING * AMOUNT)
            self.assertLessEqual(group.credit_exposure, group.credit_limit)

    def test_crossed_batches_of_several_customers(self):
        """Each batch holds one order of every customer, in a different order per batch."""
        self._reset()
        columns = list(self.crossed_orders.values())
        batches = []
        for index in range(THREADS):
            batch = [column[index] for column in columns]
            shift = index % len(batch)
            batch = batch[shift:] + batch[:shift]
            batches.append(batch[::-1] if index % 2 else batch)
        states = self._stress(batches)
        for partner_id, order_ids in self.crossed_orders.items():
            self._assert_split(states, order_ids)
            self.assertEqual(self._exposure([partner_id])[partner_id], FITTING * AMOUNT)
