from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    # Draft customer invoices and credit notes, by customer: the exposure adds them (or adds
    # back their quantities to the orders they come from) at every order confirmation. Drafts
    # are few, so this index is small, and the checks never scan all invoices for them.
    _credit_draft_invoices_idx = models.Index(
        "(commercial_partner_id) "
        "WHERE state = 'draft' AND move_type IN ('out_invoice', 'out_refund')"
    )
