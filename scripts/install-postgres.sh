#!/usr/bin/env bash
# Install Debian's PostgreSQL server binaries for the tests, unless they are already there.
# The tests start a throwaway cluster of their own (tests/support/postgres.py), so no system
# cluster is created or started here.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
echo "Installing Debian's PostgreSQL for the tests..."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q postgresql-common
# No "main" cluster: nothing should be left running on the machine.
$SUDO sed -i 's/^#\?\s*create_main_cluster.*/create_main_cluster = false/' \
  /etc/postgresql-common/createcluster.conf
$SUDO apt-get install -y -q postgresql
