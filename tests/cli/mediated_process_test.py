#!/usr/bin/env python3
"""`parley bargain --protocol mediated` and `parley sweep --bargain --protocol mediated` end to end
(docs/bargain.md, "The mediated protocol", "The mediator's value"): the mediator's texts in the
trace, what observing the reservations changes, the mediator's value with its interval,
determinism, and bad flags (`parley: error: ...`, exit 2).

Usage: /usr/bin/python3 tests/cli/mediated_process_test.py PATH/TO/parley REPO_ROOT
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


# Two issues, each conceded by one side: a one-issue change from the status quo (x0, y0) hurts
# its giver; the trade (x1, y1) helps both (logrolling). A believes B's reservation is high.
SCENARIO = """parley: 1
id: logroll
title: {en: A logroll, zh-TW: 互換}
date: 2020-01-01
actors:
  - {id: A, name: {en: Alpha, zh-TW: 甲方}, role: party, capability: 50, beliefs: {B: {type: uniform, min: 0.85, max: 0.95}}}
  - {id: B, name: {en: Beta, zh-TW: 乙方}, role: party, capability: 50}
  - {id: M, name: {en: Go-between, zh-TW: 調停者}, role: mediator, capability: 10}
issues:
  - {id: x, name: X, options: [{id: x0, name: x0}, {id: x1, name: x1}]}
  - {id: y, name: Y, options: [{id: y0, name: y0}, {id: y1, name: y1}]}
preferences:
  A:
    reservation: RES_A
    issues:
      x: {salience: 1, scores: {x0: 100, x1: 0}}
      y: {salience: 3, scores: {y0: 0, y1: 100}}
  B:
    reservation: 0.5
    issues:
      x: {salience: 3, scores: {x0: 0, x1: 100}}
      y: {salience: 1, scores: {y0: 100, y1: 0}}
mediation:
  M:
    observes_reservations: OBSERVES
