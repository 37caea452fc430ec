"""Credit hold of orders: confirmation, hold, release, rejection and their activities.

A quotation whose confirmation meets a blocking check stays a quotation on credit hold, with a
"Credit hold review" activity for each credit manager; a credit manager releases (the order
confirms) or rejects it, a salesperson may request a release, and a payment re-checks the held
orders of the customer. Every release and rejection is a credit decision.
"""

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .sale_order import HOLD_ACTIVITY


def log_decision(records, body):
    """Log a decision ``body`` on ``records`` as one chatter entry: the body of the tracking
    message of their state change in this transaction (Odoo's ``_track_set_log_message``),
    or a note where Odoo tracks nothing (tracking off in the context, or a record created in
    this same transaction)."""
    tracked = records.browse()
    if not (records.env.context.get("tracking_disable") or records.env.context.get("mail_notrack")):
        pending = records.env.cr.precommit.data.get(f"mail.tracking.{records._name}", {})
        tracked = records.filtered(lambda record: isinstance(pending.get(record.id), dict))
    tracked._track_set_log_message(body)
    for record in records - tracked:
        record.message_post(body=body, subtype_xmlid="mail.mt_note")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Run the credit checks first: blocked quotations are put on credit hold and stay
        quotations (no exception, so the hold is kept); the others are confirmed by Odoo.

        Held quotations do not change on screen, so the user is told (a notification, also
        when confirming a quotation still on hold again): which, why, and what to do."""
        to_check = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.credit_state != "released"
        )
        already_held = to_check.filtered(lambda o: o.credit_state == "hold" and o.credit_hold_date)
        held = to_check._credit_control_confirm() if to_check else self.browse()
        to_confirm = self - held
        result = super(SaleOrder, to_confirm).action_confirm() if to_confirm else True
        if not held:
            return result
        notification = held._credit_hold_notification(already_held)
        if result is True:
            return notification
        # another step follows (a wizard): the notification goes by the bus
        self.env.user._bus_send("simple_notification", notification["params"])
        return result

    def _action_cancel(self):
        held = self.filtered("credit_hold_date")
        if held:
            held.sudo().write({"credit_hold_date": False, "credit_hold_codes": False})
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
        if prepaid:
            prepaid.write({"credit_state": "ok"})
        if not checked:
            return self.browse()
        partners = self.env["res.partner"].union(*checked._credit_partners().values())
        self._credit_control_lock(partners)
        results = checked._credit_control_evaluate(batch=True)
        held, newly_held = checked._credit_control_apply(results)
        (checked - held)._credit_hold_lift()
        for order in newly_held:
            order._credit_post_problems(
                self.env._("Held for credit review:"), results[order.id]["blocking"]
            )
        if held:
            held._credit_hold_schedule_activities(results)
        return self.browse(held.ids)

    def _credit_control_apply(self, results):
        """Write the outcome of the checks on quotations ``self`` being confirmed: the blocked
        ones go on credit hold, the others keep their state and a note of their warnings.

        :return: (the held orders, the orders held just now)
        """
        held = newly_held = self.browse()
        for order in self:
            result = results[order.id]
            if result["blocking"]:
                held |= order
                codes = [c for c in result["codes"] if c in result["blocking_codes"]]
                vals = {"credit_state": "hold", "credit_hold_codes": ",".join(codes)}
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
        return held, newly_held

    def _credit_hold_lift(self):
        """Orders ``self`` pass the checks now: a former hold ends, its activities are done."""
        if self.filtered("credit_hold_date"):
            self.filtered("credit_hold_date").write(
                {"credit_hold_date": False, "credit_hold_codes": False}
            )
            self.activity_feedback(
                [HOLD_ACTIVITY], feedback=self.env._("The credit checks pass now.")
            )

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
        partners.flush_recordset(["credit_group_id"])
        rows = self._credit_lock_rows("res_partner", partners.ids, "credit_group_id")
        gids = {gid for _pid, gid in rows if gid}
        if gids:
            self._credit_lock_rows("partner_credit_group", gids)

    @api.model
    def _credit_lock_rows(self, table, ids, *columns):
        """Lock the rows ``ids`` of ``table`` in id order and touch them (see
        ``_credit_control_lock``); return their ``id`` and ``columns``, read under the lock."""
        names = ("id", *columns)
        cr = self.env.cr
        # one statement: the rows locked in id order, then touched; expected concurrency
        # errors are retried, not logged
        cr.execute(
            SQL(
                """
                WITH locked AS (
                    SELECT %(columns)s FROM %(table)s WHERE id IN %(ids)s
                     ORDER BY id FOR NO KEY UPDATE
                )
                UPDATE %(table)s t SET write_date = t.write_date
                  FROM locked WHERE t.id = locked.id
             RETURNING %(returned)s
                """,
                columns=SQL(", ").join(SQL.identifier(column) for column in names),
                table=SQL.identifier(table),
                ids=tuple(sorted(ids)),
                returned=SQL(", ").join(SQL.identifier("locked", column) for column in names),
            ),
            log_exceptions=False,
        )
        return cr.fetchall()

    def _credit_is_prepaid(self):
        """Paid online (done or authorized transactions) for its whole amount."""
        self.ensure_one()
        return bool(self.amount_paid) and (
            self.currency_id.compare_amounts(self.amount_paid, self.amount_total) >= 0
        )

    # ------------------------------------------------------------------
    # Hold review: activities, release, rejection
    # ------------------------------------------------------------------
    def _credit_managers(self, company):
        users = self.env.ref("partner_credit_archive.group_credit_manager").sudo().all_user_ids
        return users.filtered(
            lambda u: u.active and not u.share and u.id != SUPERUSER_ID and company in u.company_ids
        )

    def _credit_hold_schedule_activities(self, results=None):
        """One "Credit hold review" activity per credit manager on each held order, never
        twice for the same manager, in the manager's language (Odoo shows an activity as
        stored: its summary comes from the type, translated when it is created)."""
        activity_type = self.env.ref(HOLD_ACTIVITY)
        for order in self.sudo():
            existing = order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            result = (results or {}).get(order.id)
            for user in order._credit_managers(order.company_id) - existing.user_id:
                order.with_context(lang=user.lang).activity_schedule(
                    HOLD_ACTIVITY, user_id=user.id, note=order._credit_hold_note(user, result)
                )

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
        # one chatter entry: the decision, on the confirmation's own tracking message
        # (Quotation → Sales Order); the review activities are done with it (as Odoo's
        # approvals do, they go without a message of their own)
        orders.activity_unlink([HOLD_ACTIVITY])
        orders.action_confirm()
        # after the state change: its tracking is pending now, so the decision becomes the
        # body of that one message (before it, nothing may be pending for the order yet)
        orders._credit_track_decision(title, reason)

    def _credit_reject(self, reason):
        orders = self.sudo()
        self.env["partner.credit.decision"].sudo().create(
            orders._credit_decision_vals("reject", reason, self.env.user)
        )
        orders.write({"credit_state": "rejected"})
        # one chatter entry, on the cancellation's tracking message (see _credit_release)
        orders._action_cancel()
        orders._credit_track_decision(
            self.env._("Rejected by %(user)s:", user=self.env.user.name), reason
        )

    def _credit_track_decision(self, title, reason):
        """The decision ``title``: ``reason`` as the body of the state change's tracking
        message of orders ``self`` (one chatter entry per decision)."""
        body = Markup("<p>%s</p><p>%s</p>") % (title, reason)
        log_decision(self, body)

    def _credit_request_release(self, comment):
        """A salesperson asks the credit managers to release held orders: the request is
        kept on the orders (the Held Orders list and the release dialog show it), noted in
        the chatter for the managers and added to their review activities (each in the
        manager's language)."""
        self._credit_ensure_held()
        user = self.env.user
        orders = self.sudo()
        orders.write(
            {
                "credit_request_comment": comment,
                "credit_request_user_id": user.id,
                "credit_request_date": fields.Datetime.now(),
            }
        )
        note = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Release requested by %(user)s:", user=user.name),
            comment,
        )
        activity_type = self.env.ref(HOLD_ACTIVITY)
        for order in orders:
            managers = order._credit_managers(order.company_id)
            order.message_post(
                body=note,
                subtype_xmlid="mail.mt_note",
                partner_ids=managers.partner_id.ids,
            )
            activities = order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            for activity in activities:
                manager = activity.user_id
                line = order.with_context(lang=manager.lang)._credit_request_line(tz=manager.tz)
                activity.note = (activity.note or Markup()) + Markup("<p>%s</p>") % line
        orders._credit_hold_schedule_activities()

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
        self._credit_control_lock(self.env["res.partner"].union(*held._credit_partners().values()))
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
