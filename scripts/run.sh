#!/usr/bin/env bash
# The README's run command (make run): set everything up, create the database with the addon
# and its demo data if it does not exist yet, and serve Odoo on http://localhost:8069 (PORT),
# with web.base.url on that port.
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
    # Chinese loaded before the demo, so its Chinese customers read Chinese (statements,
    # letters); English stays the database's language (Odoo makes the first one loaded the
    # default). LANGS= (empty) loads none, LANGS=zh_CN,fr_FR more.
    langs=${LANGS-zh_CN}
    odoo -d "$db" -i partner_credit_archive --with-demo ${langs:+--load-language "en_US,$langs"} \
        --stop-after-init --log-level=warn
fi
# wkhtmltopdf fetches the PDFs' styles from web.base.url: point it at this port from the start
# (Odoo itself only corrects it when an admin logs in), unless an admin froze it
# (web.base.url.freeze, which Odoo reads as set when not empty). Not frozen here: an admin
# logging in through another address (a LAN name) still moves it there, as Odoo does.
base_url="http://localhost:$port"
psql -d "$db" -qAt -v ON_ERROR_STOP=1 -v url="$base_url" <<'SQL'
INSERT INTO ir_config_parameter (key, value, create_date, write_date)
SELECT 'web.base.url', :'url', now() at time zone 'UTC', now() at time zone 'UTC'
 WHERE NOT EXISTS (SELECT 1 FROM ir_config_parameter
                    WHERE key = 'web.base.url.freeze' AND coalesce(value, '') <> '')
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = EXCLUDED.write_date;
SQL
echo "Odoo on http://localhost:$port  (database $db, login admin / password admin)"
exec "$PYTHON" "$ODOO_BIN" -c "$ODOO_CONF" -d "$db" --db-filter "^$db\$" \
    --http-port "$port" "$@"
