"""The one pass over a large selection as of a past date (the AR aging export, the
month-end snapshot) tells exactly what the paged aging tells, page by page."""

from datetime import date
from unittest.mock import patch

from odoo.tests import freeze_time, tagged

from ..models import partner_credit_ledger
from .common import CreditArchiveCase, LedgerDocumentsMixin

DATES = [
    date(2026, 2, 28),  # one invoice only
    date(2026, 4, 14),
    date(2026, 4, 20),  # after the credit note, before its reconciliation
    date(2026, 4, 30),
    date(2026, 5, 10),  # the day of a payment: it counts
    date(2026, 5, 31),
    date(2026, 6, 30),
    date(2026, 7, 14),
]


@tagged("post_install", "-at_install")
@freeze_time("2026-07-15")
class TestAgingOnePass(LedgerDocumentsMixin, CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "One Pass Customer", "is_company": True})
        cls.contact = Partner.create({"name": "One Pass Buyer", "parent_id": cls.customer.id})
        cls.second = Partner.create({"name": "One Pass Second", "is_company": True})
        cls.idle = Partner.create({"name": "One Pass Idle", "is_company": True})
        cls.partners = (cls.customer | cls.second | cls.idle).sorted("id")

    def _documents(self):
        # partly paid after some dates, fully paid later, a contact's invoice, a credit note
        # reconciled later, an invoice dated later, the second customer's own documents
        invoice = self._invoice(1000.0, "2026-03-01", "2026-03-31", partner=self.contact)
        self._pay(invoice, "2026-05-10", amount=400.0)
        paid = self._invoice(500.0, "2026-01-15", "2026-02-14")
        self._pay(paid, "2026-05-31")
        refund = self._invoice(200.0, "2026-04-15", "2026-04-15", move_type="out_refund")
        refund_line = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        with freeze_time("2026-05-05"):
            invoice.js_assign_outstanding_line(refund_line.id)
        self._invoice(70.0, "2026-06-01", "2026-07-01")
        other = self._invoice(300.0, "2026-04-01", "2026-05-01", partner=self.second)
        self._pay(other, "2026-06-15", amount=100.0)
        self._pay(other, "2026-07-01", amount=50.0)
        self._invoice(90.0, "2026-05-20", "2026-05-20", partner=self.second, move_type="out_refund")

    def _one_pass(self, at):
        aging = {}
        with patch.object(partner_credit_ledger, "ONE_PASS_MIN", 0):
            pages = list(self.partners.with_context(bin_size=True)._credit_aging_pages(at))
        for page, page_aging in pages:
            self.assertTrue(set(page_aging) <= set(page.ids))
            aging.update(page_aging)
        return aging

    def test_one_pass_equals_the_paged_aging(self):
        self._documents()
        for at in DATES:
            with self.subTest(at=at):
                paged = self.partners._credit_aging(at)
                self.assertEqual(self._one_pass(at), paged)
                self.assertNotIn(self.idle.id, paged)
        # the figures differ from date to date: the comparison is not of empty results
        self.assertEqual(list(self.partners._credit_aging(DATES[0])), [self.customer.id])
        self.assertEqual(self.partners._credit_aging(date(2026, 4, 30))[self.customer.id]["total"],
                         1500.0 - 200.0)  # fmt: skip
        self.assertEqual(self.partners._credit_aging(date(2026, 6, 30))[self.second.id]["total"],
                         300.0 - 100.0 - 90.0)  # fmt: skip

    def test_one_pass_open_items_and_snapshot_agree(self):
        self._documents()
        at = date(2026, 5, 31)
        paged = self.partners._credit_open_items(at)
        with patch.object(partner_credit_ledger, "ONE_PASS_MIN", 0):
            self.assertEqual(self.partners._credit_open_items(at), paged)
        self.assertEqual(paged[self.customer.id], 1000.0 - 400.0 - 200.0 + 0.0)
        Snapshot = self.env["partner.credit.aging.snapshot"]
        Snapshot._take_snapshot(at)
        snapshots = Snapshot.search([("date", "=", at), ("partner_id", "in", self.partners.ids)])
        self.assertEqual(
            {s.partner_id.id: s.total for s in snapshots},
            {pid: row["total"] for pid, row in self.partners._credit_aging(at).items()},
        )

    def test_one_pass_page_boundaries(self):
        self._documents()
        at = date(2026, 6, 30)
        with (
            patch.object(partner_credit_ledger, "ONE_PASS_MIN", 0),
            patch("odoo.addons.partner_credit_archive.models.res_partner_aging.AGING_PAGE", 1),
        ):
            pages = list(self.partners._credit_aging_pages(at))
        self.assertEqual([page.ids for page, _aging in pages], [[p.id] for p in self.partners])
        for page, page_aging in pages:
            self.assertEqual(page_aging, page._credit_aging(at))
