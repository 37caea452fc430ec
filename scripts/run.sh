#!/usr/bin/env bash
# The README's run command (make run): set everything up, create the database with the addon
# and its demo data if it does not exist yet, and serve Odoo on http://localhost:8069.
#
#   DB=name PORT=8069 scripts/run.sh [extra odoo options]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh
if [ -n "$ODOO_MISSING" ]; then
    echo "cannot run: $ODOO_MISSING" >&2
    exit 2
fi
db=${DB:-partner_credit_archive}
port=${PORT:-8069}
if ! psql -d postgres -Atc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    echo "creating database $db with the addon and its demo data (a few minutes)"
    odoo -d "$db" -i partner_credit_archive --with-demo --stop-after-init --log-level=warn
fi
echo "Odoo on http://localhost:$port  (database $db, login admin / password admin)"
exec "$PYTHON" "$ODOO_BIN" -c "$ODOO_CONF" -d "$db" --db-filter "^$db\$" \
    --http-port "$port" "$@"
