#!/usr/bin/env bash
# Browser tests of the SPA against the real API: builds the SPA, starts `qa-api serve` on a free
# port with a fresh SQLite database and an administrator, runs frontend/e2e/ in headless
# Chromium, and always stops the server.
#   QA_API_BIN   the API binary (default target/debug/qa-api; build it first)
#   QA_CHROMIUM  the browser (default /usr/bin/chromium: `apt-get install chromium`)
#   QA_E2E_FILES test files to run, e.g. "e2e/feedback.test.mjs" (default: all of e2e/)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

api_bin=${QA_API_BIN:-target/debug/qa-api}
chromium=${QA_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$api_bin" ]; then
  echo "e2e: no API binary at $api_bin (build it with 'cargo build -p qa-api', or set QA_API_BIN)" >&2
  exit 1
fi
if [ ! -x "$chromium" ]; then
  echo "e2e: no browser at $chromium (apt-get install chromium, or set QA_CHROMIUM)" >&2
  exit 1
fi
case "$api_bin" in /*) ;; *) api_bin="$root/$api_bin" ;; esac

echo "e2e: building the SPA"
[ -d frontend/node_modules ] || (cd frontend && npm ci --no-audit --no-fund)
(cd frontend && npm run --silent build)
rm -rf frontend/test-results/screenshots

tmp=$(mktemp -d /tmp/qa-e2e.XXXXXX)
server_pid=
oidc_pid=
cleanup() {
  for pid in "$server_pid" "$oidc_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

random() { node -e "process.stdout.write(require('node:crypto').randomBytes($1).toString('base64url'))"; }

export QA_DATABASE_URL="sqlite://$tmp/qa.db"
admin_email=admin@example.test
admin_password="E2e-admin-$(random 12)"
printf '%s\n' "$admin_password" | "$api_bin" create-admin --email "$admin_email" --name "Test Admin" >"$tmp/create-admin.log" 2>&1 \
  || { cat "$tmp/create-admin.log" >&2; echo "e2e: create-admin failed" >&2; exit 1; }

free_port() { node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
port=$(free_port)
base_url="http://127.0.0.1:$port"

# The council's identity provider: a certified OpenID Connect provider on loopback
# (tests/oidc/provider.mjs), whose people the single sign-on tests name.
[ -d tests/oidc/node_modules ] || (cd tests/oidc && npm ci --no-audit --no-fund)
oidc_port=$(free_port)
oidc_url="http://127.0.0.1:$oidc_port"
oidc_secret="$(random 24)"
PORT="$oidc_port" CLIENT_ID=qa-platform CLIENT_SECRET="$oidc_secret" \
REDIRECT_URI="$base_url/api/v1/auth/oidc/callback" POST_LOGOUT_URI="$base_url/sign-in?signed_out=1" \
OIDC_ACCOUNTS='{"unverified":{"email":"sso.unverified@example.test","email_verified":false}}' \
  node tests/oidc/provider.mjs >"$tmp/oidc.log" 2>&1 &
oidc_pid=$!
for _ in $(seq 1 60); do
  grep -q "oidc-provider ready" "$tmp/oidc.log" 2>/dev/null && break
  sleep 0.25
done

# No scheduler: its first sweep, a minute after start, runs the day's retention, which deletes
# the long-closed case the data protection test makes in order to see it due, at a moment that
# depends on how fast the files before it ran. No screen here waits on a sweep (deadlines are
# worked out as they are read); the scheduler has its own tests (nextest, make ops-test).
QA_JOBS_INTERVAL_SECS=0 \
QA_BIND="127.0.0.1:$port" \
QA_PUBLIC_URL="$base_url" \
QA_OIDC_ISSUER="$oidc_url" \
QA_OIDC_CLIENT_ID=qa-platform \
QA_OIDC_CLIENT_SECRET="$oidc_secret" \
QA_OIDC_NAME="Test Council" \
QA_BREAK_GLASS_ADMINS="$admin_email" \
QA_SPA_DIR="$root/frontend/dist" \
QA_COOKIE_SECURE=false \
QA_JWT_SECRET="$(random 48)" \
QA_LOG=warn \
  "$api_bin" serve >"$tmp/server.log" 2>&1 &
server_pid=$!

ready=
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if node -e "fetch('$base_url/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    ready=yes
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "e2e: the API did not become ready; its log:" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi
echo "e2e: API ready on $base_url"

status=0
(
  cd frontend
  QA_E2E_BASE_URL="$base_url" \
  QA_E2E_ADMIN_EMAIL="$admin_email" \
  QA_E2E_ADMIN_PASSWORD="$admin_password" \
  QA_E2E_STATE_DIR="$tmp/state" \
  QA_E2E_OIDC_URL="$oidc_url" \
  QA_CHROMIUM="$chromium" \
    node --test --test-concurrency=1 \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$tmp/e2e.tap" \
      ${QA_E2E_FILES:-e2e/}
) || status=$?

if [ "$status" -ne 0 ]; then
  echo "e2e: the API's log (last 50 lines):" >&2
  tail -n 50 "$tmp/server.log" >&2
fi
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tmp/e2e.tap" | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tmp/e2e.tap" | tail -n 1)
echo "e2e: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
