# The two commands: `make run` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
CARGO ?= cargo
NEXTEST := $(shell command -v cargo-nextest >/dev/null 2>&1 && echo yes)
# Where cargo puts its builds: CARGO_TARGET_DIR or a cargo config may move it away from
# ./target, and the recipes below must run the binary cargo just built. Expanded when used.
TARGET_DIR = $(shell $(CARGO) metadata --format-version 1 --no-deps 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null \
  || echo target)

.PHONY: run test build fmt-check clippy audit test-rust ops-test contract drill openapi openapi-check clean spa frontend-deps frontend-check e2e bench bench-sign-in bench-access-log

## Build the SPA and the API, then serve both on http://127.0.0.1:8080 with the embedded SQLite
## database.
run: spa
	$(CARGO) build --release -p qa-api
	QA_SPA_DIR=frontend/dist "$(TARGET_DIR)/release/qa-api" serve

## Every check CI runs: formatting, lints, the OpenAPI contract, the whole API suite on SQLite
## and PostgreSQL, the SPA's lint, types and unit tests, and the browser tests.
test: fmt-check clippy audit build openapi-check test-rust ops-test contract frontend-check e2e

## One debug build of every target with the workspace's unified features: the binary the
## contract check and the browser tests run, and the test binaries (building `-p qa-api` alone
## would select other features and rebuild every dependency).
build:
	$(CARGO) build --workspace --all-targets

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## Known advisories in Cargo.lock and the SPA's production dependencies (scripts/audit.sh).
audit:
	./scripts/audit.sh

test-rust: build
ifeq ($(NEXTEST),yes)
	./scripts/with-postgres.sh $(CARGO) nextest run --workspace --no-fail-fast
else
	./scripts/with-postgres.sh $(CARGO) test --workspace --no-fail-fast
endif

## The API as a process under crashes and signals (tests/ops/): the short crash drill (3 SIGKILLs
## of the debug binary per backend, then a PostgreSQL crash-restart) and the other operations
## tests: backups under load, SIGTERM under load, docker-compose.yml run outside containers
## (two instances behind Caddy, rolling restart under load), and e-mail through a real SMTP
## server (aiosmtpd) that goes down and comes back, and the example client that pulls the
## exports with pandas (clients/python/performance_pull.py).
ops-test: build
	export QA_API_BIN="$(TARGET_DIR)/debug/qa-api"; \
	  python3 tests/ops/drill.py --kills 3 \
	  && python3 tests/ops/backup_test.py \
	  && python3 tests/ops/shutdown_test.py \
	  && python3 tests/ops/deploy_test.py \
	  && python3 tests/ops/mail_test.py \
	  && python3 tests/ops/clients_test.py

## Contract fuzzing: Schemathesis against the served OpenAPI document on SQLite and PostgreSQL,
## as each main role and without a token; zero failures (known limits are listed, with reasons,
## in tests/ops/schemathesis.toml and tests/ops/contract_hooks.py).
contract: build
	QA_API_BIN="$(TARGET_DIR)/debug/qa-api" ./scripts/with-postgres.sh python3 tests/ops/contract_test.py

## The full crash drill on the release binary: 20 SIGKILLs per backend, then a PostgreSQL
## crash-restart; prints writes acknowledged, lost, 5xx and recovery times.
drill:
	$(CARGO) build --release -p qa-api
	QA_API_BIN="$(TARGET_DIR)/release/qa-api" python3 tests/ops/drill.py --kills 20

## Regenerate openapi.yaml from the handlers, and the SPA's types from it.
openapi:
	$(CARGO) run -q -p qa-api -- openapi > openapi.yaml
	cd frontend && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run gen:api

## The committed document must equal the generated one and be valid OpenAPI 3.1.
openapi-check: build
	@"$(TARGET_DIR)/debug/qa-api" openapi | diff -u openapi.yaml - \
	  || (echo "openapi.yaml is stale: run 'make openapi'" >&2; exit 1)
	@if python3 -c 'import openapi_spec_validator' 2>/dev/null; then \
	  python3 -m openapi_spec_validator openapi.yaml; \
	elif [ -n "$$CI" ]; then echo "openapi-spec-validator missing in CI" >&2; exit 1; \
	else echo "NOTE: openapi-spec-validator not installed; OpenAPI 3.1 validation skipped (pip install openapi-spec-validator)"; fi

spa:
	cd frontend && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build

frontend-deps:
	cd frontend && npm ci --no-audit --no-fund

## ESLint, tsc, Vitest and the generated API types against openapi.yaml.
frontend-check: frontend-deps
	cd frontend && npm run lint && npm run typecheck && npm test && npm run check:api-types

## Browser tests (headless Chromium) against the real API on a fresh SQLite database.
e2e: build frontend-deps
	QA_API_BIN="$(TARGET_DIR)/debug/qa-api" ./scripts/e2e.sh

## Seed 10,000, 100,000 and 1,000,000 audits on each backend (once each) and load the API; see bench/README.md.
bench:
	./bench/run.sh

## 50 parallel sign-ins, 4 times, while a probe reads the API: sign-in p99 and the probe's p99
## (password hashing must not hold database connections). QA_API_BIN picks the binary.
bench-sign-in: build
	python3 bench/sign_in.py --bin "$${QA_API_BIN:-$(TARGET_DIR)/debug/qa-api}"

## The data protection officer's searches of the access log by case and by person over a
## simulated year of traffic (ACCESS_LOG_ENTRIES, default 50,000,000 entries) on SQLite; the
## seeded database is kept in bench/work and reused. See bench/README.md.
bench-access-log:
	$(CARGO) build --release -p qa-api
	python3 bench/access_log_scale.py --bin "$(TARGET_DIR)/release/qa-api" \
	  --entries "$${ACCESS_LOG_ENTRIES:-50000000}"

clean:
	$(CARGO) clean
