from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_expiry_lead_days = fields.Integer(
        related="company_id.archive_expiry_lead_days", readonly=False
    )
    credit_kpi_window_months = fields.Integer(
        related="company_id.credit_kpi_window_months", readonly=False
    )
