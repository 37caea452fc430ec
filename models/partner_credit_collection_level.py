"""Collection levels (催收级别, SPEC §3.I): how a customer is dunned by the age of its debt.

A customer is at the highest level whose ``days_overdue`` its oldest undisputed overdue
invoice has reached. Levels apply to their company, or to every company when they have none;
a company's own levels replace the shared ones (``_levels_for``). Within one company's levels,
the days rise with the sequence: the order a collector escalates in is the order of the days.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

COLLECTION_ACTIONS = [
    ("activity", "Activity for the Collector"),
    ("email", "Reminder E-mail"),
    ("letter", "Collection Letter (PDF)"),
    ("hold", "Credit Hold (Stop Supply)"),
    ("legal", "Legal Action"),
]
# actions that put the customer in a state (kept while the level lasts): when a customer
# reaches a higher level at once, these of the levels below still run; calls and letters of a
# level passed over do not
STATE_ACTIONS = ("hold", "legal")


class PartnerCreditCollectionLevel(models.Model):
    _name = "partner.credit.collection.level"
    _description = "Collection Level"
    _order = "sequence, days_overdue, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    days_overdue = fields.Integer(
        required=True,
        default=1,
        help="The customer reaches this level when its oldest undisputed overdue invoice is "
        "overdue by this many days or more.",
    )
    action = fields.Selection(COLLECTION_ACTIONS, required=True, default="activity")
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        help="The activity the collector gets (activity and legal levels).",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "partner.credit.collection")],
        help="The e-mail sent to the customer (e-mail and letter levels); for a letter it "
        "attaches the collection letter PDF.",
    )
    company_id = fields.Many2one(
        "res.company", help="Empty: the level applies to every company without levels of its own."
    )
    note = fields.Html(
        translate=True, help="What the collector should do at this level (shown on activities)."
    )

    @api.constrains("days_overdue", "sequence", "company_id", "active")
    def _check_days_overdue(self):
        for level in self:
            if level.days_overdue < 1:
                raise ValidationError(
                    self.env._("A collection level starts at 1 day overdue or later.")
                )
        # a company uses its own levels or, without any, the shared ones: check each set
        levels = self.search([("company_id", "in", [*self.company_id.ids, False])])
        for company, company_levels in levels.grouped("company_id").items():
            days = [level.days_overdue for level in company_levels]  # in sequence order
            name = company.name or self.env._("all companies")
            if len(set(days)) != len(days):
                raise ValidationError(
                    self.env._(
                        "Two collection levels of %(company)s start at the same number of days.",
                        company=name,
                    )
                )
            if days != sorted(days):
                raise ValidationError(
                    self.env._(
                        "The days overdue of the collection levels of %(company)s must rise "
                        "with their sequence.",
                        company=name,
                    )
                )

    @api.model
    def _levels_for(self, company):
        """The active levels of ``company`` in escalation order: its own, else the shared ones."""
        levels = self.sudo().search([("company_id", "in", [company.id, False])])
        own = levels.filtered(lambda level: level.company_id == company)
        return (own or levels).sorted(lambda level: (level.sequence, level.days_overdue, level.id))

    @api.model
    def _level_for_days(self, levels, days):
        """The highest of ``levels`` reached after ``days`` days overdue (empty if none)."""
        reached = levels.filtered(lambda level: level.days_overdue <= days)
        return reached[-1:] if reached else levels.browse()
