from odoo import fields, models


class PartnerCreditDecision(models.Model):
    """Releases of deliveries held at validation (SPEC §3.K) are credit decisions too."""

    _inherit = "partner.credit.decision"

    decision_type = fields.Selection(
        selection_add=[("delivery_release", "Delivery Released")],
        ondelete={"delivery_release": "cascade"},
    )
    picking_id = fields.Many2one("stock.picking", string="Delivery", index="btree_not_null")
