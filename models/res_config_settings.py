from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_expiry_lead_days = fields.Integer(
        related="company_id.archive_expiry_lead_days", readonly=False
    )
    credit_kpi_window_months = fields.Integer(
        related="company_id.credit_kpi_window_months", readonly=False
    )
    credit_probation_months = fields.Integer(
        related="company_id.credit_probation_months", readonly=False
    )
    credit_promotion_months = fields.Integer(
        related="company_id.credit_promotion_months", readonly=False
    )
    credit_inactive_days = fields.Integer(related="company_id.credit_inactive_days", readonly=False)
    credit_inactive_potential_days = fields.Integer(
        related="company_id.credit_inactive_potential_days", readonly=False
    )
    credit_eliminate_months = fields.Integer(
        related="company_id.credit_eliminate_months", readonly=False
    )
    credit_overdue_eliminate_days = fields.Integer(
        related="company_id.credit_overdue_eliminate_days", readonly=False
    )
    credit_core_min_months = fields.Integer(
        related="company_id.credit_core_min_months", readonly=False
    )
    credit_reminder_report_days = fields.Integer(
        related="company_id.credit_reminder_report_days", readonly=False
    )
    credit_reminder_volume_percent = fields.Float(
        related="company_id.credit_reminder_volume_percent", readonly=False
    )
    credit_reminder_congrats_percent = fields.Float(
        related="company_id.credit_reminder_congrats_percent", readonly=False
    )
    credit_reminder_user_id = fields.Many2one(
        related="company_id.credit_reminder_user_id", readonly=False
    )
    credit_reminder_type_report_id = fields.Many2one(
        related="company_id.credit_reminder_type_report_id", readonly=False
    )
    credit_reminder_type_limit_id = fields.Many2one(
        related="company_id.credit_reminder_type_limit_id", readonly=False
    )
    credit_reminder_type_document_id = fields.Many2one(
        related="company_id.credit_reminder_type_document_id", readonly=False
    )
    credit_reminder_type_review_id = fields.Many2one(
        related="company_id.credit_reminder_type_review_id", readonly=False
    )
    credit_reminder_type_alert_id = fields.Many2one(
        related="company_id.credit_reminder_type_alert_id", readonly=False
    )
    credit_reminder_type_care_id = fields.Many2one(
        related="company_id.credit_reminder_type_care_id", readonly=False
    )


class ResConfigSettingsCreditControl(models.TransientModel):
    _inherit = "res.config.settings"

    credit_policy_limit = fields.Selection(related="company_id.credit_policy_limit", readonly=False)
    credit_policy_credit_sales = fields.Selection(
        related="company_id.credit_policy_credit_sales", readonly=False
    )
    credit_policy_overdue = fields.Selection(
        related="company_id.credit_policy_overdue", readonly=False
    )
    credit_policy_report = fields.Selection(
        related="company_id.credit_policy_report", readonly=False
    )
    credit_policy_documents = fields.Selection(
        related="company_id.credit_policy_documents", readonly=False
    )
    credit_policy_hold = fields.Selection(related="company_id.credit_policy_hold", readonly=False)
    credit_overdue_days = fields.Integer(related="company_id.credit_overdue_days", readonly=False)
    credit_limits_lapse = fields.Boolean(related="company_id.credit_limits_lapse", readonly=False)
    credit_include_draft_invoices = fields.Boolean(
        related="company_id.credit_include_draft_invoices", readonly=False
    )
    credit_portal_show_available = fields.Boolean(
        related="company_id.credit_portal_show_available", readonly=False
    )
    # bills of acceptance and credit securities (SPEC §3.J)
    credit_bill_journal_id = fields.Many2one(
        related="company_id.credit_bill_journal_id", readonly=False
    )
    credit_bill_collect_journal_id = fields.Many2one(
        related="company_id.credit_bill_collect_journal_id", readonly=False
    )
    credit_bill_count_bank = fields.Boolean(
        related="company_id.credit_bill_count_bank", readonly=False
    )
    credit_bill_reminder_days = fields.Integer(
        related="company_id.credit_bill_reminder_days", readonly=False
    )
    credit_security_reminder_days = fields.Integer(
        related="company_id.credit_security_reminder_days", readonly=False
    )
    credit_reminder_type_bill_id = fields.Many2one(
        related="company_id.credit_reminder_type_bill_id", readonly=False
    )
    credit_reminder_type_security_id = fields.Many2one(
        related="company_id.credit_reminder_type_security_id", readonly=False
    )


class ResConfigSettingsProvision(models.TransientModel):
    _inherit = "res.config.settings"

    credit_plan_reminder_days = fields.Integer(
        related="company_id.credit_plan_reminder_days", readonly=False
    )
    credit_reminder_type_plan_id = fields.Many2one(
        related="company_id.credit_reminder_type_plan_id", readonly=False
    )
    credit_provision_rate_year_1 = fields.Float(
        related="company_id.credit_provision_rate_year_1", readonly=False
    )
    credit_provision_rate_year_2 = fields.Float(
        related="company_id.credit_provision_rate_year_2", readonly=False
    )
    credit_provision_rate_year_3 = fields.Float(
        related="company_id.credit_provision_rate_year_3", readonly=False
    )
    credit_provision_rate_year_4 = fields.Float(
        related="company_id.credit_provision_rate_year_4", readonly=False
    )
    credit_provision_rate_year_5 = fields.Float(
        related="company_id.credit_provision_rate_year_5", readonly=False
    )
    credit_provision_rate_year_over_5 = fields.Float(
        related="company_id.credit_provision_rate_year_over_5", readonly=False
    )
    credit_writeoff_account_id = fields.Many2one(
        related="company_id.credit_writeoff_account_id", readonly=False
    )
    credit_writeoff_journal_id = fields.Many2one(
        related="company_id.credit_writeoff_journal_id", readonly=False
    )


class ResConfigSettingsCollections(models.TransientModel):
    _inherit = "res.config.settings"

    credit_collector_id = fields.Many2one(related="company_id.credit_collector_id", readonly=False)
    credit_dispute_exclude_overdue = fields.Boolean(
        related="company_id.credit_dispute_exclude_overdue", readonly=False
    )


class ResConfigSettingsDeliveryControl(models.TransientModel):
    _inherit = "res.config.settings"

    credit_delivery_policy_hold = fields.Selection(
        related="company_id.credit_delivery_policy_hold", readonly=False
    )
    credit_delivery_policy_overdue = fields.Selection(
        related="company_id.credit_delivery_policy_overdue", readonly=False
    )
    credit_delivery_overdue_days = fields.Integer(
        related="company_id.credit_delivery_overdue_days", readonly=False
    )
    credit_delivery_policy_prepayment = fields.Selection(
        related="company_id.credit_delivery_policy_prepayment", readonly=False
    )
    credit_delivery_prepay_immediate = fields.Boolean(
        related="company_id.credit_delivery_prepay_immediate", readonly=False
    )
    credit_delivery_policy_limit = fields.Selection(
        related="company_id.credit_delivery_policy_limit", readonly=False
    )
    credit_policy_probation = fields.Selection(
        related="company_id.credit_policy_probation", readonly=False
    )
    credit_policy_documents_missing = fields.Selection(
        related="company_id.credit_policy_documents_missing", readonly=False
    )
    credit_documents_missing_first_block = fields.Boolean(
        related="company_id.credit_documents_missing_first_block", readonly=False
    )
