"""Snapshot what users entered in a database, and compare two snapshots (upgrade_check.sh).

    upgrade_snapshot.py snapshot DB OUT.json
    upgrade_snapshot.py compare BEFORE.json AFTER.json ALLOW_LIST

Generic, from the database's own catalogue, so a new model or field is covered without
touching this script:

* every table of the addon's own models (an ``ir.model`` known only through this addon's
  ``ir.model.data``; transient models and SQL views left out): every row, every column;
* on the other models (res_partner, sale_order, res_company…), every stored column of a field
  the addon defines or overrides (``ir.model.fields`` of this addon), by row id;
* the many2many tables the addon created (``ir.model.relation``, wizards' left out), as sets
  of rows;
* the core records the credit figures are made of: partners (name, parent, active, credit
  limit), orders and invoices (number, state, amounts), and row counts of the sale and
  account tables.

Rows of the addon's data files (an ``ir.model.data`` of the addon, noupdate off: Odoo rewrites
and deletes those itself) may disappear when the new release's files drop them; that is
reported, not failed. ``write_date`` and ``write_uid`` are not compared: Odoo sets them when
an upgrade reloads the addon's data files, which changes nothing anybody entered.

Compare: every row of BEFORE must exist in AFTER with the same values, except the columns of
the allow-list (``table.column  reason`` per line, ``#`` comments), which the new release
changes on purpose. A column the new release moves to another table is listed as
``table.column -> target_table.target_column  reason``: every value must be found, unchanged,
in a row of the target table whose ``<source model>_id``-style key (``partner_id`` for
res_partner) is the source row's id; a source row without any target row passes only with
an empty value (NULL, '', 0, false), or, with ``->?``, whatever value (a value the old release
derived for rows the new one gives no target row, or left empty and a migration filled:
never for the numbers below).
Archive numbers (res_partner.archive_code) and catalogue numbers
(partner_archive_document.catalogue_number) are never renumbered: the allow-list can only say
``released: reason`` for them, which lets a number be taken back (set to nothing), never
changed into another.
Runs with the Odoo virtualenv's Python (psycopg2); connects like psql (PG* variables).
"""

import datetime
import decimal
import hashlib
import json
import sys
from collections import Counter, defaultdict

import psycopg2

MODULE = "partner_credit_archive"
IGNORED_COLUMNS = {"write_date", "write_uid"}
RELEASED = "released:"  # the only way a never-renumbered column may be allow-listed
NEVER_RENUMBERED = {
    ("res_partner", "archive_code"),
    ("partner_archive_document", "catalogue_number"),
}
CORE_COLUMNS = {
    "res.partner": ["name", "parent_id", "active", "credit_limit"],
    "sale.order": ["name", "state", "partner_id", "amount_total"],
    "account.move": ["name", "state", "payment_state", "partner_id", "amount_total"],
}
COUNTED_TABLES = [
    "res_partner",
    "sale_order",
    "sale_order_line",
    "account_move",
    "account_move_line",
    "account_payment",
    "account_partial_reconcile",
]
SHOWN = 25  # differences printed in full


def plain(value):
    """A value as JSON keeps it, the same for the same stored value."""
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, memoryview | bytes):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


def fetch(cr, query, params=()):
    cr.execute(query, params)
    return cr.fetchall()


def table_columns(cr, table):
    rows = fetch(
        cr,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        (table,),
    )
    return [name for (name,) in rows]


def is_table(cr, table):
    return bool(
        fetch(cr, "SELECT 1 FROM pg_class WHERE relname = %s AND relkind IN ('r', 'p')", (table,))
    )


def own_models(cr):
    """The addon's own stored models: {model: table}."""
    rows = fetch(
        cr,
        """
        SELECT m.model FROM ir_model m
          JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
         WHERE NOT m.transient
         GROUP BY m.model
        HAVING bool_and(d.module = %s)
        """,
        (MODULE,),
    )
    models = {model: model.replace(".", "_") for (model,) in rows}
    return {model: table for model, table in models.items() if is_table(cr, table)}


def added_columns(cr, own):
    """Stored fields the addon defines or overrides on the other models: {table: [column]}."""
    rows = fetch(
        cr,
        """
        SELECT DISTINCT f.model, f.name FROM ir_model_fields f
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
          JOIN ir_model m ON m.id = f.model_id
         WHERE d.module = %s AND f.store AND f.ttype NOT IN ('one2many', 'many2many')
           AND NOT m.transient
        """,
        (MODULE,),
    )
    result = defaultdict(set)
    for model, name in rows:
        if model not in own and name != "id":
            result[model].add(name)
    return result


def file_records(cr, model):
    """Ids of the records of ``model`` that the addon's data files own (noupdate off): Odoo
    deletes them on upgrade when a new release's files drop them."""
    rows = fetch(
        cr,
        "SELECT res_id FROM ir_model_data WHERE module = %s AND model = %s AND NOT noupdate",
        (MODULE, model),
    )
    return sorted(str(res_id) for (res_id,) in rows)


