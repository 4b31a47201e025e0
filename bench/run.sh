#!/usr/bin/env bash
# `make bench`: seeds 100,000 audits (about 1,000,000 judgements) on SQLite and on PostgreSQL
# once, reusing the databases afterwards, then loads the release build at 32 connections:
#   list   GET /api/v1/audits?team_id=..&limit=50       (wrk)
#   read   GET /api/v1/audits/{id}                      (wrk)
#   submit draft -> 10 judgements -> patch -> submit    (qa-bench)
# and, on PostgreSQL, the list's own SQL through pgbench at the same concurrency.
# Prints a table and writes bench/results.json.
#   BENCH_SECONDS (20), BENCH_CONNECTIONS (32), BENCH_AUDITS (100000), BENCH_CASES (20000)
#   QA_BENCH_POSTGRES_URL  a server where the `qa_bench` database may be created
#                          (default: QA_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${BENCH_SECONDS:-20}
connections=${BENCH_CONNECTIONS:-32}
audits=${BENCH_AUDITS:-100000}
cases=${BENCH_CASES:-20000}
work=$root/bench/work
mkdir -p "$work"

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null
fi
pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true)

echo "bench: building the release binaries"
cargo build --release -q -p qa-api -p qa-tests --bin qa-api --bin qa-bench
# CARGO_TARGET_DIR (or a cargo config) may put the build elsewhere than ./target.
target_dir=$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$root/target")
api=$target_dir/release/qa-api
driver=$target_dir/release/qa-bench

admin_url=${QA_BENCH_POSTGRES_URL:-${QA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
pg_url=$(python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/qa_bench')))" "$admin_url")
secret=bench-secret-bench-secret-bench-secret-0123
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

run_backend() {
  local backend=$1 url=$2 port=$3
  echo "bench: [$backend] seeding (skipped when already seeded)"
  local seed_out
  seed_out=$(QA_DATABASE_URL=$url QA_LOG=warn "$api" seed-demo --seed 1 --cases "$cases" --audits "$audits" --anchor 2026-11-25 2>&1) || { echo "$seed_out" >&2; exit 1; }
  echo "$seed_out" | sed -n '1,13p'
  local seed_seconds
  seed_seconds=$(echo "$seed_out" | sed -n 's/^Seeded a demo council in \([0-9.]*\) s.*/\1/p')
  [ -n "$seed_seconds" ] && echo "$seed_seconds" > "$work/seed-seconds-$backend"

  QA_DATABASE_URL=$url QA_BIND=127.0.0.1:$port QA_JWT_SECRET=$secret QA_LOG=warn QA_POOL_SIZE=${BENCH_POOL:-16} \
    "$api" serve >"$work/server-$backend.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  local base=http://127.0.0.1:$port
  local token
  token=$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"manager.safeguarding-north@demo.test","password":"demo password 1"}' | json_field "['access_token']")
  local team
  team=$(curl -fsS "$base/api/v1/me" -H "authorization: Bearer $token" | json_field "['team_id']")
  local first_page
  first_page=$(curl -fsS "$base/api/v1/audits?team_id=$team&limit=50" -H "authorization: Bearer $token")
  local audit
  audit=$(echo "$first_page" | json_field "['items'][0]['id']")
  local case_ids
  case_ids=$(curl -fsS "$base/api/v1/cases?team_id=$team&limit=200" -H "authorization: Bearer $token" \
    | python3 -c "import json,sys; print(','.join(c['id'] for c in json.load(sys.stdin)['items']))")

  echo "bench: [$backend] list"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
    "$base/api/v1/audits?team_id=$team&limit=50" >"$work/wrk-list-$backend.txt"
  echo "bench: [$backend] read"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
    "$base/api/v1/audits/$audit" >"$work/wrk-read-$backend.txt"
  echo "bench: [$backend] draft to submit"
  "$driver" "$base" "$token" "$case_ids" "$connections" "$seconds" >"$work/submit-$backend.json"
  grep -E '^VmHWM' /proc/$server_pid/status | awk '{print $2}' >"$work/peak-kb-$backend"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

  if [ "$backend" = postgres ] && [ -n "$pgbench_bin" ]; then
    echo "bench: [$backend] the list query through pgbench"
    cat >"$work/list.sql" <<SQL
SELECT id, kind, case_id, auditor_id, practitioner_id, team_id, theme_id, framework_id, grade_scale_id,
       period_start, period_end, side_by_side, status, overall_grade, summary, child_views, family_views,
       views_not_sought_reason, practitioner_reflection, reaudit_of_id, submitted_at, returned_reason,
       response_reflection, acknowledged_at, version, created_at, updated_at, created_by
FROM audits WHERE team_id = '$team' ORDER BY id LIMIT 51;
SQL
    "$pgbench_bin" -n -M prepared -c "$connections" -j 2 -T "$seconds" -f "$work/list.sql" "$url" >"$work/pgbench.txt" 2>&1 || true
  fi
}

if [ ! -f "$work/bench-sqlite.db" ]; then echo "bench: a new SQLite database at bench/work/bench-sqlite.db"; fi
run_backend sqlite "sqlite://$work/bench-sqlite.db" 18181
if psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = 'qa_bench'" 2>/dev/null | grep -q 1; then
  :
else
  psql "$admin_url" -qc "CREATE DATABASE qa_bench" >/dev/null
fi
run_backend postgres "$pg_url" 18182

python3 "$root/bench/report.py" "$work" "$root/bench/results.json" "$connections" "$seconds"
