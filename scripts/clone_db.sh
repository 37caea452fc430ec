#!/usr/bin/env bash
# clone_db.sh SOURCE TARGET: copy a database and its filestore (attachments live on disk).
set -euo pipefail
createdb -T "$1" "$2"
data_dir=$(sed -n 's/^data_dir = //p' "$ODOO_CONF")
if [ -d "$data_dir/filestore/$1" ]; then
    rm -rf "$data_dir/filestore/$2"
    cp -r "$data_dir/filestore/$1" "$data_dir/filestore/$2"
fi
