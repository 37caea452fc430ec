from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PartnerCreditScoreOption(models.Model):
    """A choice of a criterion, or a range starting at ``min_value``, and its points."""

    _name = "partner.credit.score.option"
    _description = "Credit Scorecard Option"
    _order = "sequence, min_value, id"

    criterion_id = fields.Many2one(
        "partner.credit.score.criterion", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    points = fields.Float(required=True, help="0 (worst) to 100 (best).")
    min_value = fields.Float(
        string="From Value",
        digits=(16, 4),
        help="Range criteria: this option applies from this value up to the next option's.",
    )

    @api.constrains("points")
    def _check_points(self):
        for option in self:
            if not 0 <= option.points <= 100:
                raise ValidationError(
                    self.env._(
                        "Option %(name)s: points must be between 0 and 100.", name=option.name
                    )
                )
