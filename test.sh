#!/usr/bin/env bash
# Runs every test (unit tests, then the multi-process integration tests) with a JDK >= 21.
# Extra arguments go to Maven, e.g. ./test.sh -pl core
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$ROOT/scripts/find-jdk.sh"
find_jdk || exit 1
cd "$ROOT"
echo "test.sh: JDK $JAVA_HOME" >&2
exec ./mvnw -B verify "$@"
