#!/usr/bin/env bash
# lifecycle_check.sh TEMPLATE_DB: on a database that already has 3 000 customers, credit limits,
# orders and invoices, install the addon, upgrade it and uninstall it; every customer, order,
# invoice and credit limit must come through each step unchanged. Expects odoo_env.sh variables.
set -uo pipefail
cd "$(dirname "$0")/.."
db="pca_life_$$"
work=$(mktemp -d)
data_dir=$(sed -n 's/^data_dir = //p' "$ODOO_CONF")
trap 'dropdb --if-exists "$db" >/dev/null 2>&1; rm -rf "$work" "$data_dir/filestore/$db"' EXIT
run() { "$PYTHON" "$ODOO_BIN" -c "$ODOO_CONF" -d "$db" "$@"; }
odoo_shell() { "$PYTHON" "$ODOO_BIN" shell -c "$ODOO_CONF" -d "$db" --no-http --log-level=warn; }
shell() {
    LIFECYCLE_MODE=$1 LIFECYCLE_OUT="$work/$2.json" odoo_shell \
        <scripts/lifecycle_data.py >"$work/$2.out" 2>&1 || { cat "$work/$2.out"; exit 1; }
    grep -E "^(populated|snapshot):" "$work/$2.out"
}
step() {
    echo "-- $1"
    shift
    if ! run "$@" --stop-after-init --log-level=warn >"$work/step.log" 2>&1; then
        tail -30 "$work/step.log"
        exit 1
    fi
    if grep -E " (WARNING|ERROR|CRITICAL) " "$work/step.log"; then
        echo "lifecycle: the step above logged warnings or errors"
        exit 1
    fi
}
same() {
    if ! cmp -s "$work/before.json" "$work/$1.json"; then
        echo "lifecycle: data changed by $1:"
        diff <(tr ',' '\n' <"$work/before.json") <(tr ',' '\n' <"$work/$1.json") | head -20
        exit 1
    fi
}
bash scripts/clone_db.sh "$1" "$db" || exit 1
shell populate populate
shell snapshot before
step "install" -i partner_credit_archive
shell snapshot installed
same installed
echo "-- existing customers got archive numbers and the potential tier"
odoo_shell >"$work/archived.out" 2>&1 <<'PY' || { cat "$work/archived.out"; exit 1; }
customers = env["res.partner"].search([("parent_id", "=", False), ("customer_rank", ">", 0)])
unnumbered = customers.filtered(lambda p: not p.archive_code)
tiers = set(customers.mapped("credit_tier_id.code"))
assert len(customers) >= 3000 and not unnumbered and tiers == {"potential"}, (
    len(customers), len(unnumbered), tiers)
print(f"numbered: {len(customers)} customers, tiers {sorted(tiers)}")
PY
grep "^numbered:" "$work/archived.out"
step "upgrade" -u partner_credit_archive
shell snapshot upgraded
same upgraded
echo "-- uninstall"
odoo_shell >"$work/uninstall.out" 2>&1 <<'PY' || { cat "$work/uninstall.out"; exit 1; }
env["ir.module.module"].search([("name", "=", "partner_credit_archive")]).button_immediate_uninstall()
env.cr.commit()
PY
shell snapshot uninstalled
same uninstalled
step "reinstall" -i partner_credit_archive
echo "lifecycle: install, upgrade, uninstall and reinstall kept every record"
