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

    # tier grading rules (seed 004)
    credit_probation_months = fields.Integer(
        string="Probation",
        default=3,
        help="New customers stay potential customers for at least this many months.",
    )
    credit_promotion_months = fields.Integer(
        string="Promotion History",
        default=6,
        help="A customer is promoted only when its relationship is at least this many months "
        "old and these last months alone also meet the higher tier.",
    )
    credit_inactive_days = fields.Integer(
        string="Inactivity Downgrade",
        default=30,
        help="More days than this without a confirmed order (and no pause reason recorded on "
        "the customer) lower the tier by one.",
    )
    credit_inactive_potential_days = fields.Integer(
        string="Inactivity to Potential",
        default=90,
        help="More days than this without a confirmed order make the customer a potential "
        "customer again.",
    )
    credit_eliminate_months = fields.Integer(
        string="Elimination after",
        default=6,
        help="A customer without business this many months beyond the inactivity-to-potential "
        "days is eliminated.",
    )
    credit_overdue_eliminate_days = fields.Integer(
        string="Overdue Elimination",
        default=90,
        help="An invoice overdue more days than this eliminates the customer.",
    )
    credit_core_min_months = fields.Integer(
        string="Core Customer Relationship",
        default=12,
        help="Class A customers (the largest buyers making 80% of sales) whose relationship is "
        "at least this many months old are core customers.",
    )

    @api.constrains(
        "credit_probation_months",
        "credit_promotion_months",
        "credit_inactive_days",
        "credit_inactive_potential_days",
        "credit_eliminate_months",
        "credit_overdue_eliminate_days",
        "credit_core_min_months",
    )
    def _check_credit_grading_settings(self):
        for company in self:
            months = (
                company.credit_probation_months,
                company.credit_promotion_months,
                company.credit_eliminate_months,
            )
            if not all(1 <= value <= 24 for value in months):
                raise ValidationError(
                    self.env._(
                        "Probation, promotion history and elimination periods must be between "
                        "1 and 24 months."
                    )
                )
            if not 0 <= company.credit_core_min_months <= 120:
                raise ValidationError(
                    self.env._("The core customer relationship must be between 0 and 120 months.")
                )
            days = (
                company.credit_inactive_days,
                company.credit_inactive_potential_days,
                company.credit_overdue_eliminate_days,
            )
            if not all(1 <= value <= 365 for value in days):
                raise ValidationError(
                    self.env._("Inactivity and overdue periods must be between 1 and 365 days.")
                )
            if company.credit_inactive_days >= company.credit_inactive_potential_days:
                raise ValidationError(
                    self.env._(
                        "The inactivity downgrade must come before the inactivity to potential: "
                        "%(first)s days is not less than %(second)s days.",
                        first=company.credit_inactive_days,
                        second=company.credit_inactive_potential_days,
                    )
                )


CREDIT_POLICY = [
    ("block", "Block (hold the order)"),
    ("warn", "Warn"),
    ("ignore", "Ignore"),
]


class ResCompanyCreditControl(models.Model):
    """Policies of the credit control at sale-order confirmation (SPEC §3.D), per company."""

    _inherit = "res.company"

    credit_policy_limit = fields.Selection(
        CREDIT_POLICY,
        string="Exposure over Credit Limit",
        default="block",
        required=True,
        help="The order takes the customer's (or its credit group's) exposure over the limit.",
    )
    credit_policy_credit_sales = fields.Selection(
        CREDIT_POLICY,
        string="Credit Sales Not Allowed",
        default="block",
        required=True,
        help="The customer's tier does not allow credit sales and the payment term is not "
        "immediate payment.",
    )
    credit_policy_overdue = fields.Selection(
        CREDIT_POLICY,
        string="Overdue Invoices",
        default="block",
        required=True,
        help="The customer has an invoice overdue by more than the given number of days.",
    )
    credit_policy_report = fields.Selection(
        CREDIT_POLICY,
        string="No Valid Credit Report",
        default="warn",
        required=True,
        help="The customer has no valid approved credit investigation report.",
    )
    credit_policy_documents = fields.Selection(
        CREDIT_POLICY,
        string="Mandatory Document Expired",
        default="warn",
        required=True,
        help="A mandatory archive document of the customer has expired.",
    )
    credit_policy_hold = fields.Selection(
        CREDIT_POLICY,
        string="Customer on Credit Hold",
        default="block",
        required=True,
        help="The customer is on credit hold, or its tier is 'eliminated' or allows no new orders.",
    )
    credit_overdue_days = fields.Integer(
        string="Overdue Tolerance (days)",
        default=30,
        help="An invoice counts as overdue for the credit check when its due date is more than "
        "this many days in the past.",
    )
    credit_include_draft_invoices = fields.Boolean(
        string="Count Draft Invoices in Exposure",
        help="Add draft customer invoices to the exposure. The part of an order already on a "
        "draft invoice is then no longer counted as 'to invoice', so nothing is counted twice.",
    )

    @api.constrains("credit_overdue_days")
    def _check_credit_overdue_days(self):
        for company in self:
            if not 0 <= company.credit_overdue_days <= 3650:
                raise ValidationError(
                    self.env._("The overdue tolerance must be between 0 and 3650 days.")
                )
