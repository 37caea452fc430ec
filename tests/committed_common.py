"""Base of the tests that confirm orders in real, committed transactions (several database
connections at once): they run outside the rolled-back test transaction, so they delete what
they committed themselves."""

import threading
import time

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name


class CommittedOrdersCase(BaseCase):
    """Subclasses call ``_committed_setup`` in their ``setUpClass``, set ``partner_ids`` and
    ``order_ids``, and register ``_cleanup`` as a class cleanup."""

    @classmethod
    def _committed_setup(cls, env, product_name):
        """No credit reports in these tests; a service product without taxes. Returns it."""
        cls.report_policy = env.company.credit_policy_report
        cls.documents_policy = env.company.credit_policy_documents_missing
        env.company.credit_policy_report = "ignore"
        env.company.credit_policy_documents_missing = "ignore"
        product = env["product.product"].create(
            {"name": product_name, "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.product_id = product.id
        return product

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company.credit_policy_report = cls.report_policy
            env.company.credit_policy_documents_missing = cls.documents_policy
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
        """Every order back to a quotation that passed no check yet."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            orders._action_cancel()
            orders.action_draft()
            orders.write({"credit_state": "ok", "credit_hold_date": False})

    def _confirm_at_once(self, batches, keep_locks=0.0):
        """Confirm each batch of orders in its own thread and transaction, all at the same
        moment (a barrier), retried on serialisation failures the way Odoo retries an HTTP
        request. Each transaction reads first, so that its snapshot predates the others'
        commits, and keeps its locks ``keep_locks`` seconds before committing.

        Fails the test if a transaction hangs or fails; returns the number of attempts each
        transaction took.
        """
        barrier = threading.Barrier(len(batches))
        errors, attempts = [], []

        def confirm(order_ids):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    tries = []

                    def work():
                        orders = env["sale.order"].browse(order_ids)
                        orders.mapped("amount_total")
                        if not tries:
                            barrier.wait(timeout=30)
                        tries.append(1)
                        orders.action_confirm()
                        time.sleep(keep_locks)

                    retrying(work, env)
                    attempts.append(len(tries))
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        threads = [threading.Thread(target=confirm, args=(batch,)) for batch in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse([t for t in threads if t.is_alive()], "a transaction is stuck")
        self.assertFalse(errors)
        self.assertEqual(len(attempts), len(batches))
        return attempts
