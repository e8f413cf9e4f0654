#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every test (the browser
# tests included); under CI (CI=true), or with HABEAS_SANITIZERS=1, runs it again under
# ASan+UBSan and the threaded tests under TSan (scripts/sanitize.sh).
# The PostgreSQL store's tests run against a throwaway cluster (scripts/pg_test_cluster.sh)
# started here and stopped on exit, unless HABEAS_TEST_PG_URL names a server already.
# Usage: scripts/test.sh            (same command in CI: .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# The browser tests must be part of every full run (CI included).
registered=$(ctest --test-dir build -N)
if ! grep -q e2e_browser_test <<<"$registered"; then
  echo "error: e2e_browser_test is not registered (needs node, /usr/bin/chromium, web/node_modules):" >&2
  echo "  node: $(command -v node || echo missing); chromium: $(ls -l /usr/bin/chromium 2>&1)" >&2
  echo "  playwright-core: $(ls web/node_modules/playwright-core/package.json 2>&1)" >&2
  grep -E "HABEAS_NODE" build/CMakeCache.txt >&2 || true
  exit 1
fi
if [ -z "${HABEAS_TEST_PG_URL:-}" ]; then
  pg_env=$(scripts/pg_test_cluster.sh start)  # a failed start stops the run here
  eval "$pg_env"
  trap 'scripts/pg_test_cluster.sh stop "$HABEAS_TEST_PG_DIR"' EXIT
fi
ctest --test-dir build --output-on-failure -j"$(nproc)"
echo "browser screenshots: build/e2e-artifacts/"
if [ "${CI:-}" = "true" ] || [ "${HABEAS_SANITIZERS:-}" = "1" ]; then
  scripts/sanitize.sh
fi
