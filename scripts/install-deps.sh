#!/usr/bin/env bash
# Installs the Debian 12 packages Habeas needs to build, test and benchmark.
# Idempotent: packages already present are skipped without touching the network.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev sqlite3 libicu-dev libtomlplusplus-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libsodium-dev libssl-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  chromium wrk curl
)
# Node.js and npm for the web tooling (web/: the chart bundle, browser tests). Debian's
# packages unless a node is already installed (another packaging of it would conflict).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web tooling, exactly as locked (web/package-lock.json): esbuild, Apache ECharts,
# playwright-core. Skipped when node_modules already matches the lock file.
web="$(dirname "$0")/../web"
if [ ! -f "$web/node_modules/.habeas-lock" ] || ! cmp -s "$web/package-lock.json" "$web/node_modules/.habeas-lock"; then
  echo "installing web tooling (npm ci in web/)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$web/node_modules/.habeas-lock"
fi
