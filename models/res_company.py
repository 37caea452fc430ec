from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_archive_customer import DEFER_CODES

CREDIT_POLICY = [
    ("block", "Block (hold the order)"),
    ("warn", "Warn"),
    ("ignore", "Ignore"),
]


class ResCompany(models.Model):
    """The addon's settings, per company, grouped by capability: archive and KPIs, tier
    grading (seed 004), reminders (SPEC §3.E), credit control at sale-order confirmation
    (SPEC §3.D). The settings page shows them through ``res.config.settings``."""

    _inherit = "res.company"

    # ------------------------------------------------------------ archive, KPIs

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

    # ------------------------------------------------------- tier grading (seed 004)
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
        help="More days than this without business — a delivery of goods, or a confirmed "
        "order for services — (and no pause reason recorded on the customer) lower the tier "
        "by one.",
    )
    credit_inactive_potential_days = fields.Integer(
        string="Inactivity to Potential",
        default=90,
        help="More days than this without business (a delivery of goods, or a confirmed order "
        "for services) make the customer a potential customer again.",
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

    # ---------------------------------------------------------- reminders (SPEC §3.E)
    credit_reminder_report_days = fields.Integer(
        string="Report Renewal Lead Time",
        default=30,
        help="A credit report is to be renewed from this many days before it expires.",
    )
    credit_reminder_volume_percent = fields.Float(
        string="Volume Alert Threshold (%)",
        default=50.0,
        help="A strategic or long-term customer whose sales in the last complete month are "
        "off its average monthly sales by more than this percentage raises a key-account "
        "alert. 0 switches the alert off.",
    )
    credit_reminder_congrats_percent = fields.Float(
        string="Congratulation Threshold (%)",
        default=30.0,
        help="A strategic or long-term customer whose sales in the last complete month are at "
        "least this percentage above its average gets a congratulation from its salesperson. "
        "0 switches it off.",
    )
    credit_reminder_user_id = fields.Many2one(
        "res.users",
        string="Credit Reminders To",
        domain="[('share', '=', False)]",
        help="Credit manager who gets report renewals, limit reviews and key-account alerts "
        "of customers whose archive keeper is not a credit manager. Empty: the first credit "
        "manager of the company.",
    )
    credit_reminder_type_report_id = fields.Many2one(
        "mail.activity.type", string="Report Renewal Activity"
    )
    credit_reminder_type_limit_id = fields.Many2one(
        "mail.activity.type", string="Limit Review Activity"
    )
    credit_reminder_type_document_id = fields.Many2one(
        "mail.activity.type", string="Document Expiry Activity"
    )
    credit_reminder_type_review_id = fields.Many2one(
        "mail.activity.type", string="Archive Review Activity"
    )
    credit_reminder_type_alert_id = fields.Many2one(
        "mail.activity.type", string="Key-Account Alert Activity"
    )
    credit_reminder_type_care_id = fields.Many2one(
        "mail.activity.type", string="Key-Account Care Activity"
    )

    @api.constrains(
        "credit_reminder_report_days",
        "credit_reminder_volume_percent",
        "credit_reminder_congrats_percent",
    )
    def _check_credit_reminder_settings(self):
        for company in self:
            if not 0 <= company.credit_reminder_report_days <= 365:
                raise ValidationError(
                    self.env._("The report renewal lead time must be between 0 and 365 days.")
                )
            percents = (
                company.credit_reminder_volume_percent,
                company.credit_reminder_congrats_percent,
            )
            if not all(0 <= value <= 1000 for value in percents):
                raise ValidationError(
                    self.env._("Reminder thresholds must be between 0 and 1000 %.")
                )

    @api.model
    def _credit_reminder_init_types(self):
        """Give every company the shipped reminder activity types where it has none."""
        xmlids = {
            kind.type_field: kind.type_xmlid
            for kind in self.env["res.partner"]._credit_reminder_kinds().values()
        }
        for company in self.with_context(active_test=False).search(
            [("active", "in", [True, False])]
        ):
            company.write(
                {
                    fname: self.env.ref(xmlid).id
                    for fname, xmlid in xmlids.items()
                    if not company[fname]
                }
            )

    # ------------------------------------ credit control at confirmation (SPEC §3.D)
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
    credit_limits_lapse = fields.Boolean(
        string="Limits Lapse at Review",
        help="A credit limit not reviewed by its review date lapses: the customer becomes cash "
        "only (no credit sales) until a credit manager renews the limit. The limit is kept, "
        "so renewing is one click. Checked daily.",
    )
    credit_include_draft_invoices = fields.Boolean(
        string="Count Draft Invoices in Exposure",
        help="Add draft customer invoices to the exposure. The part of an order already on a "
        "draft invoice is then no longer counted as 'to invoice', so nothing is counted twice.",
    )
    credit_aging_snapshot_date = fields.Date(
        string="Last Aging Snapshot",
        readonly=True,
        copy=False,
        help="The latest month end whose AR aging snapshot was taken (even when nothing was "
        "open then): the monthly job catches up every month end after it.",
    )

    @api.constrains("credit_overdue_days")
    def _check_credit_overdue_days(self):
        for company in self:
            if not 0 <= company.credit_overdue_days <= 3650:
                raise ValidationError(
                    self.env._("The overdue tolerance must be between 0 and 3650 days.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        # a company's own partner is no customer: it gets no archive number
        companies = super(ResCompany, self.with_context(**{DEFER_CODES: True})).create(vals_list)
        return companies.with_env(self.env)


DELIVERY_POLICY = [
    ("block", "Block (hold the delivery)"),
    ("warn", "Warn"),
    ("ignore", "Ignore"),
]


class ResCompanyDeliveryControl(models.Model):
    """Settings of the control at delivery (SPEC §3.K) and of admission at order entry
    (probation, missing documents: seed 004)."""

    _inherit = "res.company"

    credit_delivery_policy_hold = fields.Selection(
        DELIVERY_POLICY,
        string="Delivery: Customer on Credit Hold",
        default="block",
        required=True,
        help="At delivery, the customer is on credit hold or in tier 'eliminated'.",
    )
    credit_delivery_policy_overdue = fields.Selection(
        DELIVERY_POLICY,
        string="Delivery: Overdue Invoices",
        default="block",
        required=True,
        help="At delivery, an invoice of the customer is overdue by more than the delivery "
        "tolerance.",
    )
    credit_delivery_overdue_days = fields.Integer(
        string="Delivery Overdue Tolerance (days)",
        default=30,
        help="At delivery, an invoice overdue by more days than this fails the overdue check.",
    )
    credit_delivery_policy_prepayment = fields.Selection(
        DELIVERY_POLICY,
        string="Delivery: Payment before Delivery",
        default="block",
        required=True,
        help="The order is to be paid before delivery (cash-only customer, a tier that pays "
        "before delivery, or an immediate payment term if so set) and is not paid.",
    )
    credit_delivery_prepay_immediate = fields.Boolean(
        string="Immediate Payment Term Means Payment before Delivery",
        help="Orders with an immediate payment term are delivered only once paid (款到发货). "
        "Off by default: Odoo's 'Immediate Payment' usually means 'due on the invoice date', "
        "and invoices often follow the delivery. Cash-only customers and tiers with 'Payment "
        "before Delivery' pay before delivery either way.",
    )
    credit_delivery_policy_limit = fields.Selection(
        DELIVERY_POLICY,
        string="Delivery: Exposure over Credit Limit",
        default="warn",
        required=True,
        help="At delivery, the customer's exposure is over its credit limit.",
    )
    credit_policy_probation = fields.Selection(
        CREDIT_POLICY,
        string="Order above Probation Maximum",
        default="block",
        required=True,
        help="A customer on probation orders more than its tier's maximum probation order.",
    )
    credit_policy_documents_missing = fields.Selection(
        CREDIT_POLICY,
        string="Mandatory Document Missing",
        default="warn",
        required=True,
        help="A mandatory archive document of the customer is missing (admission).",
    )
    credit_documents_missing_first_block = fields.Boolean(
        string="Hold First Order without Mandatory Documents",
        help="A customer's first order is held while a mandatory document is missing, "
        "whatever the policy above.",
    )
    credit_documents_first_policy = fields.Selection(
        CREDIT_POLICY,
        compute="_compute_credit_documents_first_policy",
        help="The policy of the first-order documents check (declared order checks).",
    )

    @api.depends("credit_documents_missing_first_block")
    def _compute_credit_documents_first_policy(self):
        for company in self:
            company.credit_documents_first_policy = (
                "block" if company.credit_documents_missing_first_block else "ignore"
            )

    @api.constrains("credit_delivery_overdue_days")
    def _check_credit_delivery_overdue_days(self):
        for company in self:
            if not 0 <= company.credit_delivery_overdue_days <= 3650:
                raise ValidationError(
                    self.env._("The delivery overdue tolerance must be between 0 and 3650 days.")
                )
