from odoo import fields, models


class PartnerCreditDecision(models.Model):
    _inherit = "partner.credit.decision"

    decision_type = fields.Selection(
        selection_add=[
            ("collection_hold", "Held by Collections"),
            ("collection_release", "Hold Lifted by Collections"),
        ],
        ondelete={"collection_hold": "cascade", "collection_release": "cascade"},
    )