def dump_table(cr, table, columns):
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = fetch(cr, f'SELECT id, {quoted} FROM "{table}" ORDER BY id')
    return {str(row[0]): [plain(v) for v in row[1:]] for row in rows}


def snapshot(db, out):
    conn = psycopg2.connect(dbname=db)
    cr = conn.cursor()
    own = own_models(cr)
    tables = {}
    for model, table in sorted(own.items()):
        columns = [c for c in table_columns(cr, table) if c != "id" and c not in IGNORED_COLUMNS]
        tables[table] = {
            "columns": columns,
            "rows": dump_table(cr, table, columns),
            "file_records": file_records(cr, model),
        }
    extra = added_columns(cr, own)
    for model, columns in CORE_COLUMNS.items():
        extra[model].update(columns)
    for model in sorted(extra):
        table = model.replace(".", "_")
        existing = table_columns(cr, table)
        columns = sorted(c for c in extra[model] if c in existing)
        if columns:
            tables[table] = {
                "columns": columns,
                "rows": dump_table(cr, table, columns),
                "file_records": file_records(cr, model),
            }
    relations = fetch(
        cr,
        """
        SELECT DISTINCT r.name FROM ir_model_relation r
          JOIN ir_module_module mod ON mod.id = r.module
          JOIN ir_model m ON m.id = r.model
         WHERE mod.name = %s AND NOT m.transient
        """,
        (MODULE,),
    )
    for (table,) in sorted(relations):
        if not is_table(cr, table):
            continue
        columns = table_columns(cr, table)
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = fetch(cr, f'SELECT {quoted} FROM "{table}"')
        tables[table] = {
            "columns": columns,
            "set": sorted([plain(v) for v in row] for row in rows),
        }
    counts = {table: fetch(cr, f'SELECT count(*) FROM "{table}"')[0][0] for table in COUNTED_TABLES}
    version = fetch(cr, "SELECT latest_version FROM ir_module_module WHERE name = %s", (MODULE,))[
        0
    ][0]
    conn.close()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"version": version, "tables": tables, "counts": counts}, handle, sort_keys=True)
    rows = sum(len(t["rows"] if "rows" in t else t["set"]) for t in tables.values())
    print(f"snapshot: version {version}, {len(tables)} tables, {rows} rows")


MOVE_KEYS = {"res_partner": "partner_id"}


def read_allow_list(path, moves=None):
    allowed = {}
    moves = {} if moves is None else moves
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) >= 4 and parts[1] in ("->", "->?"):
                table, _, column = parts[0].partition(".")
                target, _, target_column = parts[2].partition(".")
                derived = parts[1] == "->?"
                if not (table and column and target and target_column) or table not in MOVE_KEYS:
                    sys.exit(f"{path}:{number}: expected 'table.column -> table.column  reason'")
                if derived and (table, column) in NEVER_RENUMBERED:
                    sys.exit(f"{path}:{number}: {parts[0]} is never renumbered: no '->?'")
                moves[(table, column)] = (target, target_column, derived, " ".join(parts[3:]))
                continue
            name, _, reason = line.partition(" ")
            table, dot, column = name.partition(".")
            if not dot or not table or not column or not reason.strip():
                sys.exit(f"{path}:{number}: expected 'table.column  reason', got {raw.strip()!r}")
            if (table, column) in NEVER_RENUMBERED and not reason.strip().startswith(RELEASED):
                sys.exit(
                    f"{path}:{number}: {name} is never renumbered; it can only be listed as "
                    f"'{RELEASED} reason' (a number taken back, never given to another)"
                )
            allowed[(table, column)] = reason.strip()
    return allowed


def compare_moves(before, after, moves, problems, changed, allowed=()):
    """Columns moved to another table: every value found again (see the module doc). A
    number listed as released (``allowed``) may be found taken back: NULL, or no row."""
    for (table, column), (target, target_column, derived, _why) in sorted(moves.items()):
        source = before["tables"].get(table)
        if not source or column not in source["columns"]:
            continue
        position = source["columns"].index(column)
        new = after["tables"].get(target)
        same_table = target == table  # a renamed column: the same row, by id
        if (
            not new
            or target_column not in new["columns"]
            or (not same_table and MOVE_KEYS[table] not in new["columns"])
        ):
            problems[(table, column, f"moved to missing {target}.{target_column}")].append("-")
            continue
        value_at = new["columns"].index(target_column)
        found = defaultdict(list)
        if same_table:
            for row_id, values in new["rows"].items():
                found[row_id].append(values[value_at])
        else:
            key_at = new["columns"].index(MOVE_KEYS[table])
            for values in new["rows"].values():
                found[str(values[key_at])].append(values[value_at])
        released = (table, column) in allowed
        for row_id, values in source["rows"].items():
            value = values[position]
            if released and value is not None and set(found.get(row_id, [None])) == {None}:
                changed[(table, f"{column} (released)")] += 1  # taken back, never reused
                continue
            if row_id in found:
                if value in found[row_id] or (derived and value is None):
                    changed[(table, f"{column} -> {target}.{target_column}")] += 1
                    continue
                what = "renumbered" if (table, column) in NEVER_RENUMBERED else "value lost"
                problems[(table, column, f"{what} moving to {target}")].append(
                    f"{row_id}: {value!r} not in {found[row_id]!r}"
                )
            elif value not in (None, "", 0, False) and not derived:
                problems[(table, column, f"no {target} row for a value")].append(
                    f"{row_id}: {value!r}"
                )


