#!/usr/bin/env bash
# The README's test command (make test): the Odoo-free checks, then the whole Odoo suite with
# pytest-odoo on a fresh database. Without an Odoo source (none in ODOO_SRC, none remembered,
# no network) the Odoo suite is skipped with one line that says so.
#
#   scripts/test.sh [pytest args...]     e.g. scripts/test.sh -k archive
set -uo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
status=0

bash scripts/checks.sh || status=1

# Fetching Odoo's official source needs the network: probe it briefly so nothing hangs.
if [ -z "${ODOO_SRC:-}" ] && ! python3 scripts/devenv.py status | grep "^odoo source: /" >/dev/null; then
    if ! timeout 15 git ls-remote --exit-code https://github.com/odoo/odoo.git refs/heads/19.0 \
        >/dev/null 2>&1; then
        export DEVENV_OFFLINE=1
    fi
fi
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh || exit 2
if [ -n "$ODOO_MISSING" ]; then
    echo "Odoo suite SKIPPED: $ODOO_MISSING (set ODOO_SRC to an Odoo 19 source tree to run it)"
    exit $status
fi

db="pca_test_$$"
log_dir=$(mktemp -d)
cleanup() {
    dropdb --if-exists "$db" >/dev/null 2>&1
    rm -rf "$log_dir" "$(sed -n "s/^data_dir = //p" "$ODOO_CONF")/filestore/$db"
}
trap cleanup EXIT

# 1. Odoo's own modules are installed once into a template database, reused while the Odoo
#    source and the dependency list stay the same; our addon is installed fresh every run.
template=$(bash scripts/template_db.sh) || exit 2
bash scripts/clone_db.sh "$template" "$db" || exit 2
echo "== install partner_credit_archive on a fresh database ($db)"
odoo -d "$db" -i partner_credit_archive --stop-after-init --log-level=info \
    >"$log_dir/install.log" 2>&1
rc=$?
if [ $rc -ne 0 ] || grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$log_dir/install.log" \
    | grep -v "odoo.modules.loading: Module .* demo data\b" >"$log_dir/install-warnings.log"; then
    echo "install logged warnings or errors (or failed, rc=$rc):"
    grep -E " (WARNING|ERROR|CRITICAL) " "$log_dir/install.log" | head -40
    [ $rc -ne 0 ] && tail -40 "$log_dir/install.log"
    exit 1
fi
echo "install clean: no WARNING or ERROR"

# 2. The suite, through pytest-odoo, on that database. Warnings logged by Odoo during the
#    tests fail the run too (tests/conftest.py).
echo "== Odoo suite (pytest-odoo)"
PYTHONPATH="$here/scripts" "$VENV/bin/python" -m pytest -p no:cacheprovider -p pytest_no_warnings \
    --rootdir "$ADDON_DIR" \
    --odoo-config "$ODOO_CONF" --odoo-database "$db" --odoo-log-level warn --odoo-http \
    "$ADDON_DIR/tests" "$@"
rc=$?
[ $rc -eq 5 ] && { echo "no Odoo tests collected"; rc=1; }
[ $rc -ne 0 ] && status=1

# 3. Installing on a database that already has customers, orders and invoices loses nothing.
echo "== lifecycle on a populated database"
bash scripts/lifecycle_check.sh "$template" || status=1

# 4. Upgrading from the previous release's code keeps everything users entered with it.
echo "== upgrade from the previous release"
bash scripts/upgrade_check.sh "$template" || status=1
cd "$here"
exit $status
