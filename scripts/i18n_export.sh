#!/usr/bin/env bash
# Export i18n/partner_credit_archive.pot from a real install and merge it into every
# i18n/<lang>.po (new strings arrive empty, vanished ones are dropped), so translators only
# fill the gaps. Uses a throw-away database cloned from the template.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh
[ -n "$ODOO_MISSING" ] && { echo "$ODOO_MISSING"; exit 2; }
db="pca_i18n_$$"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
template=$(bash scripts/template_db.sh)
bash scripts/clone_db.sh "$template" "$db"
odoo -d "$db" -i partner_credit_archive --stop-after-init --log-level=warn
"$PYTHON" "$ODOO_BIN" i18n export -c "$ODOO_CONF" -d "$db" partner_credit_archive \
    -o "$(pwd)/i18n/partner_credit_archive.pot"
"$VENV/bin/python" - <<'PY'
import pathlib

import polib

pot = polib.pofile("i18n/partner_credit_archive.pot")
for path in sorted(pathlib.Path("i18n").glob("*.po")):
    po = polib.pofile(str(path))
    po.merge(pot)
    po.obsolete_entries()  # materialise
    for entry in [e for e in po if e.obsolete]:
        po.remove(entry)
    po.save(str(path))
    print(f"{path}: {len(po)} entries, {len(po.untranslated_entries())} untranslated, "
          f"{len(po.fuzzy_entries())} fuzzy")
PY
