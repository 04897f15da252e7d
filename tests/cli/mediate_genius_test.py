#!/usr/bin/env python3
"""`parley mediate` on real negotiation domains (issue 16 §4; ../shared/validation/genius-domains/,
read in place; skipped without it).

Usage: /usr/bin/python3 tests/cli/mediate_genius_test.py PATH/TO/parley REPO_ROOT [--quick]
(--quick, for the sanitizer build: the domains up to 25,000 outcomes, ANAC 2014 annealed with seed 1 only)

For every case of negmas-reference.json with at most 250000 outcomes, imported with `parley
import`, under the neutral mediator a scenario without one gets (equal weights):
  * `--method nash` proposes `analyze`'s Nash point (d = reservation; `analyze` is checked against
    the reference values by genius_agreement_test): distance_to_nash 0;
  * the single text's adopted drafts never make a party worse off and its distance to the Pareto
    frontier is reported; its distance to the Nash point is printed per domain, beside the annealed
    run's (seed 1), and checked against the distance to the reference's own Nash point for
    d = reservation (negmas-reference.json's brute force, utilities to 6 decimals: within 1e-5);
  * ANAC 2014's non-linear 10issuesDiscountedwithRV (10^10 outcomes, GENIUS import as boxes): the
    single text runs without listing the space, and annealing (seeds 1-3) reaches at least the
    hill climber's welfare (sum of the two utilities) from the same start (issue 16 §4).
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

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
    largest = 25_000 if "--quick" in argv[3:] else 250_000
    for k, case in enumerate(ref["results"]):
        if case["n_outcomes"] > largest:
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
        # Against the reference's Nash point for d = reservation (its brute force's entry; NegMAS's
        # own `nash` uses d = max(reservation, least utility)), parties in profile order. NegMAS
        # does not divide by a weight sum above 1 (Laptop's): the reference's utilities are brought
        # to parley's scale, as genius_agreement_test does the other way round.
        scale = [w if w > 1 + 1e-9 else 1.0 for w in (weight_sum(os.path.join(root, d, p)) for p in profiles)]
        utils = list(t["proposal"]["utilities"].values())[:len(profiles)]
        nash_ref = [u / s for u, s in zip(case["bruteforce"]["d=reservation (GENIUS/ANL)"]["nash"], scale)]
        ref_d = sum((a - b) ** 2 for a, b in zip(utils, nash_ref)) ** 0.5
        if t["distance_to_nash"] is None or abs(ref_d - t["distance_to_nash"]) > 1e-5:
            problems.append(f"{label}: single text {t['distance_to_nash']} from analyze's Nash point, {ref_d} from the reference's")
        show = lambda x: "-" if x is None else f"{x:.4f}"
        print(f"{label[:48]:48} {case['n_outcomes']:>9} {len(t['drafts']):>6} {show(t['distance_to_nash']):>13} "
              f"{show(t['distance_to_pareto']):>9} {show(out['anneal']['distance_to_nash']):>15}")
    anac2014(run, root, tmp, problems, quick="--quick" in argv[3:])
    for p in problems:
        print("FAIL", p)
    print("mediate_genius_test:", "FAIL" if problems else "PASS")
    return 1 if problems else 0


def weight_sum(path):
    """The weights' sum of a profile, read from the file itself."""
    if path.endswith(".json"):
        return sum(json.load(open(path, encoding="utf-8"))["LinearAdditiveUtilitySpace"]["issueWeights"].values())
    return sum(float(w.get("value")) for w in ET.parse(path).getroot().iter("weight"))


def anac2014(run, root, tmp, problems, quick):
    d = os.path.join(SHARED, "genius-xml", "anac2014-10issuesDiscountedwithRV")
    if not os.path.isdir(os.path.join(root, d)):
        print(f"SKIP ANAC 2014: no {d}")
        return
    y = os.path.join(tmp, "anac2014.yaml")
    p = run("import", "genius", os.path.join(d, "10issuesDiscountedwithRV-domain.xml"), os.path.join(d, "profile-1.xml"),
            os.path.join(d, "profile-2.xml"), "-o", y)
    if p.returncode != 0:
        problems.append(f"ANAC 2014: import failed: {p.stderr[-300:]}")
        return
    def welfare(j):
        return sum(j["proposal"]["utilities"].values())
    p = run("mediate", y, "--format", "json")
    if p.returncode != 0:
        problems.append(f"ANAC 2014 single text: exit {p.returncode}: {p.stderr[-300:]}")
        return
    text = json.loads(p.stdout)
    if text["packages"] != 10 ** 10:
        problems.append(f"ANAC 2014: {text['packages']} packages, expected 10^10")
    prev = None
    for dr in text["drafts"]:
        if not dr["vetoed_by"]:
            if prev and any(dr["utilities"][q] < prev[q] - 1e-9 for q in prev):
                problems.append("ANAC 2014: an adopted draft makes a party worse off")
            prev = dr["utilities"]
    show = lambda x: "-" if x is None else f"{x:.4f}"
    print(f"ANAC 2014 (10^10): single text {len(text['drafts'])} drafts, welfare {welfare(text):.4f}, "
          f"to Nash {show(text['distance_to_nash'])}, to the frontier {show(text['distance_to_pareto'])}")
    p = run("mediate", y, "--method", "nash")
    if p.returncode == 0 or "enumerates every package" not in p.stderr:
        problems.append(f"ANAC 2014: --method nash should refuse a space it cannot list: exit {p.returncode} {p.stderr[-200:]}")
    for seed in (1,) if quick else (1, 2, 3):
        p = run("mediate", y, "--format", "json", "--anneal", "--seed", str(seed))
        if p.returncode != 0:
            problems.append(f"ANAC 2014 anneal seed {seed}: exit {p.returncode}: {p.stderr[-300:]}")
            continue
        a = json.loads(p.stdout)
        print(f"ANAC 2014 annealed, seed {seed}: {len(a['drafts'])} drafts, welfare {welfare(a):.4f}, "
              f"to Nash {show(a['distance_to_nash'])}, to the frontier {show(a['distance_to_pareto'])}")
        if welfare(a) < welfare(text) - 1e-9:
            problems.append(f"ANAC 2014: annealing (seed {seed}) welfare {welfare(a)} below the hill climber's {welfare(text)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
