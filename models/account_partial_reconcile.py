from odoo import models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    # The reconciliations dated after a date, with what the ledger adds back, in the index
    # itself: as of a past date D the open items are the items open now plus those reconciled
    # after D, so aging all customers as of D (the month-end snapshot, the AR aging export of
    # a large selection) reads these instead of every receivable line of every customer.
    _credit_max_date_idx = models.Index(
        "(max_date) INCLUDE (debit_move_id, credit_move_id, amount)"
    )
