#!/usr/bin/env python3
"""Metamorphic test: the order in which a scenario file lists its actors, its issues and their
options changes no verdict, name or number in any command's output, only the order of listing.
An issue's first option is the status quo (docs/scenario-format.md: where plans start, what a
lapse reverts to, where `analyze`'s credible evaluation starts), so it stays first; the others
are shuffled.

For every shipped scenario and for generated ones (patrons and mediators without preferences,
constituents with weighted-majority or audience-cost rules and vetoes, advisers with influence,
requirements of parties and constituents, placed at every position of the actor list), the file is rewritten with its actors, issues and
options shuffled, and `analyze`, `compare`, `timeline`, `sequence --plan` (every plan), `sweep` and
`report` are run on both files. Outputs are compared after a normalisation that forgets only the
order of listing: JSON objects by key, JSON arrays as multisets, texts as multisets of words,
numbers to 9 decimals. (Names are words, so a name printed for the wrong actor is caught.)

Usage: permutation_test.py PATH/TO/parley REPO_ROOT [--quick]
Prints one line per check and 'N passed, M failed'; exit 1 on a failure.
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

WORD = re.compile(r"[^\s,;:/(){}（）、；：。]+")


def normalise(x):
    if isinstance(x, dict):
        return {k: normalise(v) for k, v in x.items()}
    if isinstance(x, list):
        return sorted(json.dumps(normalise(v), sort_keys=True, ensure_ascii=False) for v in x)
    if isinstance(x, str):
        # Words only: a lone "." (after a closing parenthesis that ends a sentence) depends on
        # which item of a list comes last.
        return sorted(w.rstrip(".") for w in WORD.findall(x) if w.rstrip("."))
    if isinstance(x, float):
        return round(x, 9)
    return x


def report_data(html):
    m = re.search(r'<script id="parley-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1)) if m else None


def permuted(items, rng):
    items = list(items)
    original = list(items)
    while len(items) > 1 and items == original:
        rng.shuffle(items)
    return items


def shuffled(doc, rng):
    """The same scenario with its actors, its issues and every issue's options in another order."""
    out = dict(doc)
    for key in ("actors", "issues"):
        if isinstance(out.get(key), list):
            out[key] = permuted(out[key], rng)
    out["issues"] = [dict(i, options=i["options"][:1] + permuted(i["options"][1:], rng))
                     if isinstance(i.get("options"), list) else i
                     for i in out.get("issues", [])]
    return out


def generated(rng, k):
    """A random two-party scenario with a patron, a mediator, constituents and an adviser."""
    n_issues = rng.randint(2, 3)
    issues = []
    for i in range(n_issues):
        n = rng.randint(2, 3)
        issues.append({"id": f"i{i}", "name": {"en": f"Issue {i}", "zh-TW": f"議題{i}"},
                       "options": [{"id": f"o{i}{j}", "name": {"en": f"Option {i}{j}", "zh-TW": f"選項{i}{j}"}}
                                   for j in range(n)]})

    def prefs(reservation):
        return {"reservation": reservation,
                "issues": {iss["id"]: {"salience": rng.randint(1, 9),
                                       "scores": {o["id"]: rng.randint(0, 100) for o in iss["options"]}}
                           for iss in issues}}

    actors, preferences, ratification = [], {}, {}
    for p in ("A", "B"):
        actors.append({"id": p, "name": {"en": f"Party {p}", "zh-TW": f"當事方{p}"}, "role": "party", "capability": 50})
        r = round(rng.uniform(0.2, 0.5), 3)
        # An uncertain reservation, so that sweeps sample (streams keyed by path, not position).
        preferences[p] = prefs({"value": r, "dist": {"type": "uniform", "min": round(r - 0.1, 3), "max": round(r + 0.1, 3)}})
    actors.append({"id": "PAT", "name": {"en": "Patron", "zh-TW": "靠山"}, "role": "patron", "capability": 70})
    actors.append({"id": "MED", "name": {"en": "Mediator", "zh-TW": "調人"}, "role": "mediator", "capability": 30})
    for p in ("A", "B"):
        cons = []
        for c in range(rng.randint(1, 3)):
            cid = f"{p}_c{c}"
            actors.append({"id": cid, "name": {"en": f"Faction {p}{c}", "zh-TW": f"派系{p}{c}"}, "role": "constituent",
                           "parent": p, "capability": {"value": 30, "dist": {"type": "triangular", "min": 0,
                                                                              "mode": rng.randint(0, 60), "max": 60}}})
            preferences[cid] = prefs(round(rng.uniform(0.2, 0.8), 3))
            cons.append(cid)
        if rng.random() < 0.5:
            actors[-1]["influence"] = 0.25
        if rng.random() < 0.8:
            rule = rng.choice(["weighted-majority", "audience-cost"])
            r = {"rule": rule}
            r["threshold" if rule == "weighted-majority" else "cost"] = round(rng.uniform(0.2, 0.7), 2)
            if rng.random() < 0.4:
                r["veto"] = [rng.choice(cons)]
            ratification[p] = r
    # Requirements (a party's `then`, `if` + `then`; a constituent's, a veto at home): their
    # verdicts, reasons and explanations must not depend on the order either.
    def requirement(rid, conditional):
        def condition():
            iss = rng.choice(issues)
            return {iss["id"]: rng.sample([o["id"] for o in iss["options"]], rng.randint(1, len(iss["options"]) - 1))}
        r = {"id": rid, "then": condition()}
        if conditional:
            r["if"] = condition()
        return r
    for who in ("A", "B", "A_c0"):
        if rng.random() < 0.6:
            preferences[who]["requirements"] = [requirement("must", False)] + \
                ([requirement("when-then", True)] if rng.random() < 0.5 else [])
    packages = []
    for n in range(3):
        packages.append({"id": f"pkg{n}", "name": {"en": f"Package {n}", "zh-TW": f"方案{n}"},
                         "options": {iss["id"]: rng.choice(iss["options"])["id"] for iss in issues}})
    # Every position: rotate the actor list so that patrons, mediators and constituents lead.
    shift = k % len(actors)
    actors = actors[shift:] + actors[:shift]
    return {"parley": 1, "id": f"gen{k}", "title": {"en": f"Generated {k}", "zh-TW": f"生成{k}"}, "date": "2020-01-01",
            "actors": actors, "issues": issues, "preferences": preferences, "packages": packages,
            "ratification": ratification,
            "support": {"PAT": {"A": {"level": 0.5, "effect": 0.1}}}}


