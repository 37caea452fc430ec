"""The limit proposal (SPEC §3.H): from the current credit report (its recommendation, or its
score and the customer's revenue) capped by the tier's maximum, or cash only (rating C, a tier
without credit). It changes nothing until a credit manager accepts it (decision "proposal").
Made from the report's score and rating, it is as confidential as they are."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools.scoring import CASH_ONLY_BASES, propose_limit
from .res_partner_credit import USER_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_limit_proposed = fields.Monetary(
        string="Proposed Limit",
        compute="_compute_credit_limit_proposed",
        currency_field="currency_id",
        groups=USER_GROUP,
        help="From the current credit report (its recommendation, or its score and the "
        "customer's revenue) capped by the tier's maximum. Changes nothing until a credit "
        "manager accepts it.",
    )
    credit_limit_proposal_note = fields.Char(
        string="Proposal Basis", compute="_compute_credit_limit_proposed", groups=USER_GROUP
    )
    credit_limit_proposal_pending = fields.Boolean(
        compute="_compute_credit_limit_proposed", groups=USER_GROUP
    )
    credit_limit_proposal_cash_only = fields.Boolean(
        string="Proposed Cash Only",
        compute="_compute_credit_limit_proposed",
        groups=USER_GROUP,
        help="The proposal is no credit sales at all (cash only); the limit is kept.",
    )

    @api.depends_context("uid", "company")
    def _compute_credit_limit_proposed(self):
        notes = {
            "recommended": self.env._("Recommended by the current credit report."),
            "revenue": self.env._("Score × 10 % of the latest yearly revenue."),
            "rating_c": self.env._("Rating C: cash only, no credit sales."),
            "tier_no_credit": self.env._("The tier allows no credit: cash only."),
            "tier_cap": self.env._("Capped at the tier's maximum credit limit."),
        }
        company = self.env.company
        # made from the report's score and rating: as confidential as they are
        visible = self._credit_figures_visible()
        for partner in self:
            commercial = partner.commercial_partner_id.sudo()
            report = commercial.credit_report_id
            if partner.id not in visible:
                report = report.browse()
            amount, basis = (None, None)
            if report:
                tier = commercial.credit_tier_id
                amount, basis = propose_limit(
                    recommended=report.recommended_limit,
                    revenue=report.revenue,
                    score=report.score,
                    rating=report.rating,
                    tier_max=tier._credit_max_limit_in(company) if tier else None,
                )
            cash_only = basis in CASH_ONLY_BASES
            partner.credit_limit_proposed = amount or 0.0
            partner.credit_limit_proposal_note = notes.get(basis, False)
            partner.credit_limit_proposal_cash_only = cash_only
            partner.credit_limit_proposal_pending = (
                not commercial.credit_cash_only
                if cash_only
                else amount is not None
                and float_compare(amount, commercial.credit_limit, precision_digits=2) != 0
            )

    def action_credit_accept_proposal(self):
        """A credit manager accepts the proposed limit (decision type "proposal").

        A cash-only proposal (rating C, a tier without credit) makes the customer cash only
        and keeps the limit: accepting a proposal never removes a limit (0 = no limit)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.credit_limit_proposal_pending:
            raise UserError(self.env._("There is no pending limit proposal for this customer."))
        if partner.credit_limit_proposal_cash_only:
            partner._credit_set_cash_only(
                True,
                self.env._(
                    "Proposal accepted: cash only. %(basis)s",
                    basis=partner.credit_limit_proposal_note,
                ),
                decision_type="proposal",
                report_id=partner.sudo().credit_report_id,
            )
            return True
        partner._credit_set_limit(
            partner.credit_limit_proposed,
            self.env._(
                "Proposed limit accepted. %(basis)s", basis=partner.credit_limit_proposal_note
            ),
            decision_type="proposal",
            report_id=partner.sudo().credit_report_id,
        )
        return True
