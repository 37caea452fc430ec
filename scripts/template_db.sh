#!/usr/bin/env bash
# Prints the name of a template database holding Odoo's own modules that the addon depends on
# (no demo data), creating it if needed. Reused while the Odoo source and the dependencies stay
# the same, so each test run only installs our addon. Expects scripts/odoo_env.sh's variables.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=$(python3 -c "import ast;print(','.join(ast.literal_eval(open('__manifest__.py').read())['depends']))")
key=$(printf '%s|%s|%s' "$(cat "$ODOO_VIEW/.stamp")" "$deps" "$VENV" | sha256sum | cut -c1-10)
name="pca_tmpl_$key"
# one builder at a time (parallel test runs, benchmarks and helpers share the template)
lock_dir="${XDG_CACHE_HOME:-$HOME/.cache}/partner_credit_archive"
mkdir -p "$lock_dir"
exec 9>"$lock_dir/template_db.lock"
flock 9
if psql -d postgres -Atc "select 1 from pg_database where datname='$name'" | grep -q 1; then
    echo "$name"
    exit 0
fi
echo "building template database $name ($deps)" >&2
dropdb --if-exists "$name.tmp" >/dev/null 2>&1 || true
createdb "$name.tmp"
if ! "$PYTHON" "$ODOO_BIN" -c "$ODOO_CONF" -d "$name.tmp" -i "$deps" --stop-after-init \
    --log-level=warn >&2; then
    dropdb --if-exists "$name.tmp"
    echo "could not build the template database" >&2
    exit 1
fi
psql -d postgres -qc "ALTER DATABASE \"$name.tmp\" RENAME TO \"$name\"" >&2
data_dir=$(sed -n 's/^data_dir = //p' "$ODOO_CONF")
if [ -d "$data_dir/filestore/$name.tmp" ]; then
    mv "$data_dir/filestore/$name.tmp" "$data_dir/filestore/$name"
fi
echo "$name"
