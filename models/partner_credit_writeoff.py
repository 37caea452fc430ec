"""Bad-debt write-offs (核销, SPEC §3.I): requested, approved as a credit decision, posted
with Odoo's reconciliation, recoveries tracked.

- A collector (a sales rep, for their own customers), a credit manager or an accountant
  **requests** a write-off of open customer invoices with a reason.
- A credit manager **approves** (a ``write_off`` credit decision is recorded) or **rejects**
  it — never their own request, nor one for a customer of whom they are the salesperson. The
  check is ``_credit_writeoff_check_authority``; what the approval does is
  ``_credit_authority_execute``, the hook of the approval authority levels.
- An accountant (or credit manager) **posts** it (``_credit_writeoff_post``): one journal
  entry in the write-off journal of Settings credits each invoice's receivable by its open
  amount (in the invoice's currency) and debits the write-off account; each credit is
  reconciled with its invoice by Odoo's ``reconcile()``, so the invoices are paid. Odoo
  Community has no write-off outside a payment (its reconciliation wizard is Enterprise's),
  and a write-off is no payment, so this is Odoo's own manual write-off: an entry reconciled.
- A customer who pays after the write-off: register the payment as usual, then **Record
  Recovery** on the write-off: an entry in the same journal debits the receivable and credits
  the write-off account back (收回已核销坏账), and is reconciled with the payment.
  ``amount_recovered`` sums the posted recovery entries.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools.misc import format_amount

MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
ARCHIVE_USER_GROUP = "partner_credit_archive.group_archive_user"
ACCOUNTANT_GROUP = "account.group_account_invoice"
WRITEOFF_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("posted", "Posted"),
    ("rejected", "Rejected"),
]
WRITEOFF_REASONS = [
    ("bankruptcy", "Bankruptcy or Liquidation"),
    ("deregistered", "Deregistered or Licence Revoked"),
    ("deceased", "Debtor Deceased"),
    ("unenforceable", "Judgment Cannot Be Enforced"),
    ("time_barred", "Time-Barred"),
    ("other", "Other"),
]


class PartnerCreditWriteoff(models.Model):
    _name = "partner.credit.writeoff"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Bad-Debt Write-off"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('parent_id', '=', False)]",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        required=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('state', '=', 'posted'), "
        "('move_type', '=', 'out_invoice'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        tracking=True,
        help="The invoices' open amount when requested; once posted, what was written off.",
    )
    reason_code = fields.Selection(WRITEOFF_REASONS, string="Reason", required=True, tracking=True)
    reason = fields.Text(string="Explanation", required=True)
    state = fields.Selection(
        WRITEOFF_STATES,
        string="Status",
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        "res.users", string="Requested By", readonly=True, default=lambda self: self.env.user
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    decision_note = fields.Text(help="The credit manager's comment on the approval or rejection.")
    decision_id = fields.Many2one(
        "partner.credit.decision", string="Credit Decision", readonly=True
    )
    move_id = fields.Many2one("account.move", string="Write-off Entry", readonly=True)
    date_posted = fields.Date(string="Posted On", readonly=True)
    recovery_move_ids = fields.Many2many(
        "account.move",
        "partner_credit_writeoff_recovery_rel",
        "writeoff_id",
        "move_id",
        string="Recoveries",
        readonly=True,
    )
    amount_recovered = fields.Monetary(
        string="Recovered",
        currency_field="currency_id",
        compute="_compute_amount_recovered",
        store=True,
    )

    @api.model
    def _default_company(self):
        return self.env.company

    @api.depends("recovery_move_ids.state", "recovery_move_ids.amount_total_signed")
    def _compute_amount_recovered(self):
        for writeoff in self:
            writeoff.amount_recovered = sum(
                writeoff.recovery_move_ids.filtered(lambda m: m.state == "posted").mapped(
                    "amount_total_signed"
                )
            )

    @api.constrains("partner_id", "invoice_ids")
    def _check_invoices(self):
        for writeoff in self:
            if writeoff.partner_id != writeoff.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._("Write off the receivables of the customer, not of a contact.")
                )
            foreign = writeoff.sudo().invoice_ids.filtered(
                lambda m, w=writeoff: m.commercial_partner_id != w.partner_id
                or m.move_type != "out_invoice"
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Only customer invoices of %(customer)s can be written off on this "
                        "request, not %(invoices)s.",
                        customer=writeoff.partner_id.display_name,
                        invoices=", ".join(foreign.mapped("display_name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        user = self.env.user
        if not self.env.su and not (
            user.has_group(ARCHIVE_USER_GROUP) or user.has_group(ACCOUNTANT_GROUP)
        ):
            raise UserError(
                self.env._("Only collectors, credit managers and accountants request write-offs.")
            )
        writeoffs = super().create(vals_list)
        Sequence = self.env["ir.sequence"].sudo()
        for writeoff in writeoffs:
            checked = writeoff.sudo()  # a collector need not read the invoices' accounting
            checked._credit_writeoff_check_request()
            writeoff.name = Sequence.with_company(writeoff.company_id).next_by_code(
                "partner.credit.writeoff"
            )
            writeoff.amount = checked._credit_writeoff_open_amount()
        return writeoffs

    def write(self, vals):
        if {"partner_id", "invoice_ids", "company_id"} & vals.keys() and any(
            writeoff.state != "requested" for writeoff in self
        ):
            raise UserError(self.env._("The invoices of a decided write-off cannot change."))
        res = super().write(vals)
        if "invoice_ids" in vals:
            for writeoff in self:
                checked = writeoff.sudo()
                checked._credit_writeoff_check_request()
                writeoff.amount = checked._credit_writeoff_open_amount()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Write-off requests are kept; reject the request instead."))

    # ------------------------------------------------------------------ actions

    def action_approve(self):
        """Approve within the user's approval authority (kind ``write_off``, the open amount in
        company currency); above it the approval waits as a credit request for the next level,
        which carries it out through ``_credit_authority_execute``."""
        requests = self.env["partner.credit.request"]
        for writeoff in self:
            writeoff._credit_writeoff_check_authority()
            request = self.env["partner.credit.authority"]._credit_authorize(
                "write_off",
                writeoff.partner_id,
                writeoff.sudo()._credit_writeoff_open_amount(),
                reason=writeoff.decision_note or writeoff.reason,
                values={"res_model": writeoff._name, "res_id": writeoff.id},
                company=writeoff.company_id,
            )
            if request:
                requests |= request
                continue
            writeoff._credit_authority_execute()
        if requests:
            return requests[:1]._credit_notification()
        return True

    def action_reject(self):
        for writeoff in self:
            writeoff._credit_writeoff_check_authority()
            if not writeoff.decision_note:
                raise UserError(
                    self.env._("Say in the decision note why the write-off is rejected.")
                )
            writeoff.write(
                {
                    "state": "rejected",
                    "decided_by_id": self.env.user.id,
                    "date_decided": fields.Datetime.now(),
                }
            )
        return True

    def action_post(self):
        for writeoff in self:
            writeoff._credit_writeoff_post()
        return True

    def action_recovery_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Recovery"),
            "res_model": "partner.credit.writeoff.recovery.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_writeoff_id": self.id},
        }

    # ---------------------------------------------------------------- business

    def _credit_writeoff_receivable_lines(self):
        """The invoices' open receivable lines."""
        self.ensure_one()
        return self.invoice_ids.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled
            and not line.company_currency_id.is_zero(line.amount_residual)
        )

    def _credit_writeoff_open_amount(self):
        return sum(self._credit_writeoff_receivable_lines().mapped("amount_residual"))

    def _credit_writeoff_check_request(self):
        self.ensure_one()
        if not self.invoice_ids:
            raise UserError(self.env._("Choose the invoices to write off."))
        closed = self.invoice_ids.filtered(
            lambda m: m.state != "posted" or m.payment_state not in ("not_paid", "partial")
        )
        if closed:
            raise UserError(
                self.env._(
                    "Only open posted invoices can be written off, not %(invoices)s.",
                    invoices=", ".join(closed.mapped("display_name")),
                )
            )
        pending = self.search(
            [
                ("id", "!=", self.id),
                ("state", "in", ("requested", "approved")),
                ("invoice_ids", "in", self.invoice_ids.ids),
            ],
            limit=1,
        )
        if pending:
            raise UserError(
                self.env._(
                    "Write-off %(other)s already asks for some of these invoices.",
                    other=pending.name,
                )
            )

    def _credit_writeoff_check_authority(self):
        """May the current user approve or reject this request? The approval authority
        levels route their decision through here."""
        self.ensure_one()
        self.env["partner.credit.rights"]._require(
            MANAGER_GROUP, self.env._("Only credit managers approve or reject write-offs.")
        )
        if self.state != "requested":
            raise UserError(
                self.env._(
                    "Write-off %(name)s is no longer waiting for a decision.", name=self.name
                )
            )
        if self.env.su:
            return
        if self.requested_by_id == self.env.user:
            raise UserError(
                self.env._(
                    "You requested write-off %(name)s: another credit manager decides.",
                    name=self.name,
                )
            )
        if self.partner_id.user_id == self.env.user:
            raise UserError(
                self.env._(
                    "You are the salesperson of %(customer)s: another credit manager decides.",
                    customer=self.partner_id.display_name,
                )
            )

    def _credit_authority_execute(self, request=None):
        """The request is approved (at the right level): record the credit decision. Posting
        stays an accounting step (``_credit_writeoff_post``)."""
        self.ensure_one()
        self.sudo()._credit_writeoff_check_request()
        amount = self.sudo()._credit_writeoff_open_amount()
        partner = self.partner_id.with_company(self.company_id)
        limit = partner.sudo().credit_limit
        note = self.decision_note or self.reason
        decision = (
            self.env["partner.credit.decision"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "decision_type": "write_off",
                    "old_limit": limit,
                    "new_limit": limit,
                    "reason": self.env._(
                        "Write-off %(name)s of %(amount)s approved: %(note)s",
                        name=self.name,
                        amount=format_amount(self.env, amount, self.currency_id),
                        note=note,
                    ),
                    "user_id": self.env.user.id,
                    "writeoff_id": self.id,
                }
            )
        )
        self.write(
            {
                "state": "approved",
                "amount": amount,
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
                "decision_id": decision.id,
            }
        )
        return decision

    def _credit_writeoff_settings(self):
        company = self.company_id
        account, journal = company.credit_writeoff_account_id, company.credit_writeoff_journal_id
        if not account or not journal:
            raise UserError(
                self.env._(
                    "Choose the bad-debt write-off account and journal in Settings "
                    "(Bad-debt provision) first."
                )
            )
        return account, journal

    def _credit_writeoff_post(self):
        """Post the approved write-off: one entry crediting each invoice's open receivable,
        reconciled with it (the invoices become paid), debiting the write-off account."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not (
            user.has_group(MANAGER_GROUP) or user.has_group(ACCOUNTANT_GROUP)
        ):
            raise UserError(self.env._("Only accountants and credit managers post write-offs."))
        if self.state != "approved":
            raise UserError(
                self.env._(
                    "Write-off %(name)s must be approved before it is posted.", name=self.name
                )
            )
        account, journal = self._credit_writeoff_settings()
        lines = self.sudo()._credit_writeoff_receivable_lines()
        total = sum(lines.mapped("amount_residual"))
        if self.currency_id.compare_amounts(total, 0) <= 0:
            raise UserError(
                self.env._("The invoices of write-off %(name)s are already paid.", name=self.name)
            )
        today = fields.Date.context_today(self)
        label = self.env._("Bad-debt write-off %(name)s", name=self.name)
        move_lines = [
            Command.create(
                {
                    "name": label,
                    "account_id": line.account_id.id,
                    "partner_id": line.partner_id.id,
                    "currency_id": line.currency_id.id,
                    "amount_currency": -line.amount_residual_currency,
                    "balance": -line.amount_residual,
                }
            )
            for line in lines
        ]
        move_lines.append(
            Command.create(
                {
                    "name": label,
                    "account_id": account.id,
                    "partner_id": self.partner_id.id,
                    "balance": total,
                }
            )
        )
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": today,
                    "ref": label,
                    "line_ids": move_lines,
                }
            )
        )
        move.action_post()
        for line, counterpart in zip(lines, move.line_ids[: len(lines)], strict=True):
            (line | counterpart).reconcile()
        self.write({"state": "posted", "amount": total, "move_id": move.id, "date_posted": today})
        return move

    def _credit_writeoff_recover(self, payment_line, amount, date):
        """Record ``amount`` of the open payment credit ``payment_line`` as recovered: an
        entry debits the receivable, credits the write-off account back and is reconciled
        with the payment."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not (
            user.has_group(MANAGER_GROUP) or user.has_group(ACCOUNTANT_GROUP)
        ):
            raise UserError(self.env._("Only accountants and credit managers record recoveries."))
        if self.state != "posted":
            raise UserError(self.env._("Only a posted write-off can be recovered."))
        currency = self.currency_id
        if currency.compare_amounts(amount, 0) <= 0:
            raise UserError(self.env._("The recovered amount must be positive."))
        if currency.compare_amounts(amount, self.amount - self.amount_recovered) > 0:
            raise UserError(
                self.env._(
                    "At most %(amount)s of write-off %(name)s is still to recover.",
                    amount=format_amount(self.env, self.amount - self.amount_recovered, currency),
                    name=self.name,
                )
            )
        payment_line = payment_line.sudo()
        if (
            payment_line.partner_id.commercial_partner_id != self.partner_id
            or payment_line.account_id.account_type != "asset_receivable"
            or payment_line.reconciled
            or currency.compare_amounts(-payment_line.amount_residual, amount) < 0
        ):
            raise UserError(
                self.env._(
                    "The payment must be an open receipt of %(customer)s of at least the "
                    "recovered amount.",
                    customer=self.partner_id.display_name,
                )
            )
        account, journal = self._credit_writeoff_settings()
        label = self.env._("Recovery of written-off bad debt %(name)s", name=self.name)
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": date,
                    "ref": label,
                    "line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "account_id": payment_line.account_id.id,
                                "partner_id": payment_line.partner_id.id,
                                "balance": amount,
                            }
                        ),
                        Command.create(
                            {
                                "name": label,
                                "account_id": account.id,
                                "partner_id": self.partner_id.id,
                                "balance": -amount,
                            }
                        ),
                    ],
                }
            )
        )
        move.action_post()
        (move.line_ids[0] | payment_line).reconcile()
        self.sudo().write({"recovery_move_ids": [Command.link(move.id)]})
        self.message_post(
            body=self.env._(
                "%(amount)s recovered (entry %(move)s).",
                amount=format_amount(self.env, amount, currency),
                move=move.name,
            )
        )
        return move

    @api.model
    def _credit_writeoff_recovery_domain(self, writeoff):
        """The payments that can be a recovery of ``writeoff``: the customer's open
        receivable credits dated on or after the write-off."""
        return Domain(
            [
                ("partner_id.commercial_partner_id", "=", writeoff.partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
                ("date", ">=", writeoff.date_posted),
                ("company_id", "=", writeoff.company_id.id),
            ]
        )
