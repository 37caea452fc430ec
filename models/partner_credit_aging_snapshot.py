import calendar
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.aging import BUCKET_KEYS

CATCH_UP_MONTHS = 24


class PartnerCreditAgingSnapshot(models.Model):
    """The AR aging of one customer at a month end, kept to compare month to month (seed 003).

    Taken by a scheduled action in one INSERT … SELECT per company, so the aging of past months
    is never recomputed over all invoices on screen.
    """

    _name = "partner.credit.aging.snapshot"
    _description = "Monthly AR Aging Snapshot"
    _order = "date desc, total desc, id"
    _rec_name = "partner_id"

    date = fields.Date(required=True, index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    not_due = fields.Monetary(readonly=True)
    days_0_30 = fields.Monetary(string="0-30 Days", readonly=True)
    days_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    days_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    days_91_180 = fields.Monetary(string="91-180 Days", readonly=True)
    days_over_180 = fields.Monetary(string="Over 180 Days", readonly=True)
    total = fields.Monetary(string="Total Receivable", readonly=True)
    overdue = fields.Monetary(readonly=True)
    previous_total = fields.Monetary(string="Previous Month Total", readonly=True)
    previous_overdue = fields.Monetary(string="Previous Month Overdue", readonly=True)
    total_change = fields.Monetary(string="Change of Total", readonly=True)
    overdue_change = fields.Monetary(string="Change of Overdue", readonly=True)

    _partner_date_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id, date)",
        "There is one aging snapshot per customer, company and month end.",
    )

    @api.model
    def _month_end(self, day):
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])

    @api.model
    def _take_snapshot(self, snapshot_date, company=None):
        """Store the aging of every customer with an open receivable at ``snapshot_date``.

        Idempotent: a snapshot already taken for that date and company is left as it is.
        """
        company = company or self.env.company
        if snapshot_date != self._month_end(snapshot_date):
            raise UserError(
                self.env._(
                    "An aging snapshot is taken at a month end; %(date)s is not one.",
                    date=fields.Date.to_string(snapshot_date),
                )
            )
        if snapshot_date >= fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The month ending %(date)s has not ended yet: its snapshot is taken from "
                    "the next day on.",
                    date=fields.Date.to_string(snapshot_date),
                )
            )
        self.flush_model()
        exists = self.search_count(
            [("date", "=", snapshot_date), ("company_id", "=", company.id)], limit=1
        )
        if exists:
            return 0
        ledger = self.env["partner.credit.ledger"].with_company(company)
        ledger._flush()
        aging_sql = ledger._aging_sql(company, snapshot_date)
        previous = self._month_end(snapshot_date.replace(day=1) - timedelta(days=1))
        buckets = SQL(", ").join(SQL.identifier(key) for key in BUCKET_KEYS)
        aged_buckets = SQL(", ").join(SQL("aged.%s", SQL.identifier(key)) for key in BUCKET_KEYS)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO partner_credit_aging_snapshot (
                    date, partner_id, company_id, user_id, %(buckets)s, total, overdue,
                    previous_total, previous_overdue, total_change, overdue_change,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(date)s, aged.partner_id, %(company)s, p.user_id, %(aged_buckets)s,
                       aged.total, aged.total - aged.not_due,
                       prev.total, prev.overdue,
                       aged.total - COALESCE(prev.total, 0),
                       aged.total - aged.not_due - COALESCE(prev.overdue, 0),
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM (%(aging)s) aged
                  JOIN res_partner p ON p.id = aged.partner_id
             LEFT JOIN partner_credit_aging_snapshot prev
                    ON prev.partner_id = aged.partner_id
                   AND prev.company_id = %(company)s
                   AND prev.date = %(previous)s
                 WHERE aged.total <> 0
                """,
                buckets=buckets,
                aged_buckets=aged_buckets,
                date=snapshot_date,
                company=company.id,
                uid=self.env.uid,
                aging=aging_sql,
                previous=previous,
            )
        )
        count = self.env.cr.rowcount
        self.invalidate_model()
        return count

    @api.model
    def _cron_credit_aging_snapshot(self):
        """Daily: the snapshot of every month that has ended and has none yet, each computed
        exactly as of its month end (receivables ledger) whatever day the job runs: postings
        of a month's last day all count, and months missed while the server was down are
        caught up (back to the month after the company's latest snapshot, at most
        ``CATCH_UP_MONTHS``)."""
        today = fields.Date.context_today(self)
        last_month_end = today.replace(day=1) - timedelta(days=1)
        for company in self.env["res.company"].sudo().search([("active", "=", True)]):
            latest = (
                company.credit_aging_snapshot_date
                or self.search([("company_id", "=", company.id)], order="date desc", limit=1).date
            )
            due, month_end = [], last_month_end
            while len(due) < CATCH_UP_MONTHS and (not latest or month_end > latest):
                due.append(month_end)
                if not latest:
                    break
                month_end = month_end.replace(day=1) - timedelta(days=1)
            for snapshot_date in reversed(due):  # oldest first: each compares to the previous
                self._take_snapshot(snapshot_date, company)
                company.credit_aging_snapshot_date = snapshot_date

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }
