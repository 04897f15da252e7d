#!/usr/bin/env python3
"""Commitments per option and credible packages (issue 13 sections 2 and 3), end to end.

Usage: /usr/bin/python3 tests/cli/commitments_cli_test.py PATH/TO/parley REPO_ROOT

Checks, on tests/data/good/30-commitments.yaml (a grand bargain resting on a promise nobody can
check in time, a verbal pledge, a suspension lapsing after 36 months of a 10-year horizon):
  * `analyze --format json`: a ZOPA of 2 packages and a credible ZOPA of 0; `credible` false on
    the Nash and Kalai-Smorodinsky solutions and on both named packages, the bargain's
    `credible_rejected_by` naming B for mistrust and the Nash package's naming A for the package
    (what A values, the relief, lapses); the table says "Credible ZOPA ... 0 packages" and, in zh-TW,
    "可信的 ZOPA"; `--threads 1` and `--threads 2` give identical JSON;
  * what makes the bargain credible, through the parameter paths: `--set
    issue.arms.complete.verification=1`, `--set issue.relief.clawback=1`, `--set B.trust.A=0.5`
    each give a credible ZOPA of 1 with the bargain credible; `analyze --verification` changes
    nothing here (every moving option states its verification);
  * an order requirement of A (disarm only after the relief) keeps the ZOPA but leaves the
    bargain out of the credible ZOPA, with A rejecting it for the requirement;
  * `params` lists `issue.arms.pledge.clawback`, `issue.arms.pledge.verification`,
    `issue.arms.complete.verification` (with its distribution), `issue.relief.verification` and
    `issue.relief.suspended.clawback`; `--set issue.arms.kept.clawback=1` (an option that states
    none) exits 2 naming the unknown path;
  * `sequence --plan at-once`: the arms item carries verification 0 and A's defection gain is
    the relief's full value (nothing caught); the same as `analyze` says of the package (B
    rejects it for mistrust, with the same expected utility);
  * `timeline --agreement pledge-for-suspension --signed 2020-01-01`: the package in force until
    2022-12-31 and the relief back at `none` from 2023-01-01 (JSON `in_force`, `lapsed`,
    `agreement.lapses`), the table's "in force" column and its last line; usage errors for an
    unknown agreement and for --signed without --agreement;
  * scenarios that say nothing about delivery (scenarios/toy-two-party.yaml) print no credible
    line and give `credible_zopa_size: null` with a `credible_note`;
  * `generate --commitments --trust 0.5` writes a scenario `check` accepts and `analyze` gives a
    credible ZOPA no larger than its ZOPA; `--trust` without `--commitments` exits 2.
Prints PASS/FAIL lines and `N passed, N failed`; exits 1 on failure.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

GOOD = "tests/data/good/30-commitments.yaml"


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


# These checks read wording, not layout: lines unwrapped (layout: tests/cli/width_cli_test.py).
WIDE = dict(os.environ, COLUMNS="10000")

def main(argv):
    parley, root = argv[1], argv[2]
    R = Results()

    def run(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=300,
                           env=WIDE)
        return p.returncode, p.stdout, p.stderr

    def analyze(*args, path=GOOD):
        code, out, err = run("analyze", path, "--format", "json", *args)
        try:
            return code, json.loads(out), err
        except json.JSONDecodeError:
            return code, None, err

    # ---- analyze: the credible ZOPA -------------------------------------------------------------
    code, j, err = analyze()
    R.check("analyze --format json exits 0", code == 0 and j is not None, err)
    if j is None:
        print(f"{R.passed} passed, {R.failed + 1} failed")
        return 1
    R.check("the plain ZOPA holds the two exchanges", j["zopa_size"] == 2, j["zopa_size"])
    R.check("the credible ZOPA is empty", j.get("credible_zopa_size") == 0, j.get("credible_zopa_size"))
    for key in ("nash", "kalai_smorodinsky"):
        R.check(f"{key} is not credible", j[key] is not None and j[key].get("credible") is False, j[key])
    bargain, suspension = j["named"]["grand-bargain"], j["named"]["pledge-for-suspension"]
    R.check("the grand bargain is accepted but not credible: B expects to be cheated",
            bargain["rejected_by"] == {} and bargain.get("credible") is False and bargain.get("credible_rejected_by") == {"B": ["mistrust"]},
            bargain)
    R.check("the pledge for a suspension is outside the ZOPA and not credible", suspension.get("credible") is False,
            suspension)
    nash = j["nash"]["package"]
    R.check("the Nash package (complete disarmament for the suspension) fails for A: its relief lapses",
            nash == {"arms": "complete", "relief": "suspended"} and j["nash"].get("credible_rejected_by") == {"A": ["package"]},
            j["nash"])
    same = analyze("--threads", "1")[1] == analyze("--threads", "2")[1]
    R.check("analyze: --threads 1 and 2 give the same JSON", same)

    code, out, err = run("analyze", GOOD)
    R.check("the table has the credible ZOPA line", code == 0 and "Credible ZOPA (" in out and "): 0 packages" in out,
            out[:600])
    R.check("the table says which solutions are credible",
            "Credible (carried out at once from the status quo): Nash no (Armed state is worse off than with no deal "
            "once its lapsing moves revert)" in out
            and "grand-bargain no (Sanctioning state expects to be cheated)" in out, out[-600:])
    code, out, err = run("analyze", GOOD, "--lang", "zh-TW")
    R.check("zh-TW: the credible lines", code == 0 and "可信的 ZOPA" in out and "可信（自現狀一次同時履行）" in out
            and "制裁國預期遭對方欺騙" in out, out[-600:])

    # ---- what makes it credible ----------------------------------------------------------------
    for setting in ("issue.arms.complete.verification=1", "issue.relief.clawback=1", "B.trust.A=0.5"):
        code, k, err = analyze("--set", setting)
        ok = code == 0 and k is not None and k.get("credible_zopa_size") == 1 \
            and k["named"]["grand-bargain"].get("credible") is True
        R.check(f"--set {setting}: the bargain becomes credible", ok, err or (k and k.get("credible_zopa_size")))
    code, k, err = analyze("--verification", "1")
    R.check("analyze --verification 1: no change (the moving options state their own)",
            code == 0 and k is not None and k.get("credible_zopa_size") == 0, err)
    code, out, err = run("analyze", GOOD, "--verification", "1.5")
    R.check("analyze --verification 1.5 exits 2", code == 2 and "--verification" in err, err)

    # ---- an order requirement: a package carried out at once breaks it -------------------------
    # A disarms only once the relief is in place (an order requirement bears on plans; carried out
    # in one stage from the status quo, the bargain makes A disarm before the relief holds).
    text = (Path(root) / GOOD).read_text(encoding="utf-8")
    anchor = "  A:\n    reservation: 0.5\n"
    order_req = anchor + ("    requirements:\n      - id: relief-first\n"
                          "        order: {move: {arms: [complete]}, after: {relief: [full]}}\n")
    with tempfile.TemporaryDirectory() as tmp:
        variant = Path(tmp) / "order.yaml"
        variant.write_text(text.replace(anchor, order_req, 1), encoding="utf-8")
        code, k, err = analyze("--set", "B.trust.A=0.5", path=str(variant))
        ok = code == 0 and k is not None
        R.check("an order requirement leaves the ZOPA as it is (a package has no order)",
                ok and k["zopa_size"] == 2, err or (k and k["zopa_size"]))
        R.check("... but the bargain carried out at once breaks it: not credible, A's reason is the requirement",
                ok and k.get("credible_zopa_size") == 0 and k["named"]["grand-bargain"].get("credible") is False
                and k["named"]["grand-bargain"].get("credible_rejected_by") == {"A": ["requirement"]},
                k and (k.get("credible_zopa_size"), k["named"]["grand-bargain"]))
        # With full trust and nothing lapsing the order requirement alone calls for the evaluation.
        code, k, err = analyze("--set", "B.trust.A=1", "--set", "issue.relief.suspended.clawback=1", path=str(variant))
        R.check("full trust: the order requirement still rules the bargain out of the credible ZOPA",
                code == 0 and k is not None and k.get("credible_zopa_size") is not None
                and k["named"]["grand-bargain"].get("credible") is False, err or (k and k.get("credible_zopa_size")))

    # ---- parameter paths -----------------------------------------------------------------------
    code, out, err = run("params", GOOD, "--format", "json")
    try:
        paths = {p["path"]: p for p in json.loads(out)["params"]}
    except (json.JSONDecodeError, KeyError, TypeError):
        paths = {}
    want = ["issue.arms.pledge.clawback", "issue.arms.pledge.verification", "issue.arms.complete.verification",
            "issue.relief.verification", "issue.relief.suspended.clawback"]
    R.check("params lists the option-level paths", code == 0 and all(w in paths for w in want),
            [w for w in want if w not in paths])
    code, out, err = run("analyze", GOOD, "--set", "issue.arms.kept.clawback=1")
    R.check("--set on an option that states no clawback exits 2 naming the path",
            code == 2 and "issue.arms.kept.clawback" in err, err)

    # ---- sequence: the same model --------------------------------------------------------------
    code, out, err = run("sequence", GOOD, "--plan", "at-once", "--format", "json")
    try:
        s = json.loads(out)
    except json.JSONDecodeError:
        s = None
    R.check("sequence --plan at-once exits 0", code == 0 and s is not None, err)
    if s:
        items = {it["issue"]: it for it in s["stages"][0]["items"]}
        R.check("the arms item carries the option's verification 0", items["arms"].get("verification") == 0, items["arms"])
        gain = s["stages"][0]["deviation_gain"]["A"]
        R.check("A gains by withholding the unverifiable promise: d + relief − completion = 0.5",
                abs(gain - 0.5) < 1e-9, gain)
        R.check("B rejects the one-stage plan for mistrust, as analyze says of the package",
                s["reasons"].get("B") == ["mistrust"] and "A" in s["accepted_by"], s["reasons"])
        R.check("B's expected utility is 0.3 x 0.75 + 0.7 x 0.25 = 0.4",
                abs(s["expected_utility"]["B"] - 0.4) < 1e-9, s["expected_utility"])

    # ---- timeline: the reversion ---------------------------------------------------------------
    code, out, err = run("timeline", GOOD, "--from", "2020-01-01", "--to", "2023-06-01", "--step", "6m",
                         "--agreement", "pledge-for-suspension", "--signed", "2020-01-01", "--format", "json")
    try:
        t = json.loads(out)
    except json.JSONDecodeError:
        t = None
    R.check("timeline --agreement exits 0", code == 0 and t is not None, err)
    if t:
        rows = {r["date"]: r for r in t["timeline"]}
        before, after = rows.get("2022-07-01", {}).get("in_force"), rows.get("2023-01-01", {}).get("in_force")
        R.check("in force as signed before the lapse",
                before is not None and before["package"]["relief"] == "suspended" and before["lapsed"] == [], before)
        R.check("the relief is back at none from 2023-01-01 (36 months after signing)",
                after is not None and after["package"] == {"arms": "pledge", "relief": "none"} and after["lapsed"] == ["relief"],
                after)
        R.check("agreement.lapses names the relief and its date",
                t.get("agreement", {}).get("lapses") == [{"issue": "relief", "date": "2023-01-01"}], t.get("agreement"))
    code, out, err = run("timeline", GOOD, "--from", "2022-12-01", "--to", "2023-01-01", "--step", "1m",
                         "--agreement", "pledge-for-suspension", "--signed", "2020-01-01")
    R.check("the timeline table shows the package in force and the lapse",
            code == 0 and "in force" in out and "Verbal pledge / None" in out  # names, not ids (issue 22 §3)
            and "its moves lapse: Sanctions relief on 2023-01-01 (back to None)" in out, out)
    code, out, err = run("timeline", GOOD, "--from", "2020-01-01", "--to", "2020-02-01", "--agreement", "nope")
    R.check("timeline --agreement with an unknown package exits 2", code == 2 and "grand-bargain" in err, err)
    code, out, err = run("timeline", GOOD, "--from", "2020-01-01", "--to", "2020-02-01", "--signed", "2020-01-01")
    R.check("timeline --signed without --agreement exits 2", code == 2 and "--agreement" in err, err)

    # ---- scenarios without delivery ------------------------------------------------------------
    code, toy, err = analyze(path="scenarios/toy-two-party.yaml")
    R.check("toy: credible_zopa_size is null, with a note",
            code == 0 and toy is not None and toy.get("credible_zopa_size", 0) is None and "delivered_by" in toy.get("credible_note", ""),
            toy and toy.get("credible_note"))
    code, out, err = run("analyze", "scenarios/toy-two-party.yaml")
    R.check("toy: no credible line in the table", code == 0 and "Credible" not in out, out[-400:])

    # ---- generate ------------------------------------------------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "c.yaml")
        code, out, err = run("generate", "--parties", "3", "--issues", "4", "--options", "5", "--commitments", "--trust",
                             "0.5", "-o", path)
        R.check("generate --commitments --trust 0.5 writes a scenario", code == 0, err)
        code, out, err = run("check", path)
        R.check("check accepts it", code == 0, err)
        code, g, err = analyze(path=path)
        R.check("its credible ZOPA is no larger than its ZOPA",
                code == 0 and g is not None and g.get("credible_zopa_size") is not None
                and g["credible_zopa_size"] <= g["zopa_size"], err or g and (g["zopa_size"], g.get("credible_zopa_size")))
        code, out, err = run("generate", "--trust", "0.5", "-o", path)
        R.check("generate --trust without --commitments exits 2", code == 2 and "--commitments" in err, err)

    print(f"{R.passed} passed, {R.failed} failed")
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
