#!/usr/bin/env bash
# An fl job on a cluster against the same job in one process (docs/fl.md#on-a-cluster-worker-processes):
# the example on the 8x8 digits (examples/fl/fl.yaml, budget and methods below), three worker
# processes, one per data center's cloud, each with its state on a Redis of its own, and a gateway.
# Each repetition times `jointflow fl train` in one process and `fl train --cluster`, one after the
# other, checks that both give the same curves, and the medians and their ratio go to
# bench/results/<date>-fl-cluster.md.
#   bench/fl-cluster.sh [REPS] [BUDGET] [METHODS]     defaults: 3 100 nebulafl,hierfedavg
# Needs redis-server (apt-get install -y redis-server) and python3 (free ports).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPS="${1:-3}"
BUDGET="${2:-100}"
METHODS="${3:-nebulafl,hierfedavg}"
command -v redis-server >/dev/null || { echo "fl-cluster.sh: redis-server missing; install it: sudo apt-get install -y redis-server" >&2; exit 1; }
command -v python3 >/dev/null || { echo "fl-cluster.sh: python3 missing (it picks free ports)" >&2; exit 1; }
JF="$ROOT/jointflow"
W="$(mktemp -d /tmp/jointflow-fl-cluster.XXXXXX)"
REDIS_PIDS=()
cleanup() {
  "$JF" cluster down --dir "$W/cluster" >/dev/null 2>&1 || true
  for p in "${REDIS_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$W"
}
trap cleanup EXIT
"$JF" --version >/dev/null   # builds first if needed, outside the timings

ports=($(python3 -c 'import socket
ss=[socket.socket() for _ in range(6)]
[s.bind(("127.0.0.1",0)) for s in ss]
print(" ".join(str(s.getsockname()[1]) for s in ss))'))
clouds=(aws-tokyo ali-tokyo ali-singapore)
cp "$ROOT/examples/fl/clouds.yaml" "$W/clouds.yaml"
for i in 0 1 2; do
  redis-server --port "${ports[$i]}" --bind 127.0.0.1 --save '' --appendonly no --dir "$W" >"$W/redis-$i.log" 2>&1 &
  REDIS_PIDS+=($!)
  c="${clouds[$i]}"
  # the cloud's compute and state lines become a worker's url, its Redis and a blob directory
  python3 - "$W/clouds.yaml" "$c" "${ports[$((i + 3))]}" "${ports[$i]}" "$W/$c-blobs" <<'EOF'
import sys
path, cloud, worker, redis, blobs = sys.argv[1:]
s = open(path).read()
at = s.index("  %s:\n" % cloud)
old = "    compute: {type: local}\n    state: memory\n"
i = s.index(old, at)
s = s[:i] + '    compute: {type: worker, url: "http://127.0.0.1:%s"}\n    state: redis://127.0.0.1:%s\n    blobs: filesystem:%s\n' % (worker, redis, blobs) + s[i + len(old):]
open(path, "w").write(s)
EOF
done
job() {  # the example with this run's budget, methods and clouds file
  sed -e "s|file: ../../fl/|file: $ROOT/fl/|" -e "s|budget: 400|budget: $BUDGET|" \
      -e "s|methods: \[.*\]|methods: [${METHODS//,/, }]|" -e "s|clouds: clouds.yaml|clouds: $1|" "$ROOT/examples/fl/fl.yaml"
}
job "$W/clouds.yaml" > "$W/fl.yaml"
job "$ROOT/examples/fl/clouds.yaml" > "$W/local.yaml"
"$JF" fl apps "$W/fl.yaml" --out "$W/apps" --timeout 10s >/dev/null
"$JF" cluster up "$W/clouds.yaml" "$W"/apps/*.yaml --dir "$W/cluster" >/dev/null

local_s=()
cluster_s=()
for r in $(seq 1 "$REPS"); do
  t0=$(date +%s.%N)
  "$JF" fl train "$W/local.yaml" --out "$W/local-$r" >/dev/null 2>&1
  t1=$(date +%s.%N)
  "$JF" fl train "$W/fl.yaml" --cluster --cluster-dir "$W/cluster" --out "$W/cluster-$r" >/dev/null 2>"$W/cluster-$r.err" \
    || { tail -5 "$W/cluster-$r.err" >&2; exit 1; }
  t2=$(date +%s.%N)
  cmp -s "$W/local-$r/curves.csv" "$W/cluster-$r/curves.csv" \
    || { echo "fl-cluster.sh: repetition $r: the cluster's curves differ from the in-process ones" >&2; exit 1; }
  local_s+=("$(printf '%.1f' "$(echo "$t1 - $t0" | bc)")")
  cluster_s+=("$(printf '%.1f' "$(echo "$t2 - $t1" | bc)")")
  echo "repetition $r: in one process ${local_s[-1]} s, on the cluster ${cluster_s[-1]} s, same curves" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ml=$(median "${local_s[@]}")
mc=$(median "${cluster_s[@]}")
runs=$(grep -c . "$W/cluster-1/curves.csv")
out="$ROOT/bench/results/$(date -u +%Y%m%d-%H%M%S)-fl-cluster.md"
{
  echo "# fl job on a cluster against one process"
  echo
  echo "Command: \`bench/fl-cluster.sh $REPS $BUDGET $METHODS\` ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))."
  echo "Job: examples/fl/fl.yaml (8x8 digits, 3 data centers x 5 owners), budget $BUDGET, methods $METHODS;"
  echo "cluster: 3 worker processes (one per cloud, each with its Redis) and a gateway, functions' timeout 10 s."
  echo "Wall time of \`jointflow fl train\` (JVM start included in both), $REPS repetitions alternating; every"
  echo "repetition's cluster curves equal the in-process ones ($((runs - 1)) evaluation points)."
  echo
  echo "| | median | repetitions |"
  echo "|---|---|---|"
  echo "| one process | $ml s | ${local_s[*]} |"
  echo "| cluster | $mc s | ${cluster_s[*]} |"
  echo "| ratio | $(echo "scale=2; $mc / $ml" | bc)x | |"
} > "$out"
cat "$out"
echo "fl-cluster.sh: wrote $out" >&2
