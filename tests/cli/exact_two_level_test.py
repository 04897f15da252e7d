#!/usr/bin/env python3
"""Randomised check of `parley analyze` on two-level scenarios against exact rational arithmetic.

Generates small scenarios with domestic politics (constituents voting under weighted-majority or
audience-cost rules, veto players, advisers with influence, interaction terms) and saliences
such as 1, 0.001 and 38, places reservations exactly on values some package reaches, and
recomputes from the formulas of docs/two-level.md and docs/deal-space.md with
fractions.Fraction: the ZOPA, the win-sets, the Pareto frontiers (overall and the ZOPA's), the
Nash, Kalai–Smorodinsky and closest packages, the listed ZOPA (its packages by index), and every
package's verdict with its ratification rule and audience cost (each package is added to the
scenario as a named package). Any difference fails the test.

Usage: exact_two_level_test.py PARLEY [SOURCE_DIR] [--cases N] [--seed S]
"""
import json
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction as F
from math import gcd
from itertools import product

SALIENCES = ["1", "0.001", "38", "2.5", "7", "0.125", "1000", "3"]
INFLUENCES = ["0.3", "0.5", "0.125", "0.001", "0.25", "0.7", "1", "0.333", "0.6"]
CAPABILITIES = ["10", "60", "40", "1", "0.5", "33.3", "100", "7", "25", "0"]
COSTS = ["0.5", "0.25", "0.1", "0.333", "1", "0.05", "0.3"]
THRESHOLDS = ["0.5", "0.6", "0.4", "0.75", "1", "0.333", "0", "0.25"]
BONUSES = ["-0.05", "0.125", "0.1", "-0.2", "0.001"]


