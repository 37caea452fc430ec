# Developer commands; see README.md. Everything lands in ~/.cache/partner_credit_archive.
.PHONY: run test checks upgrade bench clean-cache

run:    ## set up and serve Odoo with the addon and demo data on http://localhost:8069
	bash scripts/run.sh

test:   ## set up and run every check and the whole Odoo suite on a fresh database
	bash scripts/test.sh

checks: ## only the checks that need no Odoo (lint, structure, pure unit tests)
	bash scripts/checks.sh

upgrade: ## only the upgrade from the previous release (scripts/upgrade_base.txt), about 1 minute
	bash scripts/upgrade_check.sh

bench:  ## the benchmarks of BENCHMARKS.md (CUSTOMERS=20000 INVOICES=5000 by default)
	bash scripts/bench.sh

clean-cache: ## forget the virtualenvs, the Odoo source link and the template databases
	rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/partner_credit_archive"
	for db in $$(psql -d postgres -Atc "select datname from pg_database where datname like 'pca_tmpl_%'"); do dropdb "$$db"; done
