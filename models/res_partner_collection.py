"""Collections on the customer (催收, SPEC §3.I): the daily job and what it decides.

``_credit_collections_sync`` brings the collection files of some commercial partners in the
current company up to date, set-based (a fixed number of queries per batch, whatever the
number of invoices):

1. the ledger gives each customer its overdue and disputed amounts and the due date of its
   oldest **undisputed** overdue invoice (``_collection_figures``);
2. pending promises are kept or broken from the payments; a broken promise sends the customer
   to the next level at once (a floor kept until the overdue invoices are paid);
3. the level is the highest one the oldest invoice's days have reached (or the floor); a
   pending promise pauses escalation: the level does not rise until the promised date;
4. each level's action runs once per escalation (an open line of
   ``partner.credit.collection.action``); lines of levels the customer is no longer at are
   closed (activities marked done with a note, holds lifted with a decision). The credit hold
   and legal actions of the levels below stay while the customer is higher up.

The **collector** is the customer's salesperson (seed 003: 谁经手谁负责), else the company's
collector (Settings), else the company's first credit manager.

Collections run for **root companies**: the ledger of a company counts its branches (as Odoo's
``credit``), so a branch's own run would dun the same invoices twice.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .partner_credit_collection_level import STATE_ACTIONS

COLLECTION_BATCH_SIZE = 1000
MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
USER_GROUP = "partner_credit_archive.group_archive_user"
PROGRESS_PARAM = "partner_credit_archive.collection_progress"


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_collection_level_id = fields.Many2one(
        "partner.credit.collection.level",
        string="Collection Level",
        compute="_compute_credit_collection_level_id",
        search="_search_credit_collection_level_id",
        groups=USER_GROUP,
        help="The collection level of the customer in the current company, from its oldest "
        "undisputed overdue invoice (updated daily and at each payment).",
    )
    credit_litigation = fields.Boolean(
        string="In Litigation",
        company_dependent=True,
        tracking=True,
        copy=False,
        groups=USER_GROUP,
        help="Legal action was started against the customer to collect overdue invoices (per "
        "company). Set by the legal collection level; cleared by a credit manager.",
    )

    # confidential like the other credit figures (res_partner_credit_confidential.py): empty
    # for a rep who is not the customer's salesperson, and never matched by their searches
    @api.depends_context("uid", "company")
    def _compute_credit_collection_level_id(self):
        visible = self._credit_figures_visible()
        files = self.filtered(lambda p: p.id in visible)._credit_collection_get()
        for partner in self:
            collection = files.get(partner.commercial_partner_id.id)
            partner.credit_collection_level_id = collection.level_id if collection else False

    def _search_credit_collection_level_id(self, operator, value):
        collections = (
            self.env["partner.credit.collection"]
            .sudo()
            ._search(
                Domain("company_id", "=", self.env.company.id) & Domain("level_id", operator, value)
            )
        )
        matching = Domain("commercial_partner_id", "in", collections.subselect("partner_id"))
        return matching & self._credit_figures_domain()

    def write(self, vals):
        if "credit_litigation" in vals:
            self.env["partner.credit.rights"]._require(
                MANAGER_GROUP,
                self.env._(
                    "Only credit managers can flag a customer as in litigation or clear it."
                ),
            )
            if set(vals) == {"credit_litigation"} and not self.env.su:
                self.check_access("read")
                return super(ResPartner, self.sudo()).write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ files

    def _credit_collection_get(self, create=False):
        """{commercial partner id: collection file} in the current company (``create``: make
        the missing ones)."""
        partners = self.sudo().commercial_partner_id.filtered(lambda p: isinstance(p.id, int))
        Collection = self.env["partner.credit.collection"].sudo()
        company = self.env.company
        found = {
            collection.partner_id.id: collection
            for collection in Collection.search(
                [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
            )
        }
        missing = [pid for pid in partners.ids if pid not in found]
        if create and missing:
            created = Collection.with_context(mail_create_nolog=True).create(
                [{"partner_id": pid, "company_id": company.id} for pid in missing]
            )
            found.update((collection.partner_id.id, collection) for collection in created)
        return found

    def _credit_collectors(self):
        """{partner id: collector (res.users or empty)} in the current company."""
        company = self.env.company
        managers = self.env.ref(MANAGER_GROUP).sudo().all_user_ids
        default = (
            company.credit_collector_id
            | managers.filtered(lambda user: company in user.company_ids).sorted("id")
        ).filtered(lambda user: user.active and not user.share)[:1]
        result = {}
        for partner in self:
            sales = partner.user_id
            usable = sales and sales.active and not sales.share and company in sales.company_ids
            result[partner.id] = sales if usable else default
        return result

    # ------------------------------------------------------------------ the run

    def _credit_collections_sync(self, escalate=True):
        """Bring the collection files of these commercial partners up to date in the current
        company (see the module docstring). Run it in superuser mode: collections are the
        system's. ``escalate=False`` (after a payment or a dispute): figures, promises and
        closing only; new actions wait for the daily job."""
        if not self.commercial_partner_id:
            return
        run = self._credit_collection_run()
        to_create, to_close = [], defaultdict(list)
        for collection in run["collections"]:
            self._credit_collection_decide(collection, run, escalate, to_create, to_close)
        Action = self.env["partner.credit.collection.action"].sudo()
        for reason, ids in to_close.items():
            Action.browse(ids)._credit_close(reason)
        if to_create:
            lines = Action.create(to_create)
            lines._credit_run()
            for line in lines:
                line.collection_id.last_action_id = line

    def _credit_collection_run(self):
        """What one sync of these customers reads, set-based: {"today", "levels", "rank",
        "figures", "collections", "broken", "month_start", "month_overdue", "collected",
        "collectors", "open_lines"}."""
        partners = self.commercial_partner_id
        company = self.env.company
        today = fields.Date.context_today(self)
        ledger = self.env["partner.credit.ledger"]
        levels = self.env["partner.credit.collection.level"]._levels_for(company)
        figures = ledger._collection_figures(partners.ids, company, today)
        files = partners.filtered(lambda p: p.id in figures)._credit_collection_get(create=True)
        files.update(partners._credit_collection_get())
        collections = (
            self.env["partner.credit.collection"]
            .sudo()
            .browse(sorted(c.id for c in files.values()))
        )
        pending = (
            self.env["partner.credit.promise"]
            .sudo()
            .search([("collection_id", "in", collections.ids), ("state", "=", "pending")])
        )
        broken = pending._credit_resolve(today).collection_id
        collections._credit_promise_next()
        month_start = today.replace(day=1)
        open_lines = defaultdict(dict)
        for line in (
            self.env["partner.credit.collection.action"]
            .sudo()
            .search([("collection_id", "in", collections.ids), ("closed", "=", False)])
        ):
            open_lines[line.collection_id.id][line.level_id.id] = line
        return {
            "today": today,
            "levels": levels,
            "rank": {level.id: index for index, level in enumerate(levels)},
            "figures": figures,
            "collections": collections,
            "broken": broken,
            "month_start": month_start,
            "month_overdue": ledger._overdue_at(
                partners.ids, company, month_start - timedelta(days=1)
            ),
            "collected": ledger._payments(
                company, [(pid, pid, month_start, today) for pid in files]
            ),
            "collectors": partners._credit_collectors(),
            "open_lines": open_lines,
        }

    @api.model
    def _credit_collection_decide(self, collection, run, escalate, to_create, to_close):
        """The new state of one file: its values written, the lines to take (``to_create``)
        and to close (``to_close``: {reason: line ids})."""
        levels, rank = run["levels"], run["rank"]
        pid = collection.partner_id.id
        items = run["figures"].get(pid, {})
        oldest = items.get("date_oldest")
        days = (run["today"] - oldest).days if oldest else 0
        level, floor = collection._credit_level(levels, rank, days, collection in run["broken"])
        wanted = {level.id} if level else set()
        wanted.update(
            other.id
            for other in levels
            if level and rank[other.id] < rank[level.id] and other.action in STATE_ACTIONS
        )
        open_lines = run["open_lines"][collection.id]
        for level_id, line in open_lines.items():
            if level_id not in wanted:
                higher = level and rank.get(level_id, -1) < rank[level.id]
                to_close["superseded" if higher else "paid"].append(line.id)
        collector = run["collectors"].get(pid) or collection.user_id
        if escalate:
            to_create.extend(
                {
                    "collection_id": collection.id,
                    "level_id": other.id,
                    "action": other.action,
                    "user_id": collector.id,
                    "days_overdue": days,
                    "amount": items.get("overdue", 0.0),
                }
                for other in levels
                if other.id in wanted and other.id not in open_lines
            )
        collection._credit_write_changed(
            {
                "level_id": level.id,
                "level_floor_id": floor.id,
                "open": bool(items.get("overdue") or items.get("disputed")),
                "receivable": items.get("receivable", 0.0),
                "overdue_amount": items.get("overdue", 0.0),
                "disputed_amount": items.get("disputed", 0.0),
                "date_oldest_due": oldest or False,
                "oldest_days": days,
                "user_id": collector.id,
                "date_sync": run["today"],
                "month_date": run["month_start"],
                "overdue_month_start": run["month_overdue"].get(pid, 0.0),
                "collected_month": run["collected"].get(pid, 0.0),
            }
        )

    # ------------------------------------------------------------------ scheduled action

    @api.model
    def _cron_credit_collections(self, batch_size=COLLECTION_BATCH_SIZE):
        """Daily: the collections run over every customer with something to follow, in every
        root company, in committed batches.

        Resumable: the last customer done is kept in a system parameter with the day, so a run
        cut short (time limit, restart) goes on where it stopped the same day."""
        cron = self.env["ir.cron"]
        params = self.env["ir.config_parameter"].sudo()
        today = fields.Date.context_today(self)
        company_from, id_from = 0, 0
        progress = (params.get_param(PROGRESS_PARAM) or "").split(":")
        if len(progress) == 3 and progress[0] == today.isoformat():
            company_from, id_from = int(progress[1]), int(progress[2])
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("id", ">=", company_from), ("parent_id", "=", False)], order="id")
        )
        for company in companies:
            partners = self.sudo().with_company(company)
            last_id = id_from if company.id == company_from else 0
            candidates = [
                pid for pid in partners._credit_collection_candidates(today) if pid > last_id
            ]
            for start in range(0, len(candidates), batch_size):
                batch = partners.browse(candidates[start : start + batch_size])
                cron._credit_process_batch(batch, "_credit_collections_sync")
                last_id = batch[-1].id
                params.set_param(PROGRESS_PARAM, f"{today.isoformat()}:{company.id}:{last_id}")
                remaining = len(candidates) - start - len(batch)
                if not cron._commit_progress(len(batch), remaining=remaining):
                    return
        params.set_param(PROGRESS_PARAM, f"{today.isoformat()}:done")

    @api.model
    def _credit_collection_candidates(self, today):
        """Ids (sorted) of the commercial partners the run looks at in the current company:
        those with an overdue invoice now, and those whose file has something to follow
        (a level, open actions, a promise, this month's figures not yet brought up to date)."""
        company = self.env.company
        ledger = self.env["partner.credit.ledger"]
        ledger._flush()
        self.env["partner.credit.collection"].flush_model()
        self.env["partner.credit.collection.action"].flush_model(["collection_id", "closed"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT i.partner_id FROM %(items)s i
                 WHERE i.amount > 0 AND i.date_due < %(today)s
                 UNION
                SELECT c.partner_id FROM partner_credit_collection c
                 WHERE c.company_id = %(company)s
                   AND (c.open OR c.level_id IS NOT NULL OR c.promise_id IS NOT NULL
                        OR c.month_date IS DISTINCT FROM %(month)s
                        OR c.collected_month <> 0 OR c.overdue_month_start <> 0
                        OR EXISTS (SELECT 1 FROM partner_credit_collection_action a
                                    WHERE a.collection_id = c.id AND a.closed IS NOT TRUE))
              ORDER BY 1
                """,
                items=ledger._items_sql(company),
                today=today,
                company=company.id,
                month=today.replace(day=1),
            )
        )
        return [pid for (pid,) in rows]

    def _credit_collections_refresh_existing(self):
        """After a payment or a dispute: the files these customers already have in the current
        company, without new actions (the daily job escalates)."""
        existing = self._credit_collection_get()
        if existing:
            self.browse(list(existing))._credit_collections_sync(escalate=False)
