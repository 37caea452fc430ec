from odoo import fields, models
from odoo.tools import SQL

from ..reports.credit_xlsx import XlsxBook

BATCH = 1000
# what the register shows of the current company's archive (partner.archive)
REGISTER_ARCHIVE_FIELDS = [
    "code",
    "keeper_id",
    "customer_nature",
    "relationship_stage",
    "completeness",
    "state",
    "date_next_review",
]
# what the register shows of the customer itself, read per batch (``read_checked``)
REGISTER_PARTNER_FIELDS = [
    "name",
    "user_id",
    "city",
    "company_registry",
    "credit_tier_id",
    "credit_abc_class",
    "credit_value_class",
    "credit_rating",
    "credit_score",
    "credit_report_id",
]


def read_checked(records, field_names):
    """``records.read(field_names)``, the user's access checked once per field and once for
    the records instead of once per cell: Odoo's ``read`` checks the groups of a field at each
    value it formats (20 000 rows × 6 fields with groups: 120 000 ``has_groups`` calls,
    2.6 s of a register of 20 000 customers). A field the user may not read raises the
    ``AccessError`` ``read`` raises, and so do records the user may not read; the values are
    then read as ``read`` gives them (many-to-one names are read as superuser by ``read``
    itself). Not for fields computed for the user (``depends_context`` ``uid``): read as
    superuser, they would give the superuser's values."""
    fields_ = [records._fields[name] for name in field_names]
    for field in fields_:
        records._check_field_access(field, "read")
        # a value computed for the user (confidential figures) would be the superuser's
        if {"uid", "su"} & set(records.pool.field_depends_context[field]):
            raise ValueError(f"{field} depends on the user: read it with read()")
    _check_read_access(records)
    return records.sudo().read(field_names)


def _check_read_access(records):
    """``records.check_access("read")``, the record rules applied in one query: Odoo's check
    evaluates the rules' domains in Python, record by record (13 ms a batch of 1 000
    customers or archives; 2.6 s of a register of 100 000). The model's access rights are
    checked as Odoo does; when the query does not find every record, Odoo's own check runs
    and raises its own error (or finds them all readable, as ``read`` would)."""
    records.browse().check_access("read")
    ids = set(records.ids)
    readable = records.with_context(active_test=False).search_count([("id", "in", list(ids))])
    if readable != len(ids):
        records.check_access("read")


# the column types a page reads in its one query (``page_values``), with what a NULL is as
# the ORM gives it (a float field's empty value is 0.0, a many-to-one's False)
PAGE_COLUMN_TYPES = {
    "boolean": False,
    "char": False,
    "date": False,
    "datetime": False,
    "float": 0.0,
    "integer": 0,
    "many2one": False,
    "monetary": 0.0,
    "selection": False,
    "text": False,
}


