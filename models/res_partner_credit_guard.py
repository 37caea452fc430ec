"""The guarded credit fields of ``res.partner``: one ``write`` and one ``create`` for them.

Every credit decision a user can make on the customer goes through this table (``GUARDS``):

======================  ==============  ======  =====  ====  ====================  ===============
field                   rights          create  alone  sudo  honoured context key  recorder
======================  ==============  ======  =====  ====  ====================  ===============
credit_cash_only        credit manager  set     yes    no    credit_limit_decided  cash only
credit_hold             credit manager  given   yes    no    -                     (tracking)
credit_limit            credit manager  set     yes    no    credit_limit_decided  limit decision
credit_limit_granted    credit manager  -       yes    no    -                     (the inverse)
credit_tier_id          credit manager  -       no     yes   credit_grading        grade log
======================  ==============  ======  =====  ====  ====================  ===============

- **rights**: writing a guarded field needs the group (``partner.credit.rights._require``, which
  superuser mode passes), with the row's message; **create**: "set" checks a truthy value,
  "given" any value, "-" nothing (the tier of a new customer is grading's; a granted limit is
  checked by its inverse, ``_credit_set_limit``).
- **honoured context key**: the internal steps that already checked and record themselves
  (``_credit_set_limit``, ``_credit_write_cash_only``, grading) mark their writes with it; it
  counts **only in superuser mode**, since any client can send a context over RPC. Such a field
  is written as is: no check, no record.
- **alone**: the Credit Manager role is enough to decide limits, cash only and holds, without
  Odoo's right to edit contacts (nor the accounting groups ``credit_limit`` needs): a write of
  only such fields by a member of their groups is done in superuser mode, after a read check;
  the decisions still record the manager as who decided.
- **sudo**: the field is written in superuser mode after the rights check, apart from the other
  fields of the same write (credit managers set tiers on customers they cannot edit).
- **recorder**: called before the write with the values, returns what records the decision
  after it: the credit decision of a limit (``_credit_limit_record``) or of cash only
  (``_credit_cash_only_record``), the grade log line of a tier (``_credit_tier_record``); the
  create recorder (``..._record_created``) is called for each new commercial partner with the
  value. Holds are recorded by the field's tracking, granted limits by their inverse. Checks run
  in the table's order, records in the reverse (as the nested overrides they replace did).
- **authority**: ``credit_limit`` (or ``credit_limit_granted``) written by a user (not in
  superuser mode) is checked against the user's approval authority (partner_credit_authority.py,
  the same check as the wizards') after the rights and before anything else, also before the
  "alone" elevation: a raw write cannot wait for approval, so above the user's level it is
  refused; the wizards send it for approval.
- ``CASH_ONLY_EXPLICIT`` is in the context of a write that sets cash only: a limit saved with
  it must not lift it again (renewal, ``_credit_set_limit``).

Other overrides of ``res.partner``'s ``write`` are other concerns: the archive's rights
(res_partner_archive.py), Odoo's contact merge (res_partner_merge.py), reminders after a report
(res_partner_reminder_run.py).
"""

from typing import NamedTuple

from odoo import api, models

from .res_partner_credit import CASH_ONLY_EXPLICIT, LIMIT_DECIDED, MANAGER_GROUP


class Guard(NamedTuple):
    """One guarded credit field (see the module docstring)."""

    field: str
    group: str
    message: object  # message(env): the refusal, in env's language
    on_create: str = ""  # "set": a truthy value is checked, "given": any value, "": none
    alone: bool = False
    sudo: bool = False
    bypass: str = ""
    validate: str = ""  # method checking the value (after the rights)
    authority: str = ""  # method checking the user's approval authority for the value
    recorder: str = ""
    create_recorder: str = ""
    context: tuple = ()  # (key, value) added to the context of the write


