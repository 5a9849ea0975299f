#!/usr/bin/env bash
# Run the whole suite: lint first (fast), then pytest. pytest's own exit code is the result
# (5 = nothing ran counts as failure).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var artifacts
.venv/bin/ruff check truthbyte_admin tests bench scripts
.venv/bin/ruff format --check truthbyte_admin tests bench scripts
exec .venv/bin/pytest -q "$@"