def page_values(records, paths):
    """``{record id: {path: value}}`` of ``records`` (one page of a sheet), as reading
    ``record[path]`` record by record would give them, set-based: the stored columns
    of the model (``PAGE_COLUMN_TYPES``, neither translated nor company-dependent) in one
    query; other fields of the records through the ORM; a ``many2one.field`` path once per
    distinct record it points to (the page's tiers or users, not each row's).

    Read record by record, the values of 50 000 grade-history rows (ten columns) took about
    4 s, half of the sheet. The records are the user's (searched under the record rules);
    the fields' groups are checked once per field, as ``read_checked`` does."""
    model = records.browse()
    first = {path.split(".", 1)[0] for path in paths}
    for name in first:
        field = model._fields[name]
        model._check_field_access(field, "read")
        if {"uid", "su"} & set(model.pool.field_depends_context[field]):
            raise ValueError(f"{field} depends on the user: read it record by record")
    column_names = sorted(
        name
        for name in first
        if (field := model._fields[name]).store
        and field.column_type
        and field.type in PAGE_COLUMN_TYPES
        and not field.translate
        and not field.company_dependent
    )
    rows = {record_id: {} for record_id in records.ids}
    if column_names:
        model.flush_model(column_names)
        found = records.env.execute_query(
            SQL(
                "SELECT id, %s FROM %s WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(name) for name in column_names),
                SQL.identifier(model._table),
                records.ids,
            )
        )
        empty = [PAGE_COLUMN_TYPES[model._fields[name].type] for name in column_names]
        floats = [model._fields[name].type in ("float", "monetary") for name in column_names]
        for record_id, *values in found:
            rows[record_id].update(
                (name, empty_value if value is None else float(value) if is_float else value)
                for name, value, empty_value, is_float in zip(
                    column_names, values, empty, floats, strict=True
                )
            )
    others = sorted(first.difference(column_names))
    # only those (a first access would load every prefetched column of the model)
    records.fetch([name for name in others if model._fields[name].store])
    for name in others:
        field = model._fields[name]
        for record in records:
            value = record[name]
            rows[record.id][name] = value.id if field.type == "many2one" else value
    for path in paths:
        if "." not in path:
            continue
        name, target = path.split(".", 1)
        comodel = records.env[model._fields[name].comodel_name]
        pointed = comodel.browse({row[name] for row in rows.values() if row[name]})
        pointed.fetch([target])
        value_of = {record.id: record[target] for record in pointed}
        for row in rows.values():
            row[path] = value_of[row[name]] if row[name] else False
    return rows


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_selection_labels(self, model, field_name):
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env))

    def _credit_register_batch_data(self, date_ref):
        """Data the register needs for one batch of commercial partners, set-based: the KPIs,
        the credit limits (``_credit_limit_get``) and the credit figures of the receivables
        ledger (``_credit_figures_get``: receivable, exposure, overdue), the same numbers as
        the customer form and the order banner."""
        # limits and receivables are accounting figures: the register shows them to the
        # archive keepers and credit managers who may export it
        company = self.env.company
        partners = self.sudo()
        # confidential figures (res_partner_credit_confidential.py): computed and shown only
        # for the customers whose figures the exporting user may see
        visible = self._credit_figures_visible()
        shown = self.filtered(lambda partner: partner.id in visible)
        # the archives themselves (those the user may read, as the partner's archive fields
        # show them), read in one query: the partner's public archive fields would assign
        # the twenty fields of every archive to every row for the seven the register shows
        archives = self._archive_current()
        rows = {
            row["id"]: row
            for row in read_checked(
                self.env["partner.archive"].union(*archives.values()), REGISTER_ARCHIVE_FIELDS
            )
        }
        figures = shown.sudo()._credit_figures_get(company)
        ledger = self.env["partner.credit.ledger"]
        return {
            "partner": self._credit_register_partner_rows(visible),
            # the receivable, overdue and oldest overdue the KPIs grade on are the ledger's
            # figures the register shows (its statement as of today): read once, not twice
            "kpis": shown._credit_kpis(
                date_ref, receivables=figures if ledger._check_date(date_ref) is None else None
            )
            if shown
            else {},
            "limits": partners._credit_limit_get(company),
            "figures": figures,
            "visible": visible,
            "archives": {pid: rows[archive.id] for pid, archive in archives.items()},
        }

    def _credit_register_partner_rows(self, visible):
        """{partner id: the register's customer fields as ``read`` gives them}. The rating and
        score, computed for the user, come from ``_credit_rating_shown`` (what their computed
        fields show) without the compute's assignment per customer."""
        confidential = ("credit_rating", "credit_score")
        for name in confidential:
            self._check_field_access(self._fields[name], "read")
        fnames = [name for name in REGISTER_PARTNER_FIELDS if name not in confidential]
        rows = {row["id"]: row for row in read_checked(self, fnames)}
        for pid, (rating, score) in self._credit_rating_shown(visible).items():
            rows[pid].update(credit_rating=rating, credit_score=score)
        return rows

    def _credit_register_columns(self):
        """The register's columns: (header, kind, width, getter(partner, batch_data)).

        Each capability appends its own columns by overriding this method.
        """

        natures = self._credit_selection_labels("partner.archive", "customer_nature")
        stages = self._credit_selection_labels("partner.archive", "relationship_stage")
        states = self._credit_selection_labels("partner.archive", "state")
        value_classes = self._credit_selection_labels("res.partner", "credit_value_class")

        def kpi(key, scale=1.0):
            def getter(partner, data):
                value = data["kpis"].get(partner.id, {}).get(key)
                return None if value is None else value * scale

            return getter  # no KPIs are computed for the customers not shown

        def figure(key):
            return confidential(lambda p, d: d["figures"].get(p.id, {}).get(key, 0))

        def confidential(getter):
            """An empty cell on customers whose credit figures the user may not see."""
            return lambda p, d: getter(p, d) if p.id in d["visible"] else None

        def limit(partner, data):
            return data["limits"].get(partner.id) or None

        def available(partner, data):
            """Limit less exposure; nothing without a limit (no limit is not 0 available)."""
            amount = limit(partner, data)
            if amount is None:
                return None
            if partner.id not in data["visible"]:
                return None
            # active credit securities add their cover (SPEC §3.J)
            return self.env.company.currency_id.round(
                amount - figure("exposure")(partner, data) + figure("secured")(partner, data)
            )

        def archive(name):
            """The customer's archive's ``name`` as ``read`` gives it; empty without an
            archive the user reads."""
            empty = self.env["partner.archive"]

            def getter(partner, data):
                row = data["archives"].get(partner.id)
                return empty[name] if row is None else row[name]

            return getter

        def name_of(value):
            """The name in a many-to-one as ``read`` gives it ((id, name), or nothing)."""
            return value[1] if value else False

        def value(name):
            """The customer's ``name`` as ``read`` gives it; a record's name for a
            many-to-one (``read`` gives (id, name))."""

            def getter(partner, data):
                found = data["partner"][partner.id][name]
                return name_of(found) if isinstance(found, tuple) else found

            return getter

        name, salesperson, city, registry, tier, abc, value_class, rating, score, report = (
            value(field) for field in REGISTER_PARTNER_FIELDS
        )
        code, keeper, nature, stage = (
            archive(name) for name in ("code", "keeper_id", "customer_nature", "relationship_stage")
        )
        completeness, state, next_review = (
            archive(name) for name in ("completeness", "state", "date_next_review")
        )
        return [
            (self.env._("Archive No."), "text", 16, lambda p, d: code(p, d) or None),
            (self.env._("Customer"), "text", 34, name),
            (self.env._("Salesperson"), "text", 16, salesperson),
            (self.env._("Archive Keeper"), "text", 16, lambda p, d: name_of(keeper(p, d))),
            (
                self.env._("Customer Nature"),
                "text",
                16,
                lambda p, d: natures.get(nature(p, d)),
            ),
            (self.env._("Relationship"), "text", 12, lambda p, d: stages.get(stage(p, d))),
            (self.env._("City"), "text", 12, city),
            (self.env._("Credit Code"), "text", 20, registry),
            (self.env._("Tier"), "text", 18, tier),
            (self.env._("ABC Class"), "text", 8, abc),
            (
                self.env._("Value Class"),
                "text",
                10,
                lambda p, d: value_classes.get(value_class(p, d)),
            ),
            (self.env._("Rating"), "text", 8, confidential(rating)),
            (
                self.env._("Score"),
                "percent",
                8,
                confidential(lambda p, d: score(p, d) if report(p, d) else None),
            ),
            (self.env._("Credit Limit"), "money", 14, limit),
            (self.env._("Receivable"), "money", 14, figure("receivable")),
            (self.env._("Exposure"), "money", 14, figure("exposure")),
            (self.env._("Available Credit"), "money", 14, available),
            (self.env._("Overdue Amount"), "money", 14, figure("overdue")),
            (self.env._("Oldest Overdue (Days)"), "integer", 12, figure("max_days_overdue")),
            (self.env._("Contract Fulfilment %"), "percent", 12, kpi("fulfilment_rate")),
            (self.env._("Monthly Volatility %"), "percent", 12, kpi("volatility")),
            (self.env._("Sales in KPI Window"), "money", 16, kpi("annual_sales")),
            (self.env._("On-time Payment %"), "percent", 12, kpi("ontime_rate")),
            (self.env._("Average Days Late"), "percent", 12, kpi("avg_days_late")),
            (self.env._("Overdue Ratio %"), "percent", 12, kpi("overdue_ratio")),
            (self.env._("Days since Last Order"), "integer", 12, kpi("days_since_last_order")),
            (self.env._("Completeness %"), "integer", 12, lambda p, d: completeness(p, d)),
            (self.env._("Archive Status"), "text", 12, lambda p, d: states.get(state(p, d))),
            (self.env._("Next Review"), "date", 12, lambda p, d: next_review(p, d) or None),
        ]

    def _credit_archive_xlsx(self, date_ref=None):
        """The archive register workbook (bytes) for the partners it is called on.

        Sheets: register (one row per customer), documents catalogue, grade history, credit
        decisions, credit reports — and whatever other capabilities add in
        ``_credit_archive_xlsx_sheets``. Customers only (res_partner_archive_customer.py): the
        commercial partners of ``self`` that are customers or hold an archive number already.
        Written top to bottom in constant memory; customers are read in batches of 1 000.
        """
        date_ref = date_ref or fields.Date.context_today(self)
        partners = self._credit_commercial_by_id()._archive_customers(numbered=True)
        book = XlsxBook()
        self._credit_write_register(book, partners, date_ref)
        for writer in partners._credit_archive_xlsx_sheets():
            writer(book, partners)
        return book.close()

    def _credit_commercial_by_id(self):
        """The commercial partners of ``self`` in id order, reading nothing else: a plain
        ``commercial_partner_id`` would load every column of every selected partner at once
        (memory growing with the selection)."""
        self.fetch(["commercial_partner_id"])
        return self.commercial_partner_id.sorted("id")

    def _credit_write_register(self, book, partners, date_ref):
        company = self.env.company
        columns = self._credit_register_columns()
        sheet = book.sheet(
            self.env._("Archive Register"),
            [column[:3] for column in columns],
            title=self.env._(
                "Customer archive register at %(date)s — %(company)s (%(currency)s)",
                date=fields.Date.to_string(date_ref),
                company=company.name,
                currency=company.currency_id.name,
            ),
        )
        for start in range(0, len(partners), BATCH):
            batch = partners[start : start + BATCH]
            data = batch._credit_register_batch_data(date_ref)
            for partner in batch:
                sheet.write_row([getter(partner, data) for *_spec, getter in columns])
            # the whole record cache, not only the batch's customers (their archives, report
            # records…): memory stays that of one batch however many customers are exported
            self.env.invalidate_all()
        sheet.finish()

    def _credit_archive_xlsx_sheets(self):
        """Writers of the register's further sheets, in order; each takes (book, partners)."""
        return [
            self._credit_write_documents_sheet,
            self._credit_write_grade_log_sheet,
            self._credit_write_decisions_sheet,
            self._credit_write_reports_sheet,
        ]

    def _credit_write_search_sheet(self, book, name, model, domain, columns):
        """A sheet listing the ``model`` records of ``domain`` in id order, read in pages of
        1 000 (the memory of a page, plus the ids). The ids come from one search: a search per
        page repeated the selection's customers (100 000 ids: 0.2 s a page) in each query.

        ``columns``: (header, kind, width, path, format): a cell is ``format`` applied to the
        record's value of the field path ``path`` (``"date"``, ``"partner_id.name"``), or
        that value itself when ``format`` is None. A page's values are read set-based
        (``page_values``), not record by record."""
        sheet = book.sheet(name, [column[:3] for column in columns])
        Model = self.env[model]
        ids = Model.search(domain, order="id").ids
        paths = list(dict.fromkeys(column[3] for column in columns))
        cells = [(path, fmt) for *_spec, path, fmt in columns]
        for start in range(0, len(ids), BATCH):
            page = ids[start : start + BATCH]
            values = page_values(Model.browse(page), paths)
            for record_id in page:
                row = values[record_id]
                sheet.write_row(
                    [row[path] if fmt is None else fmt(row[path]) for path, fmt in cells]
                )
            self.env.invalidate_all()  # the page's records and what they referred to
        sheet.finish()

    def _credit_write_documents_sheet(self, book, partners):
        states = self._credit_selection_labels("partner.archive.document", "state")
        self._credit_write_search_sheet(
            book,
            self.env._("Documents Catalogue"),
            "partner.archive.document",
            [("partner_id", "in", partners.ids), ("company_id", "=", self.env.company.id)],
            [
                (self.env._("Archive No."), "text", 16, "archive_id.code", None),
                (self.env._("Customer"), "text", 30, "partner_id.name", None),
                (self.env._("Category"), "text", 24, "category_id.name", None),
                (self.env._("Catalogue No."), "text", 12, "catalogue_number", None),
                (self.env._("Document Type"), "text", 24, "type_id.name", None),
                (self.env._("Title"), "text", 30, "name", None),
                (self.env._("Issued"), "date", 12, "issue_date", None),
                (self.env._("Expires"), "date", 12, "expiry_date", None),
                (self.env._("Status"), "text", 10, "state", states.get),
                (self.env._("Volume Year"), "integer", 10, "volume_year", None),
                (
                    self.env._("Verified"),
                    "text",
                    8,
                    "is_verified",
                    lambda verified: self.env._("Yes") if verified else self.env._("No"),
                ),
            ],
        )

    def _credit_write_grade_log_sheet(self, book, partners):
        rules = self._credit_selection_labels("partner.credit.grade.log", "rule")
        self._credit_write_search_sheet(
            book,
            self.env._("Grade History"),
            "partner.credit.grade.log",
            [("partner_id", "in", partners.ids)],
            [
                (self.env._("Date"), "date", 18, "date", None),
                (self.env._("Customer"), "text", 30, "partner_id.name", None),
                (self.env._("Old Tier"), "text", 18, "old_tier_id.name", None),
                (self.env._("New Tier"), "text", 18, "new_tier_id.name", None),
                (self.env._("Rule"), "text", 30, "rule", rules.get),
                (self.env._("Contract Fulfilment %"), "percent", 12, "fulfilment_rate", None),
                (self.env._("Monthly Volatility %"), "percent", 12, "volatility", None),
                (self.env._("Sales in KPI Window"), "money", 16, "annual_sales", None),
                (self.env._("By"), "text", 16, "user_id.name", None),
                (self.env._("Reason"), "text", 30, "reason", None),
            ],
        )

    def _credit_write_decisions_sheet(self, book, partners):
        types = self._credit_selection_labels("partner.credit.decision", "decision_type")
        self._credit_write_search_sheet(
            book,
            self.env._("Credit Decisions"),
            "partner.credit.decision",
            [("partner_id", "in", partners.ids)],
            [
                (self.env._("Date"), "date", 18, "date", None),
                (self.env._("Customer"), "text", 30, "partner_id.name", None),
                (self.env._("Type"), "text", 22, "decision_type", types.get),
                (self.env._("Previous Limit"), "money", 14, "old_limit", None),
                (self.env._("New Limit"), "money", 14, "new_limit", None),
                (self.env._("Valid Until"), "date", 12, "date_valid_until", None),
                (self.env._("Sale Order"), "text", 14, "order_id.name", None),
                (self.env._("Reason"), "text", 40, "reason", None),
                (self.env._("Decided By"), "text", 16, "user_id.name", None),
            ],
        )

    def _credit_write_reports_sheet(self, book, partners):
        """One row per credit report of the customers, in the register's company (and its
        branches, the scope of its figures)."""
        states = self._credit_selection_labels("partner.credit.report", "state")
        sources = self._credit_selection_labels("partner.credit.report", "source")
        company_ids = self.env["partner.credit.ledger"]._company_ids(self.env.company)
        self._credit_write_search_sheet(
            book,
            self.env._("Credit Reports"),
            "partner.credit.report",
            [("partner_id", "in", partners.ids), ("company_id", "in", company_ids)],
            [
                (self.env._("Report No."), "text", 16, "name", None),
                (self.env._("Archive No."), "text", 16, "partner_id.archive_code", None),
                (self.env._("Customer"), "text", 30, "partner_id.name", None),
                (self.env._("Report Date"), "date", 12, "report_date", None),
                (self.env._("Status"), "text", 12, "state", states.get),
                (self.env._("Score"), "percent", 8, "score", None),
                (self.env._("Rating"), "text", 8, "rating", None),
                (self.env._("Recommended Limit"), "money", 14, "recommended_limit", None),
                (self.env._("Valid Until"), "date", 12, "valid_until", None),
                (self.env._("Source"), "text", 18, "source", sources.get),
                (self.env._("Agency"), "text", 20, "agency_name", None),
                (self.env._("Investigator"), "text", 16, "user_id.name", None),
                (self.env._("Approved By"), "text", 16, "approved_by_id.name", None),
            ],
        )

    def _archive_catalogue_groups(self, year=None):
        """The printed catalogue (目录) of one customer: [(category, year, documents)], by
        category then volume year, documents in catalogue-number order (seed 000: one
        numbered catalogue per category, one bound volume per category and year)."""
        self.ensure_one()
        documents = (
            self.env["partner.archive.document"]
            .search(
                [
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", self.env.company.id),
                ]
                + ([("volume_year", "=", year)] if year else [])
            )
            .sorted(lambda d: (d.category_id.sequence, d.volume_year, d.catalogue_sequence))
        )
        groups = []
        for document in documents:
            key = (document.category_id, document.volume_year)
            if not groups or groups[-1][:2] != key:
                groups.append((*key, document))
            else:
                groups[-1] = (*key, groups[-1][2] | document)
        return groups
