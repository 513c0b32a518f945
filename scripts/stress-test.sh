#!/usr/bin/env bash
# Runs the whole test suite (./test.sh) several times in a row while stress-ng loads the CPUs and
# the disk, and fails on the first failing run. It shows that no test depends on how fast or how
# idle the machine is: a test that passes only on a quiet machine fails here.
#
#   scripts/stress-test.sh                  3 runs of ./test.sh under stress-ng --cpu 2 --io 1
#   scripts/stress-test.sh --runs 5         5 runs
#   scripts/stress-test.sh -pl core -am     other arguments go to ./test.sh (and so to Maven)
#
# Installs stress-ng with apt-get if it is missing (with sudo when not root). Logs go to a fresh
# directory under ${TMPDIR:-/tmp}; the path of a failing run's log is printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

runs=3
test_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) [ $# -ge 2 ] || { echo "stress-test: --runs needs a number" >&2; exit 2; }; runs="$2"; shift 2 ;;
    --runs=*) runs="${1#--runs=}"; shift ;;
    *) test_args+=("$1"); shift ;;
  esac
done
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "stress-test: --runs must be a whole number >= 1: '$runs'" >&2
  exit 2
fi

logs="$(mktemp -d "${TMPDIR:-/tmp}/jointflow-stress.XXXXXX")"

install_stress_ng() {
  command -v stress-ng >/dev/null 2>&1 && return 0
  local as_root=() why=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      why="not root and no sudo"
    elif [ -t 0 ]; then
      as_root=(sudo)
    else
      as_root=(sudo -n) # no terminal to ask for a password on
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    why="no apt-get"
  fi
  if [ -z "$why" ]; then
    echo "stress-test: stress-ng is missing; installing it (apt-get install -y stress-ng)" >&2
    local install=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y stress-ng)
    { "${install[@]}" || { "${as_root[@]}" apt-get update && "${install[@]}"; }; } \
      >"$logs/install.log" 2>&1 || why="apt-get failed, see $logs/install.log"
  fi
  if ! command -v stress-ng >/dev/null 2>&1; then
    echo "stress-test: stress-ng is missing and could not be installed (${why:-it is still not on PATH})." >&2
    echo "Install it, then run this again: sudo apt-get install -y stress-ng (Debian/Ubuntu)," \
      "sudo dnf install -y stress-ng (Fedora), brew install stress-ng (macOS)" >&2
    exit 1
  fi
}

install_stress_ng

stress_pid=""
stop_stress() {
  if [ -n "$stress_pid" ] && kill -0 "$stress_pid" 2>/dev/null; then
    kill "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
  fi
  stress_pid=""
}
trap stop_stress EXIT
trap 'exit 130' INT TERM

stress-ng --cpu 2 --io 1 >"$logs/stress-ng.log" 2>&1 &
stress_pid=$!
sleep 1
if ! kill -0 "$stress_pid" 2>/dev/null; then
  echo "stress-test: stress-ng did not start; see $logs/stress-ng.log" >&2
  exit 1
fi
echo "stress-test: stress-ng --cpu 2 --io 1 running (pid $stress_pid); $runs run(s) of ./test.sh${test_args[*]:+ ${test_args[*]}}; logs in $logs" >&2

total_start=$SECONDS
for ((i = 1; i <= runs; i++)); do
  log="$logs/run-$i.log"
  start=$SECONDS
  if ./test.sh "${test_args[@]}" >"$log" 2>&1; then
    echo "stress-test: run $i/$runs passed in $((SECONDS - start)) s (log: $log)" >&2
  else
    status=$?
    echo "stress-test: run $i/$runs FAILED (exit $status) after $((SECONDS - start)) s under load; log: $log" >&2
    grep -E '^\[ERROR\] (Tests run|  |Failures:|Errors:)|<<< (FAILURE|ERROR)' "$log" | head -20 >&2 || true
    exit 1
  fi
done
echo "stress-test: all $runs runs passed in a row under stress-ng in $((SECONDS - total_start)) s" >&2
