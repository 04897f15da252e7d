#!/usr/bin/env python3
"""End-to-end checks of requirements and explanations (issue 13 §1 and §4) on
tests/data/good/16-requirements.yaml and the toy scenario.

Usage: /usr/bin/python3 tests/cli/requirements_cli_test.py PATH/TO/parley REPO_ROOT

Checks: `analyze` names broken requirements in `reasons`, `failed_requirements`, `why` and the
table and prose, in English and Chinese; `ruled_out_by_requirements` counts by brute force over
the file's requirements; the loss terms of every `why` add up to ideal − utility; repairs;
`--without-requirement` as a flag of analyze, sequence, timeline, sweep, report and params and
as a compare item, each echoed and each refusing an unknown name (exit 2); `--package` (with its
own errors); `sequence --plan` rejects a plan breaking an order requirement and `sequence
--search` leaves such plans out; the same JSON whatever --threads.
"""

import itertools
import json
import os
import subprocess
import sys
import tempfile

import yaml

GOOD = "tests/data/good/16-requirements.yaml"


# These checks read wording, not layout: lines unwrapped (layout: tests/cli/width_cli_test.py).
WIDE = dict(os.environ, COLUMNS="10000")

def main():
    parley, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    passed = failed = 0

    def check(ok, what, details=""):
        nonlocal passed, failed
        print(("PASS " if ok else "FAIL ") + what + ("" if ok or not details else f"\n    {details}"))
        passed, failed = passed + bool(ok), failed + (not ok)

    def run(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, timeout=300,
                           env=WIDE)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")

    def run_json(*args):
        code, out, err = run(*args, "--format", "json")
        try:
            return code, json.loads(out), err
        except json.JSONDecodeError:
            return code, None, err

    doc = yaml.safe_load(open(os.path.join(root, GOOD), encoding="utf-8"))
    issues = [(i["id"], [o["id"] for o in i["options"]]) for i in doc["issues"]]

    # --- analyze ---
    code, j, err = run_json("analyze", GOOD)
    check(code == 0 and j is not None, "analyze --format json", err)
    named = j["named"]
    sq = named["status-quo"]
    check(sq["reasons"]["DPRK"] == ["requirement"] and sq["failed_requirements"] == {"DPRK": ["security-first"]},
          "status-quo: DPRK's reason is its requirement security-first", json.dumps(sq["reasons"]))
    check(sq["why"]["DPRK"]["failed_requirements"] == ["security-first"] and sq["why"]["DPRK"]["shortfall"] == 0,
          "status-quo: why.DPRK names the requirement, no shortfall", json.dumps(sq["why"]["DPRK"]))
    big = named["big-deal"]
    opp = big["why"]["US"]["opposed_by"]
    check(big["reasons"]["US"] == ["ratification"] and len(opp) == 1 and opp[0]["actor"] == "HAWKS"
          and opp[0]["failed_requirements"] == ["no-full-relief"] and opp[0]["blocks"] is True
          and big["ratification"]["US"]["failed_requirements"] == {"HAWKS": ["no-full-relief"]},
          "big-deal: HAWKS' requirement is a veto at home", json.dumps(big["why"]))
    check(named["step"]["why"] == {} and named["step"]["failed_requirements"] == {}
          and named["step"]["repair"]["found"] and named["step"]["repair"]["changes"] == [],
          "step: accepted, nothing to explain or repair")
    fr = named["freeze"]["repair"]
    check(fr["found"] and fr["changes"] == [{"issue": "relief", "from": "none", "to": "partial"}],
          "freeze: the smallest repair gives partial relief", json.dumps(fr))

    # ruled_out_by_requirements by brute force over the file's own requirements.
    def holds(cond, pkg):
        return all((pkg[i] in (o if isinstance(o, list) else [o])) for i, o in cond.items())

    counts = {}
    for party in ("US", "DPRK"):
        reqs = [r for r in doc["preferences"][party].get("requirements", []) if "then" in r]
        n = 0
        for combo in itertools.product(*[opts for _, opts in issues]):
            pkg = dict(zip([i for i, _ in issues], combo))
            n += any(holds(r.get("if", {}), pkg) and not holds(r["then"], pkg) for r in reqs)
        counts[party] = n
    check(j["ruled_out_by_requirements"] == counts, "ruled_out_by_requirements counts by brute force",
          f"{j['ruled_out_by_requirements']} vs {counts}")

    # Terms add up to ideal − utility (each rounded to 9 decimals: within 1e-8).
    sums_ok, seen = True, 0
    for pkg in list(named.values()):
        for party, w in pkg["why"].items():
            seen += 1
            total = sum(t["value"] for t in w["terms"])
            sums_ok &= abs(total - (w["ideal"] - w["utility"])) < 1e-8 and all(t["value"] > 0 for t in w["terms"])
            sums_ok &= abs(w["shortfall"] - max(0, w["reservation"] - w["utility"])) < 1e-8
    check(sums_ok and seen >= 3, f"why: terms add up to ideal − utility ({seen} explanations)")

    code, text, _ = run("analyze", GOOD)
    check(code == 0 and "rejected by North Korea (requirement security-first fails)" in text and "\nWhy:\n" in text
          and "North Korea rejects: its requirement Security first fails" in text
          and "Smallest repair: Sanctions relief None → Partial (1 change" in text,
          "analyze table and Why lines name the requirement and the repair", text[-800:])
    code, text, _ = run("analyze", GOOD, "--lang", "zh-TW")
    check(code == 0 and "北韓拒絕（要求 security-first 未獲滿足）" in text and "拒絕的理由：" in text
          and "其要求「安全優先」未獲滿足" in text and "最小調整：" in text,
          "analyze --lang zh-TW: the same reasons in Chinese", text[-800:])

    # --package
    code, j2, err = run_json("analyze", GOOD, "--package", "security=partial,denuclearization=yongbyon,relief=none",
                             "--package", "relief=partial")
    given = j2["packages"] if j2 else []
    check(code == 0 and len(given) == 2 and given[0]["package"] == {"security": "partial", "denuclearization": "yongbyon",
                                                                    "relief": "none"}
          and given[0]["failed_requirements"] == {"DPRK": ["no-relief-no-dismantlement"]}
          and given[1]["package"] == {"security": "none", "denuclearization": "none", "relief": "partial"}
          and "repair" in given[1],
          "--package: given packages evaluated and explained, unlisted issues at their first option", err)
    for bad, says in [("security=maybe", "unknown option 'maybe' of issue 'security'"), ("colour=red", "unknown issue 'colour'"),
                      ("security", "is not ISSUE=OPTION"), ("relief=none,relief=full", "given twice")]:
        code, _, err = run("analyze", GOOD, "--package", bad)
        check(code == 2 and says in err, f"--package {bad}: exit 2, says why", f"exit {code}: {err}")

    code, j0, _ = run_json("analyze", GOOD, "--repair-changes", "0")
    check(code == 0 and all("repair" not in v for v in j0["named"].values()),
          "--repair-changes 0: no repair searched or reported")

    # --without-requirement on every command that takes --without.
    code, j3, err = run_json("analyze", GOOD, "--without-requirement", "DPRK.security-first")
    check(code == 0 and j3["without_requirements"] == ["DPRK.security-first"]
          and "requirement" not in j3["named"]["status-quo"]["reasons"].get("DPRK", [])
          and j3["zopa_size"] >= j["zopa_size"],
          "analyze --without-requirement drops it and says so", err)
    code, text, _ = run("analyze", GOOD, "--without-requirement", "DPRK.security-first")
    check("--without-requirement DPRK.security-first" in text, "the table echoes --without-requirement")
    for cmd in (["analyze", GOOD], ["sequence", GOOD, "--plan", "all-at-once"],
                ["timeline", GOOD, "--from", "2019-02-27", "--to", "2019-03-01", "--step", "1d"],
                ["sweep", GOOD, "--samples", "50"], ["params", GOOD]):
        code, _, err = run(*cmd, "--without-requirement", "DPRK.nope")
        check(code == 2 and "--without-requirement DPRK.nope: error: 'DPRK' has no requirement 'nope'; its requirements "
              "are: security-first, no-relief-no-dismantlement, guarantees-before-dismantlement" in err,
              f"{cmd[0]} --without-requirement DPRK.nope: exit 2 with the known ones", f"exit {code}: {err}")
        code, _, err = run(*cmd, "--without-requirement", "DPRK.security-first")
        check(code == 0, f"{cmd[0]} --without-requirement DPRK.security-first runs", err[-300:])
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.html")
        code, _, err = run("report", GOOD, "-o", out, "--samples", "100", "-q", "--without-requirement", "DPRK.nope")
        check(code == 2 and not os.path.exists(out), "report --without-requirement DPRK.nope: exit 2, nothing written", err)
        code, _, err = run("report", GOOD, "-o", out, "--samples", "100", "-q", "--without-requirement", "HAWKS.no-full-relief")
        check(code == 0 and os.path.exists(out), "report --without-requirement runs", err)
    code, jc, err = run_json("compare", GOOD, "--variant", "without-requirement=DPRK.security-first")
    check(code == 0 and jc["variant"]["without_requirements"] == ["DPRK.security-first"]
          and jc["variant"]["zopa_size"] >= jc["baseline"]["zopa_size"],
          "compare --variant without-requirement=...", err)
    code, _, err = run("compare", GOOD, "--variant", "without-requirement=US")
    check(code == 2 and "expected ACTOR.REQUIREMENT" in err, "compare without-requirement=US: exit 2", err)

    # sequence: order requirements.
    code, js, err = run_json("sequence", GOOD, "--plan", "all-at-once")
    check(code == 0 and js["reasons"]["DPRK"] == ["requirement"]
          and js["failed_requirements"] == {"DPRK": ["guarantees-before-dismantlement"]},
          "sequence --plan all-at-once: DPRK rejects, its order requirement named", err)
    code, js, err = run_json("sequence", GOOD, "--plan", "guarantees-first")
    check(code == 0 and "DPRK" not in js["failed_requirements"], "sequence --plan guarantees-first: no order broken", err)
    code, js, err = run_json("sequence", GOOD, "--search", "step", "--start", "status-quo", "--max-stages", "3")
    check(code == 0 and js["search"]["plans_breaking_order_requirements"] == 16 and js["search"]["plans_evaluated"] == 7
          and js["failed_requirements"] == {},
          "sequence --search leaves out the 16 plans breaking the order requirement", json.dumps(js.get("search")))

    # Deterministic whatever the threads.
    outs = [run("analyze", GOOD, "--format", "json", "--threads", t)[1] for t in ("1", "2")]
    check(outs[0] == outs[1], "analyze JSON is byte-identical with 1 and 2 threads")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
