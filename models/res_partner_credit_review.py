"""Cash only, limit review dates and limits lapsing at review (SPEC §3.H).

**No credit is not no limit.** Odoo reads a credit limit of 0 as *no limit*. A customer who must
not buy on credit is *cash only* (``credit_cash_only``, per company): at confirmation every order
whose payment term gives credit is held, whatever the limit (the credit-sales check of
sale_order.py). Cash only is set or lifted by a credit manager, by accepting a cash-only
proposal (rating C, a tier without credit), or by the lapse of a limit; each time a credit
decision records it. The limit itself is always kept, so renewing it is one click: a credit
manager's own limit decision (``RENEWING_DECISIONS``) lifts cash only.

**Review dates for everyone.** Every customer with a limit has a review date
(``date_credit_review``): each limit decision moves it (one year by default), and the limits
that existed before the install (or before 19.0.1.1.0) get one year after their last limit
decision in that company, else one year after the install (``_credit_init_review_dates``).
Every archive gets a next review date from its tier's interval (``_archive_init_review_dates``
in res_partner_archive_init.py;
new archives get theirs from the compute in partner_archive.py).

**Lapse.** With the company setting *limits lapse at review*, the daily job makes the customers
whose review date has passed cash only (decision "lapse", with the limit kept).
"""

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_date, formatLang

from .res_partner_credit import LIMIT_DECIDED, USER_GROUP

