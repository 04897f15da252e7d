#!/usr/bin/env python3
"""`parley mediate` on real negotiation domains (issue 16 §4; ../shared/validation/genius-domains/,
read in place; skipped without it).

Usage: /usr/bin/python3 tests/cli/mediate_genius_test.py PATH/TO/parley REPO_ROOT

For every case of negmas-reference.json with at most 250000 outcomes, imported with `parley
import`, under the neutral mediator a scenario without one gets (equal weights):
  * `--method nash` proposes `analyze`'s Nash point (d = reservation; `analyze` is checked against
    the reference values by genius_agreement_test): distance_to_nash 0;
  * the single text's adopted drafts never make a party worse off and its distance to the Pareto
    frontier is reported; its distance to the Nash point is printed per domain, beside the annealed
    run's (seed 1).
"""
import json
import os
import subprocess
import sys
import tempfile

SHARED = "../shared/validation/genius-domains"


def main(argv):
    parley, root = argv[1], argv[2]
    if not os.path.exists(os.path.join(root, SHARED, "negmas-reference.json")):
        print(f"SKIP: no {SHARED}")
        return 0
    tmp = tempfile.mkdtemp(prefix="parley-mediate-")
    problems = []

    def run(*args):
        return subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=900)

    ref = json.load(open(os.path.join(root, SHARED, "negmas-reference.json"), encoding="utf-8"))
    print(f"{'domain':48} {'outcomes':>9} {'drafts':>6} {'text: d(Nash)':>13} {'d(Pareto)':>9} {'anneal: d(Nash)':>15}")
    for k, case in enumerate(ref["results"]):
        if case["n_outcomes"] > 250_000:
            continue
        label, folder, profiles = case["label"], case["dir"], case["profiles"]
        fmt_ = "genius" if folder.startswith("genius-xml") else "geniusweb"
        files = sorted(os.listdir(os.path.join(root, SHARED, folder)))
        domain = [f for f in files if f not in profiles and f.endswith(".xml" if fmt_ == "genius" else ".json")
                  and f not in ("pareto.xml", "specials.json")][0]
        path = os.path.join(tmp, f"case-{k}.yaml")
        d = os.path.join(SHARED, folder)
        p = run("import", fmt_, os.path.join(d, domain), *[os.path.join(d, x) for x in profiles], "-o", path)
        if p.returncode != 0:
            problems.append(f"{label}: import failed: {p.stderr[-300:]}")
            continue
        out = {}
        for name, flags in (("nash", ["--method", "nash"]), ("text", []), ("anneal", ["--anneal", "--seed", "1"])):
            p = run("mediate", path, "--format", "json", *flags)
            if p.returncode != 0:
                problems.append(f"{label} {name}: exit {p.returncode}: {p.stderr[-300:]}")
                break
            out[name] = json.loads(p.stdout)
        if len(out) < 3:
            continue
        if out["nash"]["mediator"] is not None:
            problems.append(f"{label}: a mediator was named")
        dn = out["nash"]["distance_to_nash"]
        if dn is not None and dn > 1e-9:
            problems.append(f"{label}: the unbiased Nash proposal is {dn} from analyze's Nash point")
        t = out["text"]
        prev = None
        for dr in t["drafts"]:
            if not dr["vetoed_by"]:
                if prev and any(dr["utilities"][q] < prev[q] - 1e-9 for q in prev):
                    problems.append(f"{label}: an adopted draft makes a party worse off")
                prev = dr["utilities"]
        if t["distance_to_pareto"] is None or t["distance_to_pareto"] < 0:
            problems.append(f"{label}: no distance to the frontier")
        show = lambda x: "-" if x is None else f"{x:.4f}"
        print(f"{label[:48]:48} {case['n_outcomes']:>9} {len(t['drafts']):>6} {show(t['distance_to_nash']):>13} "
              f"{show(t['distance_to_pareto']):>9} {show(out['anneal']['distance_to_nash']):>15}")
    for p in problems:
        print("FAIL", p)
    print("mediate_genius_test:", "FAIL" if problems else "PASS")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
