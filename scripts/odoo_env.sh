# Sourced by the run, test and bench scripts: sets up (or finds) Odoo and exports its paths.
# Sets ODOO_MISSING instead when there is no Odoo source and none can be fetched.
# shellcheck shell=bash
ODOO_MISSING=""
_devenv_out=$(python3 "$(dirname "${BASH_SOURCE[0]}")/devenv.py" setup ${DEVENV_OFFLINE:+--offline}) || {
    echo "set-up failed (see the [devenv] lines above)" >&2
    return 2 2>/dev/null || exit 2
}
eval "$_devenv_out"
export ODOO_VIEW ODOO_BIN VENV PYTHON ODOO_CONF ADDON_DIR ODOO_MISSING
odoo() { "$PYTHON" "$ODOO_BIN" -c "$ODOO_CONF" "$@"; }
