#!/usr/bin/env bash
# The test suite again under the sanitizers, each in its own build directory:
#   build-asan  AddressSanitizer + UndefinedBehaviorSanitizer. Under CI: the code that
#               reads what users give it — the unit tests of common, names, store, ledger
#               and ingest, and the fuzz replays of the readers (their seeds, regressions
#               and fixed mutants). Everything else (linkage, search, estimate, timeline,
#               server, the process-level suites, the browser) only with
#               HABEAS_SANITIZE_ALL=1 or outside CI: measured on the 2-core machine, the
#               Release build and suite took ~21 min of CI's 30 (clean clone, 2026-12-06); an
#               ASan build of every test is estimated at ~15 min more.
#   build-tsan  ThreadSanitizer, the tests of the code that runs threads: the parallel
#               linker (link_test: blocking, scoring and clustering on worker threads)
#               and the pipelined import writer (ingest_test); under CI only the latter
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
    echo "== ASan + UBSan: the input readers' unit tests and fuzz replays (build-asan)"
    # The code that reads what users give it (readers, parsers, names, the import and
    # the store under it), with the fuzz replays of those readers (see the top).
    units=(common_test names_test store_test store_copy_test ledger_test ingest_test)
    replays=(names date_parser mapping csv_reader jsonl_reader import xlsx_reader)
    targets=("${units[@]}" "${replays[@]/%/_fuzz_replay}")
    cmake --build build-asan -j"$jobs" --target "${targets[@]}"
    pattern="^($(IFS='|'; echo "${units[*]}")|$(IFS='|'; echo "${replays[*]/%/_fuzz_replay}"))\$"
  fi
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -R "$pattern" -E '^e2e_browser_test$'
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  configure build-tsan "-fsanitize=thread"
  if [ "${HABEAS_SANITIZE_ALL:-}" = "1" ] || [ "${CI:-}" != "true" ]; then
    echo "== TSan: the parallel linker, the pipelined import writer and the estimate's chains (build-tsan)"
    tsan_tests=(link_test ingest_test estimate_test)
    cmake --build build-tsan -j"$jobs" --target "${tsan_tests[@]}" habeas-gen
  else
    # CI's budget: the pipelined import writer (its libraries are the ASan pass's); the
    # parallel linker's TSan build (link, names, the generator) and the estimate's chains
    # (estimate_test: 92 s under TSan) run outside CI.
    echo "== TSan: the pipelined import writer (build-tsan)"
    tsan_tests=(ingest_test)
    cmake --build build-tsan -j"$jobs" --target "${tsan_tests[@]}"
  fi
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir build-tsan --output-on-failure -j"$jobs" \
      -R "^($(IFS='|'; echo "${tsan_tests[*]}"))\$"
fi
