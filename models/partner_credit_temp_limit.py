from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import float_compare

CRON_BATCH = 100


class PartnerCreditTempLimit(models.Model):
    """A temporary credit limit (临时授信): raised between two dates, then the previous returns.

    Starting and ending are credit decisions of type "temporary" and "temporary_end"; the daily
    cron starts scheduled limits and ends those past their end date. Granting one needs the
    approval authority of kind "temp_limit" for its amount (partner_credit_authority.py).
    """

    _name = "partner.credit.temp.limit"
    _description = "Temporary Credit Limit"
    _order = "date_start desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Temporary Limit", required=True)
    previous_limit = fields.Monetary(
        readonly=True, help="The limit before the temporary one; restored at the end."
    )
    date_start = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.context_today(self)
    )
    date_end = fields.Date(string="Until", required=True, help="Last day of the temporary limit.")
    reason = fields.Text(required=True)
    state = fields.Selection(
        [
            ("scheduled", "Scheduled"),
            ("active", "Active"),
            ("ended", "Ended"),
            ("cancelled", "Cancelled"),
        ],
        default="scheduled",
        required=True,
        readonly=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Granted By", default=lambda self: self.env.user, readonly=True
    )

    @api.model
    def _default_company(self):
        return self.env.company

    @api.constrains("amount", "date_start", "date_end")
    def _check_dates_and_amount(self):
        for limit in self:
            if limit.amount < 0:
                raise ValidationError(self.env._("A credit limit cannot be negative."))
            if limit.date_end < limit.date_start:
                raise ValidationError(
                    self.env._(
                        "A temporary limit cannot end (%(end)s) before it starts (%(start)s).",
                        end=limit.date_end,
                        start=limit.date_start,
                    )
                )

    @api.constrains("partner_id", "company_id", "date_start", "date_end", "state")
    def _check_overlap(self):
        for limit in self.filtered(lambda lim: lim.state in ("scheduled", "active")):
            domain = (
                Domain("id", "!=", limit.id)
                & Domain("partner_id", "=", limit.partner_id.id)
                & Domain("company_id", "=", limit.company_id.id)
                & Domain("state", "in", ("scheduled", "active"))
                & Domain("date_start", "<=", limit.date_end)
                & Domain("date_end", ">=", limit.date_start)
            )
            if self.search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "%(partner)s already has a temporary limit in this period.",
                        partner=limit.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_state_not_by_hand(vals_list)
        partners = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = partners.browse(vals["partner_id"]).commercial_partner_id.id
        self._credit_authorize_created(vals_list)
        limits = super().create(vals_list)
        today = fields.Date.context_today(self)
        limits.filtered(lambda lim: lim.date_start <= today)._start()
        return limits

    def write(self, vals):
        self._check_state_not_by_hand([vals])
        if "amount" in vals and not self.env.su:
            self.check_access("write")
            for limit in self:
                limit._partner()._credit_limit_authorize(
                    vals["amount"] or 0.0, kind="temp_limit", raise_above=True
                )
        if set(vals) - {"state", "previous_limit"} and any(
            limit.state != "scheduled" for limit in self
        ):
            raise UserError(self.env._("A temporary limit that has started can only be cancelled."))
        return super().write(vals)

    def _credit_authorize_created(self, vals_list):
        """Approval authority (partner_credit_authority.py) of temporary limits a user creates:
        above the user's level they are refused here; the limit wizard sends them for approval
        instead. Superuser mode (an approved request carried out, the demo) is not checked."""
        if self.env.su:
            return
        self.check_access("create")  # the rights first
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            partner.with_company(company)._credit_limit_authorize(
                vals.get("amount") or 0.0, kind="temp_limit", raise_above=True
            )

    def _check_state_not_by_hand(self, vals_list):
        """The state moves only with the decisions that go with it (start, end, cancel): a
        state written by hand would end a limit without restoring the previous one."""
        if not self.env.su and any({"state", "previous_limit"} & set(vals) for vals in vals_list):
            raise AccessError(
                self.env._(
                    "A temporary limit starts and ends by itself; to stop it early, cancel it."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_scheduled(self):
        if any(limit.state != "scheduled" for limit in self):
            raise UserError(
                self.env._("Only temporary limits that have not started can be deleted.")
            )

    def _partner(self):
        self.ensure_one()
        return self.partner_id.with_company(self.company_id)

    def _start(self):
        for limit in self:
            partner = limit._partner()
            previous = partner.sudo().credit_limit
            partner._credit_set_limit(
                limit.amount,
                self.env._(
                    "Temporary limit until %(date)s: %(reason)s",
                    date=limit.date_end,
                    reason=limit.reason,
                ),
                decision_type="temporary",
                date_valid_until=limit.date_end,
                date_review=partner.sudo().date_credit_review or None,
            )
            limit.sudo().write({"state": "active", "previous_limit": previous})

    def _end(self, state="ended"):
        for limit in self:
            partner = limit._partner()
            current = partner.sudo().credit_limit
            digits = limit.currency_id.decimal_places
            if float_compare(current, limit.amount, precision_digits=digits) == 0:
                new_limit = limit.previous_limit
                reason = self.env._(
                    "Temporary limit of %(start)s–%(end)s ended: previous limit restored.",
                    start=limit.date_start,
                    end=limit.date_end,
                )
            else:
                new_limit = current
                reason = self.env._(
                    "Temporary limit of %(start)s–%(end)s ended; the limit was changed meanwhile "
                    "and is kept.",
                    start=limit.date_start,
                    end=limit.date_end,
                )
            partner._credit_set_limit(
                new_limit,
                reason,
                decision_type="temporary_end",
                date_review=partner.sudo().date_credit_review or None,
            )
            limit.sudo().write({"state": state})

    def action_cancel(self):
        for limit in self:
            if limit.state == "active":
                limit._end(state="cancelled")
            elif limit.state == "scheduled":
                limit.sudo().write({"state": "cancelled"})
        return True

    @api.model
    def _cron_process_temp_limits(self, batch_size=CRON_BATCH):
        """Start scheduled temporary limits whose day has come; end those past their end.

        In id order; a limit that fails is logged and skipped (the next run tries it again).
        """
        cron = self.env["ir.cron"]
        today = fields.Date.context_today(self)
        to_start = Domain("state", "=", "scheduled") & Domain("date_start", "<=", today)
        to_end = Domain("state", "=", "active") & Domain("date_end", "<", today)
        for domain, method in ((to_end, "_end"), (to_start, "_start")):
            if not cron._credit_run_batches(self, domain, method, batch_size):
                return
