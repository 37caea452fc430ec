"""Credit investigation report (资信调查报告, seed 001): the record, its sections and guards.

The report's sections are fields of ``partner.credit.report``; what a closed report refuses and
how a new one starts are here. The other parts of the same model, one file each:

- partner_credit_report_payment.py: section 5, the payment record, read from the receivables
  ledger (partner_credit_ledger.py) at the report date;
- partner_credit_report_scoring.py: the weighted scorecard, the score and the rating;
- partner_credit_report_workflow.py: submit, approve, reject, expire, apply the recommendation.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .partner_credit_report_financial import Z_ZONES

REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("superseded", "Superseded"),
]
EDITABLE_STATES = ("draft", "submitted")
# what the workflow itself may still write on a closed report
WORKFLOW_FIELDS = {"state", "superseded_by_id", "message_main_attachment_id"}
# only the workflow buttons set these (an approval must go through action_approve)
APPROVAL_FIELDS = {
    "state",
    "valid_until",
    "approved_by_id",
    "date_approved",
    "superseded_by_id",
    "submitted_by_id",
}


class PartnerCreditReport(models.Model):
    """Credit investigation report (资信调查报告, seed 001): the core of a customer archive.

    Sections follow seed 001; the payment record is filled from the ledger at the report
    date; a weighted scorecard gives a score and a rating. Approved by a credit manager, a
    report becomes the customer's current report until it expires or is superseded.
    """

    _name = "partner.credit.report"
    _description = "Credit Investigation Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "report_date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index="trigram"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Investigator",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        REPORT_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    report_date = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self),
        tracking=True,
        help="The date the report describes; the payment record is taken at this date.",
    )
    valid_until = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        help="Set on approval: report date plus the validity of the customer's tier.",
    )
    submitted_by_id = fields.Many2one(
        "res.users",
        string="Submitted By",
        readonly=True,
        copy=False,
        help="Who submitted the report: they cannot approve it (four eyes).",
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    superseded_by_id = fields.Many2one(
        "partner.credit.report", string="Superseded By", readonly=True, copy=False
    )
    source = fields.Selection(
        [("internal", "Internal Investigation"), ("agency", "Credit Agency")],
        required=True,
        default="internal",
        tracking=True,
    )
    agency_name = fields.Char(string="Agency")
    agency_attachment_ids = fields.Many2many(
        "ir.attachment", string="Purchased Report", help="The report bought from the agency."
    )
    # 1. company overview
    registered_capital = fields.Monetary()
    date_founded = fields.Date(string="Founded On")
    legal_representative = fields.Char()
    employee_count = fields.Integer(string="Employees")
    business_scope = fields.Text()
    overview = fields.Html(string="Company Overview")
    # 2. shareholders and management
    shareholders = fields.Html(string="Shareholders and Management")
    # 3. financial position
    financial_ids = fields.One2many(
        "partner.credit.report.financial", "report_id", string="Financial Figures", copy=True
    )
    financial_year = fields.Integer(string="Latest Year", compute="_compute_financial", store=True)
    equity = fields.Monetary(compute="_compute_financial", store=True)
    current_ratio = fields.Float(compute="_compute_financial", store=True, digits=(16, 2))
    debt_ratio = fields.Float(
        string="Debt Ratio (%)", compute="_compute_financial", store=True, digits=(16, 1)
    )
    net_margin = fields.Float(
        string="Net Margin (%)", compute="_compute_financial", store=True, digits=(16, 1)
    )
    revenue = fields.Monetary(string="Latest Revenue", compute="_compute_financial", store=True)
    z_score = fields.Float(string="Altman Z′", compute="_compute_financial", store=True)
    z_zone = fields.Selection(Z_ZONES, string="Z′ Zone", compute="_compute_financial", store=True)
    financial_notes = fields.Html(string="Financial Analysis")
    # 4. bank credit
    bank_credit = fields.Html()
    # 5. payment record: partner_credit_report_payment.py
    # 6.–10. operations, field visit, affiliates, public records, media
    operations = fields.Html()
    date_visit = fields.Date(string="Visited On")
    field_visit = fields.Html(string="Field Visit Results")
    affiliates = fields.Html(string="Affiliates and Related-party Transactions")
    is_dishonest_debtor = fields.Boolean(
        string="Listed as Dishonest Debtor",
        tracking=True,
        help="Listed by a court as a dishonest judgment debtor (失信被执行人): rating C.",
    )
    litigation_count = fields.Integer(string="Pending Lawsuits")
    public_records = fields.Html()
    media = fields.Html(string="Media and Comments")
    # 11.–12. evaluation and recommendation
    evaluation = fields.Html(string="Overall Evaluation")
    recommended_limit = fields.Monetary(tracking=True)
    recommended_payment_term_id = fields.Many2one(
        "account.payment.term", string="Recommended Payment Term", check_company=True
    )
    recommendation = fields.Html(string="Credit Recommendation")
    # scorecard, score and rating: partner_credit_report_scoring.py
    is_current = fields.Boolean(
        compute="_compute_is_current",
        string="Current Report",
        help="The customer's current approved report in its company.",
    )

    @api.model
    def _default_company(self):
        return self.env.company

    @api.depends(
        "financial_ids.year",
        "financial_ids.equity",
        "financial_ids.current_ratio",
        "financial_ids.debt_ratio",
        "financial_ids.net_margin",
        "financial_ids.revenue",
        "financial_ids.z_score",
        "financial_ids.z_zone",
    )
    def _compute_financial(self):
        for report in self:
            latest = report.financial_ids.sorted("year", reverse=True)[:1]
            report.financial_year = latest.year
            report.equity = latest.equity
            report.current_ratio = latest.current_ratio
            report.debt_ratio = latest.debt_ratio
            report.net_margin = latest.net_margin
            report.revenue = latest.revenue
            report.z_score = latest.z_score
            report.z_zone = latest.z_zone

    def _compute_is_current(self):
        for report in self:
            partner = report.partner_id.with_company(report.company_id).sudo()
            report.is_current = partner.credit_report_id == report

    @api.constrains("report_date")
    def _check_report_date(self):
        today = fields.Date.context_today(self)
        for report in self:
            if report.report_date > today:
                raise ValidationError(
                    self.env._(
                        "A credit report cannot be dated in the future (%(date)s).",
                        date=report.report_date,
                    )
                )

    @api.constrains("recommended_limit", "registered_capital", "employee_count")
    def _check_amounts(self):
        for report in self:
            if report.recommended_limit < 0:
                raise ValidationError(
                    self.env._("The recommended credit limit cannot be negative.")
                )
            if report.registered_capital < 0 or report.employee_count < 0:
                raise ValidationError(
                    self.env._("Registered capital and employees cannot be negative.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"]
        for vals in vals_list:
            if not self.env.su and (
                vals.get("state", "draft") != "draft"
                or any(vals.get(fname) for fname in APPROVAL_FIELDS - {"state"})
            ):
                raise UserError(self.env._("A new credit report starts as a draft."))
            if vals.get("partner_id"):
                vals["partner_id"] = partners.browse(vals["partner_id"]).commercial_partner_id.id
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("partner.credit.report") or "/"
        reports = super().create(vals_list)
        reports._sync_score_lines()
        reports._fill_payment_record()
        return reports

    def write(self, vals):
        if APPROVAL_FIELDS & vals.keys() and not self.env.su:
            raise UserError(
                self.env._(
                    "The state of a credit report changes only through its buttons (submit, "
                    "approve, reject)."
                )
            )
        closed = self.filtered(lambda r: r.state not in EDITABLE_STATES)
        if closed and any(
            fname not in WORKFLOW_FIELDS and not fname.startswith(("message_", "activity_"))
            for fname in vals
        ):
            raise UserError(
                self.env._(
                    "Report %(name)s is %(state)s and can no longer be changed; write a new one.",
                    name=closed[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        closed[0].state
                    ],
                )
            )
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
        res = super().write(vals)
        if "scorecard_id" in vals:
            self._sync_score_lines()
        if {"partner_id", "report_date", "company_id"} & vals.keys():
            self._fill_payment_record()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only draft credit reports can be deleted."))

    def _workflow_write(self, vals):
        """The buttons' own write, after their checks (a context key would not do: any client
        can send one over RPC)."""
        return self.sudo().write(vals)

    def _check_editable(self):
        closed = self.filtered(lambda r: r.state not in EDITABLE_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "Report %(name)s is closed; its figures and scores can no longer be changed.",
                    name=closed[0].name,
                )
            )
