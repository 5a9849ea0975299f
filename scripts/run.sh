#!/usr/bin/env bash
# `make run`: serve the app on http://127.0.0.1:8000.
#  - No DYNAMODB_ENDPOINT_URL and no real AWS target: start moto's DynamoDB server on loopback,
#    create the tables, seed the demo world, create one staff account per role (printed).
#  - DYNAMODB_ENDPOINT_URL set, or AWS credentials plus TRUTHBYTE_ENV: serve against those
#    tables as they are (no emulator, no seeding).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
PORT="${PORT:-8000}"
MOTO_PORT="${MOTO_PORT:-4566}"
MOTO_PID=""

cleanup() {
  if [ -n "$MOTO_PID" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
    echo "Stopping the local DynamoDB (moto, pid $MOTO_PID)..."
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

real_aws=false
if [ -z "${DYNAMODB_ENDPOINT_URL:-}" ] && [ -n "${TRUTHBYTE_ENV:-}" ] \
   && { [ -n "${AWS_ACCESS_KEY_ID:-}" ] || [ -n "${AWS_PROFILE:-}" ] || [ -f "$HOME/.aws/credentials" ]; }; then
  real_aws=true
fi

$BIN/python manage.py migrate --noinput >/dev/null

if [ -n "${DYNAMODB_ENDPOINT_URL:-}" ] || $real_aws; then
  echo "Serving against ${DYNAMODB_ENDPOINT_URL:-AWS} (environment ${TRUTHBYTE_ENV:-dev}); no emulator, no seeding."
  $BIN/python manage.py check_tables || echo "(some tables are missing: the pages that need them will say so)"
else
  export TRUTHBYTE_ENV="${TRUTHBYTE_ENV:-dev}"
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
  echo "Starting a local DynamoDB (moto's server) on 127.0.0.1:${MOTO_PORT}..."
  $BIN/moto_server -H 127.0.0.1 -p "$MOTO_PORT" >var/moto.log 2>&1 &
  MOTO_PID=$!
  export DYNAMODB_ENDPOINT_URL="http://127.0.0.1:${MOTO_PORT}"
  for _ in $(seq 1 100); do
    if $BIN/python -c "import urllib.request,sys; urllib.request.urlopen('$DYNAMODB_ENDPOINT_URL/moto-api/')" 2>/dev/null; then break; fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then echo "moto's server failed to start: see var/moto.log"; exit 1; fi
    sleep 0.2
  done
  $BIN/python manage.py create_tables
  $BIN/python manage.py seed_demo
  echo
  echo "Staff accounts for this demo (passwords are new each run):"
  for role in moderator editor support admin; do
    password="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(12))')"
    DJANGO_STAFF_PASSWORD="$password" $BIN/python manage.py create_staff "$role" --role "$role" --noinput >/dev/null
    printf '  %-10s username %-10s password %s\n' "$role" "$role" "$password"
  done
  echo
fi

echo "Serving TruthByte Admin on http://127.0.0.1:${PORT}/ (Ctrl-C stops it$( [ -n "$MOTO_PID" ] && echo ' and the local DynamoDB'))"
$BIN/python manage.py runserver "127.0.0.1:${PORT}" --noreload
