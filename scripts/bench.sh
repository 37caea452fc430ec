#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, from one command (make bench): a throw-away database with
# the addon, the customer data generated once (bench_data.py, committed in that database), then
# each benchmark on those customers next to Odoo's own computation on the same data, and a
# summary (one line per measure with its ratio to its baseline) printed and written to
# .build/bench/summary.md (the logs of each benchmark next to it).
#
#   CUSTOMERS=20000 INVOICES=5000 bash scripts/bench.sh
#   SCALE=100000 bash scripts/bench.sh          # the second release's scale (SPEC §5.1)
#
# CUSTOMERS (or SCALE): generated customers (12 months of orders, invoices and payments
# each), written in bulk SQL by bench_data_sql.py into a database *without* the addon (the
# HTTP benchmark's baseline), which is then cloned and the addon installed on the clone;
# GEN=orm makes them with the ORM-based bench_data.py on the addon's database instead (slow).
# The export is measured at CUSTOMERS/2 and CUSTOMERS to show whether its memory grows.
# INVOICES: open invoices of the one customer of the confirmation benchmark (its own data).
# HTTP=0 skips the multi-worker HTTP benchmark (bench_http.py: WORKERS, USERS); REPLICA=1
# adds the read-only replica benchmark (bench_replica.sh, a throw-away PostgreSQL pair).
# KEEP_DB=1 keeps the databases (their names are printed) instead of dropping them at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh
[ -n "$ODOO_MISSING" ] && { echo "$ODOO_MISSING"; exit 2; }
customers=${SCALE:-${CUSTOMERS:-20000}}
invoices=${INVOICES:-5000}
db="pca_bench_$$"
base="pca_bench_$$_odoo"  # the same data without the addon (the HTTP baseline)
out=.build/bench
mkdir -p "$out"
results="$out/results.jsonl"
: >"$results"
data_dir=$(sed -n 's/^data_dir = //p' "$ODOO_CONF")
if [ -z "${KEEP_DB:-}" ]; then
    trap 'for d in "$db" "$base"; do dropdb --if-exists "$d" >/dev/null 2>&1; rm -rf "$data_dir/filestore/$d"; done' EXIT
else
    echo "databases $db and $base are kept (KEEP_DB)"
fi
load_start=$(uptime | sed 's/.*load average/load average/')
started=$(date +%s)
template=$(bash scripts/template_db.sh)
bench() { "$PYTHON" "scripts/$1" -c "$ODOO_CONF" -d "$db" --summary "$results" "${@:2}" 2>&1 |
    tee "$out/${1%.py}.log"; }
install() {
    local s
    s=$(date +%s)
    odoo -d "$db" -i partner_credit_archive --stop-after-init --log-level=warn
    echo "{\"bench\": \"data\", \"measure\": \"install the addon on $1\", \"value\": $(($(date +%s) - s)), \"unit\": \"s\"}" >>"$results"
}

if [ "${GEN:-sql}" = orm ]; then
    bash scripts/clone_db.sh "$template" "$db"
    install "a new database"
    echo "== data: $customers customers (ORM), generated once for the benchmarks below"
    bench bench_data.py --customers "$customers"
else
    echo "== data: $customers customers in bulk SQL, without the addon, then the addon installed"
    bash scripts/clone_db.sh "$template" "$base"
    "$PYTHON" scripts/bench_data_sql.py -c "$ODOO_CONF" -d "$base" --summary "$results" \
        --customers "$customers" --verify 2>&1 | tee "$out/bench_data_sql.log"
    bash scripts/clone_db.sh "$base" "$db"
    install "$customers generated customers"
fi
echo "== grading ($customers customers; kept, so the benchmarks below see real tiers)"
bench bench_grading.py --existing --keep
# among the generated customers, so that PostgreSQL plans as on a real database; its data is
# committed and vacuumed like months-old invoices (BENCH_COMMIT)
echo "== credit checks at confirmation ($invoices open invoices of one more customer)"
BENCH_COMMIT=1 BENCH_INVOICES=$invoices BENCH_ROUNDS=50 "$PYTHON" "$ODOO_BIN" shell \
    -c "$ODOO_CONF" -d "$db" --no-http --log-level=warn <scripts/bench_credit_control.py 2>&1 |
    tee "$out/credit_control.log"
