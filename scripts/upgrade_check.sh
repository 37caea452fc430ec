#!/usr/bin/env bash
# upgrade_check.sh [TEMPLATE_DB]: the upgrade from the previous release, as a user lives it.
# Installs the previous release's code (the commit in scripts/upgrade_base.txt, extracted
# outside the repository), enters data with it (customers, contacts, orders, invoices partly
# paid, archives with catalogue numbers, credit reports, limits, a temporary limit, held,
# released and rejected orders, grading, aging snapshots), snapshots every row of the addon's
# tables and columns, upgrades to this checkout (-u) and compares: the upgrade must log no
# WARNING or ERROR and keep every row and value, except the columns listed in
# scripts/upgrade_changes.txt. Archive and catalogue numbers never change.
# Without the base revision (a shallow clone) it prints one SKIPPED line and succeeds.
# UPGRADE_CUSTOMERS (default 300) sets the number of bulk customers; UPGRADE_BASE=REV upgrades
# from another revision than scripts/upgrade_base.txt's.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
repo=$(pwd)
start=$SECONDS
skip() {
    echo "upgrade check SKIPPED: $1"
    exit 0
}
base=${UPGRADE_BASE:-$(sed -e 's/#.*//' scripts/upgrade_base.txt | awk 'NF { print $1; exit }')}
if [ -z "$base" ]; then
    echo "upgrade check: no base revision in scripts/upgrade_base.txt"
    exit 1
fi
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 \
    || skip "not a git checkout: no previous release ($base) to upgrade from"
git -C "$repo" cat-file -e "$base^{commit}" 2>/dev/null \
    || skip "the previous release $base is not in this clone's history (shallow clone? git fetch --unshallow)"

if [ -z "${ODOO_CONF:-}" ]; then
    # run on its own: use the Odoo set up before, never download one just for this
    # shellcheck source=scripts/odoo_env.sh
    DEVENV_OFFLINE=1 source scripts/odoo_env.sh || exit 2
    [ -n "$ODOO_MISSING" ] && skip "$ODOO_MISSING"
fi
template=${1:-}
if [ -z "$template" ]; then
    template=$(bash scripts/template_db.sh) || exit 2
fi

db="pca_upgrade_$$"
work=$(mktemp -d)
data_dir=$(sed -n 's/^data_dir = //p' "$ODOO_CONF")
trap 'dropdb --if-exists "$db" >/dev/null 2>&1; rm -rf "$work" "$data_dir/filestore/$db"' EXIT

# The previous release's tree, named partner_credit_archive, in an addons folder of its own;
# its config is this checkout's (devenv's Community-only view, same data_dir and database
# role) with that folder in place of this checkout's addons folder.
old_addons="$work/addons"
mkdir -p "$old_addons/partner_credit_archive"
git -C "$repo" archive "$base" | tar -x -C "$old_addons/partner_credit_archive" || exit 1
checkout_addons=$(dirname "$ADDON_DIR")
paths=$(sed -n 's/^addons_path = //p' "$ODOO_CONF" | tr ',' '\n' | { grep -vxF "$checkout_addons" || true; } | paste -sd, -)
sed "s#^addons_path = .*#addons_path = ${paths:+$paths,}$old_addons#" "$ODOO_CONF" >"$work/old.conf"
manifest_version() {
    python3 -c "import ast,sys;print(ast.literal_eval(open(sys.argv[1]).read())['version'])" "$1"
}
old_version=$(manifest_version "$old_addons/partner_credit_archive/__manifest__.py")
new_version=$(manifest_version __manifest__.py)
echo "-- previous release ${base:0:7} ($old_version) -> this checkout ($new_version)"

odoo_with() { # odoo_with CONF ARGS...
    local conf=$1
    shift
    "$PYTHON" "$ODOO_BIN" -c "$conf" -d "$db" "$@"
}
shell_with() { # shell_with CONF NAME < script: an odoo shell, its output in $work/NAME.out
    "$PYTHON" "$ODOO_BIN" shell -c "$1" -d "$db" --no-http --log-level=warn >"$work/$2.out" 2>&1 \
        || { tail -40 "$work/$2.out"; echo "upgrade check: $2 failed"; exit 1; }
    grep -E "^(populated|snapshot):" "$work/$2.out"
}
installed_version() {
    psql -d "$db" -Atc "SELECT latest_version FROM ir_module_module
                        WHERE name = 'partner_credit_archive' AND state = 'installed'"
}
snapshot() {
    "$PYTHON" scripts/upgrade_snapshot.py snapshot "$db" "$work/$1.json" || exit 1
}

bash scripts/clone_db.sh "$template" "$db" || exit 1
echo "-- customers, orders and invoices before the addon"
LIFECYCLE_MODE=populate LIFECYCLE_CUSTOMERS=${UPGRADE_CUSTOMERS:-300} \
    shell_with "$work/old.conf" bulk <scripts/lifecycle_data.py
echo "-- install the previous release"
if ! odoo_with "$work/old.conf" -i partner_credit_archive --stop-after-init --log-level=warn \
    >"$work/old-install.log" 2>&1; then
    tail -40 "$work/old-install.log"
    echo "upgrade check: the previous release did not install"
    exit 1
fi
if [ "$(installed_version)" != "$old_version" ]; then
    echo "upgrade check: installed $(installed_version), not the previous release's $old_version"
    exit 1
fi
echo "-- data entered with the previous release"
shell_with "$work/old.conf" populate <scripts/upgrade_data.py
snapshot before

echo "-- upgrade to this checkout (-u partner_credit_archive)"
odoo_with "$ODOO_CONF" -u partner_credit_archive --stop-after-init --log-level=info \
    >"$work/upgrade.log" 2>&1
rc=$?
if [ $rc -ne 0 ] || grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$work/upgrade.log" \
    | grep -v "odoo.modules.loading: Module .* demo data\b" >"$work/upgrade-warnings.log"; then
    echo "upgrade check: the upgrade logged warnings or errors (or failed, rc=$rc):"
    head -40 "$work/upgrade-warnings.log"
    [ $rc -ne 0 ] && tail -40 "$work/upgrade.log"
    exit 1
fi
if [ "$(installed_version)" != "$new_version" ]; then
    echo "upgrade check: after -u the module is $(installed_version), not $new_version"
    exit 1
fi
[ "$old_version" = "$new_version" ] \
    && echo "note: the version did not change ($new_version): Odoo ran no migration script"
echo "upgrade clean: no WARNING or ERROR"
snapshot after
"$PYTHON" scripts/upgrade_snapshot.py compare "$work/before.json" "$work/after.json" \
    scripts/upgrade_changes.txt
status=$?
if [ $status -eq 0 ]; then
    echo "upgrade check: passed in $((SECONDS - start)) s"
else
    echo "upgrade check: FAILED in $((SECONDS - start)) s (explain intended changes in scripts/upgrade_changes.txt)"
fi
exit $status
