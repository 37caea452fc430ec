from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.scoring import check_scale, weights_ok, weights_total


class PartnerCreditScorecard(models.Model):
    """A weighted scorecard (5C model by default) and the scale turning its score into a rating.

    Criteria weights must sum to 100; they are checked when the scorecard is saved as a whole,
    so a credit manager can rebalance several weights in one edit.
    """

    _name = "partner.credit.scorecard"
    _description = "Credit Scorecard"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use this scorecard in every company."
    )
    criterion_ids = fields.One2many(
        "partner.credit.score.criterion", "scorecard_id", string="Criteria", copy=True
    )
    band_ids = fields.One2many(
        "partner.credit.rating.band", "scorecard_id", string="Rating Scale", copy=True
    )
    weight_total = fields.Float(compute="_compute_weight_total", string="Total Weight")

    @api.depends("criterion_ids.weight", "criterion_ids.active")
    def _compute_weight_total(self):
        for scorecard in self:
            scorecard.weight_total = weights_total(scorecard.criterion_ids.mapped("weight"))

    @api.constrains("criterion_ids")
    def _check_weights(self):
        for scorecard in self:
            weights = scorecard.criterion_ids.mapped("weight")
            if any(weight < 0 for weight in weights):
                raise ValidationError(self.env._("Criterion weights cannot be negative."))
            if weights and not weights_ok(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of scorecard %(name)s sum to %(total)s; they must sum to 100.",
                        name=scorecard.name,
                        total=weights_total(weights),
                    )
                )

    @api.constrains("band_ids")
    def _check_bands(self):
        messages = {
            "duplicate": self.env._("each rating can appear only once"),
            "range": self.env._("minimum scores must be between 0 and 100"),
            "order": self.env._("a better rating needs a higher minimum score"),
        }
        for scorecard in self:
            problems = check_scale([(b.rating, b.min_score) for b in scorecard.band_ids])
            if problems:
                raise ValidationError(
                    self.env._(
                        "The rating scale of %(name)s is invalid: %(problems)s.",
                        name=scorecard.name,
                        problems="; ".join(messages[p] for p in problems),
                    )
                )

    def write(self, vals):
        # criteria written through the scorecard are checked together at the end
        return super(PartnerCreditScorecard, self.with_context(credit_scorecard_write=True)).write(
            vals
        )

    def _scale(self):
        self.ensure_one()
        return [(band.rating, band.min_score) for band in self.band_ids]

    @api.model
    def _for_company(self, company):
        return self.search(
            [("company_id", "in", (company.id, False))], order="company_id, sequence, id", limit=1
        )
