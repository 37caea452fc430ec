"""Bills of acceptance (承兑汇票, SPEC §3.J): what a customer paid with, until it is money.

A bill is received as one customer payment (``account.payment``) in the company's
bills-receivable journal, whose outstanding account is the bills-receivable account (应收票据,
1121 in the Chinese chart): the payment reconciles invoices like any other, and the bill keeps
the payment (``payment_id``). Creating a bill records its payment; registering a payment in that
journal records its bill (account_payment.py): never both by hand.

States and the entries that go with them (all posted entries, never edits):

==============  ===============================================  ==============================
action          entry                                             from
==============  ===============================================  ==============================
endorse         payable of the endorsee  /  bills receivable     held
discount        bank (+ discount charge)  /  bills receivable     held
collect         bank  /  bills receivable (at maturity)           held
dishonour       customer receivable  /  bills receivable (held),  held; endorsed or discounted
                the endorsee's payable or the bank (recourse)     with recourse
==============  ===============================================  ==============================

A bill is not safe before it is collected: held bills, and bills endorsed or discounted with
recourse until their maturity, count in the customer's exposure (``credit_bill_exposure``,
res_partner_credit_bill.py) — commercial bills always, bank bills per setting.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

BILL_KINDS = [
    ("bank", "Bank Acceptance Bill"),
    ("commercial", "Commercial Acceptance Bill"),
]
BILL_STATES = [
    ("held", "Held"),
    ("endorsed", "Endorsed"),
    ("discounted", "Discounted"),
    ("collected", "Collected"),
    ("dishonoured", "Dishonoured"),
]
BILL_MAX_MONTHS = 6
ELECTRONIC_DIGITS = 30
ACCOUNTANT_GROUP = "account.group_account_invoice"
MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
DISHONOUR_ACTIVITY = "partner_credit_archive.mail_activity_type_credit_bill_dishonour"


class PartnerCreditBill(models.Model):
    _name = "partner.credit.bill"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Bill of Acceptance"
    _order = "date_maturity, id"
    _rec_name = "number"
    _check_company_auto = True

    number = fields.Char(
        string="Bill Number",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        help="The bill's number; electronic bills have 30 digits.",
    )
    kind = fields.Selection(BILL_KINDS, required=True, default="bank", tracking=True)
    is_electronic = fields.Boolean(
        string="Electronic Bill", default=True, help="Electronic bills have a 30-digit number."
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
        help="The customer who paid with this bill.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True, tracking=True)
    acceptor = fields.Char(
        required=True, help="Who accepted the bill and pays it at maturity: a bank or a company."
    )
    drawer = fields.Char(help="Who drew (issued) the bill.")
    date_issue = fields.Date(string="Issue Date", required=True)
    date_maturity = fields.Date(string="Maturity Date", required=True, index=True)
    date_received = fields.Date(
        string="Received On", required=True, default=lambda self: fields.Date.context_today(self)
    )
    state = fields.Selection(
        BILL_STATES, required=True, default="held", readonly=True, index=True, tracking=True
    )
    with_recourse = fields.Boolean(
        default=True,
        help="Endorsed or discounted with recourse: if the acceptor does not pay at maturity, "
        "the holder turns back to the company. The bill counts in the customer's exposure "
        "until its maturity.",
    )
    payment_id = fields.Many2one(
        "account.payment",
        string="Payment",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The customer payment this bill was received with.",
    )
    endorsee_id = fields.Many2one(
        "res.partner",
        string="Endorsed To",
        readonly=True,
        copy=False,
        check_company=True,
        help="The supplier this bill was endorsed to.",
    )
    bank_journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        readonly=True,
        copy=False,
        check_company=True,
        help="The bank journal of the discount or the collection.",
    )
    date_done = fields.Date(
        string="Settled On",
        readonly=True,
        copy=False,
        help="Date of the endorsement, discount, collection or dishonour.",
    )
    move_ids = fields.Many2many(
        "account.move",
        "partner_credit_bill_move_rel",
        "bill_id",
        "move_id",
        string="Journal Entries",
        readonly=True,
        copy=False,
    )
    move_count = fields.Integer(compute="_compute_move_count", string="Entries")
    counts_in_exposure = fields.Boolean(
        compute="_compute_counts_in_exposure",
        help="The bill is not safe yet: it counts in the customer's credit exposure.",
    )

    _number_company_uniq = models.UniqueIndex(
        "(company_id, number)", "A bill with this number is already registered."
    )
    _open_bills_idx = models.Index(
        "(partner_id, company_id) WHERE state IN ('held', 'endorsed', 'discounted')"
    )

    @api.model
    def _default_company(self):
        return self.env.company

    @api.depends("move_ids")
    def _compute_move_count(self):
        for bill in self:
            bill.move_count = len(bill.move_ids)

    @api.depends_context("company")
    @api.depends("state", "kind", "with_recourse", "date_maturity")
    def _compute_counts_in_exposure(self):
        today = fields.Date.context_today(self)
        for bill in self:
            bill.counts_in_exposure = bill._credit_counts(today)

    def _credit_counts(self, today):
        """Whether the bill counts in its customer's exposure on ``today`` (the rule of the
        module docstring; the SQL of ``res.partner._credit_bill_exposure_get`` is the same)."""
        self.ensure_one()
        if self.kind == "bank" and not self.company_id.credit_bill_count_bank:
            return False
        if self.state == "held":
            return True
        return (
            self.state in ("endorsed", "discounted")
            and self.with_recourse
            and self.date_maturity >= today
        )

    @api.depends("number", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for bill in self:
            bill.display_name = f"{kinds.get(bill.kind, '')} {bill.number or ''}".strip()

    # ------------------------------------------------------------------ checks
    @api.constrains("number", "is_electronic", "company_id")
    def _check_number(self):
        for bill in self:
            number = (bill.number or "").strip()
            if bill.is_electronic and not (len(number) == ELECTRONIC_DIGITS and number.isdigit()):
                raise ValidationError(
                    self.env._(
                        "The number of an electronic bill has %(digits)s digits, not “%(number)s”.",
                        digits=ELECTRONIC_DIGITS,
                        number=number,
                    )
                )
            duplicate = self.sudo().search_count(
                [
                    ("id", "!=", bill.id),
                    ("company_id", "=", bill.company_id.id),
                    ("number", "=", number),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "Bill %(number)s is already registered: a bill is received once.",
                        number=number,
                    )
                )

    @api.model
    def _credit_check_new_numbers(self, vals_list):
        """Refuse a number already registered in the company (or twice in ``vals_list``)
        before anything is written; the unique index stays the guard between transactions."""
        default_company = self.env.company.id
        keys = [
            (vals.get("company_id") or default_company, vals["number"])
            for vals in vals_list
            if vals.get("number")
        ]
        existing = (
            self.sudo()
            .search([("number", "in", [number for _company, number in keys])])
            .mapped(lambda bill: (bill.company_id.id, bill.number))
        )
        seen = set(existing)
        for key in keys:
            if key in seen:
                raise ValidationError(
                    self.env._(
                        "Bill %(number)s is already registered: a bill is received once.",
                        number=key[1],
                    )
                )
            seen.add(key)

    @api.constrains("date_issue", "date_maturity", "amount")
    def _check_dates(self):
        for bill in self:
            if bill.currency_id.compare_amounts(bill.amount, 0) <= 0:
                raise ValidationError(self.env._("The amount of a bill must be positive."))
            if bill.date_maturity < bill.date_issue:
                raise ValidationError(
                    self.env._(
                        "Bill %(number)s cannot mature (%(maturity)s) before it is issued "
                        "(%(issue)s).",
                        number=bill.number,
                        maturity=bill.date_maturity,
                        issue=bill.date_issue,
                    )
                )
            if bill.date_maturity > bill.date_issue + relativedelta(months=BILL_MAX_MONTHS):
                raise ValidationError(
                    self.env._(
                        "Bill %(number)s matures on %(maturity)s, more than %(months)s months "
                        "after its issue (%(issue)s): a bill of acceptance runs at most "
                        "%(months)s months.",
                        number=bill.number,
                        maturity=bill.date_maturity,
                        issue=bill.date_issue,
                        months=BILL_MAX_MONTHS,
                    )
                )

    @api.constrains("amount", "payment_id")
    def _check_payment(self):
        for bill in self.filtered("payment_id"):
            if bill.currency_id.compare_amounts(
                bill.payment_id.amount_company_currency_signed, bill.amount
            ):
                raise ValidationError(
                    self.env._(
                        "Bill %(number)s is for %(amount)s, its payment %(payment)s for "
                        "another amount.",
                        number=bill.number,
                        amount=bill.amount,
                        payment=bill.payment_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._credit_require_accountant()
        for vals in vals_list:
            if vals.get("number"):
                vals["number"] = vals["number"].strip()
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
            vals.pop("state", None)  # a new bill is held; the actions move it on
        self._credit_check_new_numbers(vals_list)
        bills = super().create(vals_list)
        if not self.env.context.get("credit_bill_from_payment"):
            bills.filtered(lambda bill: not bill.payment_id)._credit_receive()
        return bills

    def write(self, vals):
        fixed = {
            "number",
            "kind",
            "partner_id",
            "company_id",
            "amount",
            "date_issue",
            "date_maturity",
            "is_electronic",
            "payment_id",
        }
        if fixed & set(vals) and not self.env.context.get("credit_bill_from_payment"):
            if any(bill.state != "held" or bill.payment_id for bill in self):
                raise UserError(
                    self.env._(
                        "A received bill keeps its number, customer, amount and dates: they "
                        "are those of its payment. Correct the payment instead."
                    )
                )
        if "number" in vals and vals["number"]:
            vals["number"] = vals["number"].strip()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Bills are kept: a bill received by mistake is corrected on its payment.")
        )

    # ------------------------------------------------------------------ receive
    def _credit_receive(self):
        """Record the customer payment of each bill ``self`` in the bills journal (posted)."""
        Payment = self.env["account.payment"].sudo().with_context(credit_bill_from_bill=True)
        for bill in self:
            journal = bill.company_id._credit_bill_journal_ensure()
            payment = Payment.create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": bill.partner_id.id,
                    "amount": bill.amount,
                    "currency_id": bill.currency_id.id,
                    "journal_id": journal.id,
                    "company_id": bill.company_id.id,
                    "date": bill.date_received,
                    "memo": bill.number,
                }
            )
            payment.action_post()
            bill.with_context(credit_bill_from_payment=True).payment_id = payment

    # ------------------------------------------------------------------ rights
    @api.model
    def _credit_require_accountant(self):
        self.env["partner.credit.rights"]._require(
            ACCOUNTANT_GROUP,
            self.env._("Only accountants can receive, endorse, discount or collect bills."),
        )

    def _credit_ensure_state(self, states, action):
        """Refuse ``action`` (its name, translated) on bills not in ``states``."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        wrong = self.filtered(lambda bill: bill.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Bill %(number)s is %(state)s: it cannot be %(action)s.",
                    number=wrong[0].number,
                    state=labels[wrong[0].state],
                    action=action,
                )
            )

    # ------------------------------------------------------------------ actions
    def action_open_wizard(self):
        """Endorse or discount: the wizard asks for the endorsee or the bank."""
        self._credit_require_accountant()
        mode = self.env.context.get("bill_wizard_mode", "endorse")
        titles = {"endorse": self.env._("Endorse Bill"), "discount": self.env._("Discount Bill")}
        return {
            "type": "ir.actions.act_window",
            "name": titles.get(mode, titles["endorse"]),
            "res_model": "partner.credit.bill.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_bill_ids": self.ids, "default_mode": mode},
        }

    def action_view_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Journal Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.move_ids.ids)],
        }

    def _credit_endorse(self, endorsee, date=None, with_recourse=True):
        """Endorse held bills ``self`` to the supplier ``endorsee``: the bills-receivable
        account pays the endorsee's payable."""
        self._credit_require_accountant()
        self._credit_ensure_state(("held",), self.env._("endorsed"))
        if not endorsee:
            raise UserError(self.env._("Choose the supplier the bill is endorsed to."))
        endorsee = endorsee.commercial_partner_id
        for bill in self:
            if endorsee == bill.partner_id:
                raise UserError(
                    self.env._("A bill is not endorsed back to the customer who paid with it.")
                )
            date = date or fields.Date.context_today(self)
            payable = endorsee.with_company(bill.company_id).property_account_payable_id
            move = bill._credit_post_move(
                bill._credit_bill_journal(),
                date,
                (payable, endorsee),
                self.env._("Endorsement of bill %(number)s", number=bill.number),
            )
            bill._credit_done(
                "endorsed", move, date, endorsee_id=endorsee.id, with_recourse=with_recourse
            )

    def _credit_discount(
        self, journal, date=None, charge=0.0, charge_account=None, with_recourse=True
    ):
        """Discount held bills ``self`` at the bank of ``journal``: the bank pays the amount
        less the discount ``charge`` (an expense)."""
        self._credit_require_accountant()
        self._credit_ensure_state(("held",), self.env._("discounted"))
        if not journal or journal.type != "bank":
            raise UserError(self.env._("Choose the bank journal of the discount."))
        for bill in self:
            if charge < 0 or bill.currency_id.compare_amounts(charge, bill.amount) >= 0:
                raise UserError(
                    self.env._("The discount charge must be between 0 and the bill's amount.")
                )
            if charge and not charge_account:
                raise UserError(self.env._("Choose the expense account of the discount charge."))
            date = date or fields.Date.context_today(self)
            debits = [(journal.default_account_id, False, bill.amount - charge)]
            if charge:
                debits.append((charge_account, False, charge))
            move = bill._credit_post_move(
                journal,
                date,
                debits,
                self.env._("Discount of bill %(number)s", number=bill.number),
            )
            bill._credit_done(
                "discounted",
                move,
                date,
                bank_journal_id=journal.id,
                with_recourse=with_recourse,
            )

    def action_collect(self, journal=None, date=None):
        """Collect held bills ``self`` at maturity: the bank receives the amount."""
        self._credit_require_accountant()
        self._credit_ensure_state(("held",), self.env._("collected"))
        date = date or fields.Date.context_today(self)
        for bill in self:
            if date < bill.date_maturity:
                raise UserError(
                    self.env._(
                        "Bill %(number)s matures on %(date)s: it is collected at maturity.",
                        number=bill.number,
                        date=bill.date_maturity,
                    )
                )
            bank = journal or bill.company_id._credit_bill_bank_journal()
            if not bank:
                raise UserError(self.env._("The company has no bank journal to collect into."))
            move = bill._credit_post_move(
                bank,
                date,
                [(bank.default_account_id, False, bill.amount)],
                self.env._("Collection of bill %(number)s", number=bill.number),
            )
            bill._credit_done("collected", move, date, bank_journal_id=bank.id)
            payment = bill.payment_id.sudo()
            if payment.state == "in_process":
                payment.action_validate()
        return True

    def action_dishonour(self):
        """The acceptor did not pay: the customer owes the amount again (an entry restores the
        receivable), goes on credit hold, the credit managers get an activity, and a credit
        decision records it."""
        if not (
            self.env.su
            or self.env.user.has_group(ACCOUNTANT_GROUP)
            or self.env.user.has_group(MANAGER_GROUP)
        ):
            raise UserError(
                self.env._("Only accountants and credit managers can record a dishonoured bill.")
            )
        self._credit_ensure_state(("held", "endorsed", "discounted"), self.env._("dishonoured"))
        no_recourse = self.filtered(lambda bill: bill.state != "held" and not bill.with_recourse)
        if no_recourse:
            raise UserError(
                self.env._(
                    "Bill %(number)s was passed on without recourse: its dishonour is not the "
                    "company's.",
                    number=no_recourse[0].number,
                )
            )
        today = fields.Date.context_today(self)
        for bill in self:
            receivable = bill.partner_id.with_company(
                bill.company_id
            ).property_account_receivable_id
            move = bill._credit_post_move(
                bill._credit_bill_journal(),
                today,
                [(receivable, bill.partner_id, bill.amount)],
                self.env._("Dishonour of bill %(number)s", number=bill.number),
                credit=bill._credit_dishonour_credit(),
            )
            bill._credit_done("dishonoured", move, today)
            bill._credit_dishonour_consequences()
        return True

    # ------------------------------------------------------------------ entries
    def _credit_bill_journal(self):
        return self.payment_id.journal_id or self.company_id._credit_bill_journal_ensure()

    def _credit_bill_account(self):
        """The bills-receivable account the bill's payment debited."""
        self.ensure_one()
        return self.payment_id.outstanding_account_id or (
            self.company_id._credit_bill_journal_ensure().default_account_id
        )

    def _credit_dishonour_credit(self):
        """(account, partner) the dishonour entry credits: the bill itself while held, else
        whoever turns back to the company (the endorsee's payable, the discounting bank)."""
        self.ensure_one()
        if self.state == "endorsed":
            endorsee = self.endorsee_id.with_company(self.company_id)
            return endorsee.property_account_payable_id, self.endorsee_id
        if self.state == "discounted":
            return self.bank_journal_id.default_account_id, False
        return self._credit_bill_account(), self.partner_id

    def _credit_post_move(self, journal, date, debits, ref, credit=None):
        """Post an entry in ``journal`` debiting ``debits`` ([(account, partner, amount)], or
        one (account, partner) for the whole amount) and crediting ``credit`` (default: the
        bills-receivable account, for the customer) with the bill's amount."""
        self.ensure_one()
        if isinstance(debits, tuple):
            debits = [(debits[0], debits[1], self.amount)]
        credit_account, credit_partner = credit or (self._credit_bill_account(), self.partner_id)
        if not credit_account or not all(account for account, _p, _a in debits):
            raise UserError(self.env._("An account of this bill entry is not configured."))
        lines = [
            fields.Command.create(
                {
                    "account_id": account.id,
                    "partner_id": (partner or self.partner_id).id,
                    "name": ref,
                    "debit": amount,
                }
            )
            for account, partner, amount in debits
        ]
        lines.append(
            fields.Command.create(
                {
                    "account_id": credit_account.id,
                    "partner_id": (credit_partner or self.partner_id).id,
                    "name": ref,
                    "credit": self.amount,
                }
            )
        )
        move = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "company_id": self.company_id.id,
                    "date": date,
                    "ref": ref,
                    "line_ids": lines,
                }
            )
        )
        move.action_post()
        return move

    def _credit_done(self, state, move, date, **vals):
        self.sudo().write(
            dict(vals, state=state, date_done=date, move_ids=[fields.Command.link(move.id)])
        )

    def _credit_dishonour_consequences(self):
        """Credit hold (the guarded field, in superuser mode: the dishonour decided it), an
        activity for each credit manager on the customer, a credit decision."""
        self.ensure_one()
        partner = self.partner_id.sudo().with_company(self.company_id)
        reason = self.env._(
            "Bill %(number)s (%(acceptor)s, %(amount)s, due %(date)s) was dishonoured: the "
            "receivable is restored and the customer is on credit hold.",
            number=self.number,
            acceptor=self.acceptor,
            amount=self.amount,
            date=self.date_maturity,
        )
        if not partner.credit_hold:
            partner.write({"credit_hold": True})
        limit = partner.credit_limit
        self.env["partner.credit.decision"].sudo().create(
            {
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "decision_type": "bill_dishonour",
                "old_limit": limit,
                "new_limit": limit,
                "cash_only": partner.credit_cash_only,
                "reason": reason,
                "bill_id": self.id,
            }
        )
        managers = self.env["sale.order"]._credit_managers(self.company_id)
        for user in managers:
            partner.activity_schedule(DISHONOUR_ACTIVITY, user_id=user.id, note=reason)
        partner.message_post(body=reason, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------ queries
    @api.model
    def _credit_open_domain(self):
        return Domain("state", "in", ("held", "endorsed", "discounted"))
