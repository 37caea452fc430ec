"""What the customer portal shows of a customer (SPEC §3.N), computed for its commercial
partner in one company.

The portal controller (controllers/portal.py) calls these on the portal user's own commercial
partner only; they read in superuser mode what a portal user has no access to (the ledger,
the credit limit, the archive's mandatory documents) and return plain values, never records of
another customer.
"""

from odoo import fields, models

from ..tools.aging import BUCKET_KEYS, bucket_key

PORTAL_BILLS = 80  # the bills shown at most (a customer has a handful open at a time)
PORTAL_PROMISES = 20  # the latest promises to pay shown
PROMISE_DAYS = 90  # kept or broken promises stay on the page this many days


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_portal_account(self, company, limit=None, offset=0):
        """The account page of this commercial partner in ``company``.

        :return: {"count", "items": [{"move", "date", "date_due", "amount", "days_overdue",
            "bucket"}], "aging": {bucket: amount, "total"}, "buckets": [(key, label)],
            "credit": None or {"limit", "exposure", "available", "cash_only"}, "bills"
            (``_credit_portal_bills``), "promises" (``_credit_portal_promises``),
            "currency"}; ``move`` is the entry (superuser) of the item, amounts in company
            currency.
        """
        self.ensure_one()
        partner = self.commercial_partner_id.sudo().with_company(company)
        ledger = self.env["partner.credit.ledger"].sudo().with_company(company)
        count, rows = ledger._open_item_rows(partner.ids, company, limit=limit, offset=offset)
        moves = self.env["account.move"].sudo().browse(row["move_id"] for row in rows)
        moves.fetch(["name", "ref", "move_type", "invoice_date", "payment_state"])
        items = [
            {
                "move": moves.browse(row["move_id"]),
                "date": row["date"],
                "date_due": row["date_due"],
                "amount": row["amount"],
                "days_overdue": row["days_overdue"],
                "bucket": bucket_key(row["days_overdue"]),
            }
            for row in rows
        ]
        empty = dict.fromkeys((*BUCKET_KEYS, "total"), 0.0)
        aging = partner._credit_aging().get(partner.id, empty)
        labels = partner._credit_aging_labels()
        credit = None
        if company.credit_portal_show_available:
            credit = {
                "limit": partner.credit_limit,
                "exposure": partner.credit_exposure,
                "available": partner.credit_available,
                "cash_only": partner.credit_cash_only or not partner.credit_limit,
            }
        return {
            "count": count,
            "items": items,
            "aging": aging,
            "buckets": [(key, labels[key]) for key in BUCKET_KEYS],
            "credit": credit,
            "bills": partner._credit_portal_bills(company),
            "promises": partner._credit_portal_promises(company),
            "currency": company.currency_id,
        }

    def _credit_portal_bills(self, company, limit=PORTAL_BILLS):
        """The customer's bills of acceptance (SPEC §3.J) not settled yet: before maturity
        (held, endorsed or discounted), or dishonoured; by maturity. Read in superuser mode
        (a portal user has no right on bills) for this commercial partner only.

        :return: [{"number", "kind", "acceptor", "amount", "date_issue", "date_maturity",
            "state", "state_label"}]
        """
        self.ensure_one()
        Bill = self.env["partner.credit.bill"].sudo()
        today = fields.Date.context_today(self)
        bills = Bill.search(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", company.id),
                "|",
                ("state", "=", "dishonoured"),
                "&",
                ("state", "in", ("held", "endorsed", "discounted")),
                ("date_maturity", ">=", today),
            ],
            order="date_maturity, id",
            limit=limit,
        )
        kinds = dict(Bill._fields["kind"]._description_selection(self.env))
        states = dict(Bill._fields["state"]._description_selection(self.env))
        return [
            {
                "number": bill.number,
                "kind": kinds.get(bill.kind),
                "acceptor": bill.acceptor,
                "amount": bill.amount,
                "date_issue": bill.date_issue,
                "date_maturity": bill.date_maturity,
                "state": bill.state,
                "state_label": states.get(bill.state),
            }
            for bill in bills
        ]

    def _credit_portal_documents_requested(self, company):
        """The mandatory documents the archive of this commercial partner in ``company`` is
        waiting for from the customer (types the customer provides): missing, expired or
        expiring (verified documents only count).

        :return: [{"type": document type (superuser), "status": "missing" / "expired" /
            "expiring", "expiry_date": the current document's expiry or None}], in the
            types' order.
        """
        self.ensure_one()
        partner = self.commercial_partner_id.sudo().with_company(company)
        problems = partner._archive_mandatory_problems()[partner.id]
        requested = {}
        for status in ("missing", "expired", "expiring"):
            for doc_type in problems[status].filtered("customer_provides"):
                requested.setdefault(doc_type.id, (doc_type, status))
        if not requested:
            return []
        expiries = dict(
            self.env["partner.archive.document"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("type_id", "in", list(requested)),
                    ("is_verified", "=", True),
                ],
                ["type_id"],
                ["expiry_date:max"],
            )
        )
        types = self.env["partner.archive.document.type"].sudo().browse(requested).sorted()
        return [
            {
                "type": doc_type,
                "status": requested[doc_type.id][1],
                "expiry_date": expiries.get(doc_type) or None,
            }
            for doc_type in types
        ]

    def _credit_portal_promises(self, company, limit=PORTAL_PROMISES):
        """The customer's promises to pay (SPEC §3.I): pending ones, and those kept or broken
        in the last ``PROMISE_DAYS`` days; latest promised date first. Read in superuser mode
        (a portal user has no right on the collection file) for this commercial partner only.

        :return: [{"date", "amount", "amount_paid", "state", "state_label"}]
        """
        self.ensure_one()
        Promise = self.env["partner.credit.promise"].sudo()
        since = fields.Date.subtract(fields.Date.context_today(self), days=PROMISE_DAYS)
        promises = Promise.search(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", company.id),
                "|",
                ("state", "=", "pending"),
                ("date_resolved", ">=", since),
            ],
            order="date desc, id desc",
            limit=limit,
        )
        states = dict(Promise._fields["state"]._description_selection(self.env))
        return [
            {
                "date": promise.date,
                "amount": promise.amount,
                "amount_paid": promise.amount_paid,
                "state": promise.state,
                "state_label": states.get(promise.state),
            }
            for promise in promises
        ]
