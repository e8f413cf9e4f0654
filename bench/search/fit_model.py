#!/usr/bin/env python3
"""Fits the locator's logistic match model (docs/locator.md "Calibration").

Input: the candidate features written by
  habeas find --batch queries.csv --json --features-out features.csv
on a generated calibration set (a different seed from the benchmark), and that set's
queries_truth.csv. Label: the candidate is the query's true person (persons must come
from truth.csv or linkage, i.e. the index was built with --persons-from truth.csv).
Per query we keep the true person and the top --negatives other candidates (the ones
the decision depends on). Fit: L2-regularised logistic regression by Newton's method
(IRLS), standard library only. --write replaces the weights block in scoring.cc.
"""
import argparse
import csv
import math
import re
import sys
from collections import defaultdict


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c]
        if abs(piv) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c] != 0.0:
                f = m[r][c] / piv
                row_c = m[c]
                row_r = m[r]
                for k in range(c, n + 1):
                    row_r[k] -= f * row_c[k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def sigmoid(z):
    if z < -35:
        return 1e-15
    if z > 35:
        return 1 - 1e-15
    return 1.0 / (1.0 + math.exp(-z))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("features")
    ap.add_argument("--queries-truth", required=True)
    ap.add_argument("--negatives", type=int, default=12)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--iterations", type=int, default=8)
    ap.add_argument("--write", help="scoring.cc to update")
    args = ap.parse_args()

    truth = {}
    with open(args.queries_truth, newline="") as f:
        for row in csv.DictReader(f):
            truth[row["query_id"]] = row["person_id"]

    per_query = defaultdict(list)
    with open(args.features, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        names = header[3:]
        for row in reader:
            per_query[row[0]].append((row[1], float(row[2]), [float(v) for v in row[3:]]))
    xs, ys = [], []
    for qid, cands in per_query.items():
        want = truth.get(qid, "")
        cands.sort(key=lambda c: -c[1])
        negatives = 0
        for pid, _, x in cands:
            y = 1 if pid == want else 0
            if y == 0:
                if negatives >= args.negatives:
                    continue
                negatives += 1
            xs.append(x)
            ys.append(y)
    n, d = len(xs), len(names)
    print(f"fit: {n} rows ({sum(ys)} positives), {d} features", file=sys.stderr)
    w = [0.0] * d
    for it in range(args.iterations):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        loss = 0.0
        for x, y in zip(xs, ys):
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)))
            loss -= math.log(p if y else 1 - p)
            r = p - y
            s = p * (1 - p)
            nz = [(i, xi) for i, xi in enumerate(x) if xi != 0.0]
            for i, xi in nz:
                grad[i] += r * xi
                hi = hess[i]
                sxi = s * xi
                for j, xj in nz:
                    hi[j] += sxi * xj
        for i in range(1, d):  # no penalty on the bias
            grad[i] += args.l2 * w[i]
            hess[i][i] += args.l2
            loss += 0.5 * args.l2 * w[i] * w[i]
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        print(f"iteration {it + 1}: loss {loss:.1f}", file=sys.stderr)
    for name, wi in zip(names, w):
        print(f"{name:20s} {wi:+.4f}")
    if args.write:
        text = open(args.write).read()
        body = ", ".join(f"{wi:.4f}" for wi in w)
        block = ("// BEGIN FITTED WEIGHTS\nconstexpr double kWeights[kFeatureCount] = {\n    "
                 + body + ",\n};\n// END FITTED WEIGHTS")
        text = re.sub(r"// BEGIN FITTED WEIGHTS.*?// END FITTED WEIGHTS", block, text,
                      flags=re.S)
        open(args.write, "w").write(text)
        print(f"updated {args.write}", file=sys.stderr)


if __name__ == "__main__":
    main()
