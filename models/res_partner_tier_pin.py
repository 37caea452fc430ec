"""A tier set by hand (SPEC §3.C: "a manager can pin a tier by hand with a reason and an end
date"): credit managers only (the ``credit_tier_id`` guard of res_partner_credit_guard.py).
A pinned tier is left alone by grading until its end date; a tier changed without a pin is
logged like grading (rule "manual")."""

from markupsafe import Markup

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_credit_pin_tier(self):
        self._credit_guard_require("credit_tier_id")
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
        self._credit_guard_require("credit_tier_id")
        partners = self.commercial_partner_id.sudo().filtered("credit_tier_pinned_until")
        partners.with_context(credit_grading=True).write(
            {"credit_tier_pinned_until": False, "credit_tier_pin_reason": False}
        )
        for partner in partners:
            partner.message_post(body=self.env._("Tier pin ended by hand."))

    def _credit_pin_tier(self, tier, reason, date_until):
        """Pin ``tier`` on these commercial partners until ``date_until`` (credit managers)."""
        self._credit_guard_require("credit_tier_id")
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

    def _credit_tier_record(self, vals):
        """Guard recorder of ``credit_tier_id`` set by hand: a grade log line (rule "manual")
        per partner whose tier changed."""
        old = {partner.id: partner.credit_tier_id for partner in self}

        def record():
            new_tier = self.env["partner.credit.tier"].browse(vals["credit_tier_id"])
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

        return record
