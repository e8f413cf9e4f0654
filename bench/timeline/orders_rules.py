#!/usr/bin/env python3
"""Writes 100 orders like timeline_benchmark's (the same text: 14-day class orders over
2025 against removal under "aea", one in ten with a 24-hour notice rule; the issue times
drawn by Python's random with seed 7, not the bench's mt19937_64), for timing the whole
`habeas check orders --rules FILE` command on the bench's store (docs/benchmarks.md).

  bench/timeline/orders_rules.py > bench100.rules
"""
import datetime
import random

rng = random.Random(7)
start = datetime.datetime(2025, 1, 1)
for i in range(100):
    issued = start + datetime.timedelta(seconds=rng.randrange(360 * 86400))
    print(f"order o{i} {{")
    print(f'  issued "{issued.strftime("%Y-%m-%dT%H:%M:%SZ")}"')
    print("  effective for 14 days")
    print('  scope class nationality = "VE" and in_custody at issued and not status in '
          '("usc", "lpr") and designated under "aea"')
    print('  forbids removal under "aea"')
    if i % 10 == 0:
        print("  requires notice at least 24 hours before removal")
    print("}")
