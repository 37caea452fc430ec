"""Run inside ``odoo-bin shell``: populate a database as a live one looks, or snapshot it.

    LIFECYCLE_MODE=populate|snapshot LIFECYCLE_OUT=file odoo-bin shell -d DB < this file

``LIFECYCLE_CUSTOMERS`` sets how many customers ``populate`` makes (3 000 by default).

``populate`` creates customers with credit limits, confirmed orders and posted invoices (some
paid) before the addon is installed; ``snapshot`` writes what must survive an install, an
upgrade and an uninstall of the addon as JSON, so two snapshots can be compared.
"""

# ruff: noqa: F821  (``env`` is given by odoo-bin shell)
import json
import os

MODE = os.environ["LIFECYCLE_MODE"]
OUT = os.environ.get("LIFECYCLE_OUT")
CUSTOMERS = int(os.environ.get("LIFECYCLE_CUSTOMERS") or 3000)


def populate(env, customers=CUSTOMERS):
    company = env.company
    product = env["product.product"].create(
        {"name": "Lifecycle Widget", "type": "consu", "list_price": 100.0}
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Existing Customer {i:04d}", "is_company": True, "customer_rank": 1}
            for i in range(customers)
        ]
    )
    for index, partner in enumerate(partners):
        if index % 3 == 0:
            partner.with_company(company).credit_limit = 1000.0 * (index + 1)
    contacts = env["res.partner"].create(
        [{"name": f"Contact {i:04d}", "parent_id": partners[i].id} for i in range(0, 60)]
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partners[i % customers].id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1 + i % 7})],
            }
            for i in range(240)
        ]
    )
    orders[:180].action_confirm()
    invoices = orders[:120]._create_invoices()
    invoices.action_post()
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoices[:60].ids
    ).create({"journal_id": journal.id, "group_payment": False})._create_payments()
    env.cr.commit()
    print(f"populated: {len(partners)} customers, {len(contacts)} contacts, {len(orders)} orders")


def snapshot(env):
    partners = env["res.partner"].with_context(active_test=False).search([], order="id")
    orders = env["sale.order"].search([], order="id")
    moves = env["account.move"].search([], order="id")
    data = {
        "partners": [[p.id, p.name, p.parent_id.id, p.active] for p in partners],
        "credit_limits": [[p.id, p.credit_limit] for p in partners if p.credit_limit],
        "orders": [[o.id, o.name, o.state, o.partner_id.id, o.amount_total] for o in orders],
        "moves": [
            [m.id, m.name, m.state, m.payment_state, m.partner_id.id, m.amount_total] for m in moves
        ],
        "credit": [[p.id, round(p.credit, 2)] for p in partners if p.credit],
    }
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=0, sort_keys=True)
    print(
        f"snapshot: {len(data['partners'])} partners, {len(data['orders'])} orders, "
        f"{len(data['moves'])} moves, {len(data['credit_limits'])} credit limits"
    )


if MODE == "populate":
    populate(env)
else:
    snapshot(env)
