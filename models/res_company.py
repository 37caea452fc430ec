from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.provision import BAND_KEYS, DEFAULT_RATES, rates_problem
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

    # ------------------------------------------------------- customer portal (SPEC §3.N)
    credit_portal_show_available = fields.Boolean(
        string="Show Available Credit in the Portal",
        help="Customers' portal users see their credit limit and available credit on their "
        "account page. Off: they see their open invoices and aging only.",
    )

    # ------------------------------------------ bills of acceptance, securities (SPEC §3.J)
    credit_bill_journal_id = fields.Many2one(
        "account.journal",
        string="Bills Receivable Journal",
        check_company=True,
        help="Customer payments in this journal are bills of acceptance: each records its bill, "
        "and its outstanding account is the bills-receivable account (1121 应收票据 in the "
        "Chinese chart). Created with the company's chart of accounts.",
    )
    credit_bill_collect_journal_id = fields.Many2one(
        "account.journal",
        string="Collect Bills Into",
        check_company=True,
        domain="[('type', '=', 'bank')]",
        help="The bank journal that receives collected bills (empty: the first bank journal).",
    )
    credit_bill_count_bank = fields.Boolean(
        string="Bank Bills Count in Exposure",
        help="Bank acceptance bills not yet collected count in the customer's exposure like "
        "commercial bills (which always count). Off: a bank's acceptance is taken as safe.",
    )
    credit_bill_reminder_days = fields.Integer(
        string="Bill Maturity Lead Time",
        default=15,
        help="A reminder to collect a held bill is scheduled this many days before maturity.",
    )
    credit_security_reminder_days = fields.Integer(
        string="Security Expiry Lead Time",
        default=30,
        help="A reminder to renew a credit security is scheduled this many days before it ends.",
    )
    credit_reminder_type_bill_id = fields.Many2one(
        "mail.activity.type", string="Bill Maturity Activity"
    )
    credit_reminder_type_security_id = fields.Many2one(
        "mail.activity.type", string="Security Expiry Activity"
    )

    @api.constrains("credit_bill_reminder_days", "credit_security_reminder_days")
    def _check_credit_bill_settings(self):
        for company in self:
            days = (company.credit_bill_reminder_days, company.credit_security_reminder_days)
            if not all(0 <= value <= 365 for value in days):
                raise ValidationError(
                    self.env._("Bill and security lead times must be between 0 and 365 days.")
                )

    def _credit_bill_journal_ensure(self):
        """The company's bills-receivable journal, created (with its account) if missing. A
        branch shares its root company's (as it shares its accounts and journals)."""
        self.ensure_one()
        company = self.sudo()
        if company.credit_bill_journal_id:
            return company.credit_bill_journal_id
        if company.parent_id:
            journal = company.root_id._credit_bill_journal_ensure()
            company.credit_bill_journal_id = journal
            return journal
        if not company.chart_template:
            raise UserError(
                self.env._(
                    "%(company)s has no chart of accounts yet: bills of acceptance need one.",
                    company=company.name,
                )
            )
        account = company._credit_bill_account_ensure()
        Journal = self.env["account.journal"].sudo().with_company(company)
        code = next(
            code
            for code in ("BOA", "BOA2", "BOA3", "BOA4", "BOA5", "BOA6")
            if not Journal.search_count(
                [("company_id", "=", company.id), ("code", "=", code)], limit=1
            )
        )
        journal = Journal.create(
            {
                "name": self.env._("Bills of Acceptance"),
                "code": code,
                "type": "bank",
                "company_id": company.id,
                "default_account_id": account.id,
                "sequence": 90,
            }
        )
        for lang, __ in self.env["res.lang"].get_installed():
            if lang != "en_US":
                journal.with_context(lang=lang).name = self.with_context(lang=lang).env._(
                    "Bills of Acceptance"
                )
        journal.inbound_payment_method_line_ids.write({"payment_account_id": account.id})
        journal.outbound_payment_method_line_ids.write({"payment_account_id": account.id})
        company.credit_bill_journal_id = journal
        return journal

    def _credit_bill_account_ensure(self):
        """1121 应收票据 of the Chinese chart where there is one, else a current asset account
        "Bills Receivable" created for the company."""
        self.ensure_one()
        Account = self.env["account.account"].sudo().with_company(self)
        account = Account.search([("company_ids", "in", self.id), ("code", "=", "1121")], limit=1)
        if account:
            return account
        return Account.create(
            {
                "name": self.env._("Bills Receivable"),
                "code": Account._search_new_account_code("1121"),
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [fields.Command.set(self.ids)],
            }
        )

    def _credit_bill_bank_journal(self):
        """The bank journal collected bills go to."""
        self.ensure_one()
        if self.credit_bill_collect_journal_id:
            return self.credit_bill_collect_journal_id
        return (
            self.env["account.journal"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.id),
                    ("type", "=", "bank"),
                    ("id", "!=", self.credit_bill_journal_id.id),
                ],
                order="sequence, id",
                limit=1,
            )
        )

    @api.model
    def _credit_bill_init_journals(self):
        """Install: every company with a chart of accounts gets its bills journal."""
        companies = self.sudo().search([("chart_template", "!=", False)])
        for company in companies.filtered(lambda c: not c.credit_bill_journal_id):
            company._credit_bill_journal_ensure()


