#!/usr/bin/env python3
"""Test lines against library lines, and the library files with no test beside them.

Counts physical lines (every line, blank and comment lines included, as `wc -l`),
with the plain rule issue 15 is judged by:

  library  src/**/*.cc and src/**/*.h except *_test.cc and except src/cli/ (the CLI
           is argument handling and printing, tested end to end by tests/).
  tests    *_test.cc under src/ and tests/.

Test helpers (*_test_util.h, *_fixture.h, test_*.h/.cc, golden_util.h) and
benchmarks (*_benchmark.cc) under src/ stay on the library side of the ratio; their
lines are printed separately so the reader can see how much they weigh. Fuzz targets
(fuzz/) and tests/test_util.* count on neither side.

A library .cc "has a test beside it" when a foo_test.cc sits in the same folder as
foo.cc. Files without one are listed with their line counts, largest first; some are
covered by a module-level test of another name (app_test.cc covers the pages), which
the list cannot know.

  scripts/test_ratio.py          # the summary and the untested files
  scripts/test_ratio.py --quiet  # the summary only
"""
import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEST_HELPER = re.compile(r'(_test_util\.h|_fixture\.h|^test_[^/]*\.(h|cc)|^golden_util\.h)$')


def line_count(path):
    with open(path, 'rb') as f:
        return sum(1 for _ in f)


def classify(path):
    """'test', 'helper', 'benchmark', 'library' or None for a file under src/ or tests/."""
    name = path.name
    if path.suffix not in ('.cc', '.h'):
        return None
    if name.endswith('_test.cc'):
        return 'test'
    rel = path.relative_to(ROOT)
    if rel.parts[0] != 'src' or rel.parts[1] == 'cli':
        return None
    if TEST_HELPER.search(name):
        return 'helper'
    if name.endswith('_benchmark.cc'):
        return 'benchmark'
    return 'library'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quiet', action='store_true', help='print the summary only')
    args = parser.parse_args()
    library = test = helpers = benchmarks = 0
    untested = []
    for top in ('src', 'tests'):
        for path in sorted((ROOT / top).rglob('*')):
            kind = classify(path) if path.is_file() else None
            if kind is None:
                continue
            lines = line_count(path)
            if kind == 'test':
                test += lines
                continue
            library += lines
            if kind == 'helper':
                helpers += lines
                continue
            if kind == 'benchmark':
                benchmarks += lines
                continue
            if path.suffix == '.cc' and not path.with_name(path.stem + '_test.cc').exists():
                untested.append((lines, str(path.relative_to(ROOT))))
    print(f'library lines: {library} (of which test helpers {helpers}, benchmarks {benchmarks})')
    print(f'test lines:    {test}')
    print(f'ratio:         {test / library:.3f}' if library else 'ratio: -')
    if not args.quiet:
        print(f'library .cc files with no *_test.cc beside them: {len(untested)}')
        for lines, path in sorted(untested, reverse=True):
            print(f'  {lines:6d}  {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