echo "== credit checks at confirmation, the customer also paying in 500 open bills (SPEC §3.J)"
BENCH_BILLS=500 BENCH_INVOICES=$invoices BENCH_ROUNDS=30 "$PYTHON" "$ODOO_BIN" shell \
    -c "$ODOO_CONF" -d "$db" --no-http --log-level=warn <scripts/bench_credit_control.py 2>&1 |
    tee "$out/credit_control_bills.log"
echo "== credit checks at confirmation, the customer without a credit limit (SPEC §5.1)"
BENCH_NO_LIMIT=1 BENCH_INVOICES=$invoices BENCH_ROUNDS=30 "$PYTHON" "$ODOO_BIN" shell \
    -c "$ODOO_CONF" -d "$db" --no-http --log-level=warn <scripts/bench_credit_control.py 2>&1 |
    tee "$out/credit_control_no_limit.log"
echo "== credit checks at delivery (button_validate of one delivery)"
"$PYTHON" "$ODOO_BIN" shell -c "$ODOO_CONF" -d "$db" --no-http --log-level=warn \
    <scripts/bench_delivery.py 2>&1 | tee "$out/delivery.log"
echo "== reminders (every customer of the daily run)"
bench bench_reminders.py --existing
echo "== collections (the daily job over the bench customers)"
# beyond 20 000 customers the first run's backlog (a PDF letter per customer reaching the
# letter level, holds) is not a daily run: time the daily sync without new actions instead
if [ "$customers" -gt 20000 ]; then
    bench bench_collections.py --existing --no-escalate
else
    bench bench_collections.py --existing
fi
# the jobs above rewrote most customers, orders and their activities in a few minutes; on a
# live database autovacuum has long caught up when a user next opens a list or an export
echo "== VACUUM ANALYZE (what autovacuum does between the jobs and the next day's work)"
psql -d "$db" -qc "VACUUM ANALYZE"
psql -d "$base" -qc "VACUUM ANALYZE"
echo "== customer lists as the web client opens them"
bench bench_list.py --per-field
echo "== AR aging now and as of past dates (receivables ledger)"
bench bench_aging.py
echo "== XLSX exports"
# beyond 20 000 customers without the tracemalloc run (about three times the timed one): the
# resident memory growth at the two scales still shows whether memory is bounded
if [ "$customers" -gt 20000 ]; then
    bench bench_export.py --customers "$((customers / 2)),$customers" --no-py-peak
else
    bench bench_export.py --customers "$((customers / 2)),$customers"
fi
if [ "${HTTP:-1}" != 0 ] && [ "${GEN:-sql}" != orm ]; then
    echo "== pages through a multi-worker server, with and without the addon"
    "$PYTHON" scripts/bench_http.py -c "$ODOO_CONF" --base-db "$base" --addon-db "$db" \
        --workers "${WORKERS:-2}" --users "${USERS:-4}" --summary "$results" \
        --log "$out/http_server.log" 2>&1 | tee "$out/bench_http.log"
fi
if [ "${REPLICA:-}" = 1 ]; then
    echo "== read-only work on a streaming replica (a throw-away PostgreSQL pair)"
    bash scripts/bench_replica.sh "$db" 2>&1 | tee "$out/bench_replica.log"
fi

load_end=$(uptime | sed 's/.*load average/load average/')
pg="$(psql -d "$db" -Atc 'show server_version' | cut -d' ' -f1), jit=$(psql -d "$db" -Atc 'show jit')"
echo
"$PYTHON" scripts/bench_summary.py "$results" --credit-control-log "$out/credit_control.log" \
    --out "$out/summary.md" \
    --title "make bench: CUSTOMERS=$customers INVOICES=$invoices ($(date -u +%Y-%m-%d))" \
    --context "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' + local changes'), $(nproc) cores, PostgreSQL $pg on the same host" \
    --context "$load_start at the start, $load_end at the end; $(($(date +%s) - started)) s in all" \
    --context "logs of each benchmark: $out/*.log"
echo "(written to $out/summary.md)"
