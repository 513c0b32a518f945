#!/usr/bin/env bash
# Builds the bench module and runs the benchmarks; writes bench/results/<date>-<names>.md and .json.
#   bench/run.sh                  all benchmarks (about 4 minutes on 2 cores)
#   bench/run.sh hop handoff      some of them: hop, chain, fanout, handoff, throughput, xcloud, stores
#   bench/run.sh workloads        Jointλ's four workloads vs Temporal (only when named; a few minutes)
#   bench/run.sh workloads --workloads montecarlo,qa   some of the workloads (also for placement)
#   bench/run.sh --scale 0.2      shorter (fewer iterations and runs; noisier)
#   BENCH_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/b.jfr' bench/run.sh fanout
# Do not compile or run other heavy work at the same time: the numbers would show it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/find-jdk.sh"
find_jdk || exit 1
cd "$ROOT"

echo "bench: JDK $JAVA_HOME; building..." >&2
mkdir -p "$ROOT/bench/target"
if ! ./mvnw -q -B -pl bench -am package -DskipTests >"$ROOT/bench/target/build.log" 2>&1; then
  echo "bench: the build failed; see bench/target/build.log" >&2
  tail -20 "$ROOT/bench/target/build.log" >&2
  exit 1
fi

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
export BENCH_COMMIT="$commit"
export BENCH_COMMAND="bench/run.sh${*:+ $*}"

# A fixed heap so that heap sizing does not move between runs; ephemeral runs keep their state for
# a grace period, the fan-out benchmark holds 4000-object runs.
exec "$JAVA_HOME/bin/java" -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/bench.classpath")" \
  io.jointflow.bench.BenchMain --out "$ROOT/bench/results" --examples "$ROOT/examples" "$@"
