"""Tier grading (SPEC §3.C), the run: grade customers (a button, a server action, the monthly
cron in committed, resumable batches), write the tiers, classes and rules that changed in one
UPDATE per field, a grade log line and a chatter message per tier change, and cap limits to the
new tier's maximum. The evaluation is res_partner_grading_evaluate.py; KPIs,
res_partner_grading_kpi.py; the explanation, res_partner_grading_explain.py; tiers set by hand,
res_partner_tier_pin.py.
"""

import json
import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import kpi as kpi_tools
from .partner_credit_grade_log import ABC_CLASSES, GRADE_RULES, VALUE_CLASSES

_logger = logging.getLogger(__name__)

GRADE_BATCH_SIZE = 1000
# what grading reads of the customers, fetched first: reading any one of them alone would
# prefetch every column of res_partner, whose company-dependent many-to-ones Odoo reads each
# with a sub-select checking the record exists (0.3 s for 1 000 customers)
GRADE_READS = [
    "commercial_partner_id",
    "credit_tier_id",
    "credit_tier_pinned_until",
    "credit_abc_class",
    "credit_value_class",
    "credit_grade_rule",
    "credit_date_graded",
    "credit_pause_reason",
    "credit_rating_value",
    "specific_property_product_pricelist",
]


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

    # --------------------------------------------------------------- actions

    def action_credit_grade(self):
        """Grade these customers now (their commercial partners), in the current company."""
        self.env["partner.credit.rights"]._require(
            "partner_credit_archive.group_archive_keeper",
            self.env._("Only archive keepers and credit managers can grade customers."),
        )
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

    def _credit_grade_unpinned(self, date_ref):
        """End the pins past their end date; return those of these partners not pinned."""
        expired = self.filtered(
            lambda p: p.credit_tier_pinned_until and p.credit_tier_pinned_until < date_ref
        )
        if expired:
            expired.with_context(credit_grading=True).write(
                {"credit_tier_pinned_until": False, "credit_tier_pin_reason": False}
            )
        return self - self.filtered("credit_tier_pinned_until")

    def _credit_graded_vals(self, result, new_tier, date_ref):
        """What grading changes on the partner ``self`` (only the values that change)."""
        vals = {}
        if new_tier and new_tier != self.credit_tier_id:
            vals["credit_tier_id"] = new_tier.id
        for fname, value in (
            ("credit_abc_class", result["abc"]),
            ("credit_value_class", result["value_class"]),
            ("credit_grade_rule", result["decision"].rule),
        ):
            if self[fname] != value:
                vals[fname] = value
        if vals or self.credit_date_graded != date_ref:
            vals["credit_date_graded"] = fields.Date.to_string(date_ref)
        return vals

    def _credit_grade(self, date_ref=None, cutoffs=None):
        """Grade these commercial partners; write only what changed. Returns the number of
        tier changes. Pinned customers are left alone until the pin's end date."""
        date_ref = date_ref or fields.Date.context_today(self)
        self.sudo().fetch(GRADE_READS)
        partners = self._credit_grade_unpinned(date_ref)
        results = partners._credit_grading_evaluate(date_ref, cutoffs)
        updates = defaultdict(dict)  # field name: {partner id: new value}
        pricelists = defaultdict(list)
        logs, bodies, tier_changes = [], {}, {}
        for partner in partners:
            result = results[partner.id]
            decision = result["decision"]
            new_tier = result["tiers"].get(decision.tier) or partner.credit_tier_id
            vals = partner._credit_graded_vals(result, new_tier, date_ref)
            if new_tier.pricelist_id and (
                new_tier.pricelist_id != partner.specific_property_product_pricelist
            ):
                pricelists[new_tier.pricelist_id.id].append(partner.id)
            for fname, value in vals.items():
                updates[fname][partner.id] = value
            if "credit_tier_id" in vals:
                old_tier = partner.credit_tier_id
                tier_changes[partner.id] = (old_tier, new_tier)
                explanation = partner._credit_explain(result["kpis"], decision, result["tiers"])
                logs.append(
                    partner._credit_grade_log_vals(
                        old_tier, new_tier, decision.rule, result, explanation
                    )
                )
                bodies[partner.id] = partner._credit_grade_message(
                    old_tier, new_tier, decision.rule, explanation
                )
        self._credit_store_grades(updates, pricelists, logs, bodies, tier_changes)
        return len(logs)

    def _credit_store_grades(self, updates, pricelists, logs, bodies, tier_changes=None):
        """Write what :meth:`_credit_grade` decided: the graded fields, the tiers' pricelists
        ({pricelist id: [partner ids]}), the grade logs and chatter messages of the tier
        changes ({partner id: (old tier, new tier)}), and the limits capped to the new
        tiers."""
        archives = self.env["partner.archive"]
        # what the archives had pending is computed now, before the tiers change (see
        # partner.archive._grading_skip_recompute)
        archives.flush_model(["completeness", "date_next_review", "state"])
        self._credit_write_graded(updates)
        archives._grading_skip_recompute(tier_changes or {})
        for pricelist_id, partner_ids in pricelists.items():
            self.browse(partner_ids).with_context(credit_grading=True).write(
                {"specific_property_product_pricelist": pricelist_id}
            )
        if logs:
            self.env["partner.credit.grade.log"].sudo()._create_bulk(logs)
            self.browse(list(bodies))._credit_log_notes(bodies)
            self.browse(list(bodies))._credit_cap_limits_to_tier()

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
        """Store grading results: one UPDATE for the whole batch, each company-dependent
        field getting its JSON value for the current company where it changes (one new row
        version per customer, not one per field), then let the ORM recompute what depends on
        them. ``updates``: {field name: {partner id: value}}; values are never empty
        (clearing goes through ``write``)."""
        fnames = [fname for fname, values in updates.items() if values]
        if not fnames:
            return
        key = str(self.env.company.id)
        self.flush_model(fnames)
        partner_ids = sorted({pid for fname in fnames for pid in updates[fname]})
        columns = [SQL.identifier(f"v{index}") for index in range(len(fnames))]
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET %(assignments)s,
                       write_date = NOW() AT TIME ZONE 'UTC',
                       write_uid = %(uid)s
                  FROM unnest(%(ids)s::int4[], %(arrays)s) AS v(id, %(columns)s)
                 WHERE p.id = v.id
                """,
                assignments=SQL(", ").join(
                    SQL(
                        """%(column)s = CASE WHEN v.%(value)s IS NULL THEN p.%(column)s
                                        ELSE COALESCE(p.%(column)s, '{}'::jsonb)
                                             || jsonb_build_object(%(key)s, v.%(value)s) END""",
                        column=SQL.identifier(fname),
                        value=value,
                        key=key,
                    )
                    for fname, value in zip(fnames, columns, strict=True)
                ),
                uid=self.env.uid,
                ids=partner_ids,
                arrays=SQL(", ").join(
                    SQL(
                        "%s::jsonb[]",
                        [
                            json.dumps(updates[fname][pid]) if pid in updates[fname] else None
                            for pid in partner_ids
                        ],
                    )
                    for fname in fnames
                ),
                columns=SQL(", ").join(columns),
            )
        )
        self.browse(partner_ids).invalidate_recordset(fnames)
        # each field marked changed on the customers whose value changed, not on all of them
        for fname in fnames:
            self.browse(list(updates[fname])).modified([fname])

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

    # ------------------------------------------------------------- helpers

    def _credit_grade_log_vals(self, old_tier, new_tier, rule, result, explanation):
        kpis = result["kpis"]
        return {
            "partner_id": self.id,
            "company_id": self.env.company.id,
            "old_tier_id": old_tier.id,
            "new_tier_id": new_tier.id,
            "rule": rule,
            "mode": "automatic",
            "explanation_data": self._credit_explain_data(result["decision"], result["tiers"]),
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
