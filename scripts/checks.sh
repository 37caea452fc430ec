#!/usr/bin/env bash
# The checks that need no Odoo: ruff, pylint-odoo (OCA's mandatory set), the addon's
# structure (manifest, XML, CSV, .po) and the pure-Python unit tests in tests/unit.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(python3 scripts/devenv.py tools 2>>"${DEVENV_LOG:-/dev/stderr}")"
bin="$TOOLS_VENV/bin"
status=0
step() { echo "== $1"; shift; "$@" || status=1; }
py_files=$(git ls-files --cached --others --exclude-standard '*.py' | grep -v '^scripts/' || true)
step "ruff check" "$bin/ruff" check .
step "ruff format --check" "$bin/ruff" format --check .
# shellcheck disable=SC2086
step "pylint-odoo (mandatory)" "$bin/pylint" --rcfile=.pylintrc-mandatory $py_files
step "addon structure" "$bin/python" scripts/check_addon.py
echo "== unit tests (no Odoo)"
set +e
"$bin/python" -m pytest -q -p no:cacheprovider --confcutdir=tests/unit tests/unit
rc=$?
set -e
if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then status=1; fi
exit $status
