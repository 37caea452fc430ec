"""19.0.2.0.0: the archive becomes its own record, ``partner.archive`` (SPEC §3.M).

Before the ORM loads the new models, move every archive value from the columns of
``res_partner`` into ``partner_archive`` rows, link every document to its archive and give
every archive its catalogue counters, in set-based SQL (any number of partners):

* who gets an archive: every partner with an archive number, an entered archive value
  (keeper, last review, a profile item, confidential notes), a document or a catalogue
  counter. The others only had values the old compute derived (status draft, completeness,
  a next review date of a staff partner) and get none, as new ones would;
* its company (one archive per customer and company): the company whose archive sequence
  gave the number, when the number fits the prefix of exactly one company's sequence; else
  the partner's company; else the main company. The old model kept one archive for all
  companies, so this is where the numbered archive lives;
* a customer with documents filed in another company (documents always had a company) also
  gets an archive there, with the same profile (every company saw it) and no number yet
  (post-partner-archive.py numbers it from that company's sequence): its documents keep
  their company;
* catalogue counters were per customer and category: each archive of the customer starts
  from the customer's last number, so no catalogue number is ever reused;
* numbers never change: archive numbers move as they are, documents keep theirs.

The table is created here with every stored column the ORM would compute (status,
completeness, next review), so that loading the module computes nothing; the ORM adds its
constraints and foreign keys afterwards.
"""

import re

from odoo.tools import SQL, sql

COLUMNS = [
    # (old res_partner column, partner_archive column, type, entered by people)
    ("archive_code", "code", "varchar", True),
    ("archive_keeper_id", "keeper_id", "int4", True),
    ("archive_state", "state", "varchar", False),
    ("archive_completeness", "completeness", "int4", False),
    ("archive_date_last_review", "date_last_review", "date", True),
    ("archive_date_next_review", "date_next_review", "date", False),
    ("legal_representative", "legal_representative", "varchar", True),
    ("registered_capital", "registered_capital", "numeric", True),
    ("date_founded", "date_founded", "date", True),
    ("business_scope", "business_scope", "text", True),
    ("market_region", "market_region", "varchar", True),
    ("main_products", "main_products", "text", True),
    ("employee_count", "employee_count", "int4", True),
    ("annual_revenue", "annual_revenue", "numeric", True),
    ("customer_nature", "customer_nature", "varchar", True),
    ("relationship_stage", "relationship_stage", "varchar", True),
    ("relationship_date_start", "relationship_date_start", "date", True),
    ("sales_capacity", "sales_capacity", "varchar", True),
    ("development_potential", "development_potential", "varchar", True),
    ("competitor_notes", "competitor_notes", "text", True),
    ("archive_people_notes", "people_notes", "text", True),
]
NOW = SQL("(now() AT TIME ZONE 'UTC')")


def _sequence_patterns(cr):
    """[(company id, regex)] of the archive number sequences (prefix, digits, suffix)."""
    cr.execute(
        """SELECT company_id, COALESCE(prefix, ''), padding, COALESCE(suffix, '')
             FROM ir_sequence WHERE code = 'partner.archive.code' AND company_id IS NOT NULL"""
    )
    patterns = []
    for company_id, prefix, padding, suffix in cr.fetchall():

        def pattern(text):
            parts = re.split(r"%\(\w+\)s", text)
            return r"\d+".join(re.escape(part) for part in parts)

        patterns.append(
            (company_id, f"^{pattern(prefix)}\\d{{{max(padding, 1)},}}{pattern(suffix)}$")
        )
    return patterns


def _main_company(cr):
    cr.execute(
        """SELECT res_id FROM ir_model_data
            WHERE module = 'base' AND name = 'main_company' AND model = 'res.company'"""
    )
    row = cr.fetchone()
    if row:
        return row[0]
    cr.execute("SELECT min(id) FROM res_company")
    return cr.fetchone()[0]


def _create_table(cr):
    columns = SQL(", ").join(
        SQL("%s %s", SQL.identifier(new), SQL(kind)) for _old, new, kind, _entered in COLUMNS
    )
    cr.execute(
        SQL(
            """CREATE TABLE partner_archive (
                   id SERIAL PRIMARY KEY,
                   partner_id int4 NOT NULL,
                   company_id int4 NOT NULL,
                   %s,
                   create_uid int4, create_date timestamp,
                   write_uid int4, write_date timestamp)""",
            columns,
        )
    )


