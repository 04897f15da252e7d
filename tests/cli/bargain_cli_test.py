#!/usr/bin/env python3
"""`parley bargain` end to end (docs/bargain.md): table and JSON outputs, the documented JSON keys,
determinism, the scenario keys tactic/deadline/beliefs, and bad flags (`parley: error: ...`, exit 2)
and bad tactics in a file (FILE:LINE:COL, exit 2).

Usage: /usr/bin/python3 tests/cli/bargain_cli_test.py PATH/TO/parley REPO_ROOT [--mpirun MPIRUN]
With --mpirun, also `mpirun -np 2 parley sweep --bargain` against one process.
Ends with `N passed, N failed`; exits 1 on failure.
"""

import json
import os
import subprocess
import sys
import tempfile

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n    {detail}" if detail else ""))


SCENARIO = """parley: 1
id: split
title: {en: A split, zh-TW: 分配}
date: 2020-01-01
actors:
  - {id: A, name: {en: Alpha, zh-TW: 甲方}, role: party, capability: 50, TACTIC_A}
  - {id: B, name: {en: Beta, zh-TW: 乙方}, role: party, capability: 50, deadline: vote, beliefs: {A: {type: uniform, min: 0.1, max: 0.4}}}
issues:
  - id: share
    name: Share
    options: [{id: s0, name: "0"}, {id: s1, name: "1"}, {id: s2, name: "2"}, {id: s3, name: "3"}, {id: s4, name: "4"},
              {id: s5, name: "5"}, {id: s6, name: "6"}, {id: s7, name: "7"}, {id: s8, name: "8"}, {id: s9, name: "9"}, {id: s10, name: "10"}]
preferences:
  A:
    reservation: 0.25
    issues:
      share: {salience: 1, scores: {s0: 0, s1: 10, s2: 20, s3: 30, s4: 40, s5: 50, s6: 60, s7: 70, s8: 80, s9: 90, s10: 100}}
  B:
    reservation: 0.25
    issues:
      share: {salience: 1, scores: {s0: 100, s1: 90, s2: 80, s3: 70, s4: 60, s5: 50, s6: 40, s7: 30, s8: 20, s9: 10, s10: 0}}
deadlines:
  - {id: vote, date: 2020-03-01, path: B.reservation, shape: linear, horizon_days: 60, change: -0.2}
"""


