#!/usr/bin/env bash
# The checks that need no Odoo: pre-commit on all files (.pre-commit-config.yaml: ruff,
# pylint-odoo with OCA's mandatory set, prettier, whitespace, XML/YAML, the addon's structure
# and translations), then the pure-Python unit tests in tests/unit.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(python3 scripts/devenv.py tools 2>>"${DEVENV_LOG:-/dev/stderr}")"
bin="$TOOLS_VENV/bin"
# the hooks' own environments live with the rest of the set-up (make clean-cache forgets them)
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/partner_credit_archive/pre-commit}"
status=0
echo "== pre-commit (all files)"
"$bin/pre-commit" run --all-files --show-diff-on-failure --color=never || status=1
echo "== unit tests (no Odoo)"
set +e
"$bin/python" -m pytest -q -p no:cacheprovider --confcutdir=tests/unit tests/unit
rc=$?
set -e
if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then status=1; fi
exit $status
