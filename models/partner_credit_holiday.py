from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PartnerCreditHoliday(models.Model):
    """A holiday before which key accounts get a greeting (seeds 002, 004: key-account care).

    One record per holiday and year (Spring Festival and Mid-Autumn move with the lunar
    calendar): the reminder run gives the salesperson of each strategic and long-term customer
    one greeting activity from ``lead_days`` before ``date`` up to the holiday.
    """

    _name = "partner.credit.holiday"
    _description = "Key-Account Greeting Holiday"
    _order = "date, id"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True)
    lead_days = fields.Integer(
        string="Lead Time (days)",
        default=10,
        help="The greeting activity is scheduled this many days before the holiday.",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty for a holiday of every company.", index=True
    )
    active = fields.Boolean(default=True)

    @api.constrains("lead_days")
    def _check_lead_days(self):
        for holiday in self:
            if not 0 <= holiday.lead_days <= 60:
                raise ValidationError(
                    self.env._(
                        "The lead time of %(holiday)s must be between 0 and 60 days.",
                        holiday=holiday.name,
                    )
                )
