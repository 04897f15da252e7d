#!/usr/bin/env python3
"""parley's deal-space answers on real negotiation domains against other people's reference
answers (../shared/validation/genius-domains/, read in place; the test is skipped without it).

Usage: /usr/bin/python3 tests/cli/genius_agreement_test.py PATH/TO/parley REPO_ROOT [--table]

Each case is imported (`parley import genius|geniusweb`) and analysed (`parley analyze
--format json`, both --disagreement conventions). Compared to 1e-6 (utilities):
  * negmas-reference.json (10 cases; NegMAS 0.15.7 and an independent brute force):
      - the Pareto frontier as a set of utility vectors: NegMAS lists the frontier of the outcomes
        every party rates at least its reservation value, which is parley's frontier within the
        ZOPA (the `pareto_vectors` with `zopa_packages` > 0). Every parley vector must be in the
        reference; a reference vector parley lacks must be dominated by one of parley's (by more
        than 1e-6 in some utility, less than 1e-9 below in none): NegMAS sums utilities in floating
        point, so two packages with equal utilities can differ in the last bit and a dominated
        vector then looks incomparable (AgentHp2: 146 of the reference's 735 distinct vectors);
      - Nash, argmax prod(u_i - d_i): parley's own Nash under each convention; the reference is
        NegMAS's `nash` for d = max(reservation, least utility) (`--disagreement floor`) and the
        brute force's "d=reservation" entry for d = reservation;
      - egalitarian, argmax min(u_i - d_i) (NegMAS's `kalai_points`): parley's `egalitarian`;
      - maximal welfare, argmax sum(u_i): parley's `max_welfare`;
      - Kalai-Smorodinsky: NegMAS minimises max_i g_i - min_i g_i over the frontier, with
        g_i = (u_i - d_i) / (max u_i - d_i) and max u_i the party's best utility over every
        outcome; parley maximises min_i g_i (leximin) over the ZOPA with the best utility within
        the ZOPA. The test checks the reference against NegMAS's definition applied to parley's
        frontier, and reports parley's own point beside it (agreeing or not).
  * every ANL 2023 domain's specials.json (50 cases; d = 0 everywhere):
      - pareto_front as a set of utility vectors;
      - nash: parley's Nash;
      - kalai, the frontier point minimising |uA - uB|: recomputed from parley's frontier (parley's
        own KS is reported beside it);
      - social_welfare: parley's max_welfare.
Clamp at 1: the reference utilities are GENIUS's weighted sums, unclamped. parley's utility of
a profile whose weights add up to W > 1 is that sum divided by W (io/genius.h), so parley's
utilities are multiplied by the W read from the profile before comparing; W <= 1 needs nothing.
AgentHp2 (5,764,801 outcomes) is analysed with its frontier like every case; beyond the reference,
its frontier's package count and distinct vectors are checked against an exact count written here
(integer arithmetic: 924,385 packages on 589 distinct vectors), and its Nash under d = reservation,
which has no reference, against a brute force written here. The listed frontier packages' vectors
are checked to be among `pareto_vectors` in every case.

--table prints the Markdown tables of docs/validation.md. Prints one line per check and ends
with `N passed, N failed`; exits 1 on failure.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TOL = 1e-6
SHARED = "../shared/validation/genius-domains"
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n    {detail}" if detail else ""))


def close(a, b, tol=TOL):
    return a is not None and b is not None and len(a) == len(b) and max(abs(x - y) for x, y in zip(a, b)) <= tol


def fmt(v):
    return "—" if v is None else "(" + ", ".join(f"{x:.6f}" for x in v) + ")"


def weight_sum(path):
    """The weights' sum W of a profile, read from the file itself."""
    if path.endswith(".json"):
        return sum(json.load(open(path, encoding="utf-8"))["LinearAdditiveUtilitySpace"]["issueWeights"].values())
    return sum(float(w.get("value")) for w in ET.parse(path).getroot().iter("weight"))


def point(j, key, scale):
    v = j.get(key)
    return None if v is None else [u * s for u, s in zip(v["utilities"].values(), scale)]


def frontier(j, scale):
    """Distinct utility vectors of parley's frontier within the ZOPA, on the reference's scale."""
    pts = {tuple(round(u * s, 12) for u, s in zip(v["utilities"].values(), scale))
           for v in j["pareto_vectors"] if v["zopa_packages"] > 0}
    return sorted(pts)


def dominated_by(x, front):
    """A point of `front` at least x - 1e-9 in every utility and above x + TOL in one."""
    return any(all(f >= u - 1e-9 for f, u in zip(p, x)) and any(f > u + TOL for f, u in zip(p, x)) for p in front)


