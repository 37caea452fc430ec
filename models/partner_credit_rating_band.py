from odoo import fields, models

from ..tools.rating import RATING_SELECTION


class PartnerCreditRatingBand(models.Model):
    """One step of a scorecard's rating scale: the minimum score that earns a rating."""

    _name = "partner.credit.rating.band"
    _description = "Credit Rating Scale Step"
    _order = "min_score desc, id"

    scorecard_id = fields.Many2one(
        "partner.credit.scorecard", required=True, ondelete="cascade", index=True
    )
    rating = fields.Selection(RATING_SELECTION, required=True)
    min_score = fields.Float(string="Minimum Score", required=True)