def decimal_text(x):
    """A Fraction whose denominator divides 10^6, written as a decimal."""
    assert 10**6 % x.denominator == 0
    n = x.numerator * (10**6 // x.denominator)
    sign = "-" if n < 0 else ""
    n = abs(n)
    text = f"{n // 10**6}.{n % 10**6:06d}".rstrip("0").rstrip(".")
    return sign + text


def is_short_decimal(x):
    return 10**6 % x.denominator == 0


def score_text(rng):
    if rng.random() < 0.7:
        return str(rng.randint(0, 100))
    return f"{rng.randint(0, 999) / 10:.1f}".rstrip("0").rstrip(".")


class Case:
    def __init__(self, rng):
        self.rng = rng
        n_issues = rng.randint(1, 3)
        self.issues = [[f"o{k}" for k in range(rng.randint(2, 3))] for _ in range(n_issues)]
        self.packages = list(product(*[range(len(o)) for o in self.issues]))  # index order
        n_parties = rng.choice([2, 2, 3])
        self.actors = []  # dicts: id, role, capability, parent, influence
        self.rules = {}   # party -> (rule, value, veto list)
        for p in range(n_parties):
            pid = f"P{p}"
            self.actors.append({"id": pid, "role": "party", "capability": "50"})
            rule = rng.choice([None, "weighted-majority", "audience-cost", "audience-cost"])
            n_cons = rng.randint(1 if rule else 0, 3)
            veto = []
            for c in range(n_cons):
                cid = f"{pid}c{c}"
                a = {"id": cid, "role": "constituent", "parent": pid, "capability": rng.choice(CAPABILITIES)}
                if rng.random() < 0.45:
                    a["influence"] = rng.choice(INFLUENCES)
                self.actors.append(a)
                if rule and rng.random() < 0.2:
                    veto.append(cid)
            if rule:
                value = rng.choice(THRESHOLDS if rule == "weighted-majority" else COSTS)
                self.rules[pid] = (rule, value, veto)
        # Preferences: every actor, a random subset of issues, one or two interactions.
        self.pref = {}
        for a in self.actors:
            listed = [i for i in range(n_issues) if rng.random() < 0.7] or [rng.randrange(n_issues)]
            issues = {}
            for i in listed:
                issues[i] = (rng.choice(SALIENCES), [score_text(rng) for _ in self.issues[i]])
            inter = []
            if rng.random() < 0.25:
                when = {}
                for i in rng.sample(range(n_issues), min(n_issues, rng.randint(1, 2))):
                    when[i] = sorted(rng.sample(range(len(self.issues[i])), rng.randint(1, len(self.issues[i]))))
                inter.append((when, rng.choice(BONUSES)))
            self.pref[a["id"]] = {"issues": issues, "interactions": inter, "reservation": None}
        # Reservations: constituents first (approval), then parties (effective utility), each
        # usually placed exactly on a value some package reaches.
        for a in self.actors:
            if a["role"] == "constituent":
                self.pref[a["id"]]["reservation"] = self.pick([self.own(a["id"], x) for x in self.packages])
        for a in self.actors:
            if a["role"] == "party":
                self.pref[a["id"]]["reservation"] = F(0)  # not read by effective()
                values = [self.verdict(a["id"], x)["effective"] for x in self.packages]
                self.pref[a["id"]]["reservation"] = self.pick(values)

    def pick(self, values):
        exact = sorted({v for v in values if is_short_decimal(v) and 0 <= v <= 1})
        if exact and self.rng.random() < 0.8:
            return self.rng.choice(exact)
        return F(self.rng.randint(0, 100), 100)

    # --- the formulas (docs/scenario-format.md, docs/two-level.md), exactly ---
    def own(self, aid, x):
        pr = self.pref[aid]
        total = sum(F(s) for s, _ in pr["issues"].values())
        u = sum(F(s) * F(sc[x[i]]) for i, (s, sc) in pr["issues"].items()) / (100 * total)
        for when, bonus in pr["interactions"]:
            if all(x[i] in opts for i, opts in when.items()):
                u += F(bonus)
        return u

    def mixed(self, aid, x):
        advisers = [(a["id"], F(a["influence"])) for a in self.actors
                    if a.get("parent") == aid and "influence" in a and F(a["influence"]) > 0]
        lam = sum(l for _, l in advisers)
        if lam == 0:
            return self.own(aid, x)
        if lam > 1:
            return sum(l / lam * self.own(k, x) for k, l in advisers)
        return (1 - lam) * self.own(aid, x) + sum(l * self.own(k, x) for k, l in advisers)

    def reservation(self, aid):
        return self.pref[aid]["reservation"]

    def verdict(self, pid, x):
        u = self.mixed(pid, x)
        d = self.reservation(pid)
        out = {"effective": u, "ratified": True, "approval": F(1), "opposed": [], "deficit": F(0)}
        if pid in self.rules:
            rule, value, veto = self.rules[pid]
            cons = [a for a in self.actors if a.get("parent") == pid]
            caps = [F(a["capability"]) for a in cons]
            total = sum(caps)
            weights = [c / total for c in caps] if total > 0 else [F(1, len(cons))] * len(cons)
            share, vetoes = F(0), 0
            for a, w in zip(cons, weights):
                if self.mixed(a["id"], x) >= self.reservation(a["id"]):
                    share += w
                else:
                    if w > 0 or a["id"] in veto:  # only opposition that counts is listed (docs/no-deal.md)
                        out["opposed"].append(a["id"])
                    vetoes += a["id"] in veto
            out["approval"] = share
            if rule == "weighted-majority":
                out["ratified"] = vetoes == 0 and share >= F(value)
                out["deficit"] = max(F(0), F(value) - share) + vetoes
            else:
                out["effective"] = u - F(value) * (1 - share)
                out["ratified"] = vetoes == 0 and out["effective"] >= d
                out["deficit"] = F(vetoes)
        out["accepted"] = out["ratified"] and out["effective"] >= d
        return out

    # --- where docs/deal-space.md says exactness ends ("Exact arithmetic") ---
    def exact_scale(self, pid):
        """The exact scale Z of a party's utility (mixed or with an audience cost), or None when
        the documented limit (Z times the largest utility below 2^53) is exceeded; then the
        documented rounding applies. 1 for parties whose utility needs no such scale."""
        advisers = [(a["id"], F(a["influence"])) for a in self.actors
                    if a.get("parent") == pid and "influence" in a and F(a["influence"]) > 0]
        lam = sum(l for _, l in advisers)
        ac = self.rules.get(pid, (None,))[0] == "audience-cost"
        if lam == 0 and not ac:
            return 1
        if lam == 0:
            sources = [(pid, F(1))]
        elif lam > 1:
            sources = [(k, l / lam) for k, l in advisers]
        else:
            sources = [(pid, 1 - lam)] + advisers
        dens, terms = [], []
        for who, w in sources:
            pr = self.pref[who]
            S = 100 * sum(F(s) for s, _ in pr["issues"].values()) * 10**6
            points = [[F(s) * F(v) * 10**6 for v in sc] for s, sc in pr["issues"].values()]
            g = 0
            for row in points:
                for v in row:
                    g = gcd(g, int(v))
            bonuses = [F(b) * 10**6 for _, b in pr["interactions"]]
            gb = 0
            for b in bonuses:
                gb = gcd(gb, int(b))
            if w and g:
                dens.append((w * g / S).denominator)
                terms.append(("issues", w / S, points))
            if w and gb:
                dens.append((w * gb / 10**6).denominator)
                terms.append(("bonus", w / 10**6, bonuses))
        d = self.reservation(pid)
        dens.append(d.denominator)
        if ac:
            cons = [a for a in self.actors if a.get("parent") == pid]
            caps = [F(a["capability"]) for a in cons]
            total = sum(caps)
            shares = [c / total for c in caps] if total > 0 else [F(1, len(cons))] * len(cons)
            dens += [(F(self.rules[pid][1]) * s).denominator for s in shares]
        Z = 1
        for den in dens:
            Z = Z * den // gcd(Z, den)
        bound = 2 * Z
        for kind, f, values in terms:
            if kind == "issues":
                bound += sum(max(abs(v * f * Z) for v in row) for row in values)
            else:
                bound += sum(abs(v * f * Z) for v in values)
        return Z if Z < 2**53 and bound < 2**53 else None

    def parties(self):
        return [a["id"] for a in self.actors if a["role"] == "party"]

    def expected(self):
        parties = self.parties()
        d = {p: self.reservation(p) for p in parties}
        v = [{p: self.verdict(p, x) for p in parties} for x in self.packages]
        eff = [tuple(v[i][p]["effective"] for p in parties) for i in range(len(self.packages))]
        zopa = [i for i in range(len(self.packages)) if all(v[i][p]["accepted"] for p in parties)]

        def frontier(cands):
            out = set()
            for i in cands:
                dominated = any(all(a >= b for a, b in zip(eff[j], eff[i])) and eff[j] != eff[i] for j in cands)
                if not dominated:
                    out.add(i)
            return out

        res = {
            "zopa_size": len(zopa),
            "zopa": zopa,
            "win_set_size": {p: sum(v[i][p]["ratified"] for i in range(len(v))) for p in parties},
            "pareto": frontier(range(len(self.packages))),
            "pareto_zopa": frontier(zopa),
            "verdicts": v,
            "nash": None, "ks": None, "closest": None,
        }
        if zopa:
            def prod(i):
                r = F(1)
                for k, p in enumerate(parties):
                    r *= eff[i][k] - d[p]
                return r
            res["nash"] = min(zopa, key=lambda i: (-prod(i), i))
            ideal = [max(eff[i][k] for i in zopa) for k in range(len(parties))]

            def gains(i):
                g = []
                for k, p in enumerate(parties):
                    rng = ideal[k] - d[p]
                    g.append((eff[i][k] - d[p]) / rng if rng > 0 else F(1))
                return sorted(g)
            best = None
            for i in zopa:  # leximin, then lower index
                if best is None or gains(i) > gains(best):
                    best = i
            res["ks"] = best
        else:
            def key(i):
                short = [max(F(0), d[p] - eff[i][k]) for k, p in enumerate(parties)]
                deficit = sum(v[i][p]["deficit"] for p in parties)
                gain = sum(max(F(0), eff[i][k] - d[p]) for k, p in enumerate(parties))
                return (max(short), deficit, sum(short), -gain, i)
            res["closest"] = min(range(len(self.packages)), key=key)
        return res

    # --- the scenario file ---
    def yaml(self):
        L = ["parley: 1", "id: exact-case", "title: {en: Exact case, zh-TW: 精確案例}", "date: 2020-01-01", "actors:"]
        for a in self.actors:
            extra = "".join(f", {k}: {a[k]}" for k in ("parent", "influence") if k in a)
            L.append(f"  - {{id: {a['id']}, name: {a['id']}, role: {a['role']}, capability: {a['capability']}{extra}}}")
        L.append("issues:")
        for i, opts in enumerate(self.issues):
            L.append(f"  - id: i{i}")
            L.append(f"    name: Issue {i}")
            L.append("    options:")
            for o in opts:
                L.append(f"      - {{id: {o}, name: {o}}}")
        L.append("preferences:")
        for a in self.actors:
            pr = self.pref[a["id"]]
            L.append(f"  {a['id']}:")
            L.append(f"    reservation: {decimal_text(pr['reservation'])}")
            L.append("    issues:")
            for i, (s, sc) in sorted(pr["issues"].items()):
                scores = ", ".join(f"{o}: {v}" for o, v in zip(self.issues[i], sc))
                L.append(f"      i{i}: {{salience: {s}, scores: {{{scores}}}}}")
            if pr["interactions"]:
                L.append("    interactions:")
                for k, (when, bonus) in enumerate(pr["interactions"]):
                    w = ", ".join(f"i{i}: [{', '.join(self.issues[i][o] for o in opts)}]" for i, opts in when.items())
                    L.append(f"      - {{id: x{k}, when: {{{w}}}, bonus: {bonus}}}")
        if self.rules:
            L.append("ratification:")
            for pid, (rule, value, veto) in self.rules.items():
                key = "threshold" if rule == "weighted-majority" else "cost"
                vt = f", veto: [{', '.join(veto)}]" if veto else ""
                L.append(f"  {pid}: {{rule: {rule}, {key}: {value}{vt}}}")
        L.append("packages:")
        for n, x in enumerate(self.packages):
            opts = ", ".join(f"i{i}: {self.issues[i][o]}" for i, o in enumerate(x))
            L.append(f"  - {{id: n{n}, options: {{{opts}}}}}")
        return "\n".join(L) + "\n"

    def index_of(self, package):
        return self.packages.index(tuple(self.issues[i].index(package[f"i{i}"]) for i in range(len(self.issues))))


def close(a, b):
    return abs(float(a) - float(b)) <= 2e-9


def rounding_bound(case, pid):
    """docs/deal-space.md: off the exact scale, each mixed term is rounded to the party's own
    grid, half of 1/(10^8 · Σ salience) at most, and audience costs are applied in double
    precision."""
    advisers = [a["id"] for a in case.actors if a.get("parent") == pid and "influence" in a]
    terms = sum(len(case.pref[k]["issues"]) + len(case.pref[k]["interactions"]) for k in [pid] + advisers)
    W = sum(F(s) for s, _ in case.pref[pid]["issues"].values())
    return float(terms / (2 * 10**8 * W)) + 1e-12


def compare_rounded(case, got, want, inexact):
    """A case off the exact scale: utilities within the documented rounding, and every verdict
    that rounding cannot flip the same."""
    errors = []
    parties = case.parties()
    for n in range(len(case.packages)):
        g = got["named"][f"n{n}"]
        w = want["verdicts"][n]
        for p in parties:
            bound = rounding_bound(case, p) if p in inexact else 0
            margin = abs(float(w[p]["effective"] - case.reservation(p)))
            if p in case.rules:
                eff = g["ratification"][p]["effective_utility"]
                if abs(eff - float(w[p]["effective"])) > bound + 2e-9:
                    errors.append(f"package {n}: {p} effective {eff}, expected {float(w[p]['effective'])} ± {bound}")
                if margin > bound and g["ratification"][p]["ratified"] != w[p]["ratified"]:
                    errors.append(f"package {n}: {p} ratified {g['ratification'][p]['ratified']}")
            if margin > bound and (p in g["accepted_by"]) != w[p]["accepted"]:
                errors.append(f"package {n}: {p} accepts {p in g['accepted_by']}, expected {w[p]['accepted']}")
    return errors


def compare(case, got):
    want = case.expected()
    parties = case.parties()
    inexact = [p for p in parties if case.exact_scale(p) is None]
    if inexact:
        return compare_rounded(case, got, want, inexact), False
    errors = []
    if got["zopa_size"] != want["zopa_size"]:
        errors.append(f"zopa_size {got['zopa_size']} != {want['zopa_size']}")
    for p in parties:
        if got["win_set_size"][p] != want["win_set_size"][p]:
            errors.append(f"win_set_size[{p}] {got['win_set_size'][p]} != {want['win_set_size'][p]}")
    overall = {case.index_of(e["package"]) for e in got["pareto"] if e["overall"]}
    in_zopa = {case.index_of(e["package"]) for e in got["pareto"] if e["in_zopa"]}
    if overall != want["pareto"]:
        errors.append(f"Pareto frontier {sorted(overall)} != {sorted(want['pareto'])}")
    if in_zopa != want["pareto_zopa"]:
        errors.append(f"ZOPA's Pareto frontier {sorted(in_zopa)} != {sorted(want['pareto_zopa'])}")
    if got["pareto_size"] != len(want["pareto"]) or got["pareto_zopa_size"] != len(want["pareto_zopa"]):
        errors.append("Pareto sizes differ")
    # The ZOPA's listing: its first packages by index (every one here: --max-listed is 1000).
    listed = [case.index_of(e["package"]) for e in got["zopa"]]
    if listed != want["zopa"][:1000] or got["zopa_truncated"] != (len(want["zopa"]) > len(listed)):
        errors.append(f"ZOPA listed {listed} (truncated {got['zopa_truncated']}), expected {want['zopa'][:1000]}")
    for key, name in (("nash", "nash"), ("ks", "kalai_smorodinsky"), ("closest", "closest")):
        g = got[name]
        gi = None if g is None else case.index_of(g["package"])
        if gi != want[key]:
            errors.append(f"{name} {gi} != {want[key]}")
    for n in range(len(case.packages)):
        g = got["named"][f"n{n}"]
        w = want["verdicts"][n]
        acc = {p for p in parties if w[p]["accepted"]}
        if set(g["accepted_by"]) != acc:
            errors.append(f"package {n}: accepted by {sorted(g['accepted_by'])}, expected {sorted(acc)}")
        for p, short in g["rejected_by"].items():
            want_short = max(F(0), case.reservation(p) - w[p]["effective"])
            if not close(short, want_short):
                errors.append(f"package {n}: {p} short by {short}, expected {float(want_short)}")
        for p in case.rules:
            r = g["ratification"][p]
            if r["ratified"] != w[p]["ratified"]:
                errors.append(f"package {n}: {p} ratified {r['ratified']}, expected {w[p]['ratified']}")
            if not close(r["approval"], w[p]["approval"]) or not close(r["effective_utility"], w[p]["effective"]):
                errors.append(f"package {n}: {p} approval/effective {r['approval']}/{r['effective_utility']}, "
                              f"expected {float(w[p]['approval'])}/{float(w[p]['effective'])}")
            if sorted(r["opposed_by"]) != sorted(w[p]["opposed"]):
                errors.append(f"package {n}: {p} opposed by {r['opposed_by']}, expected {w[p]['opposed']}")
            # The rule, and under an audience-cost rule the cost charged: own utility less effective.
            rule = case.rules[p][0]
            if r["rule"] != rule.replace("-", "_"):
                errors.append(f"package {n}: {p} rule {r['rule']}, expected {rule}")
            if rule == "audience-cost":
                want_cost = case.mixed(p, case.packages[n]) - w[p]["effective"]
                if "audience_cost" not in r or not close(r["audience_cost"], want_cost):
                    errors.append(f"package {n}: {p} audience cost {r.get('audience_cost')}, expected {float(want_cost)}")
            elif "audience_cost" in r:
                errors.append(f"package {n}: {p} has an audience_cost under a weighted majority")
    return errors, True


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    parley = args[0]
    # The sanitizer build (PARLEY_SANITIZED=1) checks 100 of the same random scenarios.
    cases = int(opts.get("cases", 100 if os.environ.get("PARLEY_SANITIZED") == "1" else 400))
    rng = random.Random(int(opts.get("seed", 20)))
    failures = exact_cases = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "case.yaml")
        for n in range(cases):
            case = Case(rng)
            text = case.yaml()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            run = subprocess.run([parley, "analyze", path, "--format", "json", "--threads", "1"],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"case {n}: parley failed ({run.returncode}): {run.stderr}\n{text}")
                failures += 1
                continue
            errors, exact = compare(case, json.loads(run.stdout))
            exact_cases += exact
            if errors:
                failures += 1
                if failures <= 5:
                    print(f"case {n}:\n  " + "\n  ".join(errors[:10]) + "\n" + text)
    print(f"{cases - failures} of {cases} random two-level scenarios agree with exact arithmetic "
          f"({exact_cases} on the exact scale, compared exactly; {cases - exact_cases} off it, compared "
          "within the documented rounding)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
