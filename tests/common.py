"""Shared set-up for the addon's Odoo tests: one user per role, mail noise off."""

import io

import openpyxl

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


class CreditArchiveCase(TransactionCase):
    """Base class: ``cls.sales_rep``, ``cls.keeper``, ``cls.credit_manager``, ``cls.employee``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.employee = new_test_user(cls.env, login="pca_employee", groups="base.group_user")
        cls.sales_rep = new_test_user(
            cls.env,
            login="pca_sales_rep",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
        )
        cls.keeper = new_test_user(
            cls.env,
            login="pca_keeper",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_keeper",
        )
        cls.credit_manager = new_test_user(
            cls.env,
            login="pca_credit_manager",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
        )


class LedgerDocumentsMixin:
    """Posted customer documents for ledger tests: ``self.customer`` and ``self.company``
    by default."""

    def _invoice(self, amount, invoice_date, due, move_type="out_invoice", **values):
        company = values.pop("company", self.company)
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": values.pop("partner", self.customer).id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                    **values,
                }
            )
        )
        move.action_post()
        return move

    def _pay(self, moves, payment_date, **values):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids
        ).create({"payment_date": payment_date, **values})._create_payments()


def read_sheets(data):
    """{sheet title: [{header: value}]} of an exported workbook (title rows skipped)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    result = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        start = next(i for i, row in enumerate(rows) if row[0] and row[1])
        header = rows[start]
        result[sheet.title] = [dict(zip(header, row, strict=True)) for row in rows[start + 1 :]]
    return result
