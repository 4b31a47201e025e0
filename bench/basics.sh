#!/usr/bin/env bash
# The service's basic figures on a release build: binary size, start-up time on an existing
# database, idle memory, sign-in latency (the argon2id cost) and the requests per second one core
# sustains for an authenticated GET /api/v1/me. Run after `make bench` has built the release
# binaries (or `cargo build --release -p qa-api`).
set -euo pipefail
cd "$(dirname "$0")/.."
api=$PWD/target/release/qa-api
work=$(mktemp -d /tmp/qa-basics.XXXXXX)
server_pid=
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
export QA_DATABASE_URL=sqlite://$work/qa.db QA_JWT_SECRET=basics-secret-basics-secret-basics-0123 QA_LOG=warn
printf '%s\n' "a long basics password" | "$api" create-admin --email admin@example.test --name Admin >/dev/null

echo "binary size:        $(stat -c %s "$api" | awk '{printf "%.1f MiB", $1/1048576}')"

start=$(date +%s%N)
QA_BIND=127.0.0.1:18190 QA_WORKERS=1 taskset -c 0 "$api" serve >"$work/server.log" 2>&1 &
server_pid=$!
until curl -fsS http://127.0.0.1:18190/health/ready >/dev/null 2>&1; do sleep 0.005; done
end=$(date +%s%N)
echo "start-up to ready:  $(( (end - start) / 1000000 )) ms (existing database, migrations already applied)"
sleep 1
echo "idle memory (RSS):  $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$server_pid/status)"

times=()
for _ in $(seq 1 10); do
  times+=("$(curl -fsS -o "$work/login.json" -w '%{time_total}' -X POST http://127.0.0.1:18190/api/v1/auth/login \
    -H 'content-type: application/json' -d '{"email":"admin@example.test","password":"a long basics password"}')")
done
# The administrator's sign-in goes on to the second factor: set it up as an authenticator app
# would, for the token the load below uses.
token=$(python3 -c '
import json, sys
sys.path.insert(0, "tests/ops")
from harness import answer_challenges, request
body = answer_challenges(lambda path, sent: request("POST", 18190, path, sent)[::2],
                         "admin@example.test", json.load(open(sys.argv[1])))
print(body["access_token"])' "$work/login.json")
echo "sign-in latency:    $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.0f ms, max %.0f ms of 10", a[int((NR+1)/2)]*1000, a[NR]*1000}') (argon2id m=19456 KiB, t=2, p=1)"

taskset -c 1 wrk -t1 -c16 -d10s --latency -H "Authorization: Bearer $token" http://127.0.0.1:18190/api/v1/me >"$work/wrk.txt"
echo "GET /api/v1/me, one server core (16 connections, wrk on the other core):"
grep -E "Requests/sec|50%|99%|Non-2xx" "$work/wrk.txt" | sed 's/^/    /'
