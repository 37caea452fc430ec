"""Disputed invoices (争议, SPEC §3.I): out of dunning, and per setting out of the overdue check.

A customer who contests an invoice — the quality, the quantity, the price or the delivery of
the goods — is not dunned for it while the dispute lasts: the invoice stays in the receivable,
the exposure and the aging (it is still owed), but the ledger leaves it out of the collection
level (``partner_credit_ledger_collection.py``) and, when the company says so, out of the
overdue check at order confirmation. The worklist shows the disputed amount apart. Setting and
clearing a dispute is tracked in the invoice's chatter: the history is kept.
"""

from odoo import fields, models

DISPUTE_REASONS = [
    ("quality", "Quality"),
    ("quantity", "Quantity"),
    ("price", "Price"),
    ("delivery", "Delivery"),
    ("other", "Other"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    credit_dispute_reason = fields.Selection(
        DISPUTE_REASONS,
        string="Dispute",
        tracking=True,
        copy=False,
        help="The customer disputes this invoice: it leaves dunning (and, per Settings, the "
        "overdue check at order confirmation) until the dispute is cleared.",
    )
    credit_dispute_note = fields.Text(string="Dispute Note", tracking=True, copy=False)

    # disputed invoices are few: the ledger finds them by this index alone
    _credit_dispute_idx = models.Index("(id) WHERE credit_dispute_reason IS NOT NULL")

    def write(self, vals):
        res = super().write(vals)
        if "credit_dispute_reason" in vals:
            self._credit_collections_refresh()
        return res

    def _credit_collections_refresh(self):
        """Bring the collection files of these entries' customers up to date (no new action:
        that is the daily job's)."""
        for company, moves in self.grouped("company_id").items():
            partners = moves.commercial_partner_id
            root = company.sudo().root_id
            partners.sudo().with_company(root)._credit_collections_refresh_existing()