def main():
    parley, root = sys.argv[1], sys.argv[2]
    mpirun = sys.argv[sys.argv.index("--mpirun") + 1] if "--mpirun" in sys.argv else None
    tmp = tempfile.mkdtemp(prefix="parley-bargain-")

    def run(*args):
        return subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=600)

    def write(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    good = write("split.yaml", SCENARIO.replace("TACTIC_A", "tactic: boulware"))
    p = run("bargain", good, "--format", "json", "--seed", "7")
    check(p.returncode == 0, "bargain on a scenario with tactic, deadline and beliefs", p.stderr)
    j = json.loads(p.stdout) if p.returncode == 0 else {}
    for key in ["result", "agreement", "trace", "breakdown", "measures", "parties", "seed"]:
        check(key in j, f"JSON key {key}")
    check(j.get("seed") == 7, "the seed is recorded")
    check(j.get("to") == "2020-03-01", "--to defaults to the last deadline", j.get("to"))
    parties = j.get("parties", {})
    check(parties.get("A", {}).get("tactic") == "boulware:beta=0.2,k=0" and parties["A"]["tactic_from"] == "scenario",
          "the party's tactic key is read", parties.get("A"))
    check(parties.get("B", {}).get("deadline") == "vote" and parties["B"]["beliefs_from"] == "scenario",
          "the party's deadline and beliefs keys are read", parties.get("B"))
    if j.get("result") == "agreement":
        a = j["agreement"]
        for key in ["package", "date", "concessions", "distance_to_nash", "distance_to_pareto"]:
            check(key in a, f"agreement key {key}")
        check(j["trace"][-1]["accepted"] and j["trace"][-1]["package"] == a["package"], "the last offer is the accepted one")
        check(abs(a["utilities"]["A"] + a["utilities"]["B"] - 1) < 1e-9 and a["distance_to_pareto"] < 1e-9,
              "a split is on the Pareto frontier", a)
    else:
        check(False, "the split scenario reaches an agreement", j.get("result"))
    q = run("bargain", good, "--format", "json", "--seed", "7")
    check(q.stdout == p.stdout, "same flags and seed: byte-identical JSON")
    t = run("bargain", good, "--tactic", "A=conceder", "--tactic", "B=conceder", "--format", "json")
    b = run("bargain", good, "--tactic", "A=boulware", "--tactic", "B=boulware", "--format", "json")
    if t.returncode == 0 and b.returncode == 0:
        tj, bj = json.loads(t.stdout), json.loads(b.stdout)
        check(tj["result"] == "agreement" and bj["result"] == "agreement" and tj["agreement"]["round"] < bj["agreement"]["round"],
              "conceders agree before boulwares", f'{tj["agreement"]} {bj["agreement"]}')
    else:
        check(False, "tactic flags run", t.stderr + b.stderr)
    s = run("bargain", good, "--protocol", "simultaneous", "--step", "1w")
    check(s.returncode == 0 and "Process:" in s.stdout, "simultaneous protocol, weekly, table", s.stderr)
    z = run("bargain", good, "--lang", "zh-TW")
    check(z.returncode == 0 and "甲方" in z.stdout, "zh-TW table", z.stderr)
    h = run("bargain", "scenarios/hanoi-2019.yaml", "--from", "2019-03-01", "--to", "2020-12-31", "--format", "json")
    check(h.returncode == 0 and json.loads(h.stdout)["result"] in ("agreement", "breakdown", "no_agreement"),
          "the Hanoi process runs", h.stderr)

    bad_flags = [
        (["--protocol", "auction"], "--protocol 'auction'"),
        (["--tactic", "Z=boulware"], "'Z' is not a party"),
        (["--tactic", "A=stubborn"], "unknown tactic 'stubborn'"),
        (["--tactic", "A=boulware:gamma=2"], "no parameter 'gamma'"),
        (["--tactic", "A=boulware:beta=-1"], "out of range"),
        (["--tactic", "boulware"], "expected PARTY=TACTIC"),
        (["--tactic", "A=linear", "--tactic", "A=boulware"], "given twice"),
        (["--step", "3x"], "--step '3x'"),
        (["--from", "2020-13-01"], "--from '2020-13-01'"),
        (["--from", "2020-03-01", "--to", "2020-01-01"], "before --from"),
        (["--first", "Z"], "--first 'Z'"),
    ]
    for flags, text in bad_flags:
        r = run("bargain", good, *flags)
        check(r.returncode == 2 and r.stderr.startswith("parley: error:") and text in r.stderr,
              f"bad flags {' '.join(flags)}: exit 2, parley: error: ...", f"{r.returncode} {r.stderr.strip()}")

    bad = write("bad-tactic.yaml", SCENARIO.replace("TACTIC_A", "tactic: \"stubborn:beta=2\""))
    r = run("bargain", bad)
    check(r.returncode == 2 and f"{bad}:6:" in r.stderr and "unknown tactic 'stubborn'" in r.stderr,
          "an unknown tactic in the file: FILE:LINE:COL, exit 2", r.stderr.strip())
    bad = write("bad-param.yaml", SCENARIO.replace("TACTIC_A", "tactic: \"linear:beta=500\""))
    r = run("bargain", bad)
    check(r.returncode == 2 and f"{bad}:6:" in r.stderr and "out of range" in r.stderr,
          "a tactic parameter out of range in the file: FILE:LINE:COL, exit 2", r.stderr.strip())
    # sweep --bargain: P(agreement by a date) over samples of the uncertain reservation.
    unc = write("split-unc.yaml", SCENARIO.replace("TACTIC_A", "tactic: boulware").replace(
        "  A:\n    reservation: 0.25", "  A:\n    reservation: {dist: {type: uniform, min: 0.3, max: 1.0}}"))
    sw = run("sweep", unc, "--bargain", "--samples", "60", "--format", "json", "--threads", "1")
    check(sw.returncode == 0, "sweep --bargain runs", sw.stderr)
    if sw.returncode == 0:
        sj = json.loads(sw.stdout)
        for key in ["p_agreement_by", "p_agreement_by_ci", "deadlines", "agreement_date_quantiles", "agreements_by_month",
                    "packages", "drivers", "outcomes"]:
            check(key in sj, f"sweep --bargain JSON key {key}")
        lo, hi = sj["p_agreement_by_ci"]
        check(0 < sj["p_agreement_by"] < 1 and lo <= sj["p_agreement_by"] <= hi,
              "some samples agree and some do not (A needs up to 1.0); the interval holds p", sj["p_agreement_by"])
        check(sum(sj["outcomes"].values()) == 60, "every sample has one outcome", sj["outcomes"])
        check(sj["drivers"] and sj["drivers"][0]["path"] == "A.reservation", "A's reservation drives agreement", sj["drivers"])
        sw2 = run("sweep", unc, "--bargain", "--samples", "60", "--format", "json", "--threads", "2")
        check(sw2.stdout == sw.stdout, "sweep --bargain: byte-identical with 1 and 2 threads")
        early = run("sweep", unc, "--bargain", "--samples", "60", "--format", "json", "--by", "2020-01-15")
        if early.returncode == 0:
            check(json.loads(early.stdout)["p_agreement_by"] <= sj["p_agreement_by"], "an earlier --by has a smaller P(agreement)")
        # The tornado and the Sobol indices of agreement-by, as the sweep's.
        top = sj["drivers"][0]
        check(all(k in top for k in ["low", "high", "swing", "low_value", "high_value", "tail_effect"]),
              "sweep --bargain drivers carry the tornado", top)
        check(top["low"] > top["high"] and abs(top["swing"] - (top["low"] - top["high"])) < 1e-9,
              "A's reservation at its 10th percentile agrees more often than at its 90th", top)
        check(sj["sensitivity_samples"] == 60 and sj["sobol"]["samples"] == 60 and sj["sobol"]["indices"]
              and sj["sobol"]["indices"][0]["parameter"] == "A.reservation",
              "Sobol indices of agreement-by for the driver", sj["sobol"])
        few = run("sweep", unc, "--bargain", "--samples", "60", "--format", "json", "--sensitivity-samples", "7",
                  "--sobol-parameters", "0")
        fj = json.loads(few.stdout) if few.returncode == 0 else {}
        check(fj.get("sensitivity_samples") == 7 and fj["sobol"]["indices"] == []
              and fj["p_agreement_by"] == sj["p_agreement_by"],
              "--sensitivity-samples and --sobol-parameters apply; the main phase is unchanged", few.stderr)
        # The cost model: --estimate prints one JSON line and runs nothing; a tiny budget refuses.
        est = run("sweep", unc, "--bargain", "--samples", "60", "--estimate")
        ej = json.loads(est.stdout) if est.returncode == 0 and est.stdout.count("\n") == 1 else {}
        check(ej.get("seconds", 0) > 0 and "processes" in ej.get("what", ""), "sweep --bargain --estimate", est.stdout)
        est10 = run("sweep", unc, "--bargain", "--samples", "600", "--sensitivity-samples", "600",
                    "--sobol-samples", "600", "--estimate")
        if est10.returncode == 0 and ej:
            check(abs(json.loads(est10.stdout)["seconds"] / ej["seconds"] - 10) < 1e-6,
                  "the estimate grows with the samples", est10.stdout)
        over = run("sweep", unc, "--bargain", "--samples", "100000", "--budget-seconds", "0.001")
        check(over.returncode == 2 and over.stderr.startswith("parley: error: estimated"),
              "sweep --bargain over its budget: exit 2", over.stderr.strip())
        if mpirun:
            m = subprocess.run([mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "2", parley, "sweep", unc,
                                "--bargain", "--samples", "60", "--format", "json", "--threads", "1"],
                               cwd=root, capture_output=True, text=True, timeout=600)
            check(m.returncode == 0 and m.stdout == sw.stdout,
                  "mpirun -np 2 parley sweep --bargain: the JSON of one process, byte for byte", m.stderr[-400:])
    r = run("sweep", good, "--by", "2020-02-01")
    check(r.returncode == 2 and r.stderr.startswith("parley: error:") and "need --bargain" in r.stderr,
          "--by without --bargain: exit 2", r.stderr.strip())
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
