#!/usr/bin/env python3
"""`parley levers` and the robustness of verdicts end to end (issue 22 §1-§2, docs/levers.md).

Usage: /usr/bin/python3 tests/cli/levers_cli_test.py PATH/TO/parley REPO_ROOT

Checks:
  * the JSON contract: `levers` entries carry path, current, flip_at, change, share_of_range,
    effect, package, utilities, evidence; ranked by share;
  * every parameter lever of the toy and of Hanoi, re-checked with `analyze --set PATH=FLIP_AT`
    (the verdict flips) and with the next double towards the current value (it does not), both
    directions; events with `analyze --without`;
  * --package and --plan (the verdict of `analyze`'s named package / `sequence --plan`);
  * determinism (same JSON twice, --threads 1 and 2); --top; --pairs (each pair flips);
  * `analyze`, `compare` and `sequence --plan` carry `robustness` {label, nearest_lever,
    share_of_range, p_holds, p_holds_ci, varied, fixed, sources} and a line in the table;
  * usage errors exit 2: unknown package, unknown plan, --package with --plan, unknown event,
    a bad --top, a bad --set path.
"""
import json
import math
import os
import struct
import subprocess
import sys

TOY = "scenarios/toy-two-party.yaml"
HANOI = "scenarios/hanoi-2019.yaml"


def next_toward(x, y):
    """The double next to x in the direction of y."""
    if x == y:
        return x
    if hasattr(math, "nextafter"):
        return math.nextafter(x, y)
    b = struct.unpack("<q", struct.pack("<d", x))[0]
    if x == 0:
        b = 1 if y > 0 else -(2**63) + 1
    elif (y > x) == (x > 0):
        b += 1
    else:
        b -= 1
    return struct.unpack("<d", struct.pack("<q", b))[0]


