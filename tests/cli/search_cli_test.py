#!/usr/bin/env python3
"""`parley analyze` past enumeration (docs/deal-space.md, "Past enumeration"): the method is
chosen by itself and reported, and huge additive spaces are answered or refused up front.

Usage: /usr/bin/python3 tests/cli/search_cli_test.py PATH/TO/parley REPO_ROOT

Checks:
  * small scenarios keep the tables method (JSON `method`, the `Method:` line, en and zh-TW);
    `--method search` gives the same JSON but for `method` on the shipped toy and on generated
    spaces (with the frontier and the ZOPA listing);
  * 2 parties x 10^12 packages: method search chosen by itself, exact ZOPA (the sweep), Nash and
    Kalai-Smorodinsky; `--method tables` is refused up front with the estimate;
  * 4 parties x 3^40 (1.2·10^19 packages, 40 issues): answered by the search, the ZOPA given as
    bounds around a sampled estimate (zopa_exact false), the text saying so;
  * 4 parties x 10^40 (40 issues of 10 options): refused up front (exit 2, within 10 s), naming
    the count and the 64-bit index;
  * a bad --method value is a usage error.
Prints PASS/FAIL lines and `N passed, N failed`; exits 1 on failure.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

TIMEOUT = 300


class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")


def run(parley, *args):
    p = subprocess.run([parley, *args], capture_output=True, text=True, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr


def main():
    parley, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    r = Results()
    tmp = tempfile.mkdtemp(prefix="parley-search-")

    def gen(parties, issues, options, seed=1, reservation=None):
        path = os.path.join(tmp, f"g-{parties}-{issues}-{options}-{seed}-{reservation}.yaml")
        extra = ["--reservation", str(reservation)] if reservation is not None else []
        code, _, err = run(parley, "generate", "--parties", str(parties), "--issues", str(issues), "--options",
                           str(options), "--seed", str(seed), "-o", path, *extra)
        assert code == 0, err
        return path

    def analyze_json(*args):
        code, out, err = run(parley, "analyze", *args, "--format", "json")
        return code, (json.loads(out) if code == 0 else None), err

    # Small spaces: tables, reported; the search gives the same answer.
    toy = os.path.join(root, "scenarios", "toy-two-party.yaml")
    code, out, err = run(parley, "analyze", toy)
    r.check("toy: the table output names the method (tables)",
            code == 0 and "Method: tables (two half tables; every package streamed)" in out, (code, out[:400], err))
    code, out, err = run(parley, "analyze", toy, "--lang", "zh-TW")
    r.check("toy in zh-TW: the method line", code == 0 and "計算方法：兩個半表" in out, (code, err))
    code, out, err = run(parley, "analyze", toy, "--method", "search")
    r.check("toy --method search: the method line says search",
            code == 0 and "Method: search (branch and bound over " in out, (code, out[:400], err))
    cases = [toy, gen(3, 5, 4, seed=2), gen(5, 4, 5, seed=3, reservation=0.45), gen(4, 5, 3, seed=4, reservation=0.8)]
    for f in cases:
        _, a, _ = analyze_json(f)
        _, b, _ = analyze_json(f, "--method", "search")
        same = a is not None and b is not None and a["method"] == "tables" and b["method"] == "search"
        if same:
            a.pop("method")
            b.pop("method")
            same = a == b
        r.check(f"{os.path.basename(f)}: --method search gives the tables method's JSON (but for `method`)", same,
                "outputs differ")

    # 10^12 packages, two parties: the search, chosen by itself; the ZOPA counted exactly.
    g2 = gen(2, 12, 10)
    t0 = time.monotonic()
    code, j, err = analyze_json(g2, "--no-pareto")
    wall = time.monotonic() - t0
    r.check("2 parties x 10^12: method search, chosen by itself",
            code == 0 and j["method"] == "search" and j["packages_total"] == 10**12, (code, err))
    if j:
        r.check("2 parties x 10^12: the ZOPA counted exactly (the sweep), Nash and Kalai-Smorodinsky found",
                j["zopa_exact"] is True and 0 < j["zopa_size"] < 10**12 and j["nash"] and j["kalai_smorodinsky"]
                and "zopa_upper" not in j, {k: j.get(k) for k in ("zopa_size", "zopa_exact")})
        r.check("2 parties x 10^12: the Nash package is in the ZOPA (every party at or above its reservation)",
                all(j["nash"]["utilities"][p] >= j["reservations"][p] - 1e-9 for p in j["parties"]), j["nash"])
    r.check("2 parties x 10^12: answered within 60 s (about a second when the machine is idle)", wall < 60, wall)
    code, out, err = run(parley, "analyze", g2, "--no-pareto", "--method", "tables")
    r.check("2 parties x 10^12 --method tables: refused up front with the estimate",
            code == 2 and out == "" and "estimated" in err and "time budget" in err, (code, err))
    code, out, err = run(parley, "analyze", g2, "--no-pareto", "--estimate")
    e = json.loads(out) if code == 0 else {}
    r.check("2 parties x 10^12 --estimate: the search's pilot in the estimate",
            code == 0 and "search over 12 blocks" in e.get("what", "") and e["seconds"] < 60, (code, out, err))

    # 40 issues of 3 options: 1.2·10^19 packages, answered; the ZOPA as bounds and an estimate.
    g40 = gen(4, 40, 3)
    code, j, err = analyze_json(g40, "--no-pareto")
    ok = code == 0 and j["method"] == "search" and j["nash"] and j["kalai_smorodinsky"]
    r.check("4 parties x 3^40: answered by the search (Nash, Kalai-Smorodinsky)", ok, (code, err))
    if ok:
        r.check("4 parties x 3^40: the ZOPA as bounds around a sampled estimate",
                j["zopa_exact"] is False and 1 <= j["zopa_size"] <= j["zopa_estimate"] <= j["zopa_upper"]
                <= j["packages_total"] and j["zopa_margin"] > 0,
                {k: j.get(k) for k in ("zopa_size", "zopa_upper", "zopa_estimate", "zopa_margin")})
        listed = j["zopa"]
        r.check("4 parties x 3^40: the first 1000 ZOPA packages listed, in the ZOPA, the list marked truncated",
                len(listed) == 1000 and j["zopa_truncated"] is True and j["zopa_size"] >= 1000
                and all(all(v["utilities"][p] >= j["reservations"][p] - 1e-9 for p in j["parties"]) for v in listed),
                (len(listed), j["zopa_truncated"], j["zopa_size"]))
    code, out, err = run(parley, "analyze", g40, "--no-pareto")
    r.check("4 parties x 3^40: the text gives the estimate and the certain bounds",
            code == 0 and "ZOPA: about " in out and "sampled; certainly between" in out, (code, out[:600], err))

    # 40 issues of 10 options: 10^40 packages, refused up front.
    g40b = gen(4, 40, 10)
    t0 = time.monotonic()
    code, out, err = run(parley, "analyze", g40b)
    r.check("4 parties x 10^40: refused up front (exit 2), naming the count and the 64-bit index, within 10 s",
            code == 2 and out == "" and "1e+40" in err and "64-bit package index" in err
            and time.monotonic() - t0 < 10, (code, err))

    code, out, err = run(parley, "analyze", toy, "--method", "fast")
    r.check("--method fast: usage error", code == 2 and "--method" in err, (code, err))

    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
