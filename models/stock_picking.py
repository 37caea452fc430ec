"""Control at delivery (事中控制, SPEC §3.K): the credit status of a delivery and its hold.

Validating (``button_validate``, also through the backorder wizard) an outgoing delivery to a
customer runs the delivery checks (stock_picking_credit_check.py). A blocked delivery is not
validated and nothing is lost: it returns normally, keeps its quantities, is put on credit
hold (``credit_state`` = hold, the reason codes in ``credit_hold_codes``) with one "Delivery
credit hold review" activity per credit manager and a chatter note, and the warehouse user
gets a notification saying why. A warning lets the validation through with a chatter note.

A credit manager releases it through the release wizard (a credit decision; never one whose
order they sell). A release covers the reasons the delivery was held for: the released
delivery validates while only those fail, and is held again only for a *new* blocking reason
(say the customer is put on credit hold after a release for an overdue invoice). Its
backorders are new deliveries, checked at their own validation.

Returns, receipts, internal moves (pick / pack steps) and deliveries not to a customer
location are never checked.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime

from .sale_order_credit_hold import log_decision

DELIVERY_CREDIT_STATES = [
    ("ok", "OK"),
    ("warning", "Warning"),
    ("hold", "Credit Hold"),
    ("released", "Released"),
]
DELIVERY_HOLD_ACTIVITY = "partner_credit_archive.mail_activity_type_delivery_hold"
CREDIT_FIELDS = {"credit_state", "credit_hold_codes", "credit_released_codes", "credit_hold_date"}


class StockPicking(models.Model):
    _inherit = "stock.picking"

    credit_state = fields.Selection(
        DELIVERY_CREDIT_STATES,
        string="Credit Status",
        default="ok",
        required=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
        help="Result of the credit checks at the validation of a delivery to a customer. A "
        "delivery on credit hold is not validated until a credit manager releases it.",
    )
    credit_hold_codes = fields.Char(
        string="Hold Reason Codes",
        copy=False,
        readonly=True,
        help="The delivery checks that held the delivery (codes, comma-separated).",
    )
    credit_released_codes = fields.Char(
        string="Released Reason Codes",
        copy=False,
        readonly=True,
        help="The hold reasons the credit manager's release covers: only a new reason holds "
        "the delivery again.",
    )
    credit_hold_reason = fields.Char(
        string="Hold Reason",
        compute="_compute_credit_hold_reason",
        help="Why the delivery is (or was, before its release) on credit hold.",
    )
    credit_hold_date = fields.Datetime(string="Held On", copy=False, readonly=True)
    credit_can_decide = fields.Boolean(
        string="Can Release",
        compute="_compute_credit_can_decide",
        help="You are a credit manager and not the salesperson of the delivery's order: you "
        "release it; otherwise you request a release.",
    )
    credit_check_applies = fields.Boolean(
        string="Credit Checked",
        compute="_compute_credit_check_applies",
        help="An outgoing delivery to a customer: its validation runs the credit checks.",
    )

    @api.depends("credit_hold_codes", "credit_state")
    @api.depends_context("lang")
    def _compute_credit_hold_reason(self):
        labels = self._credit_delivery_labels()
        for picking in self:
            codes = (picking.credit_hold_codes or "").split(",")
            picking.credit_hold_reason = (
                ", ".join(labels.get(code, code) for code in codes if code) or False
            )

    @api.depends("sale_id.user_id")
    @api.depends_context("uid")
    def _compute_credit_can_decide(self):
        manager = self.env.user.has_group("partner_credit_archive.group_credit_manager")
        for picking in self:
            picking.credit_can_decide = manager and picking.sale_id.user_id != self.env.user

    @api.depends("picking_type_code", "location_dest_id", "return_id", "state")
    def _compute_credit_check_applies(self):
        checked = self._credit_delivery_scope()
        for picking in self:
            picking.credit_check_applies = picking in checked

    def write(self, vals):
        # The credit status is the outcome of the checks and of credit managers' releases:
        # only the control itself (in superuser mode, after its own rights checks) sets it.
        if not self.env.su and CREDIT_FIELDS & set(vals):
            raise AccessError(
                self.env._(
                    "The credit status of a delivery is set by the credit checks and by "
                    "credit managers' releases only."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    def button_validate(self):
        """Run the delivery checks first: held deliveries are left as they are (no
        exception, so the hold is kept) and the user is told why; the others are validated
        by Odoo, and those validated despite warnings get a chatter note."""
        to_check = self._credit_delivery_scope()
        held, warnings = to_check._credit_delivery_control() if to_check else (self.browse(), {})
        rest = self - held
        result = super(StockPicking, rest).button_validate() if rest else True
        for picking in rest.filtered(lambda p: p.state == "done" and warnings.get(p.id)):
            picking._credit_delivery_post(
                self.env._("Delivered despite credit warnings:"), warnings[picking.id]
            )
        if not held:
            return result
        notification = held._credit_delivery_notification()
        if result is True:
            return notification
        # another step follows (backorder wizard, reports): the warning goes by the bus
        self.env.user._bus_send("simple_notification", notification["params"])
        return result

    def _credit_delivery_scope(self):
        """The deliveries whose validation is checked: outgoing, to a customer location, not
        a return, not done or cancelled, with a customer."""
        return self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.state not in ("done", "cancel")
            and not p.return_id
            and p.location_dest_id.usage == "customer"
            and (p.sale_id or p.partner_id)
        )

    def _credit_delivery_partner(self):
        """The customer whose credit the delivery uses: its order's invoiced commercial
        partner, else the commercial partner it is delivered to."""
        self.ensure_one()
        if self.sale_id:
            return self.sale_id._credit_partner()
        return self.partner_id.commercial_partner_id

    def _credit_delivery_control(self):
        """Check deliveries ``self`` about to be validated; hold the blocked ones.

        :return: (the held deliveries, {picking id: warnings of those that may go})
        """
        pickings = self.sudo()
        results = pickings._credit_delivery_evaluate()
        held = self.browse()
        warnings = {}
        for picking in pickings:
            result = results[picking.id]
            released = set((picking.credit_released_codes or "").split(",")) - {""}
            new_codes = [code for code in result["blocking_codes"] if code not in released]
            if picking.credit_state == "released" and not new_codes:
                warnings[picking.id] = result["warnings"]
            elif result["blocking"]:
                picking._credit_delivery_hold(result)
                held |= picking
            else:
                picking._credit_delivery_pass(result)
                warnings[picking.id] = result["warnings"]
        return self.browse(held.ids), warnings

    def _credit_delivery_hold(self, result):
        """Put delivery ``self`` on credit hold for ``result``'s blocking checks: a chatter
        note when the reasons are new, one activity per credit manager (never twice)."""
        self.ensure_one()
        codes = ",".join(result["blocking_codes"])
        is_new = self.credit_state != "hold" or self.credit_hold_codes != codes
        vals = {"credit_state": "hold", "credit_hold_codes": codes, "credit_released_codes": False}
        if not self.credit_hold_date:
            vals["credit_hold_date"] = fields.Datetime.now()
        self.write(vals)
        if is_new:
            self._credit_delivery_post(
                self.env._("Delivery held for credit review:"), result["blocking"]
            )
        self._credit_delivery_schedule_activities()

    def _credit_delivery_pass(self, result):
        """Delivery ``self`` passes the blocking checks: a former hold ends (its activities
        are done)."""
        self.ensure_one()
        vals = {"credit_state": "warning" if result["warnings"] else "ok"}
        if self.credit_hold_date:
            vals.update(credit_hold_date=False, credit_hold_codes=False)
            self.activity_feedback(
                [DELIVERY_HOLD_ACTIVITY], feedback=self.env._("The credit checks pass now.")
            )
        self.write(vals)

    def _credit_delivery_notification(self):
        """The warning a warehouse user gets when deliveries ``self`` were held."""
        held = "; ".join(
            self.env._("%(delivery)s: %(reason)s", delivery=p.name, reason=p.credit_hold_reason)
            for p in self
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Delivery on credit hold"),
                "message": self.env._(
                    "%(held)s. Not validated: a credit manager must release it first. "
                    "Nothing was lost.",
                    held=held,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _credit_delivery_post(self, title, problems):
        if not problems:
            return
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup().join(Markup("<li>%s</li>") % problem for problem in problems),
        )
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # Hold review: activities, release, request
    # ------------------------------------------------------------------
    def _credit_delivery_schedule_activities(self, comment_line=None):
        """One "Delivery credit hold review" activity per credit manager on each held
        delivery, never twice for the same manager, in the manager's language (Odoo shows
        an activity as stored). ``comment_line(picking)``: a release request's line, added to
        the activities (in each manager's language)."""
        activity_type = self.env.ref(DELIVERY_HOLD_ACTIVITY)
        for picking in self.sudo():
            existing = picking.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            managers = self.env["sale.order"]._credit_managers(picking.company_id)
            for user in managers - existing.user_id:
                local = picking.with_context(lang=user.lang)
                note = Markup("<p>%s</p>") % local.env._(
                    "Held on %(date)s: %(reason)s. The chatter has the figures of that moment.",
                    date=format_datetime(
                        local.env, picking.credit_hold_date, tz=user.tz, dt_format="short"
                    ),
                    reason=local.credit_hold_reason,
                )
                local.activity_schedule(DELIVERY_HOLD_ACTIVITY, user_id=user.id, note=note)
            if comment_line:
                for activity in existing:
                    line = comment_line(picking.with_context(lang=activity.user_id.lang))
                    activity.note = (activity.note or Markup()) + Markup("<p>%s</p>") % line

    def _credit_delivery_ensure_held(self):
        not_held = self.filtered(
            lambda p: p.credit_state != "hold" or p.state in ("done", "cancel")
        )
        if not_held:
            raise UserError(
                self.env._(
                    "These deliveries are not on credit hold: %(deliveries)s",
                    deliveries=", ".join(not_held.mapped("name")),
                )
            )

    def _credit_delivery_release(self, reason):
        """A credit manager releases held deliveries ``self``: a credit decision each; the
        warehouse can then validate them."""
        self.env["partner.credit.rights"]._require(
            "partner_credit_archive.group_credit_manager",
            self.env._("Only credit managers can release held deliveries."),
        )
        self._credit_delivery_ensure_held()
        pickings = self.sudo()
        own = pickings.filtered(lambda p: p.sale_id.user_id == self.env.user)
        if own:
            raise UserError(
                self.env._(
                    "You are the salesperson of the order of %(deliveries)s: another credit "
                    "manager must release it (segregation of duties).",
                    deliveries=", ".join(own.mapped("name")),
                )
            )
        self.env["partner.credit.decision"].sudo().create(
            [picking._credit_delivery_decision_vals(reason) for picking in pickings]
        )
        # one chatter entry: the decision, as the body of the credit status' tracking
        # message (Credit Hold → Released); the review activities are done with it
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Released by %(user)s:", user=self.env.user.name),
            reason,
        )
        for picking in pickings:
            picking.write(
                {
                    "credit_state": "released",
                    "credit_released_codes": picking.credit_hold_codes,
                    "credit_hold_date": False,
                }
            )
        log_decision(pickings, body)
        pickings.activity_unlink([DELIVERY_HOLD_ACTIVITY])

    def _credit_delivery_decision_vals(self, reason):
        self.ensure_one()
        partner = self._credit_delivery_partner()
        limit = partner.sudo().with_company(self.company_id).credit_limit
        return {
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "decision_type": "delivery_release",
            "old_limit": limit,
            "new_limit": limit,
            "reason": reason,
            "user_id": self.env.user.id,
            "order_id": self.sale_id.id,
            "picking_id": self.id,
        }

    def _credit_delivery_request_release(self, comment):
        """The warehouse or the salesperson asks the credit managers to release."""
        self._credit_delivery_ensure_held()
        user, now = self.env.user, fields.Datetime.now()
        note = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Release requested by %(user)s:", user=user.name),
            comment,
        )
        for picking in self.sudo():
            managers = self.env["sale.order"]._credit_managers(picking.company_id)
            picking.message_post(
                body=note, subtype_xmlid="mail.mt_note", partner_ids=managers.partner_id.ids
            )

        def comment_line(picking):
            return picking.env._(
                "Release requested by %(user)s on %(date)s: %(comment)s",
                user=user.name,
                date=format_datetime(picking.env, now, dt_format="short"),
                comment=comment,
            )

        self._credit_delivery_schedule_activities(comment_line)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_credit_release_wizard(self):
        return self._credit_delivery_open_wizard("decide", self.env._("Release Delivery"))

    def action_credit_request_release(self):
        return self._credit_delivery_open_wizard("request", self.env._("Request Release"))

    def _credit_delivery_open_wizard(self, mode, title):
        self._credit_delivery_ensure_held()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "partner.credit.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_ids": self.ids, "default_mode": mode},
        }

    def get_empty_list_help(self, help_message):
        """The held deliveries' list says that nothing is held (its action's help), not stock's
        "create a transfer" and barcode advice."""
        if self.env.context.get("credit_held_deliveries"):
            return help_message
        return super().get_empty_list_help(help_message)