def same_set(a, b):
    """Every vector of a is within TOL of one of b and the other way round."""
    miss_a = [x for x in a if not any(close(x, y) for y in b)]
    miss_b = [y for y in b if not any(close(x, y) for x in a)]
    return miss_a, miss_b


def argbest(points, key):
    """The points of `points` whose key is best (largest), ties within 1e-12 included."""
    if not points:
        return []
    vals = [key(p) for p in points]
    best = max(vals)
    return [p for p, v in zip(points, vals) if v >= best - 1e-12]


def negmas_ks(front, d, best):
    """NegMAS's KS: argmin over the frontier of max g - min g, g_i = (u_i - d_i)/(best_i - d_i)."""
    def spread(p):
        g = [(u - di) / (b - di) if b > di else 1.0 for u, di, b in zip(p, d, best)]
        return -(max(g) - min(g))
    return argbest([p for p in front if all(u >= di for u, di in zip(p, d))], spread)


def additive_bruteforce(folder, profiles):
    """An independent brute force for GENIUS profiles whose issues are all integer with linear
    evaluators (AgentHp2): every package's utilities, written here from FORMAT.md's rules. Returns
    the largest Nash product for d = 0 and for d = each party's least utility."""
    tables = []
    for f in profiles:
        obj = ET.parse(os.path.join(folder, f)).getroot().find("objective")
        w = {int(x.get("index")): float(x.get("value")) for x in obj.iter("weight")}
        t = []
        for issue in obj.iter("issue"):
            lb, ub = int(issue.get("lowerbound")), int(issue.get("upperbound"))
            ev = issue.find("evaluator")
            s, o = float(ev.get("slope")), float(ev.get("offset"))
            t.append([w[int(issue.get("index"))] * min(1.0, max(0.0, s * (v - lb) + o)) for v in range(lb, ub + 1)])
        tables.append(t)
    n = len(tables[0])
    P = len(tables)

    def half(issues):  # every combination of the issues' values: the parties' partial sums
        rows = [(0.0,) * P]
        for i in issues:
            rows = [tuple(r[p] + tables[p][i][o] for p in range(P)) for r in rows for o in range(len(tables[0][i]))]
        return rows
    A, B = half(range(n // 2)), half(range(n // 2, n))
    least = [min(a[p] for a in A) + min(b[p] for b in B) for p in range(P)]
    best0 = bestf = 0.0
    for a in A:
        for b in B:
            u = [a[p] + b[p] for p in range(P)]
            p0 = pf = 1.0
            for p in range(P):
                p0 *= u[p]
                pf *= u[p] - least[p]
            best0 = max(best0, p0)
            bestf = max(bestf, pf)
    return best0, bestf, least


def exact_frontier(folder, profiles):
    """The Pareto frontier of an additive GENIUS space whose issues are all integer with linear
    evaluators (AgentHp2), in exact rational arithmetic from the files' decimals: the distinct
    utility vectors (as floats) and the number of packages on them. Halves of the issues are
    enumerated, and the packages of the whole space counted per distinct vector."""
    from collections import Counter
    from fractions import Fraction
    tables = []
    for f in profiles:
        obj = ET.parse(os.path.join(folder, f)).getroot().find("objective")
        w = {int(x.get("index")): Fraction(x.get("value")) for x in obj.iter("weight")}
        t = []
        for issue in obj.iter("issue"):
            lb, ub = int(issue.get("lowerbound")), int(issue.get("upperbound"))
            ev = issue.find("evaluator")
            s, o = Fraction(ev.get("slope")), Fraction(ev.get("offset"))
            t.append([w[int(issue.get("index"))] * min(Fraction(1), max(Fraction(0), s * (v - lb) + o))
                      for v in range(lb, ub + 1)])
        tables.append(t)
    P, n = len(tables), len(tables[0])

    def half(issues):
        rows = Counter({(Fraction(0),) * P: 1})
        for i in issues:
            nxt = Counter()
            for r, c in rows.items():
                for o in range(len(tables[0][i])):
                    nxt[tuple(r[p] + tables[p][i][o] for p in range(P))] += c
            rows = nxt
        return rows
    A, B = half(range(n // 2)), half(range(n // 2, n))
    whole = Counter()
    for a, ca in A.items():
        for b, cb in B.items():
            whole[tuple(x + y for x, y in zip(a, b))] += ca * cb
    pts = sorted(whole, key=lambda x: (-sum(x), tuple(-y for y in x)))
    kept = []
    for x in pts:  # by decreasing sum: only an earlier point can dominate x
        if not any(all(y[p] >= x[p] for p in range(P)) and y != x for y in kept):
            kept.append(x)
    return sorted(tuple(float(u) for u in x) for x in kept), sum(whole[x] for x in kept)


def main(argv):
    parley, root = argv[1], argv[2]
    table = "--table" in argv[3:]
    if not os.path.exists(os.path.join(root, SHARED, "negmas-reference.json")):
        print(f"SKIP: no {SHARED}")
        print("0 passed, 0 failed")
        return 0
    tmp = tempfile.mkdtemp(prefix="parley-agreement-")
    rows, anl_rows = [], []

    def run(*args):
        return subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=900)

    def analyze(path, *flags, listed=100000):
        p = run("analyze", path, "--format", "json", "--max-listed", str(listed), *flags)
        if p.returncode != 0:
            check(False, f"analyze {path} {' '.join(flags)}: exit 0", p.stderr[-500:])
            return None
        return json.loads(p.stdout)

    def listed_ok(j, what):
        """The listed frontier packages' vectors are among pareto_vectors, whose packages add up."""
        parties = j["parties"]
        vecs = {tuple(v["utilities"][a] for a in parties) for v in j["pareto_vectors"]}
        listed = {tuple(p["utilities"][a] for a in parties) for p in j["pareto"]}
        ok = listed <= vecs
        if j["pareto_vectors_size"] == len(j["pareto_vectors"]):
            ok = ok and sum(v["packages"] for v in j["pareto_vectors"]) == j["pareto_size"] and \
                sum(v["zopa_packages"] for v in j["pareto_vectors"]) == j["pareto_zopa_size"]
        check(ok, f"{what}: the listed frontier packages lie on pareto_vectors, which count every package")

    def imported(fmt_, folder, domain, profiles, name):
        out = os.path.join(tmp, name + ".yaml")
        d = os.path.join(SHARED, folder)
        p = run("import", fmt_, os.path.join(d, domain), *[os.path.join(d, x) for x in profiles], "-o", out)
        check(p.returncode == 0, f"import {folder}: exit 0", p.stderr[-500:])
        return out if p.returncode == 0 else None

    try:
        ref = json.load(open(os.path.join(root, SHARED, "negmas-reference.json"), encoding="utf-8"))
        # The sanitizer build (PARLEY_SANITIZED=1) checks the same code on the domains up to
        # 250,000 outcomes and every fifth ANL domain; the Release run checks them all.
        sanitized = os.environ.get("PARLEY_SANITIZED") == "1"
        for case in ref["results"]:
            if sanitized and case["n_outcomes"] > 250_000:
                continue
            label, folder, profiles = case["label"], case["dir"], case["profiles"]
            fmt_ = "genius" if folder.startswith("genius-xml") else "geniusweb"
            files = sorted(os.listdir(os.path.join(root, SHARED, folder)))
            domain = [f for f in files if f not in profiles and f.endswith(".xml" if fmt_ == "genius" else ".json")
                      and f not in ("pareto.xml", "specials.json")][0]
            path = imported(fmt_, folder, domain, profiles, f"ref-{len(rows)}")
            if path is None:
                continue
            W = [weight_sum(os.path.join(root, SHARED, folder, p)) for p in profiles]
            scale = [w if w > 1 + 1e-9 else 1.0 for w in W]
            huge = case["n_outcomes"] > 2_000_000
            # Every frontier vector is listed (pareto_vectors); AgentHp2's 924,385 frontier packages
            # and 5,764,801 ZOPA packages are not all listed (1,000 of each: the default).
            js = {c: analyze(path, "--disagreement", c, listed=1000 if huge else 100000) for c in ("reservation", "floor")}
            if any(j is None for j in js.values()):
                continue
            check(js["reservation"]["packages_total"] == case["n_outcomes"],
                  f"{label}: {case['n_outcomes']} outcomes", str(js["reservation"]["packages_total"]))
            bf = case["bruteforce"] if isinstance(case["bruteforce"], dict) else {}
            bf_res = bf.get("d=reservation (GENIUS/ANL)", {})
            refs = {  # (convention, solution) -> list of reference points (ties), or None
                ("reservation", "nash"): [bf_res["nash"]] if "nash" in bf_res else None,
                ("floor", "nash"): [p["utils"] for p in case["nash"]],
                ("reservation", "ks"): [bf_res["ks"]] if "ks" in bf_res else None,
                ("floor", "ks"): [p["utils"] for p in case["ks"]],
                ("reservation", "egalitarian"): [bf_res["kalai_egalitarian"]] if "kalai_egalitarian" in bf_res else None,
                ("floor", "egalitarian"): [p["utils"] for p in case["kalai_egalitarian"]],
                ("reservation", "max_welfare"): [p["utils"] for p in case["max_welfare"]],
                ("floor", "max_welfare"): [p["utils"] for p in case["max_welfare"]],
            }
            if huge:
                # No reference for d = reservation: an independent brute force over every package.
                best0, bestf, least = additive_bruteforce(os.path.join(root, SHARED, folder), profiles)
                for conv, best, d in (("reservation", best0, [0.0] * len(least)), ("floor", bestf, least)):
                    u = point(js[conv], "nash", scale)
                    prod = 1.0
                    for x, di in zip(u, d):
                        prod *= x - di
                    check(abs(prod - best) <= 1e-9, f"{label}: Nash, d = {conv}: the largest product of a brute force "
                          f"over every package ({best:.9f})", f"parley's {u}: {prod:.12f}")
            # The frontier (the same under both conventions).
            rfront = sorted({tuple(p["utils"]) for p in case["frontier_sorted_by_welfare"]})
            for conv, j in js.items():
                listed_ok(j, f"{label}, d = {conv}")
            pfront = frontier(js["reservation"], scale)
            miss_r, miss_p = same_set(rfront, pfront)
            check(not miss_p, f"{label}: every vector of the frontier within the ZOPA ({len(pfront)}) is in the reference",
                  f"parley's the reference lacks: {miss_p[:3]}")
            extra = [x for x in miss_r if dominated_by(x, pfront)]
            check(len(extra) == len(miss_r), f"{label}: every reference vector parley lacks ({len(miss_r)}) is dominated "
                  "by one of parley's", f"not dominated: {[x for x in miss_r if x not in extra][:3]}")
            distinct_r = len({tuple(round(u, 6) for u in x) for x in rfront})
            rows.append((label, case["n_outcomes"], "Pareto frontier (vectors)", f"{len(pfront)} points",
                         f"{len(rfront)} points" + (f" ({distinct_r} distinct to 1e-6)" if distinct_r != len(rfront) else ""),
                         "same set" if not miss_r and not miss_p else
                         f"parley's are all in it; the reference's {len(miss_r)} others are each dominated by one of "
                         "parley's (floating-point ties)" if not miss_p and len(extra) == len(miss_r) else "differs"))
            if huge:
                # Beyond the reference: every frontier package counted, in exact arithmetic.
                vectors, packages = exact_frontier(os.path.join(root, SHARED, folder), profiles)
                j = js["reservation"]
                check(j["pareto_size"] == packages and j["pareto_vectors_size"] == len(vectors),
                      f"{label}: {packages} frontier packages on {len(vectors)} distinct vectors (exact count)",
                      f"parley: {j['pareto_size']} packages, {j['pareto_vectors_size']} vectors")
                mine = sorted(tuple(v["utilities"].values()) for v in j["pareto_vectors"])
                check(len(mine) == len(vectors) and all(close(a, b, 1e-9) for a, b in zip(mine, vectors)),
                      f"{label}: the frontier's vectors are the exact count's", f"{mine[:2]} vs {vectors[:2]}")
            for sol, key in (("nash", "nash"), ("egalitarian", "egalitarian"), ("max_welfare", "max_welfare"),
                             ("ks", "kalai_smorodinsky")):
                for conv in ("reservation", "floor"):
                    want = refs[(conv, sol)]
                    if sol == "max_welfare" and conv == "floor":
                        continue  # welfare does not depend on d
                    got = point(js[conv], key, scale)
                    name = {"nash": "Nash", "egalitarian": "egalitarian", "max_welfare": "max welfare",
                            "ks": "Kalai–Smorodinsky"}[sol]
                    what = f"{name}, d = {conv}" if sol != "max_welfare" else name
                    if want is None:
                        rows.append((label, case["n_outcomes"], what, fmt(got), "no reference" +
                                     (" (brute force: the largest product)" if huge and sol == "nash" else ""),
                                     "yes" if huge and sol == "nash" else "—"))
                        continue
                    own = any(close(got, w) for w in want)
                    if sol != "ks":
                        check(own, f"{label}: {what} agrees with the reference", f"parley {fmt(got)}, reference {want}")
                        rows.append((label, case["n_outcomes"], what, fmt(got), fmt(want[0]), "yes" if own else "NO"))
                        continue
                    # KS: NegMAS's definition on parley's frontier, with each party's best utility
                    # over every outcome (the ideal point of a ZOPA of all outcomes, d = floor) ...
                    agree = "yes" if own else "no"
                    if pfront is not None:
                        d = [x * s for x, s in zip(js[conv]["disagreement"]["point"].values(), scale)]
                        best = [max(p[i] for p in frontier_all(js[conv], scale)) for i in range(len(scale))]
                        mine = negmas_ks(pfront, d, best)
                        redo = any(close(m, w) for m in mine for w in want)
                        check(redo, f"{label}: {what}: NegMAS's definition on parley's frontier gives the reference",
                              f"recomputed {mine[:2]}, reference {want}")
                        agree = ("yes" if own else "no: parley's own definition differs") + \
                                ("; NegMAS's on parley's frontier: yes" if redo else "; NegMAS's on parley's frontier: NO")
                    else:
                        check(own, f"{label}: {what} agrees with the reference", f"parley {fmt(got)}, reference {want}")
                    rows.append((label, case["n_outcomes"], what, fmt(got), fmt(want[0]), agree))

        # ---- ANL 2023 specials ----
        for k in range(0, 50, 5 if sanitized else 1):
            folder = f"geniusweb-json/anl2023/domain{k:02}"
            path = imported("geniusweb", folder, f"domain{k:02}.json", ["profileA.json", "profileB.json"], f"anl{k}")
            if path is None:
                continue
            sp = json.load(open(os.path.join(root, SHARED, folder, "specials.json"), encoding="utf-8"))
            j = analyze(path)
            if j is None:
                continue
            scale = [1.0, 1.0]
            check(j["packages_total"] == sp["size"], f"domain{k:02}: {sp['size']} outcomes")
            pfront = frontier(j, scale)
            rfront = sorted({tuple(p["utility"]) for p in sp["pareto_front"]})
            miss_r, miss_p = same_set(rfront, pfront)
            check(not miss_r and not miss_p, f"domain{k:02}: the frontier is the organisers' ({len(rfront)} vectors)",
                  f"{miss_r[:3]} / {miss_p[:3]}")
            nash = point(j, "nash", scale)
            ok_nash = close(nash, sp["nash"]["utility"])
            check(ok_nash, f"domain{k:02}: Nash agrees", f"{nash} vs {sp['nash']['utility']}")
            kal = argbest(pfront, lambda p: -abs(p[0] - p[1]))
            ok_kal = any(close(x, sp["kalai"]["utility"]) for x in kal)
            check(ok_kal, f"domain{k:02}: ANL's kalai (min |uA - uB| on the frontier) from parley's frontier",
                  f"{kal} vs {sp['kalai']['utility']}")
            ks = point(j, "kalai_smorodinsky", scale)
            mw = point(j, "max_welfare", scale)
            ok_mw = close(mw, sp["social_welfare"]["utility"])
            check(ok_mw, f"domain{k:02}: max welfare agrees", f"{mw} vs {sp['social_welfare']['utility']}")
            anl_rows.append((f"domain{k:02}", sp["size"], len(pfront), len(rfront), fmt(nash), fmt(sp["nash"]["utility"]),
                             fmt(kal[0] if kal else None), fmt(sp["kalai"]["utility"]), fmt(ks),
                             "yes" if close(ks, sp["kalai"]["utility"]) else "no",
                             fmt(mw), "yes" if (not miss_r and not miss_p and ok_nash and ok_kal and ok_mw) else "NO"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if table:
        print("\n| case | outcomes | what | parley | reference | agreement (1e-6) |")
        print("|---|---:|---|---|---|---|")
        for r in rows:
            print("| " + " | ".join(str(x) for x in r) + " |")
        print("\n| domain | outcomes | frontier parley / ANL | Nash parley | Nash ANL | ANL kalai from parley's frontier "
              "| ANL kalai | parley's KS | KS = ANL kalai | max welfare parley (= ANL's) | all agree |")
        print("|---|---:|---|---|---|---|---|---|---|---|---|")
        for r in anl_rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} / {r[3]} | " + " | ".join(str(x) for x in r[4:]) + " |")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def frontier_all(j, scale):
    """Every frontier vector (not only the ZOPA's), on the reference's scale."""
    return sorted({tuple(u * s for u, s in zip(v["utilities"].values(), scale))
                   for v in j["pareto_vectors"] if v["packages"] > 0})


if __name__ == "__main__":
    sys.exit(main(sys.argv))
