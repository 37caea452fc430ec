"""The workflow of a credit report: submit, approve or reject, supersede, expire.

Approval (credit managers) sets the validity from the customer's tier, supersedes the previous
approved report and makes the report the customer's current one; applying its recommendation
records a credit decision. A daily cron expires reports past their validity.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_amount

from ..tools.scoring import CASH_ONLY_BASES

MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
DEFAULT_VALIDITY_MONTHS = 12
CRON_BATCH = 200


class PartnerCreditReport(models.Model):
    _inherit = "partner.credit.report"

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
        self._workflow_write({"state": "submitted", "submitted_by_id": self.env.user.id})
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
        self._check_approvable()
        authority = self.env["partner.credit.authority"]
        for report in self:
            # four eyes: not who wrote, investigated or submitted it, nor the salesperson
            authority._credit_check_four_eyes(
                report.partner_id,
                authors=report.create_uid | report.user_id | report.submitted_by_id,
            )
        for report in self:
            report._approve()
        if len(self) == 1 and (
            self.recommended_limit or self.recommended_payment_term_id or self._proposes_cash_only()
        ):
            return self.action_open_apply_wizard()
        return True

    def _proposes_cash_only(self):
        self.ensure_one()
        return self._credit_limit_proposal()[1] in CASH_ONLY_BASES

    def _check_approvable(self):
        """Refuse the approval unless every report is submitted, rated and still valid."""
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

    def _approve(self):
        """Approve one checked report: supersede the customer's previous approved report in
        the company, set the validity, make it the customer's current report."""
        self.ensure_one()
        previous = self.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "approved"),
                ("id", "!=", self.id),
            ]
        )
        previous._workflow_write({"state": "superseded", "superseded_by_id": self.id})
        vals = {
            "state": "approved",
            "valid_until": self.report_date + relativedelta(months=self._validity_months()),
            "approved_by_id": self.env.user.id,
            "date_approved": fields.Datetime.now(),
        }
        if not self.recommended_limit:
            # nothing entered by hand: the report recommends what its score proposes (the
            # customer's proposal said so already, the report showed 0)
            amount = self._credit_limit_proposal()[0]
            if amount:
                vals["recommended_limit"] = amount
        self._workflow_write(vals)
        self._make_current()

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
            old_limit = partner.sudo().credit_limit
            partner._credit_set_limit(limit, reason, decision_type="report", report_id=self.id)
            self.message_post(
                body=self.env._(
                    "Credit limit of %(partner)s: %(old)s → %(new)s.",
                    partner=partner.display_name,
                    old=format_amount(self.env, old_limit, self.currency_id),
                    new=format_amount(self.env, limit, self.currency_id),
                )
            )
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

    def _credit_authorize_recommendation(
        self, limit=None, payment_term=None, reason=None, cash_only=False
    ):
        """The approval authority of applying the recommendation (partner_credit_authority.py):
        when the limit is above the user's level, the whole recommendation waits for approval
        (the pending request is returned); else empty, and the caller applies it."""
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        self.env["partner.credit.authority"]._credit_check_four_eyes(partner)
        if limit is None:
            return self.env["partner.credit.request"]
        return partner._credit_limit_authorize(
            limit,
            reason=reason or self.env._("Recommended by credit report %(name)s.", name=self.name),
            values={
                "report_id": self.id,
                "payment_term_id": payment_term.id if payment_term else False,
                "cash_only": cash_only,
                "res_model": self._name,
                "res_id": self.id,
            },
        )

    def _credit_authority_execute(self, request):
        """Carry out an approved request to apply this report's recommendation."""
        self.ensure_one()
        return self._apply_recommendation(
            limit=request.new_limit,
            payment_term=request.payment_term_id or None,
            reason=request.reason,
            cash_only=request.cash_only,
        )

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
