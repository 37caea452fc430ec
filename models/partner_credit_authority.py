"""Approval authority (授权审批, SPEC §3.L; seed 003: 决定权、监控权和考核权分开).

A ``partner.credit.authority`` row is one approval level of one kind of credit decision: who
belongs to it (a group and/or users) and up to which amount, in company currency, they decide
(``amount_max``; 0 = any amount). Levels of a kind are tried in ``sequence`` order, their
amounts strictly rising, the one without a bound last. A level without company counts in every
company that has no levels of its own for that kind (its amount is then in each company's
currency); a company's own levels replace them.

Kinds and their amount: ``limit`` the new credit limit; ``temp_limit`` the temporary limit;
``release`` how far the released orders go over the customer's available credit;
``write_off`` the amount written off.

**The one entry point** of every guarded decision::

    request = self.env["partner.credit.authority"]._credit_authorize(
        kind, partner, amount, reason=..., values={...}
    )
    if request:  # above the user's level: recorded, nothing done
        return request._credit_notification()
    ...  # within the user's level: do it now

It checks the four eyes first (nobody decides on a customer where they are the salesperson:
``UserError``), then the amount: within one of the user's levels (or superuser mode, or no
level configured for the kind) it returns an empty recordset and the caller goes on; above, it
creates a pending ``partner.credit.request`` (the values to apply: ``new_limit``, the
temporary limit's dates, ``order_ids``, or a generic ``res_model`` + ``res_id``), sends it to
the next level and returns it; with ``raise_above=True`` (a raw write that cannot wait) it
raises a ``UserError`` instead.

**Execution hook**: when a request is approved at a level that covers its amount, the request
calls ``record._credit_authority_execute(request)`` in superuser mode as the approver (the
approver is the user of the decisions it records), on ``env[res_model].browse(res_id)`` when
the request names a record, else on its orders (``release``), else on its customer
(``limit``, ``temp_limit``). A new kind of decision (a write-off, a delivery release) plugs in
by passing ``res_model``/``res_id`` and implementing that one method on its model.
"""

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError

AUTHORITY_KINDS = [
    ("limit", "New Credit Limit"),
    ("temp_limit", "Temporary Limit"),
    ("release", "Order Release"),
    ("write_off", "Write-off"),
]