def compare_rows(table, before, after, allowed, problems, changed, moved=()):
    """Rows of one table by id: lost rows, dropped columns and changed values."""
    new_columns = after["columns"] if after else []
    rows_after = after["rows"] if after else {}
    positions = {column: new_columns.index(column) for column in new_columns}
    for column in before["columns"]:
        if (table, column) in moved:
            continue
        if column not in positions and (table, column) not in allowed:
            problems[(table, column, "column dropped")].append(f"{len(before['rows'])} rows")
    file_records = set(before.get("file_records", ()))
    for row_id, values in before["rows"].items():
        new_values = rows_after.get(row_id)
        if new_values is None:
            if row_id in file_records:  # a data file's record the new release dropped
                changed[(table, "<data-file record removed>")] += 1
            else:
                problems[(table, "*", "row lost")].append(row_id)
            continue
        for column, value in zip(before["columns"], values, strict=True):
            if column not in positions or new_values[positions[column]] == value:
                continue
            key = (table, column)
            if key in allowed and key not in NEVER_RENUMBERED:
                changed[key] += 1
                continue
            if key in allowed and new_values[positions[column]] is None:
                changed[key] += 1  # a number taken back (released), never given to another
                continue
            what = "renumbered" if key in NEVER_RENUMBERED else "value changed"
            problems[(table, column, what)].append(
                f"{row_id}: {value!r} -> {new_values[positions[column]]!r}"
            )


def compare_sets(table, before, after, problems):
    """Rows of a many2many table: every row of before still there (the columns it had)."""
    if not after:
        problems[(table, "*", "table dropped")].append(f"{len(before['set'])} rows")
        return
    keep = [after["columns"].index(c) for c in before["columns"] if c in after["columns"]]
    if len(keep) < len(before["columns"]):
        problems[(table, "*", "column dropped")].append("-")
        return
    remaining = Counter(tuple(json.dumps(row[i]) for i in keep) for row in after["set"])
    for row in before["set"]:
        key = tuple(json.dumps(v) for v in row)
        if remaining[key]:
            remaining[key] -= 1
        else:
            problems[(table, "*", "row lost")].append(str(row))


def compare(before_path, after_path, allow_path):
    with open(before_path, encoding="utf-8") as handle:
        before = json.load(handle)
    with open(after_path, encoding="utf-8") as handle:
        after = json.load(handle)
    moves = {}
    allowed = read_allow_list(allow_path, moves)
    problems = defaultdict(list)
    changed = Counter()
    compare_moves(before, after, moves, problems, changed, allowed)
    rows = values = 0
    for table, data in sorted(before["tables"].items()):
        new = after["tables"].get(table)
        if "set" in data:
            compare_sets(table, data, new, problems)
            rows += len(data["set"])
            values += len(data["set"]) * len(data["columns"])
        else:
            compare_rows(table, data, new, allowed, problems, changed, moves)
            rows += len(data["rows"])
            values += len(data["rows"]) * len(data["columns"])
    for table, count in before["counts"].items():
        if after["counts"].get(table) != count:
            problems[(table, "*", "row count changed")].append(
                f"{count} -> {after['counts'].get(table)}"
            )
    print(
        f"compared: {len(before['tables'])} tables, {rows} rows, {values} values "
        f"(version {before['version']} -> {after['version']}); "
        f"row counts of {', '.join(before['counts'])}"
    )
    for (table, column), count in sorted(changed.items()):
        source = (table, column.split(" -> ")[0])
        why = allowed.get((table, column)) or (
            moves[source][3] if " -> " in column else "dropped from the addon's data files"
        )
        print(f"  allowed: {table}.{column}: {count} rows ({why})")
    unused = sorted(set(allowed) - {key for key in changed if " -> " not in key[1]})
    if unused:
        print("  allow-listed, unchanged: " + ", ".join(f"{t}.{c}" for t, c in unused))
    if not problems:
        print("differences: none")
        return 0
    total = sum(len(v) for v in problems.values())
    print(f"differences: {total} in {len(problems)} table columns (not in {allow_path}):")
    for (table, column, what), items in sorted(problems.items())[:SHOWN]:
        print(f"  {table}.{column}: {what} ({len(items)}): {'; '.join(items[:3])}"[:400])
    if len(problems) > SHOWN:
        print(f"  … and {len(problems) - SHOWN} more")
    return 1


def main(argv):
    if len(argv) == 3 and argv[0] == "snapshot":
        snapshot(argv[1], argv[2])
        return 0
    if len(argv) == 4 and argv[0] == "compare":
        return compare(*argv[1:])
    sys.exit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
