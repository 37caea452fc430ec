"""Approval authority of a customer's limits (SPEC §3.L): what a limit decision grants, and
carrying out an approved limit or temporary-limit request.

The amount of a limit decision is the new limit, when it grants credit: a higher limit, any
limit that lifts cash only, or a limit removed (0 = no limit, exposure no longer checked: only
a level deciding any amount may). Lowering or keeping a limit grants nothing and needs no higher
level (the Credit Manager role still does, and the four eyes still hold).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

# decision types of _credit_set_limit a user takes, and the kind of authority they need
LIMIT_AUTHORITY = {
    "manual": "limit",
    "review": "limit",
    "report": "limit",
    "proposal": "limit",
    "temporary": "temp_limit",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_limit_grant(self, new_limit):
        """What giving commercial partner ``self`` the limit ``new_limit`` grants, in the
        current company: ``(grants, amount)``; ``amount`` ``None`` removes the limit."""
        self.ensure_one()
        partner = self.commercial_partner_id.sudo()
        current, cash_only = partner.credit_limit, partner.credit_cash_only
        currency = self.env.company.currency_id
        if not new_limit:
            return bool(current or cash_only), None
        return bool(cash_only or currency.compare_amounts(new_limit, current) > 0), new_limit

    def _credit_limit_authorize(self, new_limit, kind="limit", reason="", values=None, **kwargs):
        """The authority check of giving the commercial partners ``self`` the (temporary)
        limit ``new_limit`` in the current company (``partner.credit.authority._credit_authorize``).

        :return: the pending requests created (empty: the user may go on)
        """
        authority = self.env["partner.credit.authority"]
        requests = self.env["partner.credit.request"]
        for partner in self.commercial_partner_id:
            grants, amount = partner._credit_limit_grant(new_limit)
            if not grants:
                authority._credit_check_four_eyes(partner)
                continue
            requests |= authority._credit_authorize(
                kind,
                partner,
                amount,
                reason=reason,
                values=dict(values or {}, new_limit=new_limit or 0.0),
                **kwargs,
            )
        return requests

    def _credit_guard_authorize_limit(self, value):
        """Guard authority of ``credit_limit`` written directly (res_partner_credit_guard.py):
        a raw write cannot wait for approval, so above the user's level it is refused."""
        self._credit_limit_authorize(value or 0.0, raise_above=True)

    def _credit_authority_execute(self, request):
        """Carry out an approved limit or temporary-limit request (as its approver)."""
        self.ensure_one()
        partner = self.with_company(request.company_id)
        reason = request.reason
        if request.kind == "limit":
            same = request.currency_id.compare_amounts(request.new_limit, partner.credit_limit) == 0
            partner._credit_set_limit(
                request.new_limit,
                reason,
                decision_type="review" if same else "manual",
                date_review=request.date_review or None,
            )
        elif request.kind == "temp_limit":
            if request.date_end < fields.Date.context_today(self):
                raise UserError(
                    self.env._(
                        "The temporary limit asked for ended on %(date)s: reject the request.",
                        date=request.date_end,
                    )
                )
            self.env["partner.credit.temp.limit"].with_env(partner.env).create(
                {
                    "partner_id": partner.id,
                    "company_id": request.company_id.id,
                    "amount": request.new_limit,
                    "date_start": request.date_start,
                    "date_end": request.date_end,
                    "reason": reason,
                }
            )
        else:
            raise UserError(
                self.env._("A request of this kind is not carried out on the customer.")
            )
        return True

    def _credit_set_limit_authorize(self, new_limit, decision_type):
        """The authority check of ``_credit_set_limit`` called by a user (not in superuser
        mode): above the user's level it is refused."""
        kind = LIMIT_AUTHORITY.get(decision_type)
        if kind and not self.env.su:
            self._credit_limit_authorize(new_limit, kind=kind, raise_above=True)

    @api.model
    def _credit_guard_authorize_created(self, vals):
        """Guard authority of a customer created with a limit: the whole limit is granted."""
        if vals.get("credit_limit") and not vals.get("parent_id"):
            self.env["partner.credit.authority"]._credit_authorize(
                "limit",
                self.browse(),
                vals["credit_limit"],
                salespeople=self.env["res.users"].browse(vals.get("user_id") or []),
                raise_above=True,
            )
