# The two commands: `make run` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
CARGO ?= cargo
NEXTEST := $(shell command -v cargo-nextest >/dev/null 2>&1 && echo yes)

.PHONY: run test build fmt-check clippy test-rust openapi openapi-check clean

## Build everything and serve on http://127.0.0.1:8080 with the embedded SQLite database.
run:
	$(CARGO) build --release -p qa-api
	./target/release/qa-api serve

## Every check CI runs: formatting, lints, the OpenAPI contract, and the whole suite on
## SQLite and PostgreSQL.
test: fmt-check clippy openapi-check test-rust

build:
	$(CARGO) build --workspace --tests

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust: build
ifeq ($(NEXTEST),yes)
	./scripts/with-postgres.sh $(CARGO) nextest run --workspace --no-fail-fast
else
	./scripts/with-postgres.sh $(CARGO) test --workspace --no-fail-fast
endif

## Regenerate openapi.yaml from the handlers.
openapi:
	$(CARGO) run -q -p qa-api -- openapi > openapi.yaml

## The committed document must equal the generated one and be valid OpenAPI 3.1.
openapi-check:
	@$(CARGO) run -q -p qa-api -- openapi | diff -u openapi.yaml - \
	  || (echo "openapi.yaml is stale: run 'make openapi'" >&2; exit 1)
	@if python3 -c 'import openapi_spec_validator' 2>/dev/null; then \
	  python3 -m openapi_spec_validator openapi.yaml; \
	elif [ -n "$$CI" ]; then echo "openapi-spec-validator missing in CI" >&2; exit 1; \
	else echo "NOTE: openapi-spec-validator not installed; OpenAPI 3.1 validation skipped (pip install openapi-spec-validator)"; fi

clean:
	$(CARGO) clean
