import json
import logging
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import grading as engine
from ..tools import kpi as kpi_tools
from .partner_credit_grade_log import ABC_CLASSES, GRADE_RULES, VALUE_CLASSES

_logger = logging.getLogger(__name__)

GRADE_BATCH_SIZE = 1000
KPI_FIELDS = (
    "credit_fulfilment_rate",
    "credit_volatility",
    "credit_annual_sales",
    "credit_ontime_rate",
    "credit_avg_days_late",
    "credit_overdue_ratio",
    "credit_days_since_order",
    "credit_relationship_months",
    "credit_tier_proposed_id",
    "credit_grade_explanation",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_tier_id = fields.Many2one(
        "partner.credit.tier",
        string="Customer Tier",
        company_dependent=True,
        tracking=True,
        # every internal user creates partners, and the tier arrives with them as the
        # ir.default fallback value: readable by internal users, never by portal users
        groups="base.group_user",
        help="Tier of seed 004 (strategic, long-term, market, potential, eliminated), per "
        "company. Set by grading, or pinned by a credit manager.",
    )
    # stored by grading, per company
    credit_value_class = fields.Selection(
        VALUE_CLASSES,
        string="Value Class",
        company_dependent=True,
        readonly=True,
        groups="partner_credit_archive.group_archive_user",
        help="Core customers are class A customers with a long enough relationship (seed 001).",
    )
    credit_abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        company_dependent=True,
        readonly=True,
        groups="partner_credit_archive.group_archive_user",
        help="Pareto class by sales in the KPI window: A for the largest customers making 80% "
        "of sales, B for the next 15%, C for the rest (seed 002).",
    )
    credit_grade_rule = fields.Selection(
        GRADE_RULES,
        string="Grading Rule",
        company_dependent=True,
        readonly=True,
        groups="partner_credit_archive.group_archive_user",
        help="The rule that decided the tier at the last grading.",
    )
    credit_date_graded = fields.Date(
        string="Last Graded",
        company_dependent=True,
        readonly=True,
        groups="partner_credit_archive.group_archive_user",
    )
    credit_tier_pinned_until = fields.Date(
        string="Tier Pinned Until",
        company_dependent=True,
        readonly=True,
        groups="partner_credit_archive.group_archive_user",
        help="A credit manager pinned the tier: grading leaves it alone until this date.",
    )
    credit_tier_pin_reason = fields.Char(
        string="Pin Reason",
        company_dependent=True,
        readonly=True,
        groups="partner_credit_archive.group_archive_user",
    )
    credit_pause_reason = fields.Char(
        string="Pause Reason",
        tracking=True,
        copy=False,  # restricted: Odoo's copy would fail for users outside the group
        groups="partner_credit_archive.group_archive_user",
        help="Why the customer orders nothing for now (e.g. plant maintenance). While set, "
        "more than 30 days without orders does not lower its tier.",
    )
    credit_grade_log_ids = fields.One2many(
        "partner.credit.grade.log",
        "partner_id",
        string="Tier Changes",
        groups="partner_credit_archive.group_archive_user",
    )
    # KPIs, computed for the whole recordset at once (not stored)
    credit_fulfilment_rate = fields.Float(
        string="Contract Fulfilment (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Delivered ÷ ordered value of confirmed order lines of orders dated in the KPI "
        "window.",
    )
    credit_volatility = fields.Float(
        string="Monthly Volatility (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Population standard deviation ÷ mean of the confirmed sales per calendar month of "
        "the KPI window (from the first order's month for newer customers), months without "
        "sales counting as zero.",
    )
    credit_annual_sales = fields.Monetary(
        string="Sales in KPI Window",
        compute="_compute_credit_kpis",
        currency_field="currency_id",
        groups="partner_credit_archive.group_archive_user",
        help="Confirmed order lines of orders dated in the KPI window, untaxed, in company "
        "currency.",
    )
    credit_ontime_rate = fields.Float(
        string="On-time Payment (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Share of the customer invoices dated in the KPI window (due by today or already "
        "paid) that were paid in full by their due date.",
    )
    credit_avg_days_late = fields.Float(
        string="Average Days Late",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Days from due date to full payment (or to today if unpaid), 0 for invoices paid "
        "on time, averaged over the same invoices.",
    )
    credit_overdue_ratio = fields.Float(
        string="Overdue Ratio (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Overdue open receivable ÷ open receivable today (open debit amounts).",
    )
    credit_days_since_order = fields.Integer(
        string="Days since Last Order",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
    )
    credit_relationship_months = fields.Integer(
        string="Relationship (months)",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
        help="Whole months since the first confirmed order (or the relationship start date).",
    )
    credit_tier_proposed_id = fields.Many2one(
        "partner.credit.tier",
        string="Tier by Grading Now",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
        help="The tier grading would give the customer today.",
    )
    credit_grade_explanation = fields.Text(
        string="Tier Explanation",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
    )

    @api.depends_context("uid", "company")
    def _compute_credit_kpis(self):
        # confidential (res_partner_credit_confidential.py): only for the customers whose
        # credit figures the user may see, and nothing is computed for the others
        visible = self._credit_figures_visible()
        shown = self.filtered(lambda partner: partner.id in visible)
        commercial = shown.commercial_partner_id
        results = commercial._credit_grading_evaluate() if commercial.ids else {}
        tiers = self.env["partner.credit.tier"]
        for partner in self:
            result = partner.id in visible and results.get(partner.commercial_partner_id.id)
            if not result:
                for fname in KPI_FIELDS:
                    partner[fname] = False
                continue
            kpis, decision = result["kpis"], result["decision"]
            partner.credit_fulfilment_rate = kpis["fulfilment_rate"] or 0.0
            partner.credit_volatility = kpis["volatility"] or 0.0
            partner.credit_annual_sales = kpis["annual_sales"]
            partner.credit_ontime_rate = kpis["ontime_rate"] or 0.0
            partner.credit_avg_days_late = kpis["avg_days_late"] or 0.0
            partner.credit_overdue_ratio = kpis["overdue_ratio"] or 0.0
            partner.credit_days_since_order = kpis["days_since_last_order"] or 0
            partner.credit_relationship_months = kpis["relationship_months"] or 0
            partner.credit_tier_proposed_id = result["tiers"].get(decision.tier, tiers)
            partner.credit_grade_explanation = partner._credit_explain(
                kpis, decision, result["tiers"]
            )

    # ------------------------------------------------------------------ CRUD

    def write(self, vals):
        # grading writes in superuser mode; a context key alone could come from any client
        if "credit_tier_id" not in vals or (self.env.su and self.env.context.get("credit_grading")):
            return super().write(vals)
        # a tier set by hand: credit managers only, and logged like grading
        self._check_credit_manager()
        old = {partner.id: partner.credit_tier_id for partner in self}
        vals = dict(vals)
        tier_vals = {"credit_tier_id": vals.pop("credit_tier_id")}
        result = super().write(vals) if vals else True
        # credit managers may set tiers on customers whose other fields they cannot edit
        super(ResPartner, self.sudo()).write(tier_vals)
        new_tier = self.env["partner.credit.tier"].browse(tier_vals["credit_tier_id"])
        changed = self.filtered(lambda partner: old[partner.id] != new_tier and new_tier)
        if changed:
            self.env["partner.credit.grade.log"].sudo().create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": self.env.company.id,
                        "old_tier_id": old[partner.id].id,
                        "new_tier_id": new_tier.id,
                        "rule": "manual",
                        "mode": "manual",
                    }
                    for partner in changed
                ]
            )
        return result

    # --------------------------------------------------------------- actions

    def action_credit_grade(self):
        """Grade these customers now (their commercial partners), in the current company."""
        self._check_credit_keeper()
        partners = self.commercial_partner_id
        changed, failed = partners.sudo()._credit_grade_safe()
        if failed:
            message = self.env._(
                "%(count)s customer(s) graded, %(changed)s tier(s) changed, %(failed)s failed "
                "(see the server log).",
                count=len(partners),
                changed=changed,
                failed=len(failed),
            )
        else:
            message = self.env._(
                "%(count)s customer(s) graded, %(changed)s tier(s) changed.",
                count=len(partners),
                changed=changed,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Tier Grading"),
                "message": message,
                "type": "warning" if failed else "success",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_credit_pin_tier(self):
        self._check_credit_manager()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_tier_pin_wizard_action"
        )
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": self.commercial_partner_id.ids,
            "default_tier_id": self[:1].commercial_partner_id.credit_tier_id.id,
        }
        return action

    def action_credit_unpin_tier(self):
        """End a pin now: the next grading grades the customer again."""
        self._check_credit_manager()
        partners = self.commercial_partner_id.sudo().filtered("credit_tier_pinned_until")
        partners.with_context(credit_grading=True).write(
            {"credit_tier_pinned_until": False, "credit_tier_pin_reason": False}
        )
        for partner in partners:
            partner.message_post(body=self.env._("Tier pin ended by hand."))

    def action_view_credit_grade_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_grade_log_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------- scheduled action

    @api.model
    def _cron_credit_grade(self, batch_size=GRADE_BATCH_SIZE):
        """Grade every customer of every company once a month, in committed batches.

        Resumable: customers graded since the start of the month are skipped, so a run cut
        short (time limit, restart) continues where it stopped.
        """
        cron = self.env["ir.cron"]
        for company in self.env["res.company"].sudo().search([("active", "=", True)]):
            partners = self.sudo().with_company(company)
            date_ref = fields.Date.context_today(partners)
            domain = partners._credit_grading_domain() & Domain.OR(
                [
                    Domain("credit_date_graded", "=", False),
                    Domain("credit_date_graded", "<", kpi_tools.month_start(date_ref)),
                ]
            )
            cutoffs = partners._credit_abc_cutoffs(date_ref)
            skipped = []
            while True:
                batch_domain = domain & Domain("id", "not in", skipped)
                batch = partners.search(batch_domain, limit=batch_size, order="id")
                if not batch:
                    break
                __, failed = batch._credit_grade_safe(date_ref=date_ref, cutoffs=cutoffs)
                skipped += failed
                remaining = partners.search_count(domain & Domain("id", "not in", skipped))
                if not cron._commit_progress(len(batch), remaining=remaining):
                    return

    # ----------------------------------------------------------- the engine

    @api.model
    def _credit_grading_domain(self):
        """The customers the monthly grading looks at, in the current company."""
        return Domain(
            [
                ("customer_rank", ">", 0),
                ("company_id", "in", [False, self.env.company.id]),
                "|",
                ("is_company", "=", True),
                ("parent_id", "=", False),
            ]
        )

    def _credit_grading_ratings(self):
        """{partner id: rating (AAA … C) of the current approved credit report, or False}."""
        return {partner.id: partner.credit_rating_value or False for partner in self.sudo()}

    def _credit_relationship_starts(self):
        """{partner id: relationship start date} recorded in the archive, if any."""
        rows = self.sudo()._read_group(
            [("id", "in", self.ids), ("relationship_date_start", "!=", False)],
            ["id"],
            ["relationship_date_start:min"],
        )
        return {partner.id: start for partner, start in rows}

    def _credit_grading_companies(self):
        """The companies whose orders and invoices count: the receivables ledger's scope."""
        return self.env["res.company"].browse(
            self.env["partner.credit.ledger"]._company_ids(self.env.company)
        )

    def _credit_kpis(self, date_ref=None):
        """KPIs of SPEC §3.C for these commercial partners, set-based, in the current company.

        Four SQL queries whatever the number of partners. Amounts are in company currency:
        order line subtotals are divided by their order's ``currency_rate`` (the rate of the
        order date Odoo stores on the order). Receivable, overdue and payment behaviour come
        from the receivables ledger (``partner.credit.ledger``): the invoices that fell due
        from the KPI window's start to ``date_ref``; receivable and overdue as of ``date_ref``.

        :return: {partner id: dict} with ``fulfilment_rate``, ``volatility`` (None when there
            is nothing to compute them from), ``annual_sales``, ``recent_fulfilment_rate``,
            ``recent_volatility`` (over the promotion history months), ``ontime_rate``,
            ``avg_days_late``, ``overdue_ratio``, ``max_days_overdue``, ``receivable``,
            ``overdue``, ``date_first_order``, ``date_last_order``,
            ``days_since_last_order``, ``relationship_months``
        """
        company = self.env.company
        date_ref = date_ref or fields.Date.context_today(self)
        window_end = kpi_tools.month_start(date_ref)
        window_start = kpi_tools.add_months(window_end, -company.credit_kpi_window_months)
        recent_start = kpi_tools.add_months(window_end, -company.credit_promotion_months)
        data_start = min(window_start, recent_start)
        ids = list(self.ids)
        company_ids = self._credit_grading_companies().ids
        tz = self.env.user.tz or "UTC"
        self.env["sale.order.line"].flush_model()
        self.env["sale.order"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.flush_model(["commercial_partner_id"])
        local_date = SQL("(timezone(%s, timezone('UTC', so.date_order)))::date", tz)

        monthly = defaultdict(dict)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id,
                       date_trunc('month', %(local_date)s)::date,
                       SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)),
                       SUM(CASE WHEN sol.product_uom_qty > 0
                                THEN sol.price_subtotal * sol.qty_delivered / sol.product_uom_qty
                                ELSE 0 END / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE p.commercial_partner_id = ANY(%(ids)s)
                   AND so.company_id = ANY(%(company_ids)s)
                   AND so.state = 'sale'
                   AND sol.display_type IS NULL
                   AND sol.is_downpayment IS NOT TRUE
                   AND %(local_date)s >= %(start)s
                   AND %(local_date)s < %(end)s
              GROUP BY 1, 2
                """,
                local_date=local_date,
                ids=ids,
                company_ids=company_ids,
                start=data_start,
                end=window_end,
            )
        )
        for partner_id, month, ordered, delivered in rows:
            monthly[partner_id][month] = (ordered or 0.0, delivered or 0.0)

        orders = {
            partner_id: (first, last)
            for partner_id, first, last in self.env.execute_query(
                SQL(
                    """
                    SELECT p.commercial_partner_id, MIN(%(local_date)s), MAX(%(local_date)s)
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE p.commercial_partner_id = ANY(%(ids)s)
                       AND so.company_id = ANY(%(company_ids)s)
                       AND so.state = 'sale'
                       AND %(local_date)s <= %(date_ref)s
                  GROUP BY 1
                    """,
                    local_date=local_date,
                    ids=ids,
                    company_ids=company_ids,
                    date_ref=date_ref,
                )
            )
        }

        ledger = self.env["partner.credit.ledger"]
        # payment behaviour of the invoices that fell due since the window's start
        payments = ledger._payment_behaviour(ids, company, window_start, date_ref)
        receivables = ledger._figures(ids, company, ledger._check_date(date_ref))

        starts = self._credit_relationship_starts()
        window_months = kpi_tools.month_range(window_start, window_end)
        recent_months = kpi_tools.month_range(recent_start, window_end)
        result = {}
        for partner_id in ids:
            first, last = orders.get(partner_id, (None, None))
            start = starts.get(partner_id) or first
            if starts.get(partner_id) and first:
                start = min(starts[partner_id], first)
            # months before the relationship began are not months without sales
            since = kpi_tools.month_start(start) if start else window_end
            window = kpi_tools.window_kpis(
                monthly[partner_id], [month for month in window_months if month >= since]
            )
            recent = kpi_tools.window_kpis(
                monthly[partner_id], [month for month in recent_months if month >= since]
            )
            count, on_time, days_late = payments.get(partner_id, (0, 0, 0))
            ledger_row = receivables.get(partner_id, {})
            receivable = ledger_row.get("receivable", 0.0)
            overdue = ledger_row.get("overdue", 0.0)
            max_days = ledger_row.get("max_days_overdue", 0)
            result[partner_id] = {
                "fulfilment_rate": window["fulfilment_rate"],
                "volatility": window["volatility"],
                "annual_sales": window["sales"],
                "recent_fulfilment_rate": recent["fulfilment_rate"],
                "recent_volatility": recent["volatility"],
                "invoice_count": count,
                "ontime_rate": kpi_tools.rate(on_time, count),
                "avg_days_late": (days_late or 0) / count if count else None,
                "receivable": receivable or 0.0,
                "overdue": overdue or 0.0,
                "overdue_ratio": (
                    min(max(kpi_tools.rate(overdue, receivable), 0.0), 100.0)
                    if receivable > 0
                    else 0.0
                ),
                "max_days_overdue": max(max_days or 0, 0),
                "date_first_order": first,
                "date_last_order": last,
                "days_since_last_order": (date_ref - last).days if last else None,
                "relationship_months": kpi_tools.months_between(start, date_ref) if start else None,
            }
        return result

    @api.model
    def _credit_abc_cutoffs(self, date_ref=None):
        """Pareto cut-offs of the current company's customers by sales in the KPI window."""
        company = self.env.company
        date_ref = date_ref or fields.Date.context_today(self)
        window_end = kpi_tools.month_start(date_ref)
        window_start = kpi_tools.add_months(window_end, -company.credit_kpi_window_months)
        tz = self.env.user.tz or "UTC"
        self.env["sale.order.line"].flush_model()
        self.env["sale.order"].flush_model()
        local_date = SQL("(timezone(%s, timezone('UTC', so.date_order)))::date", tz)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = ANY(%(company_ids)s)
                   AND so.state = 'sale'
                   AND sol.display_type IS NULL
                   AND sol.is_downpayment IS NOT TRUE
                   AND %(local_date)s >= %(start)s
                   AND %(local_date)s < %(end)s
              GROUP BY p.commercial_partner_id
                """,
                company_ids=self._credit_grading_companies().ids,
                local_date=local_date,
                start=window_start,
                end=window_end,
            )
        )
        return kpi_tools.pareto_cutoffs([row[0] or 0.0 for row in rows])

    def _credit_grading_params(self, date_ref):
        company = self.env.company
        potential_days = company.credit_inactive_potential_days
        lapse_start = date_ref - timedelta(days=potential_days)
        eliminate_days = (
            date_ref - (lapse_start - relativedelta(months=company.credit_eliminate_months))
        ).days
        return engine.Params(
            probation_months=company.credit_probation_months,
            promotion_months=company.credit_promotion_months,
            inactive_days=company.credit_inactive_days,
            inactive_potential_days=potential_days,
            eliminate_days=eliminate_days,
            overdue_days=company.credit_overdue_eliminate_days,
        )

    def _credit_grading_evaluate(self, date_ref=None, cutoffs=None):
        """Run the KPIs and the rule engine for these commercial partners (nothing written).

        :return: {partner id: {"kpis", "decision", "abc", "value_class", "tiers"}}
        """
        date_ref = date_ref or fields.Date.context_today(self)
        company = self.env.company
        kpis = self._credit_kpis(date_ref)
        ratings = self._credit_grading_ratings()
        if cutoffs is None:
            cutoffs = self._credit_abc_cutoffs(date_ref)
        tier_records = self.env["partner.credit.tier"].sudo().search([("active", "=", True)])
        tiers = {tier.code: tier for tier in tier_records}
        rules = [
            engine.TierRule(
                tier.code, tier.min_fulfilment_rate, tier.max_volatility, tier.min_rating or None
            )
            for tier in tier_records
            if tier.code in engine.GRADED_TIERS
        ]
        params = self._credit_grading_params(date_ref)
        self.env["partner.credit.grade.log"].flush_model()
        downgraded = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id, MAX(date)::date FROM partner_credit_grade_log
                     WHERE partner_id = ANY(%s) AND company_id = %s AND rule = 'inactive_30'
                  GROUP BY partner_id
                    """,
                    self.ids,
                    company.id,
                )
            )
        )
        results = {}
        for partner in self:
            values = kpis[partner.id]
            last = values["date_last_order"]
            decision = engine.decide(
                partner.sudo().credit_tier_id.code,
                values,
                ratings.get(partner.id) or None,
                rules,
                params,
                paused=bool(partner.sudo().credit_pause_reason),
                inactivity_downgraded=bool(
                    last and downgraded.get(partner.id) and downgraded[partner.id] >= last
                ),
            )
            abc = kpi_tools.abc_class(values["annual_sales"], cutoffs)
            results[partner.id] = {
                "kpis": values,
                "decision": decision,
                "abc": abc,
                "value_class": kpi_tools.value_class(
                    abc, values["relationship_months"], company.credit_core_min_months
                ),
                "tiers": tiers,
            }
        return results

    def _credit_grade(self, date_ref=None, cutoffs=None):
        """Grade these commercial partners; write only what changed. Returns the number of
        tier changes. Pinned customers are left alone until the pin's end date."""
        date_ref = date_ref or fields.Date.context_today(self)
        expired = self.filtered(
            lambda p: p.credit_tier_pinned_until and p.credit_tier_pinned_until < date_ref
        )
        if expired:
            expired.with_context(credit_grading=True).write(
                {"credit_tier_pinned_until": False, "credit_tier_pin_reason": False}
            )
        pinned = self.filtered("credit_tier_pinned_until")
        partners = self - pinned
        results = partners._credit_grading_evaluate(date_ref, cutoffs)
        updates = defaultdict(dict)  # field name: {partner id: new value}
        pricelists = defaultdict(list)
        logs = []
        bodies = {}
        for partner in partners:
            result = results[partner.id]
            decision = result["decision"]
            new_tier = result["tiers"].get(decision.tier) or partner.credit_tier_id
            vals = {}
            if new_tier and new_tier != partner.credit_tier_id:
                vals["credit_tier_id"] = new_tier.id
            if new_tier.pricelist_id and (
                new_tier.pricelist_id != partner.specific_property_product_pricelist
            ):
                pricelists[new_tier.pricelist_id.id].append(partner.id)
            for fname, value in (
                ("credit_abc_class", result["abc"]),
                ("credit_value_class", result["value_class"]),
                ("credit_grade_rule", decision.rule),
            ):
                if partner[fname] != value:
                    vals[fname] = value
            if vals or partner.credit_date_graded != date_ref:
                vals["credit_date_graded"] = fields.Date.to_string(date_ref)
            for fname, value in vals.items():
                updates[fname][partner.id] = value
            if "credit_tier_id" in vals:
                explanation = partner._credit_explain(result["kpis"], decision, result["tiers"])
                logs.append(
                    partner._credit_grade_log_vals(
                        partner.credit_tier_id, new_tier, decision.rule, result, explanation
                    )
                )
                bodies[partner.id] = partner._credit_grade_message(
                    partner.credit_tier_id, new_tier, decision.rule, explanation
                )
        self._credit_write_graded(updates)
        for pricelist_id, partner_ids in pricelists.items():
            self.browse(partner_ids).with_context(credit_grading=True).write(
                {"specific_property_product_pricelist": pricelist_id}
            )
        if logs:
            self.env["partner.credit.grade.log"].sudo().create(logs)
            self.browse(list(bodies))._message_log_batch(bodies)
            self.browse(list(bodies))._credit_cap_limits_to_tier()
        return len(logs)

    def _credit_cap_limits_to_tier(self):
        """A customer moved to a tier whose maximum credit limit is below its limit gets the
        tier's maximum, recorded as a credit decision of type "grading". A maximum of 0 means
        no credit sales at all; that is enforced at order confirmation, not by a limit of 0
        (which Odoo reads as "no limit"). The maximum is in the tier's currency and compared in
        the company's."""
        company = self.env.company
        by_tier = defaultdict(lambda: self.browse())
        maximum = {}  # the tier's maximum in the company's currency
        for partner in self.sudo():
            tier = partner.credit_tier_id
            if tier and tier not in maximum:
                maximum[tier] = tier._credit_max_limit_in(company)
            if tier and maximum[tier] and partner.credit_limit > maximum[tier]:
                by_tier[tier] |= partner
        for tier, partners in by_tier.items():
            partners._credit_set_limit(
                maximum[tier],
                self.env._(
                    "Graded %(tier)s: the limit is capped at the tier's maximum.", tier=tier.name
                ),
                decision_type="grading",
            )

    def _credit_write_graded(self, updates):
        """Store grading results: one UPDATE per company-dependent field for the whole batch
        (the field's JSON value for the current company), then let the ORM recompute what
        depends on them. ``updates``: {field name: {partner id: value}}; values are never
        empty (clearing goes through ``write``)."""
        key = str(self.env.company.id)
        self.flush_model(list(updates))
        for fname, values in updates.items():
            if not values:
                continue
            rows = SQL(", ").join(
                SQL("(%s, %s::jsonb)", partner_id, json.dumps(value))
                for partner_id, value in values.items()
            )
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET %(column)s = COALESCE(p.%(column)s, '{}'::jsonb)
                                        || jsonb_build_object(%(key)s, v.value),
                           write_date = NOW() AT TIME ZONE 'UTC',
                           write_uid = %(uid)s
                      FROM (VALUES %(rows)s) AS v(id, value)
                     WHERE p.id = v.id
                    """,
                    column=SQL.identifier(fname),
                    key=key,
                    rows=rows,
                    uid=self.env.uid,
                )
            )
        fnames = [fname for fname, values in updates.items() if values]
        if fnames:
            changed = self.browse({pid for values in updates.values() for pid in values})
            changed.invalidate_recordset(fnames)
            changed.modified(fnames)

    def _credit_grade_safe(self, date_ref=None, cutoffs=None):
        """:meth:`_credit_grade` that survives a failing customer: the batch is retried one
        customer at a time, a failing one is logged, marked graded for the period and skipped.

        :return: (number of tier changes, ids that could not even be marked)
        """
        try:
            with self.env.cr.savepoint():
                return self._credit_grade(date_ref, cutoffs), []
        except Exception:  # noqa: BLE001 - one bad customer must not stop the run
            _logger.info("Grading a batch of %s customers failed, grading one by one", len(self))
            self.env.invalidate_all()
        changed, failed = 0, []
        for partner in self:
            try:
                with self.env.cr.savepoint():
                    changed += partner._credit_grade(date_ref, cutoffs)
            except Exception:  # noqa: BLE001
                _logger.exception("Grading customer %s (id %s) failed", partner.name, partner.id)
                self.env.invalidate_all()
                try:
                    with self.env.cr.savepoint():
                        partner.with_context(credit_grading=True).write(
                            {"credit_date_graded": date_ref or fields.Date.context_today(self)}
                        )
                except Exception:  # noqa: BLE001
                    self.env.invalidate_all()
                    failed.append(partner.id)
        return changed, failed

    def _credit_pin_tier(self, tier, reason, date_until):
        """Pin ``tier`` on these commercial partners until ``date_until`` (credit managers)."""
        self._check_credit_manager()
        partners = self.commercial_partner_id.sudo()
        logs, bodies = [], {}
        for partner in partners:
            logs.append(
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "old_tier_id": partner.credit_tier_id.id,
                    "new_tier_id": tier.id,
                    "rule": "pinned",
                    "mode": "manual",
                    "user_id": self.env.user.id,
                    "reason": reason,
                    "pinned_until": date_until,
                }
            )
            bodies[partner.id] = Markup("%s<br/>%s") % (
                self.env._(
                    "Tier pinned: %(old)s → %(new)s until %(date)s.",
                    old=partner.credit_tier_id.name or "-",
                    new=tier.name,
                    date=fields.Date.to_string(date_until),
                ),
                reason,
            )
        vals = {
            "credit_tier_id": tier.id,
            "credit_tier_pinned_until": date_until,
            "credit_tier_pin_reason": reason,
            "credit_grade_rule": "pinned",
        }
        if tier.pricelist_id:
            vals["specific_property_product_pricelist"] = tier.pricelist_id.id
        partners.with_context(credit_grading=True, mail_notrack=True).write(vals)
        self.env["partner.credit.grade.log"].sudo().create(logs)
        partners._message_log_batch(bodies, author_id=self.env.user.partner_id.id)

    # ------------------------------------------------------------- helpers

    def _check_credit_manager(self):
        self.env["partner.credit.rights"]._require(
            "partner_credit_archive.group_credit_manager",
            self.env._("Only credit managers can pin or change a tier."),
        )

    def _check_credit_keeper(self):
        self.env["partner.credit.rights"]._require(
            "partner_credit_archive.group_archive_keeper",
            self.env._("Only archive keepers and credit managers can grade customers."),
        )

    def _credit_grade_log_vals(self, old_tier, new_tier, rule, result, explanation):
        kpis = result["kpis"]
        return {
            "partner_id": self.id,
            "company_id": self.env.company.id,
            "old_tier_id": old_tier.id,
            "new_tier_id": new_tier.id,
            "rule": rule,
            "mode": "automatic",
            "explanation": explanation,
            "fulfilment_rate": kpis["fulfilment_rate"] or 0.0,
            "volatility": kpis["volatility"] or 0.0,
            "annual_sales": kpis["annual_sales"],
            "ontime_rate": kpis["ontime_rate"] or 0.0,
            "avg_days_late": kpis["avg_days_late"] or 0.0,
            "overdue_ratio": kpis["overdue_ratio"] or 0.0,
            "days_since_last_order": kpis["days_since_last_order"] or 0,
            "relationship_months": kpis["relationship_months"] or 0,
            "abc_class": result["abc"],
            "value_class": result["value_class"],
        }

    def _credit_grade_message(self, old_tier, new_tier, rule, explanation):
        rule_label = dict(self._fields["credit_grade_rule"]._description_selection(self.env))
        return Markup("%s<br/>%s") % (
            self.env._(
                "Tier graded: %(old)s → %(new)s (%(rule)s).",
                old=old_tier.name or "-",
                new=new_tier.name,
                rule=rule_label.get(rule, rule),
            ),
            explanation,
        )

    def _credit_explain(self, kpis, decision, tiers):
        """A sentence per reason keeping the customer out of the next tier up."""
        next_tier = tiers.get(decision.next_tier)
        if not decision.next_tier or not next_tier:
            return self.env._("Highest tier: nothing to reach above.")
        promotion_months = self.env.company.credit_promotion_months
        lines = []

        def pct(value):
            return "-" if value is None else f"{value:.1f}"

        for kpi, value, threshold in decision.blocking:
            if kpi in ("fulfilment_rate", "recent_fulfilment_rate"):
                text = (
                    self.env._("no confirmed orders in the KPI window")
                    if value is None
                    else self.env._(
                        "contract fulfilment %(value)s%% is below %(threshold)s%%",
                        value=pct(value),
                        threshold=pct(threshold),
                    )
                )
            elif kpi in ("volatility", "recent_volatility"):
                text = (
                    self.env._("no monthly sales to measure volatility")
                    if value is None
                    else self.env._(
                        "monthly volatility %(value)s%% is above %(threshold)s%%",
                        value=pct(value),
                        threshold=pct(threshold),
                    )
                )
            elif kpi == "rating":
                text = self.env._(
                    "credit rating %(value)s does not reach %(threshold)s",
                    value=value or self.env._("none"),
                    threshold=threshold,
                )
            elif kpi == "relationship_months":
                text = self.env._(
                    "relationship of %(value)s months is shorter than %(threshold)s months",
                    value=value,
                    threshold=threshold,
                )
            elif kpi == "days_since_last_order":
                text = (
                    self.env._("no confirmed order yet")
                    if value is None
                    else self.env._(
                        "%(value)s days since the last order (limit %(threshold)s)",
                        value=value,
                        threshold=threshold,
                    )
                )
            elif kpi == "max_days_overdue":
                text = self.env._(
                    "an invoice is %(value)s days overdue (limit %(threshold)s)",
                    value=value,
                    threshold=threshold,
                )
            elif kpi == "eliminated":
                text = self.env._(
                    "an eliminated customer returns only when a credit manager pins a tier"
                )
            else:
                text = f"{kpi}: {value} / {threshold}"
            if kpi.startswith("recent_"):
                text = self.env._(
                    "last %(months)s months: %(text)s", months=promotion_months, text=text
                )
            lines.append(text)
        if not lines:
            return self.env._("Nothing keeps the customer out of %(tier)s.", tier=next_tier.name)
        return self.env._(
            "Kept out of %(tier)s: %(reasons)s.", tier=next_tier.name, reasons="; ".join(lines)
        )