class PartnerCreditAuthority(models.Model):
    """One approval level of one kind of credit decision (see the module docstring)."""

    _name = "partner.credit.authority"
    _description = "Credit Approval Level"
    _order = "kind, company_id, sequence, id"

    sequence = fields.Integer(
        required=True, default=10, help="Levels of a kind are tried from the lowest."
    )
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(AUTHORITY_KINDS, string="Decision", required=True, index=True)
    group_id = fields.Many2one(
        "res.groups",
        string="Group",
        ondelete="restrict",
        help="Members of this group (and of the groups implying it) belong to the level.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Users",
        domain="[('share', '=', False)]",
        help="Users who belong to the level besides the group's members. They need the Credit "
        "Manager role to see and decide requests.",
    )
    amount_max = fields.Monetary(
        string="Up to Amount",
        currency_field="currency_id",
        help="The amount up to which this level decides, in company currency. 0 = any amount.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: the level counts in every company without levels of its own for this "
        "kind of decision, its amount in each company's currency.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    any_amount = fields.Boolean(
        compute="_compute_any_amount", help="The level decides any amount (its amount is 0)."
    )

    @api.depends("amount_max")
    def _compute_any_amount(self):
        for level in self:
            level.any_amount = not level.amount_max

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for level in self:
            level.currency_id = (level.company_id or self.env.company).currency_id

    @api.constrains("amount_max", "group_id", "user_ids")
    def _check_level(self):
        for level in self:
            if level.amount_max < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of approval level %(level)s cannot be negative.",
                        level=level.name,
                    )
                )
            if not (level.group_id or level.user_ids):
                raise ValidationError(
                    self.env._(
                        "Approval level %(level)s needs a group or users: nobody would belong "
                        "to it.",
                        level=level.name,
                    )
                )

    @api.constrains("sequence", "amount_max", "kind", "company_id")
    def _check_order(self):
        for kind, company in {(level.kind, level.company_id) for level in self}:
            levels = self.sudo().search([("kind", "=", kind), ("company_id", "=", company.id)])
            levels._check_ordered()

    def _check_ordered(self):
        """Levels ``self`` (one kind and company, in order): distinct sequences, amounts
        strictly rising, the level without a bound (0) last."""
        for lower, upper in zip(self, self[1:], strict=False):
            if lower.sequence == upper.sequence:
                raise ValidationError(
                    self.env._(
                        "Approval levels %(a)s and %(b)s overlap: they have the same sequence. "
                        "Give each level its own place.",
                        a=lower.name,
                        b=upper.name,
                    )
                )
            if not lower.amount_max or (upper.amount_max and upper.amount_max <= lower.amount_max):
                raise ValidationError(
                    self.env._(
                        "Approval levels are out of order: %(upper)s comes after %(lower)s, so "
                        "it must decide more (a higher amount, or 0 for any amount, last).",
                        upper=upper.name,
                        lower=lower.name,
                    )
                )

    # ------------------------------------------------------------------
    # levels of a decision
    # ------------------------------------------------------------------
    @api.model
    def _credit_levels(self, kind, company):
        """The levels of ``kind`` in ``company``, lowest first: the company's own, else the
        levels without company."""
        levels = self.sudo().with_company(company)
        return levels.search([("kind", "=", kind), ("company_id", "=", company.id)]) or (
            levels.search([("kind", "=", kind), ("company_id", "=", False)])
        )

    def _credit_covers(self, amount, company):
        """Whether level ``self`` decides ``amount`` (``None``: no bound) in ``company``."""
        self.ensure_one()
        if not self.amount_max:
            return True
        return (
            amount is not None and company.currency_id.compare_amounts(amount, self.amount_max) <= 0
        )

    def _credit_members_of(self, user):
        """The levels of ``self`` that ``user`` belongs to."""
        return self.filtered(
            lambda level: user in level.user_ids or level.group_id in user.all_group_ids
        )

    def _credit_users(self, company):
        """The internal users of level ``self`` who work in ``company``."""
        self.ensure_one()
        users = self.user_ids | self.group_id.all_user_ids
        return users.filtered(
            lambda u: u.active and not u.share and u.id != SUPERUSER_ID and company in u.company_ids
        )

    def _credit_next(self, after, company, exclude):
        """The first level of ``self`` (one kind, in order) above ``after`` (a level, or empty
        for the first) with a user to decide (not in ``exclude``); the last level if none has."""
        above = self[self.ids.index(after.id) + 1 :] if after else self
        for level in above:
            if level._credit_users(company) - exclude:
                return level
        return above[-1:]

    def _credit_level_of(self, user):
        """The highest level of ``self`` (one kind, in order) that ``user`` belongs to."""
        return self._credit_members_of(user)[-1:]

    # ------------------------------------------------------------------
    # the one entry point
    # ------------------------------------------------------------------
    @api.model
    def _credit_check_four_eyes(self, partner, salespeople=None, authors=None):
        """Four eyes: nobody decides on a customer where they are the salesperson (of the
        customer, or ``salespeople``: the orders'), nor approves what they wrote (``authors``).
        Superuser mode passes."""
        if self.env.su:
            return
        user = self.env.user
        if user in (partner.commercial_partner_id.user_id | (salespeople or user.browse())):
            raise UserError(
                self.env._(
                    "You are the salesperson of %(customer)s: someone else must decide on this "
                    "customer's credit (segregation of duties).",
                    customer=partner.commercial_partner_id.display_name,
                )
            )
        if authors and user in authors:
            raise UserError(
                self.env._("You wrote or submitted this: someone else must approve it (four eyes).")
            )

    @api.model
    def _credit_amount_in(self, amount, company, currency=None, date=None):
        """``amount`` (in ``currency``, default the company's) in company currency."""
        if amount is None or not currency or currency == company.currency_id:
            return amount
        return currency._convert(
            amount, company.currency_id, company, date or fields.Date.context_today(self)
        )

    @api.model
    def _credit_authorize(
        self,
        kind,
        partner,
        amount,
        reason="",
        values=None,
        company=None,
        currency=None,
        date=None,
        salespeople=None,
        raise_above=False,
    ):
        """May the current user take the decision ``kind`` of ``amount`` on ``partner``?

        :param amount: the decision's amount (see the module docstring), ``None`` for one
            without bound (removing a limit: only a level of any amount decides it)
        :param values: what the request carries out when approved (its fields)
        :param salespeople: users who may not decide besides the customer's salesperson
        :param raise_above: raise a ``UserError`` instead of creating a request
        :return: an empty ``partner.credit.request`` recordset when the user may go on, else
            the pending request created (the caller stops; ``_credit_notification()``)
        """
        requests = self.env["partner.credit.request"]
        company = company or self.env.company
        partner = partner.commercial_partner_id
        self._credit_check_four_eyes(partner, salespeople=salespeople)
        if self.env.su:
            return requests
        amount = self._credit_amount_in(amount, company, currency, date)
        levels = self._credit_levels(kind, company)
        mine = levels._credit_members_of(self.env.user)
        if not levels or any(level._credit_covers(amount, company) for level in mine):
            return requests
        if raise_above:
            raise UserError(
                self.env._(
                    "%(decision)s of %(amount)s is above your approval authority. Use its "
                    "button (e.g. Change or Review Limit) to send it for approval.",
                    decision=dict(self._fields["kind"]._description_selection(self.env))[kind],
                    amount=requests._credit_format_amount(amount, company),
                )
            )
        return requests._credit_request_create(
            kind,
            partner,
            company,
            amount,
            reason,
            values or {},
            levels,
            mine[-1:],
            exclude=salespeople or self.env.user.browse(),
        )
