#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every test; under CI
# (CI=true), or with HABEAS_SANITIZERS=1, runs it again under ASan+UBSan and the
# threaded tests under TSan (scripts/sanitize.sh).
# Usage: scripts/test.sh            (same command in CI: .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${CI:-}" = "true" ] || [ "${HABEAS_SANITIZERS:-}" = "1" ]; then
  scripts/sanitize.sh
fi
