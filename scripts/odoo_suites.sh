#!/usr/bin/env bash
# Run Odoo's own post-install test suites with and without the addon, and compare.
#
#   scripts/odoo_suites.sh [MODULES]     default: sale,sale_management,contacts,account
#
# Two databases from the template: one without the addon (baseline), one with it. A test that
# fails only with the addon is a difference the README must explain (or a bug to fix); one
# that fails in both is the environment's, not ours. Results: .build/odoo_suites/.
set -uo pipefail
cd "$(dirname "$0")/.."
modules=${1:-sale,sale_management,contacts,account}
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh || exit 2
[ -n "$ODOO_MISSING" ] && { echo "$ODOO_MISSING"; exit 2; }
out=.build/odoo_suites
mkdir -p "$out"
template=$(bash scripts/template_db.sh) || exit 2
# post-install tests only: at-install tests run while the registry is still being loaded,
# before this addon's models are (so a res.company insert misses the addon's required columns),
# which never happens for real (Odoo's modules are installed before the addon)
tags=$(echo "$modules" | sed 's/\([^,]*\)/post_install\/\1/g')
# VARIANTS="addon" skips the baseline (e.g. when it is known from an earlier run)
for variant in ${VARIANTS:-baseline addon}; do
    db="pca_suite_${variant}_$$"
    bash scripts/clone_db.sh "$template" "$db"
    if [ "$variant" = addon ]; then
        odoo -d "$db" -i partner_credit_archive --stop-after-init --log-level=warn
    fi
    echo "== $variant: post-install tests of $modules"
    odoo -d "$db" --test-enable --test-tags "$tags" --stop-after-init --log-level=test \
        >"$out/$variant.log" 2>&1
    grep -E "^(FAIL|ERROR): |(ERROR|FAIL) .*odoo\.addons\.[a-z_]+\.tests" "$out/$variant.log" \
        | grep -oE "odoo\.addons\.[a-z_]+\.tests\.[A-Za-z0-9_.]+" | sort -u >"$out/$variant.failed"
    grep -E "post-tests in|tests? (failed|errors)" "$out/$variant.log" | tail -3
    dropdb --if-exists "$db"
done
touch "$out/baseline.failed" "$out/addon.failed"
echo "== failing only with the addon:"
comm -13 "$out/baseline.failed" "$out/addon.failed" | tee "$out/difference.txt"
echo "== failing in both (environment):"
comm -12 "$out/baseline.failed" "$out/addon.failed" | wc -l
