#!/usr/bin/env bash
# The PostgreSQL state store's tests create and start their own clusters (testkit PostgresServer:
# initdb into a temporary directory, postgres on a free 127.0.0.1 port, run as the user 'postgres'
# when the tests run as root); they fail, never skip, without the binaries. Installs Debian's
# package if they are missing. Idempotent; no cluster is started here.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo ".ci/install/postgres.sh: installing postgresql (apt-get)" >&2
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# The package may start a cluster of its own on port 5432; the tests do not use it.
