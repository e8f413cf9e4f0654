#!/usr/bin/env bash
# Configures and builds Habeas in ./build (Release). Idempotent and incremental.
# Under CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
# Configure quietly, but show what the configuration left out (the browser tests, the charts).
if ! configured=$(cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHABEAS_WERROR="$werror" 2>&1); then
  echo "$configured" >&2
  exit 1
fi
grep -E "not registered|missing" <<<"$configured" || true
cmake --build build -j"$(nproc)"
