#!/usr/bin/env bash
# Read-only work on a PostgreSQL streaming replica, the Odoo way (SPEC §5.1):
#
#   bash scripts/bench_replica.sh DB      # DB: a database with the addon and bench data
#
# Leaves the machine's PostgreSQL alone (no configuration change, no restart): a throw-away
# primary cluster is made with initdb on PRIMARY_PORT (5440), DB copied into it, a replica
# made from it with pg_basebackup (streaming, hot standby) on REPLICA_PORT (5441); then an
# Odoo server with several workers runs with --db_host/--db_port on the primary and
# --db_replica_host/--db_replica_port on the replica, and bench_http.py --replica-check opens
# the customer list and a quotation form, downloads the XLSX register and an as-of AR aging,
# and saves and confirms a quotation. It prints which cursor Odoo served each request on (ro:
# the replica; rw: the primary) and what each PostgreSQL did (transactions, rows read and
# written). Both clusters are stopped and deleted at the end (KEEP_CLUSTERS=1 keeps them).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/odoo_env.sh
source scripts/odoo_env.sh
src=${1:?usage: bench_replica.sh DB}
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
primary_port=${PRIMARY_PORT:-5440}
replica_port=${REPLICA_PORT:-5441}
dir=$(mktemp -d /tmp/pca_replica.XXXXXX)
db="pca_replica_$$"
out=.build/bench
mkdir -p "$out"
data_dir=$(sed -n 's/^data_dir = //p' "$ODOO_CONF")
user=$(whoami)
# PostgreSQL's servers do not run as root: as postgres then
runas() { if [ "$user" = root ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
stop() {
    for cluster in replica primary; do
        if [ -d "$dir/$cluster" ]; then
            runas "'$pg_bin/pg_ctl' -D '$dir/$cluster' -m fast stop >/dev/null 2>&1" || true
        fi
    done
    rm -rf "$data_dir/filestore/$db"
    [ -z "${KEEP_CLUSTERS:-}" ] && rm -rf "$dir"
    return 0
}
trap stop EXIT
if [ "$user" = root ]; then chown postgres "$dir"; fi

echo "== a throw-away primary on port $primary_port ($dir/primary)"
runas "'$pg_bin/initdb' -D '$dir/primary' -U postgres -A trust >/dev/null"
cat >>"$dir/primary/postgresql.conf" <<CONF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
CONF
echo "host replication all 127.0.0.1/32 trust" >>"$dir/primary/pg_hba.conf"
runas "'$pg_bin/pg_ctl' -D '$dir/primary' -l '$dir/primary.log' -w start >/dev/null"
psql -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -qc "CREATE ROLE \"$user\" SUPERUSER LOGIN" 2>/dev/null || true
echo "== $src copied into it as $db"
s=$(date +%s)
createdb -h 127.0.0.1 -p "$primary_port" -U postgres -O "$user" "$db"
pg_dump -Fc "$src" | pg_restore -h 127.0.0.1 -p "$primary_port" -U "$user" -d "$db" --no-owner
[ -d "$data_dir/filestore/$src" ] && cp -r "$data_dir/filestore/$src" "$data_dir/filestore/$db"
echo "   $(($(date +%s) - s)) s"

echo "== its streaming replica on port $replica_port (pg_basebackup)"
runas "'$pg_bin/pg_basebackup' -h 127.0.0.1 -p $primary_port -U postgres -D '$dir/replica' -R -X stream"
sed -i "s/^port = $primary_port/port = $replica_port/" "$dir/replica/postgresql.conf"
runas "'$pg_bin/pg_ctl' -D '$dir/replica' -l '$dir/replica.log' -w start >/dev/null"
psql -h 127.0.0.1 -p "$replica_port" -U postgres -d postgres -Atc \
    "SELECT 'replica in recovery: ' || pg_is_in_recovery()"
psql -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -Atc \
    "SELECT 'primary streams to: ' || application_name || ' (' || state || ')' FROM pg_stat_replication"

echo "== Odoo with --workers=2 on the primary, --db_replica_host/--db_replica_port on the replica"
"$PYTHON" scripts/bench_http.py -c "$ODOO_CONF" --addon-db "$db" --workers 2 \
    --log "$out/replica_server.log" --as-of "$(date -d '6 months ago' +%F)" \
    --odoo-arg=--db_host=127.0.0.1 --odoo-arg=--db_port="$primary_port" \
    --odoo-arg=--db_replica_host=127.0.0.1 --odoo-arg=--db_replica_port="$replica_port" \
    --replica-check "primary=host=127.0.0.1 port=$primary_port dbname=$db user=$user" \
    "replica=host=127.0.0.1 port=$replica_port dbname=$db user=$user"
