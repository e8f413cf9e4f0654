#!/usr/bin/env bash
# Configures and builds Habeas in ./build (Release). Idempotent and incremental.
# Under CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHABEAS_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"
