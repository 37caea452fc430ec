"""Bad-debt provision as of a date (坏账准备, SPEC §3.I): the customers' open items on the
ledger as of that date, by age band from the due date (``tools/provision.py``), times the
company's rates. Computed set-based into lines (one INSERT … SELECT) shown in a list and a
pivot, or exported to XLSX."""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..reports.credit_xlsx import XlsxBook
from ..tools.provision import BAND_KEYS, provision

PROVISION_GROUPS = (
    "partner_credit_archive.group_credit_manager",
    "account.group_account_invoice",
)


class PartnerCreditProvisionWizard(models.TransientModel):
    _name = "partner.credit.provision.wizard"
    _description = "Bad-Debt Provision"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self._default_company()
    )
    date_ref = fields.Date(
        string="As Of", required=True, default=lambda self: self._default_date_ref()
    )
    line_ids = fields.One2many("partner.credit.provision.line", "wizard_id")
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _default_company(self):
        return self.env.company

    @api.model
    def _default_date_ref(self):
        return fields.Date.context_today(self)

    def _check_access_provision(self):
        if not self.env.su and not any(self.env.user.has_group(g) for g in PROVISION_GROUPS):
            raise UserError(
                self.env._("Only credit managers and accountants compute the bad-debt provision.")
            )

    def _bands(self):
        """{partner id: {band: amount, "total"}} as of the wizard's date."""
        self.ensure_one()
        self._check_access_provision()
        ledger = self.env["partner.credit.ledger"].with_company(self.company_id)
        date_ref = ledger._check_date(self.date_ref) or ledger._today()
        return ledger._provision_bands(self.company_id, date_ref)

    def action_compute(self):
        """Write the lines (customer × band) and open them."""
        self.ensure_one()
        self._check_access_provision()
        ledger = self.env["partner.credit.ledger"].with_company(self.company_id)
        date_ref = ledger._check_date(self.date_ref) or ledger._today()
        ledger._flush()
        rates = self.company_id._credit_provision_rates()
        self.line_ids.unlink()
        values = SQL(", ").join(
            SQL("(%s, b.%s, %s::numeric)", key, SQL.identifier(key), rates[key])
            for key in BAND_KEYS
        )
        self.env.execute_query(
            SQL(
                """
                INSERT INTO partner_credit_provision_line
                       (wizard_id, company_id, date_ref, partner_id, user_id, band, amount, rate,
                        provision, create_uid, create_date, write_uid, write_date)
                SELECT %(wizard)s, %(company)s, %(date)s, b.partner_id, p.user_id, v.band,
                       v.amount, v.rate, ROUND(v.amount * v.rate / 100, %(digits)s),
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM (%(bands)s) b
                  JOIN res_partner p ON p.id = b.partner_id
                 CROSS JOIN LATERAL (VALUES %(values)s) AS v(band, amount, rate)
                 WHERE v.amount <> 0
                """,
                wizard=self.id,
                company=self.company_id.id,
                date=self.date_ref,
                bands=ledger._provision_sql(self.company_id, date_ref),
                values=values,
                digits=self.company_id.currency_id.decimal_places,
                uid=self.env.uid,
            )
        )
        self.invalidate_recordset(["line_ids"])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Bad-Debt Provision as of %(date)s", date=self.date_ref),
            "res_model": "partner.credit.provision.line",
            "view_mode": "pivot,list",
            "domain": [("wizard_id", "=", self.id)],
            "context": {"search_default_group_partner": 0},
        }

    def action_export(self):
        self.ensure_one()
        data = self._provision_xlsx()
        name = f"bad_debt_provision_{fields.Date.to_string(self.date_ref)}.xlsx"
        self.write({"file_data": base64.b64encode(data), "file_name": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{name}?download=true",
            "target": "self",
        }

    def _provision_xlsx(self):
        """The provision workbook: one row per customer, the bands, the total, the provision."""
        bands = self._bands()
        rates = self.company_id._credit_provision_rates()
        labels = dict(
            self.env["partner.credit.provision.line"]
            ._fields["band"]
            ._description_selection(self.env)
        )
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_fetch([("id", "in", list(bands))], ["name", "user_id"], order="name, id")
        )
        book = XlsxBook()
        columns = [
            (self.env._("Customer"), "text", 36),
            (self.env._("Salesperson"), "text", 20),
            *((f"{labels[key]} ({rates[key]:g} %)", "money", 16) for key in BAND_KEYS),
            (self.env._("Total Receivable"), "money", 18),
            (self.env._("Provision"), "money", 18),
        ]
        title = self.env._(
            "Bad-debt provision of %(company)s as of %(date)s (age from the due date)",
            company=self.company_id.name,
            date=fields.Date.to_string(self.date_ref),
        )
        sheet = book.sheet(self.env._("Provision"), columns, title)
        digits = self.company_id.currency_id.decimal_places
        for partner in partners:
            row = bands[partner.id]
            sheet.write_row(
                [
                    partner.name,
                    partner.user_id.name,
                    *(row[key] for key in BAND_KEYS),
                    row["total"],
                    provision(row, rates, digits),
                ]
            )
        sheet.finish(total_label=self.env._("Total"))
        return book.close()
