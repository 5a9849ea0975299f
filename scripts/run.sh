#!/usr/bin/env bash
# `make run`: serve the app on http://127.0.0.1:8000.
#  - No DYNAMODB_ENDPOINT_URL and no real AWS target: start Amazon's DynamoDB Local on loopback
#    (data kept in var/dynamodb-local/, so a second run doesn't re-seed), create the tables, seed
#    the demo world once, create one staff account per role (printed).
#  - DYNAMODB_ENDPOINT_URL set, or AWS credentials plus TRUTHBYTE_ENV: serve against those
#    tables as they are (no emulator, no seeding).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
PORT="${PORT:-8000}"
DYNAMODB_PORT="${DYNAMODB_PORT:-8001}"
DYNAMODB_DATA="var/dynamodb-local"
SEEDED_MARK="$DYNAMODB_DATA/.demo-seeded"
DYNAMODB_PID=""
SYNC_PID=""
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$SYNC_PID" ] && kill -0 "$SYNC_PID" 2>/dev/null; then
    kill "$SYNC_PID" 2>/dev/null || true
    wait "$SYNC_PID" 2>/dev/null || true
  fi
  if [ -n "$DYNAMODB_PID" ] && kill -0 "$DYNAMODB_PID" 2>/dev/null; then
    echo "Stopping DynamoDB Local (pid $DYNAMODB_PID)..."
    kill "$DYNAMODB_PID" 2>/dev/null || true
    wait "$DYNAMODB_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
# Ctrl-C is how README says to stop it: a clean stop, not a failure for make to report.
trap 'exit 0' INT
trap 'exit 143' TERM

real_aws=false
if [ -z "${DYNAMODB_ENDPOINT_URL:-}" ] && [ -n "${TRUTHBYTE_ENV:-}" ] \
   && { [ -n "${AWS_ACCESS_KEY_ID:-}" ] || [ -n "${AWS_PROFILE:-}" ] || [ -f "$HOME/.aws/credentials" ]; }; then
  real_aws=true
fi

$BIN/python manage.py migrate --noinput >/dev/null

if [ -n "${DYNAMODB_ENDPOINT_URL:-}" ] || $real_aws; then
  echo "Serving against ${DYNAMODB_ENDPOINT_URL:-AWS} (environment ${TRUTHBYTE_ENV:-dev}); no emulator, no seeding."
  $BIN/python manage.py check_tables || echo "(serving anyway: the pages that need what is missing say so)"
else
  export TRUTHBYTE_ENV="${TRUTHBYTE_ENV:-dev}"
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
  # The demo world hangs off the day it was seeded ("today"): a world from an earlier day starts afresh.
  if [ -f "$SEEDED_MARK" ] && [ "$(cut -c1-10 "$SEEDED_MARK")" != "$(date -u +%Y-%m-%d)" ]; then
    echo "The demo world in ${DYNAMODB_DATA}/ was seeded on $(cut -c1-10 "$SEEDED_MARK"): seeding a fresh one for today."
    rm -rf "$DYNAMODB_DATA"
  fi
  echo "Starting DynamoDB Local on 127.0.0.1:${DYNAMODB_PORT} (data in ${DYNAMODB_DATA}/)..."
  $BIN/python scripts/dynamodb_local.py start --port "$DYNAMODB_PORT" --db-path "$DYNAMODB_DATA" \
    --log var/dynamodb-local.log >/dev/null &
  DYNAMODB_PID=$!
  export DYNAMODB_ENDPOINT_URL="http://127.0.0.1:${DYNAMODB_PORT}"
  if ! $BIN/python scripts/dynamodb_local.py wait --port "$DYNAMODB_PORT" --timeout 60; then
    echo "DynamoDB Local failed to start: see var/dynamodb-local.log"; exit 1
  fi
  $BIN/python manage.py create_tables
  if [ -f "$SEEDED_MARK" ] && $BIN/python manage.py check_tables >/dev/null 2>&1; then
    echo "The demo world from $(cat "$SEEDED_MARK") is still there (rm -r ${DYNAMODB_DATA} to start afresh)."
  else
    $BIN/python manage.py seed_demo
    date -u +"%Y-%m-%d %H:%M UTC" >"$SEEDED_MARK"
  fi
  echo
  echo "Staff accounts for this demo (passwords are new each run):"
  for role in moderator editor support admin; do
    password="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(12))')"
    DJANGO_STAFF_PASSWORD="$password" $BIN/python manage.py create_staff "$role" --role "$role" --noinput >/dev/null
    printf '  %-10s username %-10s password %s\n' "$role" "$role" "$password"
  done
  echo
fi

# The staff index (search, lists): a fresh copy, then the sync as a background process
# (production runs `manage.py sync_index --follow` as its own process; see README).
if [ -n "$DYNAMODB_PID" ]; then
  $BIN/python manage.py enable_streams >/dev/null
  $BIN/python manage.py rebuild_index
fi
# The audit log page reads a copy of the admin's audit table (kept in step by our own writes).
$BIN/python manage.py rebuild_audit_log
$BIN/python manage.py sync_index --follow >var/sync_index.log 2>&1 &
SYNC_PID=$!
echo "Index sync running in the background (pid $SYNC_PID, log var/sync_index.log)."

echo "Serving TruthByte Admin on http://127.0.0.1:${PORT}/ (Ctrl-C stops it$( [ -n "$DYNAMODB_PID" ] && echo ' and DynamoDB Local'))"
# In the background and waited for: bash runs the INT/TERM trap (and so the cleanup) only
# between commands, so a `kill` of this script would otherwise wait for the server to end and
# leave the index sync and DynamoDB Local running.
$BIN/python manage.py runserver "127.0.0.1:${PORT}" --noreload &
SERVER_PID=$!
wait "$SERVER_PID"
