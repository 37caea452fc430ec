from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # The order lines with something left to invoice (or over-invoiced), by order: the
    # exposure's orders to invoice are read at every confirmation, banner and customers' list
    # page. Without it, PostgreSQL reads every line of the customers' confirmed orders to find
    # the few not invoiced yet (most orders are invoiced in full). The lines fully invoiced
    # except for a draft invoice are found through the drafts' own index (account_move.py).
    _credit_to_invoice_idx = models.Index("(order_id) WHERE qty_to_invoice <> 0")
