#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, from one command (make bench): a throw-away database with
# the addon, then each benchmark next to Odoo's own computation on the same data.
#
#   CUSTOMERS=20000 INVOICES=5000 bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh
[ -n "$ODOO_MISSING" ] && { echo "$ODOO_MISSING"; exit 2; }
db="pca_bench_$$"
data_dir=$(sed -n 's/^data_dir = //p' "$ODOO_CONF")
trap 'dropdb --if-exists "$db" >/dev/null 2>&1; rm -rf "$data_dir/filestore/$db"' EXIT
template=$(bash scripts/template_db.sh)
bash scripts/clone_db.sh "$template" "$db"
odoo -d "$db" -i partner_credit_archive --stop-after-init --log-level=warn
echo "== credit checks at confirmation (${INVOICES:-5000} open invoices)"
BENCH_INVOICES=${INVOICES:-5000} BENCH_ROUNDS=50 "$PYTHON" "$ODOO_BIN" shell -c "$ODOO_CONF" \
    -d "$db" --no-http --log-level=warn <scripts/bench_credit_control.py
echo "== grading (${CUSTOMERS:-20000} customers)"
"$PYTHON" scripts/bench_grading.py -c "$ODOO_CONF" -d "$db" --customers "${CUSTOMERS:-20000}"
echo "== reminders (${CUSTOMERS:-20000} customers)"
"$PYTHON" scripts/bench_reminders.py -c "$ODOO_CONF" -d "$db" --customers "${CUSTOMERS:-20000}"