"""


def main():
    parley, root = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="parley-mediated-")

    def run(*args):
        # Wording, not layout: unwrapped (layout: width_cli_test.py).
        return subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=600,
                              env=dict(os.environ, COLUMNS="10000"))

    def write(name, observes, res_a="0.5"):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(SCENARIO.replace("OBSERVES", observes).replace("RES_A", res_a))
        return path

    seeing = write("seeing.yaml", "true")
    blind = write("blind.yaml", "false")
    flags = ["--from", "2020-01-01", "--to", "2020-01-20"]

    # Without a mediator, A's pessimistic belief ends the talks at once.
    r = run("bargain", seeing, *flags, "--format", "json")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    check(j.get("result") == "breakdown" and j["breakdown"]["reason"] == "no_expected_package" and j["breakdown"]["party"] == "A",
          "alternating: A walks away on its beliefs", r.stdout[-400:] + r.stderr)

    r = run("bargain", seeing, *flags, "--protocol", "mediated", "--format", "json")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    check(j.get("protocol") == "mediated" and j.get("mediator") == {"id": "M", "bias": {"A": 0.5, "B": 0.5}, "observes_reservations": True},
          "mediated: the mediator, its bias and knowledge in JSON", json.dumps(j.get("mediator")) + r.stderr)
    check(j.get("result") == "agreement" and j["agreement"]["package"] == {"x": "x1", "y": "y1"},
          "an observing mediator gets the trade agreed", r.stdout[-600:])
    trace = j.get("trace", [])
    check(bool(trace) and all(t["proposer"] == "M" for t in trace) and trace[0]["move"] == "start"
          and trace[0]["package"] == {"x": "x0", "y": "y0"} and trace[1]["move"] == "zopa",
          "trace: the mediator's start text, then its proposal in the zone", json.dumps(trace[:2]))
    check(all(t["vetoed_by"] for t in trace[:-1]) and not trace[-1]["vetoed_by"] and trace[-1]["accepted"]
          and set(trace[0]["vetoed_by"].values()) == {"reservation"},
          "trace: refusals with reasons until the accepted text", json.dumps([t["vetoed_by"] for t in trace]))

    # The bias is read from the file and normalised; it orders the drafts, not the acceptance.
    biased = os.path.join(tmp, "biased.yaml")
    with open(biased, "w", encoding="utf-8") as f:
        f.write(SCENARIO.replace("OBSERVES", "true\n    bias: {A: 0.2, B: 0.6}").replace("RES_A", "0.5"))
    r = run("bargain", biased, *flags, "--protocol", "mediated", "--format", "json")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    check(j.get("mediator", {}).get("bias") == {"A": 0.25, "B": 0.75}, "the bias from the file, normalised",
          json.dumps(j.get("mediator")) + r.stderr)
    r1 = run("bargain", seeing, *flags, "--protocol", "mediated", "--format", "json")
    check(r1.returncode == 0 and r1.stdout == run("bargain", seeing, *flags, "--protocol", "mediated", "--format", "json").stdout,
          "mediated: the same JSON twice")

    r = run("bargain", blind, *flags, "--protocol", "mediated", "--format", "json")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    check(j.get("result") == "breakdown" and j["breakdown"]["reason"] == "no_expected_package"
          and j["mediator"]["observes_reservations"] is False,
          "a mediator that does not observe cannot remove the belief-driven breakdown", r.stdout[-400:] + r.stderr)

    r = run("bargain", write("empty.yaml", "true", "0.95"), *flags, "--protocol", "mediated", "--format", "json")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    check(j.get("result") == "no_agreement" and len(j["trace"]) == 20
          and all(t["vetoed_by"].get("A") == "reservation" for t in j["trace"]),
          "no zone of agreement: the observing mediator keeps the talks open, A refuses every text", r.stdout[-400:] + r.stderr)

    r = run("bargain", seeing, *flags, "--protocol", "mediated")
    check(r.returncode == 0 and "single negotiating text by Go-between" in r.stdout and "refused by (reason)" in r.stdout
          and "Alpha (reservation)" in r.stdout, "table: the mediator and the refusals", r.stdout + r.stderr)
    r = run("bargain", seeing, *flags, "--protocol", "mediated", "--lang", "zh-TW")
    check(r.returncode == 0 and "單一談判文本" in r.stdout and "調停者" in r.stdout, "table in zh-TW", r.stdout + r.stderr)

    # The mediator's value over a sweep: A's reservation uncertain.
    sweep_file = write("sweep.yaml", "true", "{value: 0.5, dist: {type: uniform, min: 0.3, max: 0.7}}")
    base = ["sweep", sweep_file, "--bargain", "--protocol", "mediated", *flags, "--samples", "200", "--seed", "3", "-q"]
    r1 = run(*base, "--threads", "1", "--format", "json")
    r2 = run(*base, "--threads", "2", "--format", "json")
    check(r1.returncode == 0 and r1.stdout == r2.stdout, "sweep: byte-identical JSON with 1 and 2 threads", r1.stderr + r2.stderr)
    j = json.loads(r1.stdout) if r1.returncode == 0 else {}
    v = j.get("mediator_value", {})
    keys = ["baseline", "with", "with_ci", "without", "without_ci", "without_outcomes", "difference", "ci", "paired"]
    check(list(v.keys()) == keys, "sweep: mediator_value's keys", json.dumps(v))
    if list(v.keys()) == keys:
        p = v["paired"]
        check(v["with"] == j["p_agreement_by"] and v["with_ci"] == j["p_agreement_by_ci"], "with = p_agreement_by")
        check(sum(p.values()) == 200 and abs(v["with"] - (p["both"] + p["only_with"]) / 200) < 1e-9
              and abs(v["without"] - (p["both"] + p["only_without"]) / 200) < 1e-9,
              "the paired counts add up to the samples and give both proportions", json.dumps(v))
        check(abs(v["difference"] - (v["with"] - v["without"])) < 1e-9 and v["ci"][0] <= v["difference"] <= v["ci"][1]
              and -1 <= v["ci"][0] and v["ci"][1] <= 1, "difference and its interval", json.dumps(v))
        check(v["baseline"] == "alternating" and sum(v["without_outcomes"].values()) == 200, "baseline outcomes", json.dumps(v))
        # Alone, A walks away whenever its reservation is above what B can give under its belief;
        # the observing mediator agrees whenever the zone is not empty (A's reservation <= 0.75).
        check(v["difference"] > 0.5 and v["ci"][0] > 0, "the observing mediator's value is large and significant", json.dumps(v))
        s = run("bargain", seeing, *flags, "--format", "json")
        check(s.returncode == 0 and v["without"] == 0 and v["without_outcomes"]["breakdown"] == 200,
              "without the mediator every sample breaks down (as bargain says)", json.dumps(v))
    r = run(*base, "--threads", "1")
    check(r.returncode == 0 and "The mediator's value: P(agreement by 2020-01-20)" in r.stdout, "sweep: the value in the table",
          r.stdout + r.stderr)
    r = run(*base, "--threads", "1", "--lang", "zh-TW")
    check(r.returncode == 0 and "調停者的價值" in r.stdout and "輪流出價" in r.stdout, "sweep: the value in zh-TW", r.stdout + r.stderr)
    r = run("sweep", sweep_file, "--bargain", *flags, "--samples", "50", "-q", "--format", "json")
    check(r.returncode == 0 and "mediator_value" not in json.loads(r.stdout), "sweep without mediated: no mediator_value", r.stderr)

    # Hanoi (docs/scenarios/hanoi-2019.md §11): Seoul mediates without observing the reservations;
    # China's support is the inducement, and mediate finds a package it can buy within its budget.
    hanoi = os.path.join(root, "scenarios", "hanoi-2019.yaml")
    r = run("bargain", hanoi, "--protocol", "mediated", "--from", "2019-03-01", "--to", "2019-03-10", "--format", "json")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    check(j.get("mediator") == {"id": "ROK", "bias": {"US": 0.5, "DPRK": 0.5}, "observes_reservations": False},
          "Hanoi: Seoul is the mediator, equal weights, blind to the reservations", json.dumps(j.get("mediator")) + r.stderr)
    r = run("mediate", hanoi, "--format", "json")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    ch = (j.get("inducement") or {}).get("cheapest") or {}
    check(r.returncode == 0 and ch.get("funded") is True and 0 < ch.get("cost", 0) <= 5,
          "Hanoi: the cheapest package to buy is within China's budget", json.dumps(j.get("inducement")) + r.stderr)

    # Bad flags.
    for args, what, needle in [
        (["bargain", seeing, "--protocol", "mediator"], "unknown protocol", "expected alternating, simultaneous or mediated"),
        (["bargain", seeing, "--mediator", "M"], "--mediator without the mediated protocol", "needs --protocol mediated"),
        (["bargain", seeing, "--protocol", "mediated", "--mediator", "A"], "--mediator not a mediator", "its mediators are: M"),
        (["sweep", seeing, "--mediator", "M"], "sweep --mediator without --bargain", "need --bargain"),
    ]:
        r = run(*args)
        check(r.returncode == 2 and r.stderr.startswith("parley: error:") and needle in r.stderr, f"bad flag: {what}", r.stderr)

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
