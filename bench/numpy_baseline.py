#!/usr/bin/python3
"""A vectorised numpy brute force over a scenario's whole deal space: the baseline parley is
compared with in docs/performance.md ("what a user could script").

    /usr/bin/python3 bench/numpy_baseline.py FILE [--style simple|tuned] [--check PARLEY.json]
                                              [--chunk-rows N] [--repeat R]

Reads a scenario (additive preferences only, e.g. one written by `parley generate`) with PyYAML,
builds each party's per-issue value table as parley does, u = Σ salience·score / (100·Σ salience),
and enumerates every package: the issues are split into two halves (the first ceil(n/2) issues and
the rest), each half's utility table is built by broadcasting, and the space is swept as chunks
of (rows of the first half) × (all rows of the second half). For each chunk it counts the packages
every party accepts (utility ≥ reservation: the ZOPA) and finds the largest Nash product
Π (u_i − d_i) over them (ties: lowest package index, as parley). No pruning, no frontier.

Utilities are kept in "points", Σ salience·score (whole numbers), and reservations as
reservation·100·Σ salience, so that every sum, comparison and product is exact in float64 (the
products stay below 2^53 for the synthetic scenarios) and the results can be compared with
parley's exactly. The arithmetic costs the same as on the 0..1 scale.

numpy is NOT a dependency of parley: install it only to run this comparison
(Debian: apt-get install python3-numpy). --check compares the result with the JSON written by
`parley analyze FILE --no-pareto --format json` and exits 1 on disagreement.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    issues = [(i["id"], [o["id"] for o in i["options"]]) for i in doc["issues"]]
    parties = [a["id"] for a in doc["actors"] if a.get("role", "party") == "party"]

    def num(x):
        return x["value"] if isinstance(x, dict) else x

    points, reserve, scale = [], [], []
    for pid in parties:
        pref = doc["preferences"][pid]
        if pref.get("interactions"):
            sys.exit(f"numpy_baseline: {pid} has interaction terms; this baseline handles additive preferences only")
        table = []
        total_sal = 0.0
        for iid, opts in issues:
            ip = pref["issues"].get(iid)
            if ip is None:
                table.append(np.zeros(len(opts)))
                continue
            sal = float(num(ip["salience"]))
            total_sal += sal
            table.append(np.array([sal * float(num(ip["scores"][o])) for o in opts]))
        points.append(table)                                   # Σ salience·score per option
        scale.append(100.0 * total_sal)                        # u = points / scale
        reserve.append(float(num(pref["reservation"])) * 100.0 * total_sal)
    return doc, issues, parties, points, np.array(reserve), np.array(scale)


def half_table(tables):
    """Sum of per-issue tables over every combination, first issue most significant (C order)."""
    out = np.zeros(1)
    for t in tables:
        out = (out[:, None] + t[None, :]).ravel()
    return out


def halves(issues, points, reserve):
    n_iss = len(issues)
    h = (n_iss + 1) // 2
    P = len(points)
    A = np.stack([half_table(points[p][:h]) - reserve[p] for p in range(P)])   # gains, first half
    B = np.stack([half_table(points[p][h:]) for p in range(P)])                # second half
    return A, B


def sweep_simple(A, B, chunk_rows):
    """The obvious script: whole-array expressions, numpy allocates the temporaries."""
    P, nA, nB = A.shape[0], A.shape[1], B.shape[1]
    count = 0
    best, best_index = -1.0, -1
    for start in range(0, nA, chunk_rows):
        stop = min(nA, start + chunk_rows)
        g = A[:, start:stop, None] + B[:, None, :]          # P × rows × nB gains
        mask = (g >= 0).all(axis=0)
        c = int(np.count_nonzero(mask))
        if c == 0:
            continue
        count += c
        prod = np.where(mask, g.prod(axis=0), -1.0)
        k = int(np.argmax(prod))
        if prod.flat[k] > best:
            best = float(prod.flat[k])
            best_index = start * nB + k
    return count, best, best_index, nA * nB


def sweep_tuned(A, B, chunk_rows):
    """The same with small chunks, preallocated buffers and in-place ufuncs (out=)."""
    P, nA, nB = A.shape[0], A.shape[1], B.shape[1]
    count = 0
    best, best_index = -1.0, -1
    # Preallocated work buffers (out=): no allocation per chunk, which keeps glibc's malloc from
    # returning and re-faulting pages every chunk (that alone can make the sweep several times slower).
    g = np.empty((chunk_rows, nB))
    prod = np.empty((chunk_rows, nB))
    mask = np.empty((chunk_rows, nB), dtype=bool)
    ok = np.empty((chunk_rows, nB), dtype=bool)
    for start in range(0, nA, chunk_rows):
        stop = min(nA, start + chunk_rows)
        r = stop - start
        gv, pv, mv, ov = g[:r], prod[:r], mask[:r], ok[:r]
        np.add(A[0, start:stop, None], B[0, None, :], out=pv)
        np.greater_equal(pv, 0, out=mv)
        for q in range(1, P):
            np.add(A[q, start:stop, None], B[q, None, :], out=gv)
            np.greater_equal(gv, 0, out=ov)
            np.logical_and(mv, ov, out=mv)
            np.multiply(pv, gv, out=pv)
        c = int(np.count_nonzero(mv))
        if c == 0:
            continue
        count += c
        np.logical_not(mv, out=mv)
        pv[mv] = -1.0                     # outside the ZOPA (a product of two negative gains is positive)
        k = int(np.argmax(pv))            # first maximum = lowest package index in the chunk
        if pv.flat[k] > best:
            best = float(pv.flat[k])
            best_index = start * nB + k
    return count, best, best_index, nA * nB


def choice_of(issues, index):
    choice = []
    for _, opts in reversed(issues):
        index, k = divmod(index, len(opts))
        choice.append(k)
    return choice[::-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--check", metavar="PARLEY_JSON", help="compare with `parley analyze FILE --format json`")
    ap.add_argument("--style", choices=["simple", "tuned"], default="tuned",
                    help="simple: plain array expressions; tuned: preallocated buffers, in-place ufuncs (default)")
    ap.add_argument("--chunk-rows", type=int, default=None,
                    help="rows of the first half per chunk (default: 100 simple, 4 tuned; 4 x 10^4 doubles fit in L2)")
    ap.add_argument("--repeat", type=int, default=1, help="repeat the sweep R times in this process (default 1)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    doc, issues, parties, points, reserve, scale = load(args.file)
    t_load = time.perf_counter() - t0

    chunk = args.chunk_rows or (100 if args.style == "simple" else 4)
    sweep = sweep_simple if args.style == "simple" else sweep_tuned
    times = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        A, B = halves(issues, points, reserve)
        count, best, best_index, total = sweep(A, B, chunk)
        times.append(time.perf_counter() - t0)

    print(f"file:          {args.file}")
    print(f"numpy:         {np.__version__} (python {sys.version.split()[0]}), style {args.style}, chunk {chunk} rows")
    print(f"packages:      {total}")
    print(f"zopa_size:     {count}")
    nash = None
    if best_index >= 0:
        choice = choice_of(issues, best_index)
        nash = {iid: opts[k] for (iid, opts), k in zip(issues, choice)}
        utils = {pid: sum(points[p][i][k] for i, k in enumerate(choice)) / scale[p] for p, pid in enumerate(parties)}
        print(f"nash_product:  {best / math.prod(scale):.12g}   (Π (u_i − d_i) on the 0..1 scale)")
        print(f"nash_index:    {best_index}")
        print("nash_package:  " + ", ".join(f"{k}={v}" for k, v in nash.items()))
        print("nash_utils:    " + ", ".join(f"{k}={v:.9f}" for k, v in utils.items()))
    else:
        print("nash:          none (empty ZOPA)")
    print(f"load_s:        {t_load:.3f}   (PyYAML)")
    print("sweep_s:       " + " ".join(f"{t:.3f}" for t in times) + f"   (median {sorted(times)[len(times) // 2]:.3f}; tables + sweep, without loading)")
    print(f"packages_per_s: {total / sorted(times)[len(times) // 2]:.3e}")

    if args.check:
        with open(args.check, encoding="utf-8") as f:
            ref = json.load(f)
        ok = ref["zopa_size"] == count and ref["packages_total"] == total
        if nash is not None:
            ok &= ref["nash"] is not None and ref["nash"]["package"] == nash
            ok &= all(abs(ref["nash"]["utilities"][pid] - utils[pid]) < 1e-8 for pid in parties)
        else:
            ok &= ref["nash"] is None
        print(f"check:         {'AGREES' if ok else 'DISAGREES'} with {args.check} "
              f"(parley zopa_size {ref['zopa_size']}, nash {ref['nash']['package'] if ref['nash'] else None})")
        if not ok:
            sys.exit(1)


if __name__ == "__main__":
    main()
