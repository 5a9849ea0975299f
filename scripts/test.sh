#!/usr/bin/env bash
# Run the whole suite: lint first (fast), then pytest. pytest's own exit code is the result
# (5 = nothing ran counts as failure).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var artifacts
# TRUTHBYTE_BIN: another checkout's virtualenv (a git worktree has none of its own).
BIN=${TRUTHBYTE_BIN:-.venv/bin}
"$BIN/ruff" check truthbyte_admin tests bench scripts
"$BIN/ruff" format --check truthbyte_admin tests bench scripts
# The tests run in parallel (pytest-xdist): one worker per core, up to 4, each with its own
# DynamoDB Local, PostgreSQL and Chromium (on 2 cores: ~16 minutes instead of ~23).
# TRUTHBYTE_TEST_WORKERS=0 runs them all in this one process.
CORES=$(nproc 2>/dev/null || echo 1)
WORKERS=${TRUTHBYTE_TEST_WORKERS:-$((CORES < 4 ? CORES : 4))}
if [ "$WORKERS" -lt 2 ]; then WORKERS=0; fi
# python -m puts this checkout first on sys.path, so its code is the code tested.
exec "$BIN/python" -m pytest -q -n "$WORKERS" "$@"
