from collections import defaultdict

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, formatLang

CREDIT_STATES = [
    ("ok", "OK"),
    ("warning", "Warning"),
    ("hold", "Credit Hold"),
    ("released", "Released"),
    ("rejected", "Rejected"),
]
HOLD_ACTIVITY = "partner_credit_archive.mail_activity_type_credit_hold"


class CreditCheckContext:
    """What the credit checks of one company's orders share: computed once per batch."""

    def __init__(self, orders, company, batch):
        self.company = company
        self.currency = company.currency_id
        self.batch = batch
        self.partner_of = {order.id: order._credit_partner() for order in orders}
        self.partners = orders.env["res.partner"].union(*self.partner_of.values())
        # what the checks read of the customers, in one query (a plain read would prefetch
        # every column of res.partner and each company-dependent field one by one)
        self.partners.with_company(company).fetch(
            [
                "name",
                "credit_limit",
                "credit_cash_only",
                "credit_hold",
                "credit_tier_id",
                "credit_group_id",
                "credit_report_id",
            ]
        )
        self.amount_of = {order.id: order._credit_order_amount() for order in orders}
        self.figures = self.partners._credit_figures_get(company)
        self.exposure = {pid: figures["exposure"] for pid, figures in self.figures.items()}
        self.limits = self.partners._credit_limit_get(company)
        self.batch_sum = defaultdict(float)
        for order in orders:
            self.batch_sum[self.partner_of[order.id].id] += self.amount_of[order.id]

    def new_amount(self, order):
        """The amount the check adds to the customer's exposure for ``order``: the order
        itself, or all orders of the same customer confirmed together."""
        partner = self.partner_of[order.id]
        return self.batch_sum[partner.id] if self.batch else self.amount_of[order.id]

    def new_exposure(self, order):
        partner = self.partner_of[order.id]
        return self.exposure.get(partner.id, 0.0) + self.new_amount(order)

    def fmt(self, amount):
        return formatLang(self.company.env, amount, currency_obj=self.currency)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_state = fields.Selection(
        CREDIT_STATES,
        string="Credit Status",
        compute="_compute_credit_state",
        store=True,
        readonly=False,
        copy=False,
        index=True,
        help="Result of the credit checks. Live on quotations; on confirmation a blocked "
        "order is put on credit hold and stays a quotation until a credit manager releases "
        "or rejects it.",
    )
    credit_hold_date = fields.Datetime(
        string="Held On",
        copy=False,
        readonly=True,
        help="When a confirmation of this quotation was held for credit review.",
    )
    credit_currency_id = fields.Many2one(related="company_id.currency_id", string="Credit Currency")
    credit_partner_limit = fields.Monetary(
        string="Credit Limit",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_partner_exposure = fields.Monetary(
        string="Current Exposure",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_order_amount = fields.Monetary(
        string="This Order (Company Currency)",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_partner_available = fields.Monetary(
        string="Available after This Order",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_partner_cash_only = fields.Boolean(
        string="Customer Cash Only", compute="_compute_credit_banner", compute_sudo=True
    )
    credit_check_message = fields.Text(
        string="Credit Check Problems", compute="_compute_credit_banner", compute_sudo=True
    )
    credit_partner_figures_visible = fields.Boolean(
        string="Customer Figures Visible",
        compute="_compute_credit_banner",
        compute_sudo=True,
        help="Whether you may see the customer's exposure and available credit: you are its "
        "salesperson, an archive keeper or a credit manager.",
    )
    credit_check_level = fields.Selection(
        [("none", "None"), ("warning", "Warning"), ("block", "Blocking")],
        compute="_compute_credit_banner",
        compute_sudo=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "partner_id",
        "partner_invoice_id",
        "amount_total",
        "payment_term_id",
        "company_id",
        "currency_id",
    )
    def _compute_credit_state(self):
        quotations = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.partner_id and o.company_id
        )
        results = quotations._credit_control_evaluate(batch=False) if quotations else {}
        for order in self:
            if order in quotations:
                order.credit_state = results[order.id]["state"]
            elif not order.credit_state:
                order.credit_state = "ok"

    @api.depends(
        "state",
        "partner_id",
        "partner_invoice_id",
        "amount_total",
        "payment_term_id",
        "company_id",
        "currency_id",
    )
    @api.depends_context("lang", "uid")
    def _compute_credit_banner(self):
        """The banner of SPEC §3.D. The customer's exposure and available credit are
        confidential (res_partner_credit_confidential.py): a user who may not see the
        customer's figures — a rep quoting a colleague's customer — gets the limit, the order
        and every failing check in words, without the amounts; the checks are the same."""
        quotations = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.partner_id and o.company_id
        )
        results = quotations._credit_control_evaluate(batch=False) if quotations else {}
        # computed in superuser mode: ask for the real user
        partners = self.env["res.partner"].with_env(self.env(su=False))
        visible = partners.browse(
            {result["partner_id"] for result in results.values()}
        )._credit_figures_visible()
        for order in self:
            result = results.get(order.id)
            if not result:
                order.credit_partner_limit = 0.0
                order.credit_partner_exposure = 0.0
                order.credit_order_amount = 0.0
                order.credit_partner_available = 0.0
                order.credit_partner_cash_only = False
                order.credit_partner_figures_visible = False
                order.credit_check_message = False
                order.credit_check_level = "none"
                continue
            shown = result["partner_id"] in visible
            order.credit_partner_figures_visible = shown
            order.credit_partner_limit = result["limit"]
            order.credit_partner_cash_only = result["cash_only"]
            order.credit_partner_exposure = result["exposure"] if shown else 0.0
            order.credit_order_amount = result["amount"]
            order.credit_partner_available = (
                result["limit"] - result["exposure"] - result["amount"]
                if result["limit"] and shown
                else 0.0
            )
            lines = [
                message if shown else order._credit_discreet_message(code, message)
                for code, message in result["failures"]
            ]
            order.credit_check_message = "\n".join(lines) or False
            order.credit_check_level = (
                "block" if result["blocking"] else "warning" if result["warnings"] else "none"
            )

    def write(self, vals):
        # The credit status is the outcome of the checks and of credit managers' decisions:
        # only the control itself (which writes as superuser, after its own rights checks)
        # sets it. Otherwise a salesperson could write "released" and confirm past a hold.
        if not self.env.su and {"credit_state", "credit_hold_date"} & set(vals):
            raise AccessError(
                self.env._(
                    "The credit status of an order is set by the credit checks and by credit "
                    "managers' release or rejection only."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Run the credit checks first: blocked quotations are put on credit hold and stay
        quotations (no exception, so the hold is kept); the others are confirmed by Odoo."""
        to_check = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.credit_state != "released"
        )
        held = to_check._credit_control_confirm() if to_check else self.browse()
        to_confirm = self - held
        if not to_confirm:
            return True
        return super(SaleOrder, to_confirm).action_confirm()

    def _action_cancel(self):
        held = self.filtered("credit_hold_date")
        if held:
            held.sudo().write({"credit_hold_date": False})
            held.sudo().activity_unlink([HOLD_ACTIVITY])
        return super()._action_cancel()

    def _credit_control_confirm(self):
        """Check quotations ``self`` about to be confirmed together; hold the blocked ones.

        Locks the customers' rows (and their credit groups') first, so that two transactions
        confirming orders of the same customer are serialised. Returns the held orders.
        """
        orders = self.sudo()
        prepaid = orders.filtered(lambda o: o._credit_is_prepaid())
        checked = orders - prepaid
        held = self.browse()
        if prepaid:
            prepaid.write({"credit_state": "ok"})
        if not checked:
            return held
        partners = self.env["res.partner"].union(*(o._credit_partner() for o in checked))
        self._credit_control_lock(partners)
        results = checked._credit_control_evaluate(batch=True)
        newly_held = self.browse()
        for order in checked:
            result = results[order.id]
            if result["blocking"]:
                held |= order
                vals = {"credit_state": "hold"}
                if not order.credit_hold_date:
                    vals["credit_hold_date"] = fields.Datetime.now()
                    newly_held |= order
                order.write(vals)
            else:
                state = "warning" if result["warnings"] else "ok"
                if order.credit_state != state:  # usually already so, from the quotation
                    order.write({"credit_state": state})
                if result["warnings"]:
                    order._credit_post_problems(
                        self.env._("Confirmed despite credit warnings:"), result["warnings"]
                    )
        passed = checked - held
        if passed.filtered("credit_hold_date"):
            passed.filtered("credit_hold_date").write({"credit_hold_date": False})
            passed.activity_feedback(
                [HOLD_ACTIVITY], feedback=self.env._("The credit checks pass now.")
            )
        for order in newly_held:
            order._credit_post_problems(
                self.env._("Held for credit review:"), results[order.id]["blocking"]
            )
        if held:
            held._credit_hold_schedule_activities(results)
        return self.browse(held.ids)

    @api.model
    def _credit_control_lock(self, partners):
        """Serialise credit checks per commercial partner (and credit group).

        Rows are locked in id order (no deadlock) and touched, so that a concurrent
        transaction under REPEATABLE READ waiting for the lock fails with a serialisation
        error once we commit and is retried by Odoo with a fresh snapshot, in which it sees
        the orders we confirmed.
        """
        if not partners:
            return
        ids = tuple(sorted(partners.ids))
        cr = self.env.cr
        # expected concurrency errors are retried, not logged
        partners.flush_recordset(["credit_group_id"])
        cr.execute(
            SQL(
                "SELECT id, credit_group_id FROM res_partner WHERE id IN %s ORDER BY id "
                "FOR NO KEY UPDATE",
                ids,
            ),
            log_exceptions=False,
        )
        gids = tuple(sorted({gid for _pid, gid in cr.fetchall() if gid}))
        cr.execute(
            SQL("UPDATE res_partner SET write_date = write_date WHERE id IN %s", ids),
            log_exceptions=False,
        )
        if gids:
            cr.execute(
                SQL(
                    "SELECT id FROM partner_credit_group WHERE id IN %s ORDER BY id "
                    "FOR NO KEY UPDATE",
                    gids,
                ),
                log_exceptions=False,
            )
            cr.execute(
                SQL(
                    "UPDATE partner_credit_group SET write_date = write_date WHERE id IN %s",
                    gids,
                ),
                log_exceptions=False,
            )

    # ------------------------------------------------------------------
    # The checks
    # ------------------------------------------------------------------
    @api.model
    def _credit_control_checks(self):
        """The declared checks: (code, method, company policy field).

        Each method takes the orders of one company and a :class:`CreditCheckContext` and
        returns ``{order_id: message}`` for the orders failing it. Add a check by adding an
        entry (and a policy field on res.company).
        """
        return [
            ("hold", "_credit_check_hold", "credit_policy_hold"),
            ("credit_sales", "_credit_check_credit_sales", "credit_policy_credit_sales"),
            ("limit", "_credit_check_limit", "credit_policy_limit"),
            ("group_limit", "_credit_check_group_limit", "credit_policy_limit"),
            ("overdue", "_credit_check_overdue", "credit_policy_overdue"),
            ("report", "_credit_check_report", "credit_policy_report"),
            ("documents", "_credit_check_documents", "credit_policy_documents"),
        ]

    def _credit_control_evaluate(self, batch):
        """Run the declared checks on quotations ``self`` (set-based, per company).

        :param bool batch: sum the orders of a customer (confirmation of several orders at
            once) instead of checking each order alone (the live banner).
        :return: {order_id: {"state", "blocking", "warnings", "limit", "cash_only", "exposure",
            "amount"}}
        """
        results = {}
        for company, orders in self.sudo().grouped("company_id").items():
            ctx = CreditCheckContext(orders, company, batch)
            for order in orders:
                partner = ctx.partner_of[order.id]
                results[order.id] = {
                    "partner_id": partner.id,
                    "blocking": [],
                    "warnings": [],
                    "codes": [],
                    "failures": [],  # (code, message): blocking first, then warnings
                    "blocking_codes": set(),
                    "limit": ctx.limits.get(partner.id, 0.0),
                    "cash_only": partner.with_company(company).credit_cash_only,
                    "exposure": ctx.exposure.get(partner.id, 0.0),
                    "amount": ctx.amount_of[order.id],
                }
            for code, method, policy_field in self._credit_control_checks():
                policy = company[policy_field]
                if policy == "ignore":
                    continue
                for order_id, message in getattr(orders, method)(ctx).items():
                    result = results[order_id]
                    result["blocking" if policy == "block" else "warnings"].append(message)
                    result["codes"].append(code)
                    result["failures"].append((code, message))
                    if policy == "block":
                        result["blocking_codes"].add(code)
        for result in results.values():
            result["failures"].sort(key=lambda failure: failure[0] not in result["blocking_codes"])
            result["state"] = (
                "hold" if result["blocking"] else "warning" if result["warnings"] else "ok"
            )
        return results

    def _credit_check_hold(self, ctx):
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id].with_company(ctx.company)
            tier = partner.credit_tier_id
            if partner.credit_hold:
                failures[order.id] = self.env._(
                    "%(customer)s is on credit hold.", customer=partner.name
                )
            elif tier and (tier.code == "eliminated" or not tier.allow_new_orders):
                failures[order.id] = self.env._(
                    "%(customer)s is in tier %(tier)s, which takes no new orders.",
                    customer=partner.name,
                    tier=tier.name,
                )
        return failures

    def _credit_check_credit_sales(self, ctx):
        """No credit sales for cash-only customers (whatever the limit) and for tiers that
        allow none: the order is fine only with immediate payment."""
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id].with_company(ctx.company)
            tier = partner.credit_tier_id
            term = order.payment_term_id
            if self._credit_term_is_immediate(term):
                continue
            if partner.credit_cash_only:
                failures[order.id] = self.env._(
                    "%(customer)s is cash only (no credit sales), but the payment term "
                    "%(term)s gives credit. Use immediate payment, or ask a credit manager.",
                    customer=partner.name,
                    term=term.name,
                )
            elif tier and not tier.allow_credit_sales:
                failures[order.id] = self.env._(
                    "Customers of tier %(tier)s pay before delivery, but the payment term "
                    "%(term)s gives credit. Use immediate payment.",
                    tier=tier.name,
                    term=term.name,
                )
        return failures

    def _credit_check_limit(self, ctx):
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id]
            limit = ctx.limits.get(partner.id, 0.0)
            exposure = ctx.new_exposure(order)
            if limit and ctx.currency.compare_amounts(exposure, limit) > 0:
                failures[order.id] = self.env._(
                    "This order takes %(customer)s's credit exposure to %(exposure)s, over "
                    "the credit limit of %(limit)s (available before the order: "
                    "%(available)s).",
                    customer=partner.name,
                    exposure=ctx.fmt(exposure),
                    limit=ctx.fmt(limit),
                    available=ctx.fmt(limit - ctx.exposure.get(partner.id, 0.0)),
                )
        return failures

    def _credit_check_group_limit(self, ctx):
        groups = ctx.partners.sudo().credit_group_id.filtered(
            lambda g: g.company_id == ctx.company and g.credit_limit
        )
        if not groups:
            return {}
        group_exposure = groups._credit_exposure_by_group(ctx.company)
        batch_by_group = defaultdict(float)
        for partner in ctx.partners:
            if partner.credit_group_id in groups:
                batch_by_group[partner.credit_group_id.id] += ctx.batch_sum[partner.id]
        failures = {}
        for order in self:
            group = ctx.partner_of[order.id].credit_group_id
            if group not in groups:
                continue
            added = batch_by_group[group.id] if ctx.batch else ctx.amount_of[order.id]
            exposure = group_exposure[group.id] + added
            if ctx.currency.compare_amounts(exposure, group.credit_limit) > 0:
                failures[order.id] = self.env._(
                    "This order takes the exposure of credit group %(group)s to %(exposure)s, "
                    "over the group's credit limit of %(limit)s.",
                    group=group.name,
                    exposure=ctx.fmt(exposure),
                    limit=ctx.fmt(group.credit_limit),
                )
        return failures

    def _credit_check_overdue(self, ctx):
        days = ctx.company.credit_overdue_days
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id]
            figures = ctx.figures[partner.id]
            if figures["overdue_count"]:
                count, amount = figures["overdue_count"], figures["overdue_amount"]
                oldest = figures["overdue_oldest"]
                failures[order.id] = self.env._(
                    "%(customer)s has %(count)s invoice(s) overdue by more than %(days)s days "
                    "(%(amount)s, oldest due on %(date)s).",
                    customer=partner.name,
                    count=count,
                    days=days,
                    amount=ctx.fmt(amount),
                    date=format_date(self.env, oldest),
                )
        return failures

    def _credit_check_report(self, ctx):
        valid = ctx.partners.with_company(ctx.company)._credit_control_has_valid_report()
        return {
            order.id: self.env._(
                "%(customer)s has no valid approved credit report.",
                customer=ctx.partner_of[order.id].name,
            )
            for order in self
            if not valid.get(ctx.partner_of[order.id].id, True)
        }

    def _credit_check_documents(self, ctx):
        expired = ctx.partners.with_company(ctx.company)._credit_control_expired_documents()
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id]
            if expired.get(partner.id):
                failures[order.id] = self.env._(
                    "Mandatory documents of %(customer)s have expired: %(documents)s.",
                    customer=partner.name,
                    documents=", ".join(expired[partner.id]),
                )
        return failures

    def _credit_discreet_message(self, code, message):
        """``message`` of the check ``code`` without the customer's confidential amounts, for
        a user who may not see its credit figures (the banner)."""
        self.ensure_one()
        partner = self._credit_partner().sudo()
        if code == "limit":
            return self.env._(
                "This order takes %(customer)s over its credit limit.", customer=partner.name
            )
        if code == "group_limit":
            return self.env._(
                "This order takes credit group %(group)s over the group's credit limit.",
                group=partner.credit_group_id.name,
            )
        if code == "overdue":
            return self.env._(
                "%(customer)s has invoices overdue by more than %(days)s days.",
                customer=partner.name,
                days=self.company_id.credit_overdue_days,
            )
        return message

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _credit_partner(self):
        """The customer whose credit the order uses: the invoiced commercial partner."""
        self.ensure_one()
        self.fetch(["partner_invoice_id", "partner_id"])
        partner = self.partner_invoice_id or self.partner_id
        partner.fetch(["commercial_partner_id"])  # not every stored column of res.partner
        return partner.commercial_partner_id

    def _credit_order_amount(self):
        """What the order adds to the exposure, in company currency at the order's rate:
        its total less what was already paid online."""
        self.ensure_one()
        amount = max(self.amount_total - self.amount_paid, 0.0)
        return self.company_id.currency_id.round(amount / (self.currency_rate or 1.0))

    def _credit_is_prepaid(self):
        """Paid online (done or authorized transactions) for its whole amount."""
        self.ensure_one()
        return bool(self.amount_paid) and (
            self.currency_id.compare_amounts(self.amount_paid, self.amount_total) >= 0
        )

    @api.model
    def _credit_term_is_immediate(self, term):
        return not term or all(
            line.nb_days == 0 and line.delay_type == "days_after" for line in term.line_ids
        )

    def _credit_post_problems(self, title, problems):
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup().join(Markup("<li>%s</li>") % problem for problem in problems),
        )
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _credit_managers(self, company):
        users = self.env.ref("partner_credit_archive.group_credit_manager").sudo().all_user_ids
        return users.filtered(
            lambda u: u.active and not u.share and u.id != SUPERUSER_ID and company in u.company_ids
        )

    def _credit_hold_schedule_activities(self, results=None, note=None):
        """One "Credit hold review" activity per credit manager on each held order, never
        twice for the same manager."""
        activity_type = self.env.ref(HOLD_ACTIVITY)
        for order in self.sudo():
            existing = order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            problems = (results or {}).get(order.id, {}).get("blocking") or []
            order_note = note or (
                Markup("<ul>%s</ul>") % Markup().join(Markup("<li>%s</li>") % p for p in problems)
                if problems
                else ""
            )
            for user in order._credit_managers(order.company_id) - existing.user_id:
                order.activity_schedule(HOLD_ACTIVITY, user_id=user.id, note=order_note)
            if note and existing:
                existing.write({"note": note})

    def _credit_ensure_release_rights(self):
        self.env["partner.credit.rights"]._require(
            "partner_credit_archive.group_credit_manager",
            self.env._("Only credit managers can release or reject held orders."),
        )

    def _credit_ensure_held(self):
        not_held = self.filtered(
            lambda o: o.credit_state != "hold" or o.state not in ("draft", "sent")
        )
        if not_held:
            raise UserError(
                self.env._(
                    "These orders are not on credit hold: %(orders)s",
                    orders=", ".join(not_held.mapped("name")),
                )
            )

    def _credit_decision_vals(self, decision_type, reason, user):
        vals_list = []
        for order in self:
            partner = order._credit_partner()
            limit = partner.sudo().with_company(order.company_id).credit_limit
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "company_id": order.company_id.id,
                    "decision_type": decision_type,
                    "old_limit": limit,
                    "new_limit": limit,
                    "reason": reason,
                    "user_id": user.id,
                    "order_id": order.id,
                }
            )
        return vals_list

    def _credit_release(self, reason, automatic=False):
        """Release held quotations ``self``: record the decision and confirm them."""
        user = self.env["res.users"].browse(SUPERUSER_ID) if automatic else self.env.user
        orders = self.sudo()
        self.env["partner.credit.decision"].sudo().create(
            orders._credit_decision_vals("auto_release" if automatic else "release", reason, user)
        )
        orders.write({"credit_state": "released", "credit_hold_date": False})
        title = (
            self.env._("Released automatically:")
            if automatic
            else self.env._("Released by %(user)s:", user=user.name)
        )
        for order in orders:
            order._credit_post_problems(title, [reason])
        orders.activity_feedback([HOLD_ACTIVITY], feedback=reason)
        orders.action_confirm()

    def _credit_reject(self, reason):
        orders = self.sudo()
        self.env["partner.credit.decision"].sudo().create(
            orders._credit_decision_vals("reject", reason, self.env.user)
        )
        orders.activity_feedback([HOLD_ACTIVITY], feedback=reason)
        orders.write({"credit_state": "rejected"})
        for order in orders:
            order._credit_post_problems(
                self.env._("Rejected by %(user)s:", user=self.env.user.name), [reason]
            )
        orders._action_cancel()

    def _credit_request_release(self, comment):
        """A salesperson asks the credit managers to release held orders."""
        note = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Release requested by %(user)s:", user=self.env.user.name),
            comment,
        )
        for order in self.sudo():
            managers = order._credit_managers(order.company_id)
            order.message_post(
                body=note,
                subtype_xmlid="mail.mt_note",
                partner_ids=managers.partner_id.ids,
            )
        self._credit_hold_schedule_activities(note=note)

    @api.model
    def _credit_recheck_held_orders(self, partners):
        """Re-check held quotations of ``partners`` (after a payment): release those passing
        every blocking check, recorded as automatic releases."""
        held = self.sudo().search(
            [
                ("credit_state", "=", "hold"),
                ("credit_hold_date", "!=", False),
                ("state", "in", ("draft", "sent")),
                ("partner_invoice_id.commercial_partner_id", "in", partners.ids),
            ]
        )
        if not held:
            return held
        self._credit_control_lock(
            self.env["res.partner"].union(*(o._credit_partner() for o in held))
        )
        results = held._credit_control_evaluate(batch=True)
        passing = held.filtered(lambda o: not results[o.id]["blocking"])
        released = self.browse()
        for order in passing:
            try:
                with self.env.cr.savepoint():
                    order._credit_release(
                        self.env._("Payment received: every blocking credit check passes."),
                        automatic=True,
                    )
                released |= order
            except UserError as error:
                order._credit_post_problems(
                    self.env._("Could not be released automatically:"), [str(error)]
                )
        return released

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_credit_release_wizard(self):
        return self._credit_open_wizard("decide", self.env._("Release or Reject"))

    def action_credit_request_release(self):
        return self._credit_open_wizard("request", self.env._("Request Release"))

    def _credit_open_wizard(self, mode, title):
        self._credit_ensure_held()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "partner.credit.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids, "default_mode": mode},
        }
