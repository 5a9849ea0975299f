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
# python -m puts this checkout first on sys.path, so its code is the code tested.
exec "$BIN/python" -m pytest -q "$@"
