#!/usr/bin/env python3
"""A capture table with K lists for timing `habeas estimate --table` (docs/estimation.md
"Many lists"). Two latent classes of persons (60% easy to list, 40% hard), each list
capturing independently within a class; deterministic for a seed.

  bench/estimate/wide_table.py 16 > /tmp/t16.csv
  /usr/bin/time -f "%e s %M KiB" build/src/cli/habeas estimate --table /tmp/t16.csv
"""
import random
import sys


def main():
    k = int(sys.argv[1])
    persons = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    easy = [rng.uniform(0.15, 0.35) for _ in range(k)]
    hard = [rng.uniform(0.02, 0.08) for _ in range(k)]
    counts = {}
    for _ in range(persons):
        p = easy if rng.random() < 0.6 else hard
        pattern = tuple(1 if rng.random() < p[j] else 0 for j in range(k))
        if any(pattern):
            counts[pattern] = counts.get(pattern, 0) + 1
    print(",".join(f"L{j + 1}" for j in range(k)) + ",count")
    for pattern in sorted(counts):
        print(",".join(map(str, pattern)) + f",{counts[pattern]}")


if __name__ == "__main__":
    main()
