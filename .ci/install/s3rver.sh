#!/usr/bin/env bash
# Installs s3rver 3.7.1 (npm), the S3-compatible server the S3 blob store's tests start (testkit
# S3rver), into a folder of its own: $JOINTFLOW_S3RVER_DIR, default ~/.cache/jointflow/s3rver.
# Idempotent: does nothing when that version is there. Needs node and npm (Debian: apt-get install nodejs npm).
set -euo pipefail
dir="${JOINTFLOW_S3RVER_DIR:-$HOME/.cache/jointflow/s3rver}"
version=3.7.1
if [ -f "$dir/node_modules/s3rver/package.json" ] && grep -q "\"version\": \"$version\"" "$dir/node_modules/s3rver/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo ".ci/install/s3rver.sh: installing nodejs and npm (apt-get)" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
mkdir -p "$dir"
echo ".ci/install/s3rver.sh: npm install s3rver@$version into $dir" >&2
npm install --silent --no-audit --no-fund --prefix "$dir" "s3rver@$version" >/dev/null