def _home_companies(cr):
    """Temporary table pca_archive_home(partner_id, company_id) of the partners that get an
    archive, with the company of their numbered archive."""
    entered = SQL(" OR ").join(
        SQL("p.%s IS NOT NULL", SQL.identifier(old))
        for old, _new, _kind, is_entered in COLUMNS
        if is_entered
    )
    patterns = _sequence_patterns(cr)
    values = (
        SQL(", ").join(SQL("(%s, %s)", company_id, regex) for company_id, regex in patterns)
        if patterns
        else SQL("(NULL::int, NULL::varchar)")
    )
    cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE pca_archive_home ON COMMIT DROP AS
            WITH seq(company_id, regex) AS (VALUES %(values)s),
                 by_sequence AS (
                    SELECT p.id AS partner_id, min(s.company_id) AS company_id
                      FROM res_partner p JOIN seq s ON p.archive_code ~ s.regex
                     WHERE p.archive_code IS NOT NULL
                  GROUP BY p.id
                    HAVING count(*) = 1)
            SELECT p.id AS partner_id,
                   COALESCE(b.company_id, p.company_id, %(main)s) AS company_id
              FROM res_partner p
         LEFT JOIN by_sequence b ON b.partner_id = p.id
             WHERE %(entered)s
                OR EXISTS (SELECT 1 FROM partner_archive_document d WHERE d.partner_id = p.id)
                OR EXISTS (SELECT 1 FROM partner_archive_catalogue_counter c
                            WHERE c.partner_id = p.id)
            """,
            values=values,
            main=_main_company(cr),
            entered=entered,
        )
    )


def _insert_archives(cr):
    old = SQL(", ").join(SQL("p.%s", SQL.identifier(o)) for o, _n, _k, _e in COLUMNS)
    new = SQL(", ").join(SQL.identifier(n) for _o, n, _k, _e in COLUMNS)
    cr.execute(
        SQL(
            """
            INSERT INTO partner_archive
                   (partner_id, company_id, %(new)s, create_uid, create_date, write_uid, write_date)
            SELECT p.id, h.company_id, %(old)s, 1, %(now)s, 1, %(now)s
              FROM pca_archive_home h JOIN res_partner p ON p.id = h.partner_id
             ORDER BY p.id
            """,
            new=new,
            old=old,
            now=NOW,
        )
    )
    # documents filed in another company: an archive there too (no number yet, completeness
    # left NULL for post-partner-archive.py to compute from that company's documents)
    copied = [n for _o, n, _k, _e in COLUMNS if n not in ("code", "completeness", "state")]
    copied_sql = SQL(", ").join(SQL.identifier(n) for n in copied)
    from_home = SQL(", ").join(SQL("a.%s", SQL.identifier(n)) for n in copied)
    cr.execute(
        SQL(
            """
            INSERT INTO partner_archive
                   (partner_id, company_id, %(columns)s, state,
                    create_uid, create_date, write_uid, write_date)
            SELECT DISTINCT ON (d.partner_id, d.company_id)
                   d.partner_id, d.company_id, %(from_home)s, 'draft', 1, %(now)s, 1, %(now)s
              FROM partner_archive_document d
              JOIN partner_archive a ON a.partner_id = d.partner_id
             WHERE NOT EXISTS (SELECT 1 FROM partner_archive x
                                WHERE x.partner_id = d.partner_id
                                  AND x.company_id = d.company_id)
          ORDER BY d.partner_id, d.company_id
            """,
            columns=copied_sql,
            from_home=from_home,
            now=NOW,
        )
    )


def _link_documents_and_counters(cr):
    cr.execute("ALTER TABLE partner_archive_document ADD COLUMN IF NOT EXISTS archive_id int4")
    cr.execute(
        """UPDATE partner_archive_document d
              SET archive_id = a.id
             FROM partner_archive a
            WHERE a.partner_id = d.partner_id AND a.company_id = d.company_id"""
    )
    cr.execute(
        "ALTER TABLE partner_archive_catalogue_counter ADD COLUMN IF NOT EXISTS archive_id int4"
    )
    cr.execute(
        "ALTER TABLE partner_archive_catalogue_counter "
        "DROP CONSTRAINT IF EXISTS partner_archive_catalogue_counter_partner_category_uniq"
    )
    # the numbered (home) archive takes the customer's counter row, its other archives a copy
    cr.execute(
        """UPDATE partner_archive_catalogue_counter c
              SET archive_id = a.id
             FROM partner_archive a JOIN pca_archive_home h
               ON h.partner_id = a.partner_id AND h.company_id = a.company_id
            WHERE a.partner_id = c.partner_id"""
    )
    cr.execute(
        """INSERT INTO partner_archive_catalogue_counter
                   (archive_id, partner_id, category_id, last_number)
           SELECT a.id, c.partner_id, c.category_id, c.last_number
             FROM partner_archive_catalogue_counter c
             JOIN partner_archive a ON a.partner_id = c.partner_id AND a.id != c.archive_id"""
    )


def migrate(cr, version):
    if not version or sql.table_exists(cr, "partner_archive"):
        return
    if not sql.column_exists(cr, "res_partner", "archive_code"):
        return
    _create_table(cr)
    _home_companies(cr)
    _insert_archives(cr)
    _link_documents_and_counters(cr)
    cr.execute("CREATE INDEX ON partner_archive (partner_id)")
