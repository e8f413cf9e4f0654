#!/usr/bin/env bash
# Installs the Debian 12 packages Habeas needs to build, test and benchmark.
# Idempotent: packages already present are skipped without touching the network.
set -euo pipefail

# Each package is one CMakeLists.txt finds (or the toolchain): keep the two in step.
# The sanitizer builds of the test suite (scripts/test.sh under CI) use GCC's own
# runtimes (libasan8, libubsan1, libtsan2), which build-essential's gcc-12 brings.
PACKAGES=(
  build-essential cmake ninja-build pkg-config  # compiler, CMake, Ninja, pkg_check_modules
  libsqlite3-dev                                # SQLite3 (the store)
  libpq-dev                                     # libpq (the PostgreSQL store)
  postgresql                                    # tests: a throwaway server (scripts/pg_test_cluster.sh)
  libicu-dev                                    # ICU uc, i18n (names)
  libtomlplusplus-dev                           # tomlplusplus (mappings, link settings)
  nlohmann-json3-dev                            # nlohmann_json
  libcli11-dev                                  # CLI11 (the CLI)
  libssl-dev                                    # OpenSSL Crypto (SHA-256 of imported files)
  libminizip-dev zlib1g-dev                     # minizip (.xlsx is a zip archive)
  libexpat1-dev                                 # expat (.xlsx parts are XML, streamed)
  libfreexl-dev                                 # FreeXL (.xls, Excel 97–2003)
  libgtest-dev libgmock-dev                     # GTest (tests)
  libbenchmark-dev                              # benchmark (benchmarks)
  libsodium-dev                                 # libsodium (Argon2id passwords and tokens: serve)
  libcpp-httplib-dev                            # cpp-httplib (the HTTP server: serve)
  libcairo2-dev libpango1.0-dev fonts-dejavu-core  # Cairo + Pango (court packet PDFs), its font
  python3 openssl                               # tests: the ledger's independent proof checker
  poppler-utils python3-jsonschema              # tests: packet PDF to PNG, JSON twin vs its schema
  chromium wrk curl                             # tests: the browser tests; benchmarks: load
)
# `scripts/install-deps.sh --fuzz`: also clang and its libFuzzer runtime, for the
# coverage-guided fuzz targets (fuzz/README.md; the test suite's replays need neither).
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES+=(clang libclang-rt-14-dev)
fi
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

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
}
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt_install "${missing[@]}"
fi

# The web tooling, exactly as locked (web/package-lock.json): esbuild, Apache ECharts,
# playwright-core. Skipped when node_modules already matches the lock file.
web="$(dirname "$0")/../web"
if [ ! -f "$web/node_modules/.habeas-lock" ] || ! cmp -s "$web/package-lock.json" "$web/node_modules/.habeas-lock"; then
  echo "installing web tooling (npm ci in web/)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$web/node_modules/.habeas-lock"
fi

# The browser tests need node, Debian's chromium at /usr/bin/chromium and playwright-core;
# the build registers them only when all three are there, and scripts/test.sh refuses to
# run without them. Check each now, repair once, and name what is still missing.
if [ ! -x /usr/bin/chromium ]; then
  echo "/usr/bin/chromium is missing though dpkg lists chromium: reinstalling it"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends --reinstall chromium
fi
if [ ! -f "$web/node_modules/playwright-core/package.json" ]; then
  echo "web/node_modules lacks playwright-core: running npm ci again"
  rm -rf "$web/node_modules"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$web/node_modules/.habeas-lock"
fi
problems=()
command -v node >/dev/null 2>&1 || problems+=("node is not on PATH ($PATH)")
[ -x /usr/bin/chromium ] || problems+=("/usr/bin/chromium is missing ($(dpkg-query -W -f='${Package} ${Version} ${Status}' chromium 2>&1))")
[ -f "$web/node_modules/playwright-core/package.json" ] || problems+=("web/node_modules/playwright-core is missing")
if [ ${#problems[@]} -gt 0 ]; then
  printf 'error: the browser tests cannot run: %s\n' "${problems[@]}" >&2
  exit 1
fi
