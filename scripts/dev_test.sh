#!/usr/bin/env bash
# Fast developer loop: keep a database, update the addon in it, run (some) tests.
#
#   scripts/dev_test.sh DB [pytest args]     e.g. scripts/dev_test.sh pca_me -k archive
#
# The first call clones the template database and installs the addon; later calls update it
# (-u). The install/update log is checked for WARNING/ERROR like make test does. For the real
# thing (fresh database, lifecycle, lint) run make test.
set -uo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
db=${1:?usage: scripts/dev_test.sh DB [pytest args]}
shift
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh || exit 2
[ -n "$ODOO_MISSING" ] && { echo "$ODOO_MISSING"; exit 2; }
log=$(mktemp)
if psql -d postgres -Atc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    mode=-u
else
    template=$(bash scripts/template_db.sh) || exit 2
    bash scripts/clone_db.sh "$template" "$db" || exit 2
    mode=-i
fi
odoo -d "$db" $mode partner_credit_archive --stop-after-init --log-level=info >"$log" 2>&1
rc=$?
if [ $rc -ne 0 ] || grep -qE " (WARNING|ERROR|CRITICAL) " "$log"; then
    grep -E " (WARNING|ERROR|CRITICAL) " -A15 "$log" | head -60
    [ $rc -ne 0 ] && tail -30 "$log"
    echo "dev_test: install/update of $db logged problems (rc=$rc), log: $log"
    if [ "$mode" = -i ]; then dropdb --if-exists "$db"; fi
    exit 1
fi
rm -f "$log"
PYTHONPATH="$here/scripts" "$VENV/bin/python" -m pytest -p no:cacheprovider -p pytest_no_warnings \
    --rootdir "$ADDON_DIR" --odoo-config "$ODOO_CONF" --odoo-database "$db" \
    --odoo-log-level warn --odoo-http "$ADDON_DIR/tests" "$@"
