from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..tools.rating import RATING_SELECTION
from .res_partner_credit_confidential import FIGURES_GROUP

MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
USER_GROUP = "partner_credit_archive.group_archive_user"
# context key (honoured in superuser mode only) of the code paths that write credit_limit or
# cash only and record the decision themselves
LIMIT_DECIDED = "credit_limit_decided"
DECISION_EXTRA_FIELDS = ("report_id", "order_id", "date_valid_until")
# a credit manager's own limit decisions: they renew the limit, which lifts cash only
RENEWING_DECISIONS = ("manual", "review", "report", "proposal")
# context key: cash only is written in the same save, a limit change must not lift it
CASH_ONLY_EXPLICIT = "credit_cash_only_explicit"


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_decision_ids = fields.One2many(
        "partner.credit.decision",
        "partner_id",
        string="Credit Decisions",
        groups=USER_GROUP,
    )
    credit_decision_count = fields.Integer(
        compute="_compute_credit_decision_count",
        groups=USER_GROUP,
    )
    credit_report_ids = fields.One2many(
        "partner.credit.report", "partner_id", string="Credit Reports", groups=USER_GROUP
    )
    credit_report_count = fields.Integer(compute="_compute_credit_report_count", groups=USER_GROUP)
    credit_report_id = fields.Many2one(
        "partner.credit.report",
        string="Current Credit Report",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=USER_GROUP,
        help="The approved, still valid credit report of this customer in the current company.",
    )
    # confidential (res_partner_credit_confidential.py): stored where only keepers and credit
    # managers read, shown through the public names, empty for reps on others' customers
    credit_rating_value = fields.Selection(
        RATING_SELECTION,
        string="Rating on Record",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=FIGURES_GROUP,
        help="Rating of the current credit report, as stored (archive keepers and credit "
        "managers).",
    )
    credit_score_value = fields.Float(
        string="Score on Record",
        company_dependent=True,
        readonly=True,
        copy=False,
        digits=(16, 1),
        groups=FIGURES_GROUP,
        help="Scorecard score of the current credit report, as stored (archive keepers and "
        "credit managers).",
    )
    credit_rating = fields.Selection(
        RATING_SELECTION,
        compute="_compute_credit_rating",
        inverse="_inverse_credit_rating",
        search="_search_credit_rating",
        readonly=True,
        groups=USER_GROUP,
        help="Rating of the current credit report (empty on customers whose credit figures "
        "you may not see).",
    )
    credit_score = fields.Float(
        compute="_compute_credit_rating",
        inverse="_inverse_credit_score",
        search="_search_credit_score",
        readonly=True,
        digits=(16, 1),
        groups=USER_GROUP,
        help="Scorecard score (0–100) of the current credit report (empty on customers whose "
        "credit figures you may not see).",
    )
    date_credit_review = fields.Date(
        string="Limit Review Date",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=USER_GROUP,
        help="When the credit limit is to be reviewed (one year after it was set by default).",
    )
    credit_limit_granted = fields.Monetary(
        string="Granted Credit Limit",
        compute="_compute_credit_limit_granted",
        inverse="_inverse_credit_limit_granted",
        currency_field="currency_id",
        groups=USER_GROUP,
        help="The customer's credit limit in the current company. Only credit managers change "
        "it; every change is recorded as a credit decision.",
    )
    credit_user_is_manager = fields.Boolean(compute="_compute_credit_user_is_manager")
    credit_temp_limit_ids = fields.One2many(
        "partner.credit.temp.limit", "partner_id", string="Temporary Limits", groups=USER_GROUP
    )
    credit_temp_limit_id = fields.Many2one(
        "partner.credit.temp.limit",
        string="Temporary Limit",
        compute="_compute_credit_temp_limit_id",
        groups=USER_GROUP,
    )
    credit_temp_limit_end = fields.Date(
        string="Temporary Until", compute="_compute_credit_temp_limit_id", groups=USER_GROUP
    )

    def _compute_credit_decision_count(self):
        decisions = self.env["partner.credit.decision"]
        counts = dict(
            decisions._read_group(decisions._domain_for_partners(self), ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.credit_decision_count = counts.get(partner.commercial_partner_id, 0)

    def _compute_credit_report_count(self):
        counts = dict(
            self.env["partner.credit.report"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.credit_report_count = counts.get(partner.commercial_partner_id, 0)

    @api.depends("credit_rating_value", "credit_score_value", "commercial_partner_id.user_id")
    @api.depends_context("uid", "company")
    def _compute_credit_rating(self):
        shown = self._credit_rating_shown(self._credit_figures_visible())
        for partner in self:
            partner.credit_rating, partner.credit_score = shown[partner.id]

    def _credit_rating_shown(self, visible):
        """{partner id: (rating, score)} as the user sees them: the stored values of the
        current report on the customers whose figures the user may see (the ids ``visible``),
        nothing on the others. What the computed fields show; the register reads it directly
        for its batches (the compute's assignment per customer: 2 s of 100 000)."""
        # the two stored values only: a first attribute read would fetch every column of
        # every partner in the prefetch set (lists, the register: 90 ms per 1 000 customers)
        stored_all = self.sudo()
        stored_all.fetch(["credit_rating_value", "credit_score_value"])
        return {
            stored.id: (stored.credit_rating_value, stored.credit_score_value)
            if stored.id in visible
            else (False, 0.0)
            for stored in stored_all
        }

    def _inverse_credit_rating(self):
        # the storage's groups decide who writes: keepers, credit managers, superuser mode
        for partner in self:
            partner.credit_rating_value = partner.credit_rating

    def _inverse_credit_score(self):
        for partner in self:
            partner.credit_score_value = partner.credit_score

    def _search_credit_rating(self, operator, value):
        return self._credit_search_confidential("credit_rating_value", operator, value)

    def _search_credit_score(self, operator, value):
        return self._credit_search_confidential("credit_score_value", operator, value)

    @api.depends("commercial_partner_id.credit_limit")
    @api.depends_context("company")
    def _compute_credit_limit_granted(self):
        for partner in self:
            partner.credit_limit_granted = partner.commercial_partner_id.sudo().credit_limit

    def _inverse_credit_limit_granted(self):
        for partner in self:
            partner._credit_set_limit(
                partner.credit_limit_granted,
                self.env._("Changed by hand on the customer form."),
            )

    @api.depends_context("uid")
    def _compute_credit_user_is_manager(self):
        self.credit_user_is_manager = self.env.user.has_group(MANAGER_GROUP)

    @api.depends_context("company")
    def _compute_credit_temp_limit_id(self):
        limits = self.env["partner.credit.temp.limit"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "active"),
            ]
        )
        by_partner = {limit.partner_id: limit for limit in limits}
        for partner in self:
            limit = by_partner.get(partner.commercial_partner_id, limits.browse())
            partner.credit_temp_limit_id = limit
            partner.credit_temp_limit_end = limit.date_end

    # ------------------------------------------------------------------
    # protection of the native credit_limit
    # ------------------------------------------------------------------
    def _credit_ensure_limit_change(self, new_limit):
        self._credit_guard_require("credit_limit")
        if new_limit is None or new_limit is False or new_limit < 0:
            raise ValidationError(self.env._("A credit limit cannot be negative."))

    def _credit_validate_limit(self, value):
        """Guard validation of ``credit_limit`` (res_partner_credit_guard.py)."""
        if (value or 0.0) < 0:
            raise ValidationError(self.env._("A credit limit cannot be negative."))

    def _credit_limit_record(self, vals):
        """Guard recorder of ``credit_limit`` written by hand: a decision per commercial
        partner whose limit changed (children only mirror their commercial partner's limit,
        by Odoo's commercial field sync)."""
        new_limit = vals["credit_limit"] or 0.0
        commercial = self.filtered(lambda p: p.commercial_partner_id == p)
        old_limits = {partner.id: partner.sudo().credit_limit for partner in commercial}

        def record():
            for partner in commercial:
                if float_compare(old_limits[partner.id], new_limit, precision_digits=2):
                    partner._credit_record_decision(
                        old_limits[partner.id], new_limit, self.env._("Changed by hand.")
                    )

        return record

    def _credit_limit_record_created(self, limit):
        self._credit_record_decision(0.0, limit, self.env._("Credit limit set on creation."))

    @api.model
    def _credit_default_review_date(self):
        return fields.Date.context_today(self) + relativedelta(years=1)

    def _credit_record_decision(
        self,
        old_limit,
        new_limit,
        reason,
        decision_type="manual",
        date_review=None,
        keep_review=False,
        **extra,
    ):
        """Record the decision of a limit (or cash only) already written and move the review
        date (unless ``keep_review``: the decision is no review of the limit)."""
        self.ensure_one()
        if keep_review:
            date_review = self.sudo().date_credit_review
        else:
            date_review = date_review or self._credit_default_review_date()
            super(ResPartner, self.sudo().with_context(**{LIMIT_DECIDED: True})).write(
                {"date_credit_review": date_review}
            )
        values = {
            key: value.id if isinstance(value, models.BaseModel) else value
            for key, value in extra.items()
            if key in DECISION_EXTRA_FIELDS
        }
        return (
            self.env["partner.credit.decision"]
            .sudo()
            .create(
                {
                    "partner_id": self.id,
                    "company_id": self.env.company.id,
                    "decision_type": decision_type,
                    "old_limit": old_limit,
                    "new_limit": new_limit,
                    "reason": reason,
                    "user_id": self.env.user.id,
                    "date_review": date_review,
                    "cash_only": self.sudo().credit_cash_only,
                    **values,
                }
            )
        )

    def _credit_set_limit(self, new_limit, reason, decision_type="manual", **extra):
        """The one way to change credit limits: set ``new_limit`` in the current company.

        Credit managers only. Each commercial partner of ``self`` gets one immutable
        ``partner.credit.decision`` (old → new). ``extra``: ``date_review`` (default: in one
        year), ``report_id``, ``order_id``, ``date_valid_until``. Returns the decisions.

        A user's decision above their approval authority is refused
        (res_partner_credit_authority.py); the wizards send it for approval instead.

        A credit manager's own decision (``RENEWING_DECISIONS``: by hand, a review, a report,
        an accepted proposal) renews the limit: a cash-only customer gets credit again, recorded
        as a second decision "cash only lifted". Grading and temporary limits do not renew.
        """
        self._credit_ensure_limit_change(new_limit)
        if not reason:
            raise UserError(self.env._("Give a reason for the credit limit change."))
        self._credit_set_limit_authorize(new_limit, decision_type)
        decisions = self.env["partner.credit.decision"]
        for partner in self.commercial_partner_id:
            old_limit = partner.sudo().credit_limit
            partner.sudo().with_context(**{LIMIT_DECIDED: True}).write({"credit_limit": new_limit})
            decisions |= partner._credit_record_decision(
                old_limit, new_limit, reason, decision_type, **extra
            )
            if (
                decision_type in RENEWING_DECISIONS
                and partner.sudo().credit_cash_only
                and not self.env.context.get(CASH_ONLY_EXPLICIT)
            ):
                decisions |= partner._credit_write_cash_only(
                    False,
                    self.env._("The credit limit was renewed: credit sales resume."),
                )
        return decisions.sudo(False)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_view_credit_decisions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_decision_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action

    def action_view_credit_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_report_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_credit_change_limit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Credit Limit"),
            "res_model": "partner.credit.limit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
