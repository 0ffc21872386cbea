# The two commands of the README: `make run` and `make test`.
.PHONY: run test bench i18n setup

setup:
	@scripts/bootstrap.sh

run: setup
	.venv/bin/crisisroom

test: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest $(PYTEST_ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks

# Refresh i18n/*.ts from the code; translate the new strings in crisisroom_fa.ts afterwards.
i18n: setup
	.venv/bin/pyside6-lupdate $$(git ls-files 'desktop/*.py' 'desktop/**/*.py' | sort -u) -ts i18n/crisisroom_fa.ts
	.venv/bin/pyside6-lupdate -pluralonly $$(git ls-files 'desktop/*.py' 'desktop/**/*.py' | sort -u) -ts i18n/crisisroom_en.ts
