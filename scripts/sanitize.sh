#!/usr/bin/env bash
# The test suite again under the sanitizers, each in its own build directory:
#   build-asan  AddressSanitizer + UndefinedBehaviorSanitizer: every library's unit
#               tests, the fuzz targets' replays (their seeds, regressions and fixed
#               mutants) and the bad-input suite (the real `habeas` binary on every
#               case of tests/bad_input). Left out, to keep CI within its 30 minutes on
#               2 cores: the time-bounded fuzz runs, the generator's tests, and the
#               process-level suites (import golden files, crash, estimate and ledger
#               CLI, server process, browser), which drive the same code the unit tests
#               reach. HABEAS_SANITIZE_ALL=1 runs every test under ASan+UBSan.
#   build-tsan  ThreadSanitizer, the tests of the code that runs threads: the parallel
#               linker (link_test: blocking, scoring and clustering on worker threads)
#               and the pipelined import writer (ingest_test)
# Any report fails the run (halt_on_error, no recovery from UB). scripts/test.sh runs
# this under CI (CI=true), or locally with HABEAS_SANITIZERS=1; alone:
#   scripts/sanitize.sh [asan|tsan]   (default: both)
# GCC's own runtimes (libasan, libubsan, libtsan) come with build-essential.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
jobs=$(nproc)
# Warnings are errors in the Release build (scripts/build.sh under CI); here they are
# not: GCC's flow warnings give false positives on instrumented code.
werror=OFF

# -O1 keeps the instrumented code fast enough to run the whole suite; frame pointers
# give whole stacks in reports, -g1 their file and line. Compile CPU of
# src/link/linker.cc (GCC 12, 2026-12-05): Release 12.3 s; ASan+UBSan -O1 -g1 21.5 s
# (-g 29.3 s, no -g 17.3 s); TSan -O1 -g 16.9 s. Benchmarks are not built (not tests).
configure() {  # configure DIR SANITIZER_FLAGS
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHABEAS_WERROR="$werror" \
    -DHABEAS_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -fno-omit-frame-pointer $2" \
    -DCMAKE_EXE_LINKER_FLAGS="$2" >/dev/null
}

if [ "$which" = all ] || [ "$which" = asan ]; then
  configure build-asan "-fsanitize=address,undefined -fno-sanitize-recover=all"
  if [ "${HABEAS_SANITIZE_ALL:-}" = "1" ]; then
    echo "== ASan + UBSan: every test (build-asan)"
    cmake --build build-asan -j"$jobs"
    pattern='.'
  else
    echo "== ASan + UBSan: unit tests, fuzz replays, bad input (build-asan)"
    units=(common_test names_test store_test ingest_test link_test search_test
           search_store_test estimate_test estimate_store_test ledger_test ledger_store_test
           timeline_test orders_test server_unit_test server_app_test)
    replays=(names csv_reader date_parser mapping link_settings jsonl_reader import http_request
             xlsx_reader)
    targets=("${units[@]}" "${replays[@]/%/_fuzz_replay}" bad_input_test habeas)
    cmake --build build-asan -j"$jobs" --target "${targets[@]}"
    pattern="^($(IFS='|'; echo "${units[*]}")|.*_fuzz_replay|bad_input_test)\$"
  fi
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -R "$pattern" -E '^e2e_browser_test$'
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  echo "== TSan: the parallel linker and the pipelined import writer (build-tsan)"
  configure build-tsan "-fsanitize=thread"
  cmake --build build-tsan -j"$jobs" --target link_test ingest_test habeas-gen
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir build-tsan --output-on-failure -j"$jobs" -R '^(link_test|ingest_test)$'
fi
