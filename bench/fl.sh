#!/usr/bin/env bash
# Federated-learning benchmark of issue 9 (docs/fl.md#benchmark): Fashion-MNIST, 3 data centers x
# 10 owners, Dirichlet 0.1 and 0.5, NebulaFL against FedAvg, FedAsync, FedBuff and hierarchical
# FedAvg. Writes bench/results/<date>-fl.md (and charts beside it).
#   bench/fl.sh                 the benchmark (a few minutes on 2 cores)
#   bench/fl.sh mlp             MLP throughput against the naive loop
#   bench/fl.sh -- key=value..  passes options to FlBench (train-sample, budget, hidden, target, alphas, seed)
# The data set comes from the Debian package dataset-fashion-mnist, extracted (no root needed) into
# $FL_DATA (default ~/.cache/jointflow/data); if apt-get cannot fetch it, the script says how to.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/find-jdk.sh"
find_jdk || exit 1
DATA="${FL_DATA:-$HOME/.cache/jointflow/data}"
FM="$DATA/fashion-mnist-pkg/usr/share/datasets/fashion-mnist"
SYS=/usr/share/datasets/fashion-mnist

cd "$ROOT"
./mvnw -q -B -o package -pl fl -am -DskipTests >/dev/null 2>&1 || ./mvnw -q -B package -pl fl -am -DskipTests
CP="fl/target/classes:fl/target/test-classes:$(cat fl/target/fl.classpath)"

if [ "${1:-}" = "mlp" ]; then
  exec "$JAVA_HOME/bin/java" -cp "$CP" io.jointflow.fl.MlpBench
fi
[ "${1:-}" = "--" ] && shift

if [ -f "$SYS/train-images-idx3-ubyte.gz" ]; then
  FM="$SYS"
elif [ ! -f "$FM/train-images-idx3-ubyte.gz" ]; then
  echo "fl.sh: Fashion-MNIST missing; extracting the Debian package dataset-fashion-mnist into $DATA" >&2
  mkdir -p "$DATA/debs"
  if ! (cd "$DATA/debs" && apt-get download dataset-fashion-mnist >/dev/null 2>&1); then
    echo "fl.sh: apt-get download failed. Install it with one of:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist   # files in $SYS" >&2
    echo "  (cd $DATA/debs && apt-get download dataset-fashion-mnist) && dpkg-deb -x $DATA/debs/dataset-fashion-mnist_*.deb $DATA/fashion-mnist-pkg" >&2
    exit 1
  fi
  dpkg-deb -x "$DATA"/debs/dataset-fashion-mnist_*.deb "$DATA/fashion-mnist-pkg"
fi

mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%d-%H%M%S)-fl.md"
"$JAVA_HOME/bin/java" -cp "$CP" io.jointflow.fl.FlBench "$FM" "$OUT" "$@"
echo "fl.sh: wrote $OUT" >&2
