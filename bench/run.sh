#!/usr/bin/env bash
# `make bench`: for each size in BENCH_SIZES (default 10000 100000 1000000 audits), seeds a demo
# council on SQLite and on PostgreSQL once (reused afterwards), then loads the release build at
# BENCH_CONNECTIONS (32) for BENCH_SECONDS (20) each:
#   list        GET /api/v1/audits?team_id=..&limit=50   a team manager's team list (wrk)
#   list-scope  GET /api/v1/audits?limit=50              the same caller, no filter (wrk)
#   read        GET /api/v1/audits/{id}                  (wrk)
#   submit      draft -> 10 judgements -> patch -> submit (qa-bench; at BENCH_SUBMIT_SIZE only)
#   reports     every report for BENCH_QUARTER (2026-Q3), once (recorded apart: the first call
#               meets a cold file cache) then five times each, nothing else running
#               (after the access-log indexer has caught up with the loads: its time is recorded)
#   exports     the judgements (10 per audit) and audits CSV exports on a fresh server, against
#               the database's own CSV of the same columns (at BENCH_EXPORT_SIZE only)
# and, on PostgreSQL, the list's own SQL through pgbench at the same concurrency. The load
# generators run on the last core (taskset), so wrk cannot starve the server of more than one;
# the API may use every core on SQLite and CPU 0 on PostgreSQL, whose own processes are not
# pinned (BENCH_SERVER_CPUS overrides both). The server's pool holds BENCH_POOL connections, by default twice
# the machine's cores (the database's cores: here they are the same machine's), so no more
# requests work at once than the cores can serve and the rest wait their turn in order (see
# bench/README.md). Prints a table and writes bench/results.json.
#   BENCH_SIZES, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_SUBMIT_SIZE (100000), BENCH_POOL (2 x cores)
#   BENCH_AUDITS   one size only (overrides BENCH_SIZES)
#   BENCH_WARMUP   seconds of each load run first and not recorded (5)
#   BENCH_SERVER_CPUS  the CPUs the API server runs on, as a taskset list, on both backends
#   QA_BENCH_POSTGRES_URL  a server where qa_bench_<size> databases may be created
#                          (default: QA_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${BENCH_SECONDS:-20}
connections=${BENCH_CONNECTIONS:-32}
pool=${BENCH_POOL:-$(( 2 * $(nproc) ))}
warmup=${BENCH_WARMUP:-5}
sizes=${BENCH_AUDITS:-${BENCH_SIZES:-10000 100000 1000000}}
submit_size=${BENCH_SUBMIT_SIZE:-100000}
export_size=${BENCH_EXPORT_SIZE:-100000}
work=$root/bench/work
mkdir -p "$work"

for tool in wrk sqlite3; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "bench: installing $tool"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool) >/dev/null
  fi
done
pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true)
# Where each process runs, when there are two cores or more (bench/README.md, "Where the
# processes run"): the load generators on the last core, always, so they can never take more
# than one core from the server. The API server on SQLite may use every core: the database
# engine runs inside it, and kept to CPU 0 it had half the machine while wrk used a few percent
# of the other (1,119 against 1,938 list requests a second, p99 50.5 against 35.0 ms, at
# 100,000 audits on 2026-12-06). On PostgreSQL the API stays on CPU 0 and leaves the rest to the
# database's own processes (not pinned): free on both cores it served 7-18% more lists but its
# p99 ran 35-79 ms against 40-42 ms, three pairs. BENCH_SERVER_CPUS (a taskset list, e.g.
# "0" or "0,1") places the server on both backends alike.
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  last_cpu=$(( $(nproc) - 1 ))
  load_cpu=(taskset -c "$last_cpu")
  server_cpus_sqlite=${BENCH_SERVER_CPUS:-0-$last_cpu}
  server_cpus_postgres=${BENCH_SERVER_CPUS:-0}
else
  load_cpu=(); server_cpus_sqlite=; server_cpus_postgres=
fi
# The CPUs (a taskset list) the server runs on for a backend; empty where it is not placed.
server_cpus_for() {
  if [ "$1" = sqlite ]; then echo "$server_cpus_sqlite"; else echo "$server_cpus_postgres"; fi
}

