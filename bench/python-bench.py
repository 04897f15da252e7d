#!/usr/bin/env python3
"""N what-if analyses of Hanoi from a Python loop through Scenario.with_changes, beside the same
loop in C++ (bench/whatif_loop.cc), alternated in one run; medians and their ratio
(docs/performance.md, "Python"; the goal is at most 1.5x).

    PYTHONPATH=build/release/python python3 bench/python-bench.py [--runs 10000] [--repeats 3]
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import time

import parley

ROOT = pathlib.Path(__file__).resolve().parents[1]
PATH, LO, HI = "US.reservation", 0.2, 0.5


def python_loop(scenario, n):
    checksum = 0
    t0 = time.perf_counter()
    for i in range(n):
        what_if = scenario.with_changes(set={PATH: LO + (HI - LO) * (i % 100) / 100.0})
        checksum += what_if.analyze(robustness=False, threads=1)["zopa_size"]
    return time.perf_counter() - t0, checksum


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "hanoi-2019.yaml"))
    ap.add_argument("--loop", default=str(ROOT / "build" / "release" / "bench" / "parley_whatif_loop"))
    args = ap.parse_args()
    scenario = parley.load(args.scenario)
    py, cc = [], []
    for _ in range(args.repeats):
        s, py_sum = python_loop(scenario, args.runs)
        py.append(s)
        out = json.loads(subprocess.run([args.loop, args.scenario, PATH, str(LO), str(HI), str(args.runs)],
                                        capture_output=True, text=True, check=True).stdout)
        cc.append(out["seconds"])
        assert out["checksum"] == py_sum, (out, py_sum)  # the same analyses
    mp, mc = statistics.median(py), statistics.median(cc)
    print(f"{args.runs} what-if analyses of {scenario.id} ({PATH} from {LO} to {HI}), median of {args.repeats}:")
    print(f"  Python (with_changes + analyze): {mp:.2f} s ({mp / args.runs * 1e6:.0f} us each)")
    print(f"  C++ (run_analyze_request):       {mc:.2f} s ({mc / args.runs * 1e6:.0f} us each)")
    print(f"  ratio Python / C++: {mp / mc:.2f}")


if __name__ == "__main__":
    main()