GUARDS = (
    Guard(
        "credit_cash_only",
        MANAGER_GROUP,
        lambda env: env._("Only credit managers can make a customer cash only or lift it."),
        on_create="set",
        alone=True,
        bypass=LIMIT_DECIDED,
        recorder="_credit_cash_only_record",
        create_recorder="_credit_cash_only_record_created",
        context=((CASH_ONLY_EXPLICIT, True),),
    ),
    Guard(
        "credit_hold",
        MANAGER_GROUP,
        lambda env: env._("Only credit managers can put customers on credit hold."),
        on_create="given",
        alone=True,
    ),
    Guard(
        "credit_limit",
        MANAGER_GROUP,
        lambda env: env._("Only credit managers can change credit limits."),
        on_create="set",
        alone=True,
        bypass=LIMIT_DECIDED,
        validate="_credit_validate_limit",
        authority="_credit_guard_authorize_limit",
        recorder="_credit_limit_record",
        create_recorder="_credit_limit_record_created",
    ),
    Guard(
        "credit_limit_granted",
        MANAGER_GROUP,
        lambda env: env._("Only credit managers can change credit limits."),
        alone=True,
        authority="_credit_guard_authorize_limit",
    ),
    Guard(
        "credit_tier_id",
        MANAGER_GROUP,
        lambda env: env._("Only credit managers can pin or change a tier."),
        sudo=True,
        bypass="credit_grading",
        recorder="_credit_tier_record",
    ),
)
GUARD_BY_FIELD = {guard.field: guard for guard in GUARDS}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_guard_require(self, fname):
        """Raise unless the user may write the guarded field ``fname`` (superuser mode may)."""
        guard = GUARD_BY_FIELD[fname]
        self.env["partner.credit.rights"]._require(guard.group, guard.message(self.env))

    def _credit_guards_in(self, fnames):
        """The guards of the fields ``fnames`` that this write must check, in table order."""
        return [
            guard
            for guard in GUARDS
            if guard.field in fnames and not (self.env.su and self.env.context.get(guard.bypass))
        ]

    def _credit_guard_alone(self, vals):
        """Whether ``vals`` is a decision the user may write in superuser mode (see "alone")."""
        return bool(
            not self.env.su
            and vals
            and all(fname in GUARD_BY_FIELD and GUARD_BY_FIELD[fname].alone for fname in vals)
            and all(self.env.user.has_group(GUARD_BY_FIELD[fname].group) for fname in vals)
        )

    def _credit_guard_authorize(self, vals):
        """The approval authority of the guarded values ``vals`` a user writes (see
        "authority"); superuser mode (the internal steps) is not checked."""
        if self.env.su:
            return
        for guard in GUARDS:
            if guard.authority and guard.field in vals:
                self._credit_guard_require(guard.field)  # the rights first
                getattr(self, guard.authority)(vals[guard.field])

    @api.model_create_multi
    def create(self, vals_list):
        guards = [
            guard
            for guard in self._credit_guards_in({fname for vals in vals_list for fname in vals})
            if guard.on_create
        ]
        for guard in guards:
            values = [
                vals[guard.field]
                for vals in vals_list
                if guard.field in vals and (guard.on_create == "given" or vals[guard.field])
            ]
            if values:
                self._credit_guard_require(guard.field)
            for value in values if guard.validate else ():
                getattr(self, guard.validate)(value)
        if not self.env.su and any(guard.authority for guard in guards):
            # a new customer has no limit yet: what it is created with is granted
            for vals in vals_list:
                self._credit_guard_authorize_created(vals)
        partners = super().create(vals_list)
        for guard in reversed(guards):
            if not guard.create_recorder:
                continue
            for partner, vals in zip(partners, vals_list, strict=True):
                if vals.get(guard.field) and partner.commercial_partner_id == partner:
                    getattr(partner, guard.create_recorder)(vals[guard.field])
        return partners

    def write(self, vals):
        self._credit_guard_authorize(vals)
        if self._credit_guard_alone(vals):
            self.check_access("read")
            return self.sudo().write(vals)
        guards = self._credit_guards_in(vals)
        if not guards:
            return super().write(vals)
        for guard in guards:
            self._credit_guard_require(guard.field)
        for guard in guards:
            if guard.validate:
                getattr(self, guard.validate)(vals[guard.field])
        records = [getattr(self, guard.recorder)(vals) for guard in guards if guard.recorder]
        partners = self.with_context(**dict(pair for guard in guards for pair in guard.context))
        own = {guard.field: vals[guard.field] for guard in guards if guard.sudo}
        rest = {fname: value for fname, value in vals.items() if fname not in own}
        result = super(ResPartner, partners).write(rest) if rest else True
        if own:
            super(ResPartner, partners.sudo()).write(own)
        for record in reversed(records):
            record()
        return result