echo "bench: building the release binaries"
cargo build --release -q -p qa-api -p qa-tests --bin qa-api --bin qa-bench
# The commit the binaries were built from, for results.json; "+uncommitted" when the server's
# sources had changes (read now: later edits do not change what was built).
built_from=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no -- api migrations Cargo.lock 2>/dev/null)" ]; then
  built_from="$built_from+uncommitted"
fi
echo "$built_from" >"$work/built-from"
echo "$pool" >"$work/pool"
echo "$warmup" >"$work/warmup"
target_dir=$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$root/target")
api=$target_dir/release/qa-api
driver=$target_dir/release/qa-bench

admin_url=${QA_BENCH_POSTGRES_URL:-${QA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
# A PostgreSQL server on this machine is reached without TLS, as docker-compose.yml's service
# reaches its database on the project's own network. libpq's default (`prefer`) encrypts whenever
# the server has a certificate, as Debian's package configures one, and on loopback that only
# spent both cores on encryption: the list ran 6-12% and the read 12% slower in two pairs
# (bench/README.md). A URL's own `sslmode` or PGSSLMODE is left alone, and so is a remote server.
pg_host=$(python3 -c "import sys,urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or '')" "$admin_url")
case "$admin_url" in
  *sslmode=*) pg_sslmode=$(echo "$admin_url" | sed -n 's/.*sslmode=\([a-z-]*\).*/\1/p') ;;
  *)
    if [ -z "${PGSSLMODE:-}" ] && { [ -z "$pg_host" ] || [ "$pg_host" = 127.0.0.1 ] || [ "$pg_host" = localhost ] || [ "$pg_host" = ::1 ]; }; then
      export PGSSLMODE=disable
    fi
    pg_sslmode=${PGSSLMODE:-prefer} ;;
