#!/usr/bin/env bash
# The test suite again under the sanitizers, each in its own build directory:
#   build-asan  AddressSanitizer + UndefinedBehaviorSanitizer, the whole suite but the
#               browser tests (the same server code runs in server_app_test)
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
  echo "== ASan + UBSan: the whole suite (build-asan)"
  configure build-asan "-fsanitize=address,undefined -fno-sanitize-recover=all"
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -E '^e2e_browser_test$'
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  echo "== TSan: the parallel linker and the pipelined import writer (build-tsan)"
  configure build-tsan "-fsanitize=thread"
  cmake --build build-tsan -j"$jobs" --target link_test ingest_test habeas-gen
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir build-tsan --output-on-failure -j"$jobs" -R '^(link_test|ingest_test)$'
fi