# decisions about orders, not about the limit: they do not date the limit's last change
ORDER_DECISIONS = ("release", "auto_release", "reject")
LAPSE_BATCH = 200


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_cash_only = fields.Boolean(
        string="Cash Only",
        company_dependent=True,
        tracking=True,
        copy=False,
        groups=USER_GROUP,
        help="No credit sales (per company): every order whose payment term is not immediate "
        "payment is held for credit review, whatever the credit limit. Only credit managers "
        "set or lift it; renewing the limit lifts it.",
    )

    # ------------------------------------------------------------------
    # cash only
    # ------------------------------------------------------------------
    def _credit_ensure_cash_only_rights(self):
        self._credit_guard_require("credit_cash_only")

    def _credit_cash_only_record(self, vals):
        """Guard recorder of ``credit_cash_only`` set or lifted by hand: a decision per
        commercial partner that changed, the limit and its review date kept."""
        cash_only = bool(vals["credit_cash_only"])
        changed = self.filtered(
            lambda p: p.commercial_partner_id == p and p.sudo().credit_cash_only != cash_only
        )

        def record():
            for partner in changed:
                partner._credit_record_decision(
                    partner.sudo().credit_limit,
                    partner.sudo().credit_limit,
                    self.env._("Cash only set by hand.")
                    if cash_only
                    else self.env._("Cash only lifted by hand."),
                    decision_type="cash_only" if cash_only else "cash_only_lifted",
                    keep_review=True,
                )

        return record

    def _credit_cash_only_record_created(self, cash_only):
        self._credit_record_decision(
            self.sudo().credit_limit,
            self.sudo().credit_limit,
            self.env._("Cash only from creation."),
            decision_type="cash_only",
            keep_review=True,
        )

    def _credit_set_cash_only(self, cash_only, reason, decision_type=None, **extra):
        """Make the commercial partners of ``self`` cash only (or lift it) in the current
        company, keeping their limits. Credit managers only. Returns the decisions (none for
        a customer already so)."""
        self._credit_ensure_cash_only_rights()
        decisions = self.env["partner.credit.decision"]
        for partner in self.commercial_partner_id:
            if partner.sudo().credit_cash_only != bool(cash_only):
                decisions |= partner._credit_write_cash_only(
                    cash_only, reason, decision_type, **extra
                )
        return decisions.sudo(False)

    def _credit_write_cash_only(self, cash_only, reason, decision_type=None, **extra):
        """Write cash only on the commercial partner ``self`` and record the decision; the
        callers checked the rights. The limit and its review date are kept."""
        self.ensure_one()
        self.sudo().with_context(**{LIMIT_DECIDED: True}).write({"credit_cash_only": cash_only})
        limit = self.sudo().credit_limit
        return self._credit_record_decision(
            limit,
            limit,
            reason,
            decision_type or ("cash_only" if cash_only else "cash_only_lifted"),
            keep_review=True,
            **extra,
        )

    # ------------------------------------------------------------------
    # lapse at review
    # ------------------------------------------------------------------
    @api.model
    def _credit_lapse_domain(self, today):
        return (
            Domain("date_credit_review", "<", today)
            & Domain("credit_limit", ">", 0)
            & Domain("credit_cash_only", "!=", True)
            & (Domain("is_company", "=", True) | Domain("parent_id", "=", False))
        )

    @api.model
    def _cron_credit_limits_lapse(self, batch_size=LAPSE_BATCH):
        """Daily, for the companies whose limits lapse at review: a limit whose review date
        has passed lapses (the customer becomes cash only, the limit is kept). Batched and
        resumable; a customer that fails is logged and skipped (the next run tries again)."""
        today = fields.Date.context_today(self)
        cron = self.env["ir.cron"]
        for company in self.env["res.company"].sudo().search([("credit_limits_lapse", "=", True)]):
            partners = self.sudo().with_company(company).with_context(active_test=False)
            if not cron._credit_run_batches(
                partners, self._credit_lapse_domain(today), "_credit_lapse_limit", batch_size
            ):
                return

    def _credit_lapse_limit(self):
        for partner in self:
            partner._credit_write_cash_only(
                True,
                self.env._(
                    "The credit limit of %(limit)s was not reviewed by %(date)s: it lapsed. "
                    "The customer is cash only until a credit manager renews the limit.",
                    limit=formatLang(
                        self.env, partner.credit_limit, currency_obj=self.env.company.currency_id
                    ),
                    date=format_date(self.env, partner.date_credit_review),
                ),
                decision_type="lapse",
            )

    # ------------------------------------------------------------------
    # review dates of what existed before (install hook, migration)
    # ------------------------------------------------------------------
    @api.model
    def _credit_init_review_dates(self):
        """Give every commercial partner with a credit limit in a company, and no review date
        there, one: a year after its last limit decision in that company, else a year after
        today. One set-based UPDATE over the company-dependent (JSONB) columns."""
        self.env["partner.credit.decision"].flush_model(["partner_id", "company_id", "date"])
        self.flush_model(["credit_limit", "date_credit_review", "commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH limits AS (
                    SELECT p.id AS partner_id, l.key AS company_key
                      FROM res_partner p
                     CROSS JOIN LATERAL jsonb_each(p.credit_limit) AS l(key, value)
                     WHERE p.credit_limit IS NOT NULL
                       AND p.id = p.commercial_partner_id
                       AND jsonb_typeof(l.value) = 'number'
                       AND (l.value #>> '{}')::numeric > 0
                       AND jsonb_typeof(COALESCE(p.date_credit_review -> l.key, 'null'))
                           = 'null'
                ),
                last_decision AS (
                    SELECT d.partner_id, d.company_id, MAX(d.date) AS date
                      FROM partner_credit_decision d
                     WHERE d.partner_id IN (SELECT partner_id FROM limits)
                       AND d.decision_type NOT IN %(order_decisions)s
                  GROUP BY d.partner_id, d.company_id
                )
                UPDATE res_partner p
                   SET date_credit_review = COALESCE(p.date_credit_review, '{}'::jsonb)
                                            || r.dates
                  FROM (
                    SELECT l.partner_id,
                           jsonb_object_agg(
                               l.company_key,
                               to_char(
                                   COALESCE(d.date::date, %(today)s) + INTERVAL '1 year',
                                   'YYYY-MM-DD'
                               )
                           ) AS dates
                      FROM limits l
                 LEFT JOIN last_decision d
                        ON d.partner_id = l.partner_id AND d.company_id::text = l.company_key
                  GROUP BY l.partner_id
                  ) r
                 WHERE p.id = r.partner_id
                """,
                order_decisions=ORDER_DECISIONS,
                today=fields.Date.context_today(self),
            )
        )
        self.invalidate_model(["date_credit_review"])
