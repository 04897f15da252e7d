#!/usr/bin/env python3
"""parley's negotiation process against NegMAS's alternating-offers runs
(../shared/validation/genius-domains/negmas-sao-reference.json, read in place; skipped without it).

Usage: /usr/bin/python3 tests/cli/negmas_sao_test.py PATH/TO/parley REPO_ROOT

Every reference run (4 GENIUS domains x 5 tactic pairs x N = 100, 20 rounds x seeds 0, 1, 2) is
replayed: the domain is imported with `parley import genius DOMAIN PROFILE_A PROFILE_B` (profiles in
file-name order, A first, as NegMAS added them), then `parley bargain` runs N daily rounds with
`--tactic A=negmas-X --tactic B=negmas-Y --first A --seed S`. Checked against the reference:
agreement or not, the 0-based round of the acceptance, the number of offers, the agreed outcome
(option names in issue order) and both utilities (1e-6), and for seed 0 every offer of the trace:
round, proposer, outcome and both utilities. Utilities: parley's utility of a profile whose weights
add up to W > 1 is GENIUS's sum divided by W (io/genius.h), so parley's are multiplied by the W read
from the profile (laptop: 1.000052). Ends with `N passed, N failed`; exits 1 on failure.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import yaml

TOL = 1e-6
SHARED = "../shared/validation/genius-domains"
TACTIC = {"Boulware": "negmas-boulware", "Linear": "negmas-linear", "Conceder": "negmas-conceder"}
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n    {detail}" if detail else ""))


def weight_sum(path):
    return sum(float(w.get("value")) for w in ET.parse(path).getroot().iter("weight"))


def main():
    parley, root = sys.argv[1], sys.argv[2]
    shared = os.path.normpath(os.path.join(root, SHARED))
    ref_path = os.path.join(shared, "negmas-sao-reference.json")
    if not os.path.exists(ref_path):
        print(f"SKIP no {ref_path}")
        print("0 passed, 0 failed")
        return 0
    ref = json.load(open(ref_path, encoding="utf-8"))
    tmp = tempfile.mkdtemp(prefix="parley-negmas-")
    imported = {}

    def domain(name, run):
        if name in imported:
            return imported[name]
        folder = os.path.join(shared, "genius-xml", name)
        prof_a = os.path.join(folder, run["A_profile"] + ".xml")
        prof_b = os.path.join(folder, run["B_profile"] + ".xml")
        assert sorted([prof_a, prof_b]) == [prof_a, prof_b], "A is the first profile by name"
        dom = [os.path.join(folder, f) for f in sorted(os.listdir(folder))
               if f.endswith(".xml") and os.path.join(folder, f) not in (prof_a, prof_b)]
        assert len(dom) == 1, dom
        out = os.path.join(tmp, name + ".yaml")
        p = subprocess.run([parley, "import", "genius", dom[0], prof_a, prof_b, "-o", out],
                           capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            raise SystemExit(f"import {name} failed: {p.stderr}")
        s = yaml.load(open(out, encoding="utf-8"), Loader=yaml.BaseLoader)  # names stay text ("2.8")
        parties = [a["id"] for a in s["actors"] if a["role"] == "party"]
        names = {}
        for issue in s["issues"]:
            opts = {}
            for o in issue["options"]:
                n = o["name"]
                opts[o["id"]] = n["en"] if isinstance(n, dict) else n
            names[issue["id"]] = opts
        order = [issue["id"] for issue in s["issues"]]
        scale = [max(1.0, weight_sum(prof_a)), max(1.0, weight_sum(prof_b))]
        imported[name] = (out, parties, names, order, scale)
        return imported[name]

    start = datetime.date(2000, 1, 1)
    # The sanitizer build (PARLEY_SANITIZED=1) replays every fourth run: the same code, fewer repeats.
    runs = ref["runs"][::4] if os.environ.get("PARLEY_SANITIZED") == "1" else ref["runs"]
    for run in runs:
        out, parties, names, order, scale = domain(run["domain"], run)
        a, b = parties
        n = run["n_steps"]
        last = start + datetime.timedelta(days=n - 1)
        label = f'{run["domain"]} {run["negotiator_A"][0]}x{run["negotiator_B"][0]} N={n} seed={run["seed"]}'
        p = subprocess.run([parley, "bargain", out, "--from", start.isoformat(), "--to", last.isoformat(), "--step", "1d",
                            "--tactic", f'{a}={TACTIC[run["negotiator_A"]]}', "--tactic", f'{b}={TACTIC[run["negotiator_B"]]}',
                            "--first", a, "--seed", str(run["seed"]), "--format", "json"],
                           capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            check(False, label, p.stderr.strip())
            continue
        j = json.loads(p.stdout)

        def outcome(pkg):
            return [names[i][pkg[i]] for i in order]

        def utils(u):
            return [u[a] * scale[0], u[b] * scale[1]]

        agreed = j["result"] == "agreement"
        check(agreed == (run["agreement"] is not None), f"{label}: agreement", f'parley {j["result"]}')
        check(j["measures"]["offers"] == run["n_offers"], f"{label}: offers",
              f'parley {j["measures"]["offers"]}, NegMAS {run["n_offers"]}')
        if agreed and run["agreement"] is not None:
            ag = j["agreement"]
            check(ag["round"] == run["agreement_step"], f"{label}: round", f'parley {ag["round"]}, NegMAS {run["agreement_step"]}')
            check(outcome(ag["package"]) == [str(v) for v in run["agreement"]], f"{label}: outcome",
                  f'parley {outcome(ag["package"])}, NegMAS {run["agreement"]}')
            u = utils(ag["utilities"])
            check(abs(u[0] - run["utility_A"]) <= TOL and abs(u[1] - run["utility_B"]) <= TOL, f"{label}: utilities",
                  f'parley {u}, NegMAS {[run["utility_A"], run["utility_B"]]}')
        if isinstance(run.get("offers"), list):
            trace = j["trace"]
            same = len(trace) == len(run["offers"])
            detail = f"{len(trace)} offers against {len(run['offers'])}"
            for k, (mine, theirs) in enumerate(zip(trace, run["offers"])):
                u = utils(mine["utilities"])
                by = "A" if mine["proposer"] == a else "B"
                if (mine["round"] != theirs["step"] or by != theirs["by"]
                        or outcome(mine["package"]) != [str(v) for v in theirs["outcome"]]
                        or abs(u[0] - theirs["utils"][0]) > TOL or abs(u[1] - theirs["utils"][1]) > TOL):
                    same = False
                    detail = (f"offer {k}: parley round {mine['round']} {by} {outcome(mine['package'])} {u}; "
                              f"NegMAS step {theirs['step']} {theirs['by']} {theirs['outcome']} {theirs['utils']}")
                    break
            check(same, f"{label}: trace offer by offer", detail)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
