#!/usr/bin/env python3
"""Valid and invalid UTF-8 multi-byte sequences of files, counted as EncodingSniffer
counts them less its second-byte range checks after E0, ED, F0 and F4 (so a few
sequences it calls invalid may count as valid here; src/common/encoding.h: UTF-8 by
evidence needs kUtf8EvidenceRatio valid per invalid).

  bench/utf8_sequences.py FILE...
"""
import sys


def count(data):
    valid = invalid = 0
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c < 0x80:
            i += 1
            continue
        need = 1 if 0xC2 <= c <= 0xDF else 2 if 0xE0 <= c <= 0xEF else 3 if 0xF0 <= c <= 0xF4 else 0
        if need and i + need < n and all(0x80 <= data[i + k] <= 0xBF for k in range(1, need + 1)):
            valid += 1
            i += need + 1
        else:
            invalid += 1
            i += 1
    return valid, invalid


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        valid, invalid = count(open(path, "rb").read())
        print(f"{path}: {valid} valid, {invalid} invalid multi-byte sequences")