def main():
    parley, root = sys.argv[1], sys.argv[2]
    problems = []
    try:
        import jsonschema
        with open(os.path.join(root, "schema", "levers.schema.json"), encoding="utf-8") as fh:
            schema = json.load(fh)
        levers_validator = jsonschema.Draft202012Validator(schema)
        robustness_validator = jsonschema.Draft202012Validator({"$ref": "#/$defs/robustness", "$defs": schema["$defs"]})
    except ImportError:  # python3-jsonschema is a test dependency (scripts/install-deps.sh)
        levers_validator = robustness_validator = None

    def validate(validator, obj, what):
        if validator is None:
            return
        for e in validator.iter_errors(obj):
            problems.append(f"{what}: schema: {e.message[:200]}")

    def run(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=600)
        return p.returncode, p.stdout, p.stderr

    def levers(*args):
        rc, out, err = run("levers", *args, "--format", "json")
        if rc != 0:
            problems.append(f"levers {args}: exit {rc}: {err}")
            return None
        j = json.loads(out)
        validate(levers_validator, j, f"levers {args}")
        return j

    def zopa_open(f, *extra):
        rc, out, err = run("analyze", f, "--format", "json", "--no-robustness", "--no-pareto", *extra)
        if rc != 0:
            problems.append(f"analyze {f} {extra}: exit {rc}: {err}")
            return None
        j = json.loads(out)
        return j, j["zopa_size"] > 0

    def check_flips(f, j, holds_of):
        for lv in j["levers"]:
            for key in ("path", "current", "flip_at", "change", "share_of_range", "effect", "package", "utilities",
                        "evidence"):
                if key not in lv:
                    problems.append(f"{f}: lever misses {key}: {lv}")
            if lv["kind"] == "event":
                ev = lv["path"].split("=", 1)[1]
                if holds_of(["--without", ev]) == j["holds"]:
                    problems.append(f"{f}: removing {ev} does not flip the verdict")
                continue
            at = repr(lv["flip_at"])
            if holds_of(["--set", f"{lv['path']}={at}"]) == j["holds"]:
                problems.append(f"{f}: {lv['path']}={at} does not flip the verdict")
            inside = next_toward(lv["flip_at"], lv["current"])
            if holds_of(["--set", f"{lv['path']}={inside!r}"]) != j["holds"]:
                problems.append(f"{f}: {lv['path']}={inside!r} (one double nearer) flips already")
            if abs(lv["change"] - (lv["flip_at"] - lv["current"])) > 1e-12:
                problems.append(f"{f}: {lv['path']}: change {lv['change']} is not flip_at - current")
        shares = [lv["share_of_range"] for lv in j["levers"] if lv["kind"] == "parameter"]
        if shares != sorted(shares):
            problems.append(f"{f}: levers not ranked by share: {shares}")

    # The ZOPA's verdict, toy and Hanoi.
    for f in (TOY, HANOI):
        j = levers(f)
        if j is None:
            continue
        if not j["levers"]:
            problems.append(f"{f}: no lever")

        def holds_zopa(extra, f=f):
            r = zopa_open(f, *extra)
            return None if r is None else r[1]

        check_flips(f, j, holds_zopa)
        # Determinism, threads.
        a = run("levers", f, "--format", "json", "--threads", "1")[1]
        b = run("levers", f, "--format", "json", "--threads", "2")[1]
        if a != b:
            problems.append(f"{f}: JSON differs between --threads 1 and 2")
    hj = levers(HANOI)
    if hj is not None:
        if hj["holds"]:
            problems.append("Hanoi: a ZOPA at the summit")
        if not any(lv["path"] == "without=cohen-testimony" for lv in hj["levers"]):
            problems.append("Hanoi: removing the Cohen testimony is not a lever")
        top = levers(HANOI, "--top", "3")
        if top is not None and (len(top["levers"]) != 3 or top["levers"] != hj["levers"][:3]):
            problems.append("Hanoi --top 3: not the first three levers")

    # --package: the named package's verdict as analyze gives it.
    for pkg in ("middle-ground", "seller-opening"):
        j = levers(TOY, "--package", pkg)
        if j is None:
            continue

        def holds_pkg(extra, pkg=pkg):
            r = zopa_open(TOY, *extra)
            if r is None:
                return None
            return not r[0]["named"][pkg]["rejected_by"]

        if holds_pkg([]) != j["holds"]:
            problems.append(f"--package {pkg}: holds {j['holds']} but analyze says otherwise")
        if not j["levers"]:
            problems.append(f"--package {pkg}: no lever")
        check_flips(TOY + " --package " + pkg, j, holds_pkg)

    # --plan: sequence --plan's verdict (accepted by every party and self-enforcing).
    plans = "tests/data/good/11-plans.yaml"
    j = levers(plans, "--plan", "phased")
    if j is not None:

        def holds_plan(extra):
            rc, out, err = run("sequence", plans, "--plan", "phased", "--format", "json", "--no-robustness", *extra)
            if rc != 0:
                problems.append(f"sequence {extra}: exit {rc}: {err}")
                return None
            q = json.loads(out)
            return q["self_enforcing"] and not q["rejected_by"]

        if holds_plan([]) != j["holds"]:
            problems.append(f"--plan phased: holds {j['holds']} but sequence says otherwise")
        if not j["levers"]:
            problems.append("--plan phased: no lever")
        for lv in j["levers"]:
            if lv["effect"] != "fails_plan":
                problems.append(f"plan lever effect {lv['effect']}")
        check_flips(plans + " --plan phased", j, holds_plan)
    j = levers(HANOI, "--plan", "us-all-at-once")
    if j is not None and j["holds"]:
        problems.append("Hanoi: plan us-all-at-once adopted at the summit")

    # --pairs.
    j = levers(TOY, "--pairs", "--pair-candidates", "4")
    if j is not None:
        for p in j["pairs"]:
            sets = []
            for path, at in zip(p["paths"], p["flip_at"]):
                sets += ["--set", f"{path}={at!r}"]
            r = zopa_open(TOY, *sets)
            if r is not None and r[1] == j["holds"]:
                problems.append(f"pair {p['paths']} at {p['flip_at']} does not flip")

    # Robustness in analyze, compare and sequence.
    keys = {"label", "nearest_lever", "share_of_range", "p_holds", "p_holds_ci", "varied", "fixed", "sources"}
    rc, out, err = run("analyze", HANOI, "--format", "json")
    if rc == 0:
        rb = json.loads(out).get("robustness")
        validate(robustness_validator, rb, "analyze robustness")
        if not rb or not keys <= set(rb):
            problems.append(f"analyze: robustness {rb}")
        else:
            if rb["label"] not in ("robust", "fragile", "knife-edge"):
                problems.append(f"analyze: label {rb['label']}")
            if rb["p_holds"] is None or rb["p_holds_ci"]["name"] != "simulation precision":
                problems.append(f"analyze: p_holds {rb['p_holds']} {rb['p_holds_ci']}")
            if rb["varied"] <= 0 or rb["fixed"] <= 0 or rb["sources"] <= 0:
                problems.append(f"analyze: counts {rb}")
    else:
        problems.append(f"analyze Hanoi: exit {rc}: {err}")
    rc, out, err = run("analyze", HANOI)
    if rc != 0 or "Robustness: " not in out:
        problems.append("analyze table: no robustness line")
    rc, out, err = run("analyze", TOY, "--format", "json")
    if rc == 0:
        rb = json.loads(out)["robustness"]
        if rb["p_holds"] is not None or rb["varied"] != 0:
            problems.append(f"toy: p_holds without uncertain numbers: {rb}")
    rc, out, err = run("compare", HANOI, "--variant", "without=cohen-testimony", "--format", "json")
    if rc == 0:
        j = json.loads(out)
        for side in ("baseline", "variant"):
            if not keys <= set(j[side].get("robustness", {})):
                problems.append(f"compare: {side} robustness missing")
    else:
        problems.append(f"compare: exit {rc}: {err}")
    rc, out, err = run("compare", HANOI, "--variant", "without=cohen-testimony")
    if rc != 0 or "robustness" not in out:
        problems.append("compare table: no robustness row")
    rc, out, err = run("sequence", HANOI, "--plan", "us-all-at-once", "--format", "json")
    if rc != 0 or not keys <= set(json.loads(out).get("robustness", {})):
        problems.append(f"sequence: robustness missing ({rc} {err})")
    rc, out, err = run("sequence", HANOI, "--plan", "us-all-at-once")
    if rc != 0 or "Robustness: " not in out:
        problems.append("sequence table: no robustness line")

    # Usage errors exit 2.
    for args in (["levers", TOY, "--package", "nope"], ["levers", HANOI, "--plan", "nope"],
                 ["levers", HANOI, "--package", "us-big-deal", "--plan", "us-all-at-once"],
                 ["levers", HANOI, "--without", "no-such-event"], ["levers", TOY, "--top", "-1"],
                 ["levers", TOY, "--set", "NOPE.reservation=0.5"], ["levers", TOY, "--format", "xml"],
                 ["levers"]):
        rc, out, err = run(*args)
        if rc != 2:
            problems.append(f"{' '.join(args)}: exit {rc}, expected 2")
    rc, out, err = run("levers", TOY)
    if rc != 0 or "Verdict:" not in out:
        problems.append(f"levers table: exit {rc}")
    rc, out, err = run("levers", HANOI, "--lang", "zh-TW", "--top", "3")
    if rc != 0 or "結論" not in out:
        problems.append(f"levers zh-TW: exit {rc}")

    for p in problems:
        print("FAIL:", p)
    print(f"levers_cli_test: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