esac
echo "$pg_sslmode" >"$work/pg-sslmode"
db_url() { python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/'+sys.argv[2])))" "$admin_url" "$1"; }
secret=bench-secret-bench-secret-bench-secret-0123
# The scheduler's sweep stays off in the bench's servers (BENCH_JOBS_INTERVAL, in seconds, turns
# it on): its first run after seeding sends a year of reminders (355,941 at 1,000,000 audits:
# 17 s on PostgreSQL on 2026-12-06, 2 min 56 s on the same machine before the sweep's
# statements were batched and its look-up's plan refreshed) and ran beside the read phase and
# the reports, which then timed the sweep as much as the requests (bench/README.md).
jobs_interval=${BENCH_JOBS_INTERVAL:-0}
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# Access-log events the background indexer has not reached yet.
unindexed() {
  if [ "$1" = sqlite ]; then
    sqlite3 -cmd ".timeout 5000" "${2#sqlite://}" "SELECT count(*) FROM access_events WHERE NOT indexed" || echo unknown
  else
    psql "$2" -tAc "SELECT count(*) FROM access_events WHERE NOT indexed" || echo unknown
  fi
}

# Waits (up to BENCH_INDEX_WAIT seconds, 1800) until the access-log indexer has caught up with
# the load phases, and records how many events were waiting and how long they took, so the
# reports are timed with nothing else running on the server's core.
wait_for_index() {
  local backend=$1 url=$2 tag=$3 started waiting first elapsed
  started=$(date +%s%N)
  first=$(unindexed "$backend" "$url")
  waiting=$first
  while [ "$waiting" != 0 ] && [ $(( ($(date +%s%N) - started) / 1000000000 )) -lt "${BENCH_INDEX_WAIT:-1800}" ]; do
    sleep 1
    waiting=$(unindexed "$backend" "$url")
  done
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  python3 -c "import json,sys; n=lambda v: int(v) if v.isdigit() else v; print(json.dumps({'waiting_after_loads': n(sys.argv[1]), 'seconds': round(int(sys.argv[2]) / 1000, 1), 'still_waiting': n(sys.argv[3])}))" \
    "$first" "$elapsed" "$waiting" >"$work/index-catch-up-$tag.json"
  echo "bench: [$tag] access-log index: $first events waiting after the loads, $waiting after $(( elapsed / 1000 )) s"
}

# Each load starts with BENCH_WARMUP seconds (5) of the same request, not recorded: the measured
# seconds then meet the caches a steady service would have, not the ones the previous size's run
# or the seeding left cold. Without it the PostgreSQL team list at 100,000 audits, run right
# after the 1,000,000-audit run, had a p99 of 132.5 ms against 43.6 and 46.6 ms on the next two
# runs (2026-12-06). The reports' first calls are recorded apart instead (first_s).
load() {
  local name=$1 url=$2 token=$3
  if [ "$warmup" -gt 0 ]; then
    "${load_cpu[@]}" wrk -t1 -c"$connections" -d"${warmup}s" -H "Authorization: Bearer $token" "$url" >/dev/null
  fi
  "${load_cpu[@]}" wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$url" >"$name"
}

# The list's own SQL through pgbench, on PostgreSQL, with the API's server running but idle. It
# runs on the data the API's list loads met: after the list and read loads, which change no
# audit, and after the access-log indexer has caught up (so that it does not run beside
# pgbench), but before the reports and the submit phase. Until the night of 2026-12-06 it ran
# last, after the submit phase had made this team's new drafts the newest audits: the
# statement's walk then read 51 rows instead of 419 (368 filtered out), so pgbench measured
# cheaper work than the API's list loads had done.
#   pgbench_list BACKEND DB_URL TAG API_BASE TOKEN TEAM_ID USER_ID
pgbench_list() {
  local backend=$1 url=$2 tag=$3 base=$4 token=$5 team=$6 user=$7
  [ "$backend" = postgres ] && [ -n "$pgbench_bin" ] || return 0
  # The team list's page as the API serves it at this moment, for the check that pgbench's
  # statement returns the same audits (below).
  curl -fsS "$base/api/v1/audits?team_id=$team&limit=50" -H "authorization: Bearer $token" \
    | python3 -c "import json,sys; print('\n'.join(i['id'] for i in json.load(sys.stdin)['items']))" >"$work/api-page-$tag.txt"
  echo "bench: [$tag] the list's own SQL through pgbench"
  # The statement the API sends for the team manager's team list, as PostgreSQL logs it
  # (log_min_duration_statement = 0) with its parameters written in: their scope (their team,
  # audits they carry out, and audits of their own practice that are side by side or past
  # draft), the filter, newest first, one row more than the page, with the names its items
  # show joined onto the page's rows (audits::repo::WithNames). Until 2026-12-06 this script
  # lacked the scope's third branch and the moderation_sampled column; both forms ran at the
  # same rate through pgbench (2,486-2,544 against 2,301-2,463 tps, two pairs).
  local page_sql
  page_sql=$(cat <<SQL
SELECT "audits"."id", "audits"."kind", "audits"."case_id", "audits"."auditor_id", "audits"."practitioner_id",
       "audits"."team_id", "audits"."theme_id", "audits"."framework_id", "audits"."grade_scale_id",
       "audits"."period_start", "audits"."period_end", "audits"."side_by_side", "audits"."status",
       "audits"."overall_grade", "audits"."summary", "audits"."child_views", "audits"."family_views",
       "audits"."views_not_sought_reason", "audits"."practitioner_reflection", "audits"."reaudit_of_id",
       "audits"."submitted_at", "audits"."returned_reason", "audits"."response_reflection",
       "audits"."acknowledged_at", "audits"."version", "audits"."created_at", "audits"."updated_at",
       "audits"."created_by", "audits"."moderation_sampled"
FROM "audits"
WHERE ((("audits"."team_id" = '$team') OR (("audits"."auditor_id" = '$user')
        OR (("audits"."practitioner_id" = '$user') AND (("audits"."side_by_side" = true) OR ("audits"."status" != 'draft')))))
       AND ("audits"."team_id" = '$team'))
ORDER BY "audits"."created_at" DESC, "audits"."id" DESC LIMIT 51
SQL
)
  cat >"$work/list-$tag.sql" <<SQL
SELECT audits.*, listed_case.allocated_worker_id, listed_case.display_name, listed_case.external_ref,
       listed_auditor.display_name, listed_practitioner.display_name, listed_moderation.moderated_grade
FROM ($page_sql) AS audits
LEFT JOIN cases AS listed_case ON listed_case.id = audits.case_id
LEFT JOIN users AS listed_auditor ON listed_auditor.id = audits.auditor_id
LEFT JOIN users AS listed_practitioner ON listed_practitioner.id = audits.practitioner_id
LEFT JOIN audit_moderations AS listed_moderation ON listed_moderation.audit_id = audits.id
ORDER BY audits.created_at DESC, audits.id DESC;
SQL
  # The page's statement alone, as this ratio was measured until the names were joined onto
  # it (2026-12-06): recorded beside, so runs before and after compare.
  echo "$page_sql;" >"$work/list-page-$tag.sql"
  # The statement must be the list's own: the audits it returns are the page the API served,
  # in order (its 51st row only tells the API there is a next page). It catches a statement
  # that returns other rows, not one written differently that returns the same. The rows go
  # to a file first: `head` closing the pipe early could end psql with SIGPIPE, which
  # pipefail would count as a mismatch.
  psql "$url" -tA -F ' ' -f "$work/list-$tag.sql" >"$work/pgbench-rows-$tag.txt" 2>&1 || true
  if head -n 50 "$work/pgbench-rows-$tag.txt" | cut -d' ' -f1 | cmp -s - "$work/api-page-$tag.txt"; then
    echo yes >"$work/pgbench-matches-api-$tag"
  else
    echo no >"$work/pgbench-matches-api-$tag"
    echo "bench: [$tag] WARNING: pgbench's statement does not return the page the API served: the ratio compares different work"
  fi
  "${load_cpu[@]}" "$pgbench_bin" -n -M prepared -c "$connections" -j 1 -T "$seconds" -f "$work/list-$tag.sql" "$url" >"$work/pgbench-$tag.txt" 2>&1 || true
  "${load_cpu[@]}" "$pgbench_bin" -n -M prepared -c "$connections" -j 1 -T "$seconds" -f "$work/list-page-$tag.sql" "$url" >"$work/pgbench-page-$tag.txt" 2>&1 || true
}

run_backend() {
  local backend=$1 url=$2 port=$3 size=$4
  local tag=$backend-$size
  local cases=$(( size / 5 > 200 ? size / 5 : 200 ))
  echo "bench: [$tag] seeding ($cases cases; skipped when already seeded)"
  local seed_out
  seed_out=$(QA_DATABASE_URL=$url QA_LOG=warn "$api" seed-demo --seed 1 --cases "$cases" --audits "$size" --anchor 2026-11-25 2>&1) || { echo "$seed_out" >&2; exit 1; }
  echo "$seed_out" | sed -n '1,3p'
  local seed_seconds
  seed_seconds=$(echo "$seed_out" | sed -n 's/^Seeded a demo council in \([0-9.]*\) s.*/\1/p')
  [ -n "$seed_seconds" ] && echo "$seed_seconds" > "$work/seed-seconds-$tag"
  if [ "$backend" = postgres ] && [ -n "$seed_seconds" ]; then
    # What autovacuum would do within minutes of a bulk load: without it every index-only
    # count (the reports' counts) still visits the table's pages.
    psql "$url" -qc "VACUUM (ANALYZE)" >/dev/null
    # Writes out what the load and the vacuum dirtied now, instead of in the checkpoints that
    # would otherwise run beside the first loads (on 2026-12-05 they did, for two minutes after
    # seeding: the list's p99 at 100,000 audits was 78 ms, the scope-only list's at 1,000,000
    # 158 ms).
    psql "$url" -qc "CHECKPOINT" >/dev/null 2>&1 \
      || echo "bench: [$tag] no CHECKPOINT (it needs the pg_checkpoint role): the first loads may meet the seed's"
  fi

  if [ "$backend" = postgres ]; then
    # The access-log indexer marks each event it indexes, which leaves a dead row behind, and
    # its search for waiting events walks the dead entries of its partial index until a vacuum
    # removes them. Autovacuum does that within minutes; a server with it off (as a CI machine's
    # may be) lets them pile up across runs on the reused seeds: at 100,000 audits, after a day's
    # runs, 265,000 dead rows made that search 6.9 ms instead of well under 1 (2026-12-06). So
    # each run starts from where autovacuum would have left it, and says so.
    local autovacuum
    autovacuum=$(psql "$url" -tAc "SHOW autovacuum" 2>/dev/null || echo unknown)
    echo "$autovacuum" >"$work/autovacuum-$tag"
    if [ "$autovacuum" != on ]; then
      echo "bench: [$tag] WARNING: this PostgreSQL server runs with autovacuum $autovacuum; vacuuming the access log's tables before the loads, as autovacuum would have"
      psql "$url" -qc "VACUUM (ANALYZE) access_events, access_case_index" >/dev/null
    fi
  fi
  local cpus server_cpu=()
  cpus=$(server_cpus_for "$backend")
  [ -n "$cpus" ] && server_cpu=(taskset -c "$cpus")
  echo "${cpus:-any}" >"$work/server-cpus-$tag"
  QA_DATABASE_URL=$url QA_BIND=127.0.0.1:$port QA_JWT_SECRET=$secret QA_LOG=warn QA_POOL_SIZE=$pool QA_JOBS_INTERVAL_SECS=$jobs_interval \
    "${server_cpu[@]}" "$api" serve >"$work/server-$tag.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  local base=http://127.0.0.1:$port
  local token
  token=$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"manager.safeguarding-north@demo.test","password":"demo password 1"}' | json_field "['access_token']")
  local me team user
  me=$(curl -fsS "$base/api/v1/me" -H "authorization: Bearer $token")
  team=$(echo "$me" | json_field "['team_id']")
  user=$(echo "$me" | json_field "['id']")
  local audit
  audit=$(curl -fsS "$base/api/v1/audits?team_id=$team&limit=1" -H "authorization: Bearer $token" | json_field "['items'][0]['id']")
  cat /proc/loadavg > "$work/loadavg-$tag"
  # The server's peak so far after each phase: the peak is one reading at the end, and these say
  # which phase raised it.
  : >"$work/peak-phases-$tag"
  mark_peak() { echo "$1 $(grep -E '^VmHWM' /proc/$server_pid/status | awk '{print $2}')" >>"$work/peak-phases-$tag"; }
  mark_peak signed_in

  echo "bench: [$tag] list, list-scope, read"
  load "$work/wrk-list-$tag.txt" "$base/api/v1/audits?team_id=$team&limit=50" "$token"
  mark_peak list
  load "$work/wrk-list-scope-$tag.txt" "$base/api/v1/audits?limit=50" "$token"
  mark_peak list_scope
  load "$work/wrk-read-$tag.txt" "$base/api/v1/audits/$audit" "$token"
  mark_peak read
  wait_for_index "$backend" "$url" "$tag"
  pgbench_list "$backend" "$url" "$tag" "$base" "$token" "$team" "$user"
  echo "bench: [$tag] every report for ${BENCH_QUARTER:-2026-Q3}, one at a time"
  "${load_cpu[@]}" python3 "$root/bench/reports.py" "$base" "${BENCH_QUARTER:-2026-Q3}" "$work/reports-$tag.json"
  mark_peak reports
  if [ "$size" = "$submit_size" ]; then
    echo "bench: [$tag] draft to submit"
    local case_ids
    case_ids=$(curl -fsS "$base/api/v1/cases?team_id=$team&limit=200" -H "authorization: Bearer $token" \
      | python3 -c "import json,sys; print(','.join(c['id'] for c in json.load(sys.stdin)['items']))")
    "${load_cpu[@]}" "$driver" "$base" "$token" "$case_ids" "$connections" "$seconds" >"$work/submit-$tag.json"
    mark_peak submit
  fi
  grep -E '^VmHWM' /proc/$server_pid/status | awk '{print $2}' >"$work/peak-kb-$tag"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

  if [ "$size" = "$export_size" ]; then
    # A fresh server, so its memory is the export's alone and not what the list load left.
    echo "bench: [$tag] exports against the database's own CSV"
    QA_DATABASE_URL=$url QA_BIND=127.0.0.1:$port QA_JWT_SECRET=$secret QA_LOG=warn QA_POOL_SIZE=$pool QA_JOBS_INTERVAL_SECS=$jobs_interval \
      "${server_cpu[@]}" "$api" serve >"$work/server-export-$tag.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 150); do curl -fsS "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
    local director
    director=$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
      -d '{"email":"director@demo.test","password":"demo password 1"}' | json_field "['access_token']")
    "${load_cpu[@]}" python3 "$root/bench/exports.py" "$base" "$director" "$backend" "$url" "$server_pid" "$work/exports-$tag.json"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  fi

}

for size in $sizes; do
  run_backend sqlite "sqlite://$work/bench-sqlite-$size.db" 18181 "$size"
  db=qa_bench_$size
  if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null | grep -q 1; then
    psql "$admin_url" -qc "CREATE DATABASE $db" >/dev/null
  fi
  run_backend postgres "$(db_url "$db")" 18182 "$size"
done

python3 "$root/bench/report.py" "$work" "$root/bench/results.json" "$connections" "$seconds" $sizes