class ResCompanyProvision(models.Model):
    """Year-end review and bad-debt provision settings (SPEC §3.I): the collection plans'
    reminder, the provision rates by age (``tools/provision.py``) and where write-offs are
    posted."""

    _inherit = "res.company"

    credit_plan_reminder_days = fields.Integer(
        string="Collection Plan Reminder",
        default=7,
        help="The owner of an open collection plan is reminded this many days before its "
        "deadline (and after it, until the plan is closed).",
    )
    credit_reminder_type_plan_id = fields.Many2one(
        "mail.activity.type", string="Collection Plan Activity"
    )
    credit_provision_rate_year_1 = fields.Float(
        string="Provision Rate: under 1 Year (%)", default=DEFAULT_RATES["year_1"]
    )
    credit_provision_rate_year_2 = fields.Float(
        string="Provision Rate: 1-2 Years (%)", default=DEFAULT_RATES["year_2"]
    )
    credit_provision_rate_year_3 = fields.Float(
        string="Provision Rate: 2-3 Years (%)", default=DEFAULT_RATES["year_3"]
    )
    credit_provision_rate_year_4 = fields.Float(
        string="Provision Rate: 3-4 Years (%)", default=DEFAULT_RATES["year_4"]
    )
    credit_provision_rate_year_5 = fields.Float(
        string="Provision Rate: 4-5 Years (%)", default=DEFAULT_RATES["year_5"]
    )
    credit_provision_rate_year_over_5 = fields.Float(
        string="Provision Rate: over 5 Years (%)", default=DEFAULT_RATES["year_over_5"]
    )
    credit_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Bad-Debt Write-off Account",
        domain="[('account_type', 'in', ('expense', 'asset_current', 'asset_receivable'))]",
        help="Approved write-offs debit this account (bad-debt losses, or the allowance for "
        "bad debts) and recoveries credit it back.",
    )
    credit_writeoff_journal_id = fields.Many2one(
        "account.journal",
        string="Bad-Debt Write-off Journal",
        domain="[('type', '=', 'general')]",
        help="The journal of write-off and recovery entries.",
    )

    @api.constrains(*(f"credit_provision_rate_{key}" for key in BAND_KEYS))
    def _check_credit_provision_rates(self):
        for company in self:
            problem = rates_problem(company._credit_provision_rates())
            if not problem:
                continue
            band_field = self.env["partner.credit.provision.line"]._fields["band"]
            labels = dict(band_field._description_selection(self.env))
            if problem[0] == "range":
                raise ValidationError(
                    self.env._(
                        "The provision rate %(band)s must be between 0 and 100 %%.",
                        band=labels[problem[1]],
                    )
                )
            raise ValidationError(
                self.env._(
                    "Provision rates may not fall as debts get older: the rate %(older)s is "
                    "lower than the rate %(younger)s.",
                    younger=labels[problem[1]],
                    older=labels[problem[2]],
                )
            )

    @api.constrains("credit_plan_reminder_days")
    def _check_credit_plan_reminder_days(self):
        for company in self:
            if not 0 <= company.credit_plan_reminder_days <= 365:
                raise ValidationError(
                    self.env._("The collection plan reminder must be between 0 and 365 days.")
                )

    def _credit_provision_rates(self):
        """{band key: rate %} of this company."""
        self.ensure_one()
        return {key: self[f"credit_provision_rate_{key}"] for key in BAND_KEYS}


class ResCompanyCollections(models.Model):
    """Collections settings (SPEC §3.I)."""

    _inherit = "res.company"

    credit_collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        domain=[("share", "=", False)],
        help="Collects from the customers without a salesperson (the salesperson collects "
        "from their own customers). Empty: the company's first credit manager.",
    )
    credit_dispute_exclude_overdue = fields.Boolean(
        string="Disputed Invoices Do Not Block Orders",
        default=True,
        help="A disputed invoice is left out of the overdue check at order confirmation (it "
        "still counts in the exposure and the credit limit check).",
    )


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
