#!/usr/bin/env bash
# A Java 17+ runtime for DynamoDB Local (Debian's openjdk-17-jre-headless), unless one is there.
set -euo pipefail
java_major() {
  java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
if command -v java >/dev/null 2>&1 && [ "$(java_major | cut -d. -f1)" -ge 17 ] 2>/dev/null; then
  exit 0
fi
echo "Installing Debian's openjdk-17-jre-headless for DynamoDB Local..."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q openjdk-17-jre-headless
