from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_expiry_lead_days = fields.Integer(
        string="Document Expiry Lead Time",
        default=30,
        help="A document whose expiry date is this many days away or fewer is 'expiring'.",
    )
    credit_kpi_window_months = fields.Integer(
        string="KPI Window",
        default=12,
        help="Customer KPIs are computed over this many complete calendar months.",
    )

    @api.constrains("archive_expiry_lead_days", "credit_kpi_window_months")
    def _check_credit_archive_settings(self):
        for company in self:
            if not 0 <= company.archive_expiry_lead_days <= 365:
                raise ValidationError(
                    self.env._("The document expiry lead time must be between 0 and 365 days.")
                )
            if not 1 <= company.credit_kpi_window_months <= 24:
                raise ValidationError(self.env._("The KPI window must be between 1 and 24 months."))
