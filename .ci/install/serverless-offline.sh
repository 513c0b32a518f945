#!/usr/bin/env bash
# Installs serverless-offline (the AWS Lambda Invoke API stand-in of the aws-lambda tests) with
# osls, the maintained fork of Serverless v3, into a folder of its own:
# ${JOINTFLOW_SERVERLESS_OFFLINE:-$HOME/.jointflow/serverless-offline}. Idempotent: does nothing
# when the pinned versions are there. Needs node >= 18 and npm (installed from Debian if missing).
set -euo pipefail
dir="${JOINTFLOW_SERVERLESS_OFFLINE:-$HOME/.jointflow/serverless-offline}"
osls=4.3.1
offline=14.8.2
want="osls@$osls serverless-offline@$offline"
if [ -f "$dir/installed" ] && [ "$(cat "$dir/installed")" = "$want" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "serverless-offline.sh: installing nodejs and npm (apt-get)" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"jointflow-serverless-offline","private":true}' > package.json
echo "serverless-offline.sh: npm install $want into $dir" >&2
npm install --no-audit --no-fund --loglevel=error "osls@$osls" "serverless-offline@$offline" >/dev/null
echo "$want" > installed