def main():
    parley, root = sys.argv[1], Path(sys.argv[2])
    # --quick, or the sanitizer build (PARLEY_SANITIZED=1): 4 generated scenarios and smaller sweeps.
    quick = "--quick" in sys.argv or os.environ.get("PARLEY_SANITIZED") == "1"
    sweep_n, report_n = ("60", "40") if quick else ("300", "200")
    rng = random.Random(20)
    passed = failed = 0

    def check(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"PASS {what}")
        else:
            failed += 1
            print(f"FAIL {what}{': ' + detail if detail else ''}")

    def run(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, stdin=subprocess.DEVNULL, timeout=600)
        return p.returncode, p.stdout.decode("utf-8", "replace")

    cases = [(str(f.relative_to(root)), yaml.safe_load(f.read_text(encoding="utf-8")))
             for f in sorted((root / "scenarios").glob("*.yaml"))]
    cases += [(f"generated #{k}", generated(rng, k)) for k in range(4 if quick else 12)]
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in cases:
            a, b = Path(tmp) / "a.yaml", Path(tmp) / "b.yaml"
            a.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
            b.write_text(yaml.safe_dump(shuffled(doc, rng), allow_unicode=True, sort_keys=False), encoding="utf-8")
            code, out = run("check", str(a))
            if code != 0:
                check(False, f"{name}: check passes", out)
                continue
            ordinal = any(i.get("type", "ordinal") != "continuous" for i in doc.get("issues", []))
            commands = []
            if ordinal:
                commands += [["analyze", "--format", "json"], ["timeline", "--format", "json"]]
                commands += [["sequence", "--plan", p["id"], "--format", "json"] for p in doc.get("plans", [])]
                commands += [["sweep", "--samples", sweep_n, "--seed", "3", "--threads", "1", "--format", "json",
                              "--sensitivity-samples", "50", "--sobol-samples", "50"]]
                if doc.get("events"):
                    ev = doc["events"][0]["id"]
                    commands += [["compare", "--baseline", f"without={ev}", "--format", "json"]]
            for cmd in commands:
                ca, oa = run(cmd[0], str(a), *cmd[1:])
                cb, ob = run(cmd[0], str(b), *cmd[1:])
                try:
                    ja, jb = normalise(json.loads(oa)), normalise(json.loads(ob))
                except json.JSONDecodeError:
                    ja, jb = oa, ob
                if isinstance(ja, dict):
                    for j in (ja, jb):  # the file name differs, nothing else may
                        j.pop("timing", None)
                same = ca == cb and ja == jb
                detail = ""
                if not same and isinstance(ja, dict) and isinstance(jb, dict):
                    detail = "differs in " + ", ".join(k for k in ja if ja.get(k) != jb.get(k))
                check(same, f"{name}: {' '.join(cmd[:3])} is the same after reordering actors, issues and options", detail)
            if ordinal:
                ha, hb = Path(tmp) / "a.html", Path(tmp) / "b.html"
                ca, _ = run("report", str(a), "-o", str(ha), "--samples", report_n, "--seed", "3", "--threads", "1", "-q")
                cb, _ = run("report", str(b), "-o", str(hb), "--samples", report_n, "--seed", "3", "--threads", "1", "-q")
                da = report_data(ha.read_text(encoding="utf-8")) if ca == 0 else None
                db = report_data(hb.read_text(encoding="utf-8")) if cb == 0 else None
                same = da is not None and db is not None
                if same:
                    wa = [s for s in da["sections"] if s["id"] == "winsets"]
                    wb = [s for s in db["sections"] if s["id"] == "winsets"]
                    same = normalise(wa) == normalise(wb)
                check(same, f"{name}: report's win-set section (who blocks, verdicts) is the same after reordering",
                      f"exit {ca}/{cb}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
