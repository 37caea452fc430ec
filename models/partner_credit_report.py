from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.rating import RATING_SELECTION
from ..tools.scoring import (
    DEFAULT_SCALE,
    VETO_DISHONEST,
    VETO_NEGATIVE_EQUITY,
    days_sales_outstanding,
    final_rating,
    vetoes,
    weighted_score,
)
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
APPROVAL_FIELDS = {"state", "valid_until", "approved_by_id", "date_approved", "superseded_by_id"}
MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
DEFAULT_VALIDITY_MONTHS = 12
PAYMENT_WINDOW_DAYS = 365
CRON_BATCH = 200


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
    # 5. payment record, from the ledger at the report date
    pay_due_count = fields.Integer(
        string="Invoices Due",
        readonly=True,
        help="Customer invoices that fell due in the 12 months before the report date.",
    )
    pay_on_time_rate = fields.Float(
        string="On-time Payment Rate (%)",
        readonly=True,
        digits=(16, 1),
        help="Share of the invoices due in the 12 months before the report date that were "
        "paid in full by their due date.",
    )
    pay_avg_days_late = fields.Float(
        string="Average Days Late",
        readonly=True,
        digits=(16, 1),
        help="Average over the same invoices of the days between due date and full payment "
        "(or the report date when still unpaid); invoices paid on time count as 0.",
    )
    pay_overdue_amount = fields.Monetary(
        string="Overdue Amount",
        readonly=True,
        help="Unpaid amount of invoices past their due date at the report date.",
    )
    pay_receivable = fields.Monetary(
        string="Receivable", readonly=True, help="Receivable balance at the report date."
    )
    pay_sales_12m = fields.Monetary(
        string="Invoiced (12 months)",
        readonly=True,
        help="Invoiced to the customer, refunds deducted, in the 12 months before the report "
        "date (taxes included).",
    )
    pay_dso = fields.Float(
        string="DSO (days)",
        readonly=True,
        digits=(16, 1),
        help="Days sales outstanding: receivable ÷ 12 months' invoicing × 365.",
    )
    payment_notes = fields.Html(string="Payment Record Notes")
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
    # scorecard
    scorecard_id = fields.Many2one(
        "partner.credit.scorecard",
        default=lambda self: self._default_scorecard(),
        check_company=True,
        ondelete="restrict",
    )
    score_line_ids = fields.One2many(
        "partner.credit.report.score", "report_id", string="Scorecard Lines"
    )
    score = fields.Float(compute="_compute_score", store=True, digits=(16, 1), tracking=True)
    score_complete = fields.Boolean(compute="_compute_score", store=True)
    rating = fields.Selection(
        RATING_SELECTION, compute="_compute_score", store=True, tracking=True, index=True
    )
    veto_reason = fields.Char(compute="_compute_score", store=True, string="Veto")
    is_current = fields.Boolean(
        compute="_compute_is_current",
        string="Current Report",
        help="The customer's current approved report in its company.",
    )

    @api.model
    def _default_company(self):
        return self.env.company

    @api.model
    def _default_scorecard(self):
        return self.env["partner.credit.scorecard"]._for_company(self.env.company)

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

    @api.depends(
        "score_line_ids.weighted_points",
        "score_line_ids.option_id",
        "score_line_ids.weight",
        "is_dishonest_debtor",
        "equity",
        "financial_year",
    )
    def _compute_score(self):
        labels = {
            VETO_DISHONEST: self.env._("listed as dishonest debtor"),
            VETO_NEGATIVE_EQUITY: self.env._("negative equity"),
        }
        for report in self:
            lines = report.score_line_ids
            report.score = weighted_score(
                [(line.weight, line.points if line.option_id else None) for line in lines]
            )
            report.score_complete = bool(lines) and all(line.option_id for line in lines)
            veto_keys = vetoes(
                report.is_dishonest_debtor, report.equity if report.financial_year else None
            )
            scale = (report.scorecard_id._scale() if report.scorecard_id else []) or DEFAULT_SCALE
            rating = final_rating(report.score if report.score_complete else None, scale, veto_keys)
            report.rating = rating or False
            report.veto_reason = ", ".join(labels[key] for key in veto_keys) or False

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

    @api.constrains("scorecard_id")
    def _check_scorecard(self):
        for scorecard in self.scorecard_id:
            scorecard._check_weights()
            if not scorecard.criterion_ids:
                raise ValidationError(
                    self.env._("Scorecard %(name)s has no criteria.", name=scorecard.name)
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

    def _sync_score_lines(self):
        """(Re)build the score lines from the report's scorecard."""
        for report in self:
            criteria = report.scorecard_id.criterion_ids
            if report.score_line_ids.criterion_id == criteria:
                continue
            report.score_line_ids.unlink()
            report.score_line_ids = [
                fields.Command.create(
                    {"criterion_id": c.id, "weight": c.weight, "sequence": c.sequence}
                )
                for c in criteria
            ]

    def _score_source_values(self):
        """The values of the report that range criteria can score (None = unknown)."""
        self.ensure_one()
        latest = self.financial_ids.sorted("year", reverse=True)[:1]
        years = None
        if self.date_founded and self.report_date:
            years = relativedelta(self.report_date, self.date_founded).years
        return {
            "z_score": self.z_score if self.z_zone else None,
            "current_ratio": latest.current_ratio if latest.current_liabilities else None,
            "debt_ratio": latest.debt_ratio if latest.total_assets else None,
            "net_margin": latest.net_margin if latest.revenue else None,
            "on_time_rate": self.pay_on_time_rate if self.pay_due_count else None,
            "avg_days_late": self.pay_avg_days_late if self.pay_due_count else None,
            "dso": self.pay_dso if self.pay_sales_12m else None,
            "years_in_business": years,
        }

    # ------------------------------------------------------------------
    # payment record
    # ------------------------------------------------------------------
    def _payment_record_rows(self):
        """Payment record per report at its report date, from the receivables ledger: the
        invoices due in the year up to the report date and the receivable, as the books
        stood that day. A fixed number of queries per report date, whatever the number of
        reports.

        :return: {report id: (due count, on time count, days late, overdue, receivable,
            sales of the year)}
        """
        reports = self.filtered(lambda r: r.partner_id and r.report_date and r.id)
        if not reports:
            return {}
        ledger = self.env["partner.credit.ledger"]
        groups = defaultdict(lambda: self.browse())
        for report in reports:
            groups[report.company_id, report.report_date] |= report
        sales = reports._payment_record_sales()
        result = {}
        for (company, report_date), group in groups.items():
            partner_ids = group.partner_id.commercial_partner_id.ids
            behaviour = ledger._payment_behaviour(
                partner_ids,
                company,
                fields.Date.add(report_date, days=1 - PAYMENT_WINDOW_DAYS),
                report_date,
            )
            figures = ledger._figures(partner_ids, company, ledger._check_date(report_date))
            for report in group:
                pid = report.partner_id.commercial_partner_id.id
                count, on_time, days_late = behaviour.get(pid, (0, 0, 0))
                row = figures.get(pid, {})
                result[report.id] = (
                    count,
                    on_time,
                    days_late,
                    row.get("overdue", 0.0),
                    row.get("receivable", 0.0),
                    sales.get(report.id, 0.0),
                )
        return result

    def _payment_record_sales(self):
        """Invoiced sales less credit notes in the year up to each report's date."""
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s::date)",
                report.id,
                report.partner_id.commercial_partner_id.id,
                report.company_id.id,
                report.report_date,
            )
            for report in self
        )
        self.env["account.move"].flush_model(
            ["amount_total_signed", "commercial_partner_id", "company_id", "invoice_date"]
        )
        return dict(
            self.env.execute_query(
                SQL(
                    """
                WITH rep(report_id, partner_id, company_id, report_date) AS (VALUES %(values)s)
                SELECT rep.report_id, SUM(am.amount_total_signed)
                  FROM rep
                  JOIN res_company c ON c.id = rep.company_id
                  JOIN account_move am ON am.commercial_partner_id = rep.partner_id
                  JOIN res_company amc ON amc.id = am.company_id
                 WHERE am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND am.invoice_date > rep.report_date - %(window)s
                   AND am.invoice_date <= rep.report_date
                   AND amc.parent_path LIKE split_part(c.parent_path, '/', 1) || '/%%'
              GROUP BY rep.report_id
                """,
                    values=values,
                    window=PAYMENT_WINDOW_DAYS,
                )
            )
        )

    def _fill_payment_record(self):
        rows = self._payment_record_rows()
        for report in self:
            due, on_time, days_late, overdue, receivable, sales = rows.get(
                report.id, (0, 0, 0, 0.0, 0.0, 0.0)
            )
            super(PartnerCreditReport, report).write(
                {
                    "pay_due_count": due,
                    "pay_on_time_rate": on_time * 100.0 / due if due else 0.0,
                    "pay_avg_days_late": days_late / due if due else 0.0,
                    "pay_overdue_amount": overdue,
                    "pay_receivable": receivable,
                    "pay_sales_12m": sales,
                    "pay_dso": days_sales_outstanding(receivable, sales) or 0.0,
                }
            )
        return True

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def _check_credit_manager(self):
        self.env["partner.credit.rights"]._require(
            MANAGER_GROUP, self.env._("Only credit managers can approve or reject reports.")
        )

    def action_refresh(self):
        """Fill the payment record again from the ledger and re-score the report."""
        self._check_editable()
        self._fill_payment_record()
        for fname in ("value", "value_known"):
            self.env.add_to_compute(self.score_line_ids._fields[fname], self.score_line_ids)
        for fname in ("score", "score_complete", "rating", "veto_reason"):
            self.env.add_to_compute(self._fields[fname], self)
        self.env.flush_all()
        return True

    def action_submit(self):
        for report in self:
            if report.state != "draft":
                raise UserError(
                    self.env._("Only draft reports can be submitted (%(name)s).", name=report.name)
                )
        self._workflow_write({"state": "submitted"})
        return True

    def action_draft(self):
        for report in self:
            if report.state not in ("submitted", "rejected"):
                raise UserError(
                    self.env._(
                        "Only submitted or rejected reports go back to draft (%(name)s).",
                        name=report.name,
                    )
                )
        self._workflow_write({"state": "draft"})
        return True

    def action_reject(self):
        self._check_credit_manager()
        for report in self:
            if report.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only submitted reports can be rejected (%(name)s).", name=report.name
                    )
                )
        self._workflow_write({"state": "rejected"})
        return True

    def _validity_months(self):
        self.ensure_one()
        tier = self.partner_id.with_company(self.company_id).sudo().credit_tier_id
        return tier.report_validity_months or DEFAULT_VALIDITY_MONTHS

    def action_approve(self):
        """Approve: set the validity, supersede the previous report, become the current one.

        Returns the dialog offering to apply the recommended limit and payment term when the
        report recommends any (one report at a time), True otherwise.
        """
        self._check_credit_manager()
        today = fields.Date.context_today(self)
        for report in self:
            if report.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only submitted reports can be approved (%(name)s).", name=report.name
                    )
                )
            if not report.rating:
                raise UserError(
                    self.env._(
                        "Report %(name)s has no rating yet: assess every scorecard criterion "
                        "before approving it.",
                        name=report.name,
                    )
                )
            valid_until = report.report_date + relativedelta(months=report._validity_months())
            if valid_until < today:
                raise UserError(
                    self.env._(
                        "Report %(name)s is too old to approve: it would only have been valid "
                        "until %(date)s.",
                        name=report.name,
                        date=valid_until,
                    )
                )
        for report in self:
            previous = self.search(
                [
                    ("partner_id", "=", report.partner_id.id),
                    ("company_id", "=", report.company_id.id),
                    ("state", "=", "approved"),
                    ("id", "!=", report.id),
                ]
            )
            previous._workflow_write({"state": "superseded", "superseded_by_id": report.id})
            report._workflow_write(
                {
                    "state": "approved",
                    "valid_until": report.report_date
                    + relativedelta(months=report._validity_months()),
                    "approved_by_id": self.env.user.id,
                    "date_approved": fields.Datetime.now(),
                }
            )
            report._make_current()
        if len(self) == 1 and (self.recommended_limit or self.recommended_payment_term_id):
            return self.action_open_apply_wizard()
        return True

    def action_open_apply_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply the Recommendation"),
            "res_model": "partner.credit.report.apply.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_id": self.id},
        }

    def _make_current(self):
        for report in self:
            report.partner_id.with_company(report.company_id).sudo().write(
                {
                    "credit_report_id": report.id,
                    # the stored values behind the confidential credit_rating / credit_score
                    "credit_rating_value": report.rating,
                    "credit_score_value": report.score,
                }
            )

    def _release_current(self):
        """Clear the customers' current report where it is one of ``self``."""
        for report in self:
            partner = report.partner_id.with_company(report.company_id).sudo()
            if partner.credit_report_id == report:
                partner.write(
                    {
                        "credit_report_id": False,
                        "credit_rating_value": False,
                        "credit_score_value": 0,
                    }
                )

    def _apply_recommendation(self, limit=None, payment_term=None, reason=None, cash_only=False):
        """Give the customer the limit and/or payment term, or make it cash only (credit
        managers). Applying a recommendation never removes a limit: a limit of 0 means *no
        limit* to Odoo, so it is refused; no credit is ``cash_only`` (the limit is kept)."""
        self.ensure_one()
        self._check_credit_manager()
        if self.state != "approved":
            raise UserError(self.env._("Only an approved report's recommendation can be applied."))
        if limit is not None and limit <= 0:
            raise UserError(
                self.env._(
                    "A credit limit of 0 means no limit at all: exposure would not be checked. "
                    "To stop credit sales, make the customer cash only instead."
                )
            )
        partner = self.partner_id.with_company(self.company_id)
        reason = reason or self.env._("Recommended by credit report %(name)s.", name=self.name)
        if limit is not None:
            partner._credit_set_limit(limit, reason, decision_type="report", report_id=self.id)
        if cash_only:
            partner._credit_set_cash_only(True, reason, decision_type="report", report_id=self.id)
        if payment_term is not None:
            partner.sudo().property_payment_term_id = payment_term
            self.message_post(
                body=self.env._(
                    "Payment term %(term)s given to %(partner)s.",
                    term=payment_term.display_name,
                    partner=partner.display_name,
                )
            )
        return True

    def _expire(self):
        """Approved reports past their validity: expired, no longer the customers' current."""
        self._release_current()
        self._workflow_write({"state": "expired"})

    @api.model
    def _cron_credit_report_expire(self, batch_size=CRON_BATCH):
        """Daily: approved reports past their validity expire; temporary limits start/end.

        In id order; a report that fails is logged and skipped (the next run tries it again).
        """
        today = fields.Date.context_today(self)
        self.env["ir.cron"]._credit_run_batches(
            self,
            Domain("state", "=", "approved") & Domain("valid_until", "<", today),
            "_expire",
            batch_size,
        )
        self.env["partner.credit.temp.limit"]._cron_process_temp_limits(batch_size)
