"""Run inside ``odoo-bin shell`` with the PREVIOUS release installed (scripts/upgrade_check.sh):
the data users enter with that release, so the upgrade to this checkout has something to keep.

    odoo-bin shell -d DB < this file

The bulk customers, orders and invoices come first, without the addon (lifecycle_data.py
populate); this adds, through the previous release's own code: the demo story (fifteen
customers with their history, archives with catalogue numbers, approved and expired credit
reports, a credit group, a temporary limit, a held order, grading and aging snapshots), credit
limits decided by a credit manager on bulk customers, orders held and then released, rejected
or left waiting, invoices partly paid, and a grading of every customer.

Only APIs of the previous release are used: when the base release moves
(scripts/upgrade_base.txt), this must still run against it.
"""

# ruff: noqa: F821  (``env`` is given by odoo-bin shell)
from odoo import Command

MODULE = "partner_credit_archive"


def bulk_customers(env):
    return env["res.partner"].search(
        [("name", "=like", "Existing Customer %"), ("parent_id", "=", False)], order="id"
    )


def held_orders(env, users, customers, product):
    """Limits decided by the credit manager, then orders over them confirmed by the sales rep:
    held; some released, some rejected, the rest left waiting (one with a release request)."""
    credit, sales = users["credit"], users["sales"]
    chosen = customers[:24]
    chosen.write({"user_id": sales.id})
    for index, partner in enumerate(chosen):
        partner.with_user(credit).write({"credit_limit": 500.0 + 10 * index})
    orders = env["sale.order"].with_user(sales)
    held = orders.browse()
    for partner in chosen:
        order = orders.create(
            {
                "partner_id": partner.id,
                "user_id": sales.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 20})],
            }
        )
        order.action_confirm()
        held |= order
    held = held.filtered(lambda o: o.credit_state == "hold")
    assert len(held) >= 20, f"only {len(held)} orders were held"
    wizard = env["partner.credit.release.wizard"].with_user(credit)
    wizard.create(
        {"order_ids": [Command.set(held[:10].ids)], "reason": "Upgrade check: released"}
    ).action_release()
    wizard.create(
        {"order_ids": [Command.set(held[10:14].ids)], "reason": "Upgrade check: rejected"}
    ).action_reject()
    env["partner.credit.release.wizard"].with_user(sales).create(
        {
            "order_ids": [Command.set(held[14:16].ids)],
            "reason": "Upgrade check: please release",
            "mode": "request",
        }
    ).action_request()
    return held


def partial_payments(env, customers):
    """Half of some open invoices paid: the rest stays open."""
    invoices = env["account.move"].search(
        [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "=", "not_paid"),
            ("partner_id", "in", customers.ids),
        ],
        order="id",
        limit=15,
    )
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    for invoice in invoices:
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "journal_id": journal.id,
                "amount": round(invoice.amount_residual / 2, 2),
                "payment_difference_handling": "open",
            }
        )._create_payments()
    return invoices


def populate(env):
    demo = env["res.partner"]._credit_archive_demo_generate()
    assert demo, "the demo story exists already"
    users = {login: env.ref(f"{MODULE}.demo_user_{login}") for login in ("sales", "credit")}
    customers = bulk_customers(env)
    assert customers, "no bulk customers: run lifecycle_data.py populate first"
    product = env["product.product"].search([("name", "=", "Lifecycle Widget")], limit=1)
    held = held_orders(env, users, customers, product)
    paid = partial_payments(env, customers)
    graded = customers | env["res.partner"].browse([p.id for p in demo.values()])
    graded.with_user(users["credit"]).action_credit_grade()
    env.cr.commit()
    counts = {
        model: env[model].sudo().with_context(active_test=False).search_count([])
        for model in (
            "partner.archive.document",
            "partner.credit.decision",
            "partner.credit.report",
            "partner.credit.temp.limit",
            "partner.credit.grade.log",
            "partner.credit.aging.snapshot",
        )
    }
    print(
        f"populated: {len(graded)} graded customers, {len(held)} held orders "
        f"(10 released, 4 rejected), {len(paid)} invoices partly paid, "
        + ", ".join(f"{n} {m}" for m, n in counts.items())
    )


populate(env)
