#!/usr/bin/env python3
"""Hanoi 2019 from Python: the answer as it happened, without Michael Cohen's testimony, and a
month before the 2020 US election; a sweep of each; a chart of P(deal) per what-if.

    make python            # builds the module and prints the PYTHONPATH line
    python3 examples/hanoi_what_ifs.py [--samples N] [--out hanoi-what-ifs.png]
"""

import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")  # no display needed: the figure goes to a file
import matplotlib.pyplot as plt  # noqa: E402

import parley  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=2000, help="sweep samples per what-if")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="hanoi-what-ifs.png", help="the PNG to write")
    args = ap.parse_args()

    hanoi = parley.load(ROOT / "scenarios" / "hanoi-2019.yaml")  # parsed once
    deadlines = {d["id"]: d for d in hanoi.info()["deadlines"]}
    election = deadlines["us-election-2020"]["date"]  # 2020-11-03
    year, month, day = election.split("-")
    month_before = f"{year}-{int(month) - 1:02d}-{day}" if int(month) > 1 else f"{int(year) - 1}-12-{day}"

    what_ifs = {
        "as it happened": hanoi,
        "without Cohen's testimony": hanoi.with_changes(without=["cohen-testimony"]),
        f"a month before the election ({month_before})": hanoi.with_changes(at=month_before),
    }
    p_deal = {}
    for label, s in what_ifs.items():
        a = s.analyze(robustness=False)
        sw = s.sweep(samples=args.samples, seed=args.seed)
        p_deal[label] = sw["p_deal"]
        lo, hi = sw["p_deal_ci"]
        print(f"{label}: {a['zopa_size']} packages in the ZOPA; P(deal) {sw['p_deal']:.3f} "
              f"(95% CI {lo:.3f}-{hi:.3f}, {sw['samples']} samples)")

    fig, ax = plt.subplots(figsize=(7, 3.5))
    labels = list(p_deal)
    bars = ax.barh(labels, [p_deal[k] for k in labels], color="#4c72b0")
    ax.bar_label(bars, fmt="%.2f", padding=3)
    ax.set_xlim(0, 1.1)
    ax.set_xlabel(f"P(deal) ({args.samples} samples, seed {args.seed})")
    ax.set_title("Hanoi 2019: P(deal) per what-if")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
