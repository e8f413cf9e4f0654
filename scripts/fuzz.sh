#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (clang and libclang-rt-14-dev, installed by
# `scripts/install-deps.sh --fuzz` from Debian's packages): builds build-fuzz with ASan+UBSan and
# runs every target for SECONDS (default 60) from a fixed seed, starting from a copy of
# its corpus and regressions (new inputs land in build-fuzz/work/<target>, never in the
# repository). A failure leaves its input in build-fuzz/work/crash-*.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   scripts/fuzz.sh 300 jsonl_reader mapping
#
# CI runs the short, bounded form inside CTest instead (<target>_fuzz_run, 5 s each,
# the replay binary's own mutator under GCC): see fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(names csv_reader date_parser mapping link_settings jsonl_reader import)
fi
if ! command -v clang++ >/dev/null; then
  echo "clang++ is not installed: run scripts/install-deps.sh --fuzz" >&2
  exit 2
fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHABEAS_FUZZ=ON -DHABEAS_BUILD_TESTS=OFF -DHABEAS_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/%/_fuzz}"
mkdir -p build-fuzz/work
status=0
for t in "${targets[@]}"; do
  work="build-fuzz/work/$t"
  mkdir -p "$work"
  inputs=("fuzz/corpus/$t")
  if [ -d "fuzz/regressions/$t" ]; then inputs+=("fuzz/regressions/$t"); fi
  echo "== $t ($seconds s)"
  if ! (cd build-fuzz/work && "../fuzz/${t}_fuzz" -max_total_time="$seconds" -seed=1 \
          -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 "$t" \
          "${inputs[@]/#/../../}"); then
    status=1
  fi
done
exit $status
