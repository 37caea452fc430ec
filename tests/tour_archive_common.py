"""What the sales rep's and the keeper's tours of the customer archive start from: a rep's
customer with a business licence the rep filed (with its scan), not verified yet, and a
colleague's customer."""

from odoo import Command
from odoo.tests import new_test_user


def archive_tour_data(env):
    """Create the tour users and customers; return ``(rep, keeper, licence document)``."""
    rep = new_test_user(
        env,
        login="tour_archive_rep",
        password="tour_archive_rep",
        groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
    )
    keeper = new_test_user(
        env,
        login="tour_archive_keeper",
        password="tour_archive_keeper",
        groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_keeper",
    )
    colleague = new_test_user(
        env,
        login="tour_archive_colleague",
        groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
    )
    Partner = env["res.partner"]
    customer = Partner.create(
        {
            "name": "Tour Rep Customer Ltd",
            "is_company": True,
            "customer_rank": 1,
            "user_id": rep.id,
            "archive_keeper_id": keeper.id,
        }
    )
    Partner.create(
        {
            "name": "Tour Colleague Customer Ltd",
            "is_company": True,
            "customer_rank": 1,
            "user_id": colleague.id,
        }
    )
    licence = (
        env["partner.archive.document"]
        .with_user(rep)
        .create(
            {
                "name": "Tour licence",
                "partner_id": customer.id,
                "type_id": env.ref("partner_credit_archive.archive_type_business_licence").id,
                "attachment_ids": [Command.create({"name": "licence.pdf", "raw": b"%PDF"})],
            }
        )
    )
    return rep, keeper, licence.with_env(env)
