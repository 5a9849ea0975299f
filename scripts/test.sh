#!/usr/bin/env bash
# Run the whole suite. pytest's own exit code is the result (5 = nothing ran counts as failure).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var artifacts
exec .venv/bin/pytest -q "$@"
