#!/usr/bin/env python3
"""End-to-end checks of `parley sweep` (Monte Carlo over a scenario's distributions).

Usage: /usr/bin/python3 tests/cli/sweep_cli_test.py PATH/TO/parley REPO_ROOT [--mpirun MPIRUN]

Checks, on scenarios/hanoi-2019.yaml (which carries distributions):
  * the JSON contract: samples, seed, p_deal, p_deal_ci [low, high] around p_deal,
    nash_distribution [{package, frequency}] most frequent first, expected_utility {PARTY},
    sensitivity [{parameter, explained, p_value, tail_effect, p_deal_by_decile, low, high, swing}]
    by explained, sobol.indices; no timing in the JSON;
  * determinism: --threads 1, 2 and 3 byte-identical; two runs byte-identical; another seed differs;
  * the Hanoi claims at 2019-02-28: p_deal below one half, and clearly higher (its 95% intervals
    apart) with --without cohen-testimony; --plan gives p_deal from the plan (accepted and
    self-enforcing), and its table shows the plan's acceptance and self-enforcement rates as in
    the JSON; the table (en, zh-TW) shows the probability and the drivers;
  * usage errors and bad input exit 2 with a message and nothing on stdout: unknown plan, 0
    samples, a non-number seed, an unknown --without event, a distribution on a plan share
    (FILE:LINE:COL at the `dist`), a scenario without distributions is fine (p_deal 0 or 1,
    drivers_all_zero); Sobol indices with S·p(1-p) < 10 are flagged (sobol.reliable false) and the
    table prints a note instead of them;
  * a normal with sd 1e12 or 1e17 on a 0..1 parameter has p10 0.1 and p90 0.9 (uniform on the range);
  * the progress bar: on a (pseudo-)terminal stderr shows a bar with the time left, and not with -q;
  * Ctrl-C: SIGINT during a long sweep exits 130 with a JSON result marked "partial": true;
  * with --mpirun: `mpirun -np 2 parley sweep` gives the JSON of one process, byte for byte.
Prints PASS/FAIL lines and `N passed, N failed`; exits 1 on failure.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

TIMEOUT = 300
HANOI = "scenarios/hanoi-2019.yaml"


class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what, details=""):
        if ok:
            self.passed += 1
            print(f"PASS {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}")
            if details:
                print(f"    {details}")
        return ok


def run(parley, root, *args, prefix=()):
    try:
        # Wording, not layout, is checked: a wide terminal so that no sentence is wrapped.
        p = subprocess.run([*prefix, parley, *args], cwd=root, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=TIMEOUT, env={**os.environ, "COLUMNS": "10000"})
    except subprocess.TimeoutExpired:
        return -1, b"", b"timed out"
    return p.returncode, p.stdout, p.stderr


def as_json(out):
    try:
        return json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def contract_problems(j):
    problems = []
    for key in ["samples", "seed", "p_deal", "p_deal_ci", "nash_distribution", "expected_utility", "sensitivity",
                "sobol", "partial", "uncertain"]:
        if key not in j:
            problems.append(f"missing '{key}'")
    if problems:
        return problems
    lo, hi = j["p_deal_ci"]
    if not (0 <= lo <= j["p_deal"] <= hi <= 1):
        problems.append(f"p_deal_ci {j['p_deal_ci']} does not bracket p_deal {j['p_deal']}")
    freqs = [e["frequency"] for e in j["nash_distribution"]]
    if freqs != sorted(freqs, reverse=True):
        problems.append("nash_distribution not most frequent first")
    if any(set(e) < {"package", "frequency"} or not isinstance(e["package"], dict) for e in j["nash_distribution"]):
        problems.append("nash_distribution entries need package (object) and frequency")
    if set(j["expected_utility"]) != {"US", "DPRK"}:
        problems.append(f"expected_utility keys {sorted(j['expected_utility'])}")
    explained = [r["explained"] for r in j["sensitivity"]]
    if explained != sorted(explained, reverse=True):
        problems.append("sensitivity not sorted by explained")
    keys = {"parameter", "explained", "p_value", "tail_effect", "p_deal_bottom_5pct", "p_deal_by_decile",
            "p_deal_top_5pct", "low", "high", "swing", "low_value", "high_value"}
    for r in j["sensitivity"]:
        if not keys <= set(r) or abs(abs(r["high"] - r["low"]) - r["swing"]) > 1e-9 or len(r["p_deal_by_decile"]) != 10:
            problems.append(f"sensitivity row {r}")
    if not j["sobol"]["indices"]:
        problems.append("no Sobol indices")
    text = json.dumps(j)
    if "seconds" in text or "elapsed" in text:
        problems.append("timings in the JSON")
    return problems


def main():
    parley, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    mpirun = sys.argv[sys.argv.index("--mpirun") + 1] if "--mpirun" in sys.argv else None
    R = Results()
    base = ["sweep", HANOI, "--samples", "5000", "--seed", "4", "--format", "json", "--quiet",
            "--sensitivity-samples", "500", "--sobol-samples", "300"]

    if mpirun:
        code1, out1, err1 = run(parley, root, *base, "--threads", "1")
        code2, out2, err2 = run(parley, root, *base, "--threads", "1",
                                prefix=(mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "2"))
        R.check(code1 == 0 and code2 == 0 and out1 == out2 and len(out1) > 0,
                "mpirun -np 2 parley sweep: the same JSON as one process, byte for byte",
                f"exit {code1}/{code2}; {err2.decode(errors='replace')[-300:]}")
        j = as_json(out2)
        R.check(j is not None and j["samples"] == 5000, "mpirun -np 2: every sample counted once")
        print(f"{R.passed} passed, {R.failed} failed")
        return 1 if R.failed else 0

    code, out, err = run(parley, root, *base, "--threads", "1")
    j = as_json(out)
    R.check(code == 0 and j is not None, "sweep --format json: exit 0 with JSON", err.decode(errors="replace")[-300:])
    if j is None:
        print(f"{R.passed} passed, {R.failed} failed")
        return 1
    R.check(not contract_problems(j), "sweep: JSON contract", "; ".join(contract_problems(j)))
    R.check(j["samples"] == 5000 and j["seed"] == 4 and j["partial"] is False, "sweep: samples, seed, not partial")
    R.check(len(j["uncertain"]) >= 8, "Hanoi: at least 8 uncertain parameters", str(len(j["uncertain"])))
    for t in ["2", "3"]:
        c, o, e = run(parley, root, *base, "--threads", t)
        R.check(c == 0 and o == out, f"sweep --threads {t}: byte-identical to --threads 1")
    c, o, e = run(parley, root, *base, "--threads", "1")
    R.check(o == out, "sweep: two runs byte-identical")
    c, o, e = run(parley, root, *[a if a != "4" else "5" for a in base])
    R.check(c == 0 and o != out, "sweep: another seed gives another result")
    c, o, e = run(parley, root, "sweep", HANOI, "--samples", "2000", "--format", "json")
    R.check(c == 0 and b"samples/s" in e and as_json(o) is not None,
            "sweep without --quiet: timings (samples/s) on stderr, JSON alone on stdout", e.decode(errors="replace"))

    # Hanoi claims.
    summit = ["sweep", HANOI, "--samples", "5000", "--seed", "1", "--at", "2019-02-28", "--format", "json", "-q",
              "--sensitivity-samples", "1000", "--sobol-samples", "200"]
    c, o, e = run(parley, root, *summit)
    a = as_json(o)
    c, o, e = run(parley, root, *summit, "--without", "cohen-testimony")
    b = as_json(o)
    if a and b:
        R.check(a["p_deal"] < 0.5, f"Hanoi at 2019-02-28: p_deal {a['p_deal']} below one half")
        R.check(b["p_deal_ci"][0] > a["p_deal_ci"][1] and b["p_deal"] - a["p_deal"] > 0.1,
                f"Hanoi without cohen-testimony: p_deal {b['p_deal']} clearly above {a['p_deal']}")
        top = [r["parameter"] for r in a["sensitivity"][:6]]
        R.check("US.ratification.cost" in top, "Hanoi: the US audience cost is among the top drivers", str(top))
    else:
        R.check(False, "Hanoi sweeps at 2019-02-28 ran")
    c, o, e = run(parley, root, *summit, "--plan", "dprk-phased")
    p = as_json(o)
    R.check(c == 0 and p is not None and p["plan"]["id"] == "dprk-phased" and 0 <= p["p_deal"] <= p["plan"]["p_accepted"],
            "sweep --plan dprk-phased: p_deal from the plan, at most its acceptance rate")
    c, o, e = run(parley, root, *[a for a in summit if a not in ("--format", "json")], "--plan", "dprk-phased")
    text = o.decode(errors="replace")
    if p is not None:
        want = (f"accepted by every party in {100 * p['plan']['p_accepted']:.1f}% of the samples, "
                f"self-enforcing in {100 * p['plan']['p_self_enforcing']:.1f}%, both (a deal) in {100 * p['p_deal']:.1f}%")
        R.check(c == 0 and want in text and p["plan"]["p_accepted"] > 0,
                "sweep --plan table: the plan's acceptance, self-enforcement and both, as in the JSON", want)
    for lang, needle in [("en", "Drivers"), ("zh-TW", "驅動因素")]:
        c, o, e = run(parley, root, "sweep", HANOI, "--samples", "2000", "-q", "--lang", lang)
        R.check(c == 0 and needle in o.decode() and "%" in o.decode(), f"sweep table --lang {lang}: probability and drivers")

    # Bad input.
    with tempfile.TemporaryDirectory() as tmp:
        hanoi = open(os.path.join(root, HANOI), encoding="utf-8").read()
        bad = None
        if "option: partial, share: 0.4}" in hanoi:
            bad = hanoi.replace("option: partial, share: 0.4}",
                                "option: partial, share: {value: 0.4, dist: {type: uniform, min: 0.3, max: 0.5}}}", 1)
        shares = os.path.join(tmp, "shares.yaml")
        if bad:
            open(shares, "w", encoding="utf-8").write(bad)
        cases = [
            (["--plan", "nope"], "unknown plan"),
            (["--samples", "0"], "--samples"),
            (["--seed", "abc"], "--seed"),
            (["--without", "no-such-event"], "no-such-event"),
        ]
        for args, text in cases:
            c, o, e = run(parley, root, "sweep", HANOI, *args)
            R.check(c == 2 and not o and text.encode() in e, f"sweep {' '.join(args)}: exit 2, message, no stdout",
                    f"exit {c}; {e.decode(errors='replace')[-200:]}")
        if bad:
            c, o, e = run(parley, root, "sweep", shares, "--samples", "10")
            msg = e.decode(errors="replace")
            R.check(c == 2 and "shares.yaml:" in msg and ": error:" in msg and "share" in msg,
                    "sweep with a distribution on a plan share: exit 2, FILE:LINE:COL error", msg[-300:])
        else:
            R.check(False, "fixture: Hanoi has a plan item with 'option: partial, share: 0.4'")
    # A huge sd on a bounded parameter: the truncated normal tends to the uniform on the range, so
    # its 10th and 90th percentiles are 0.1 and 0.9 on 0..1 (they collapsed to the mean before).
    dists = open(os.path.join(root, "tests/data/good/15-distributions.yaml"), encoding="utf-8").read()
    normal = "reservation: {dist: {type: normal, mean: 0.45, sd: 0.05}, value: 0.44}"
    with tempfile.TemporaryDirectory() as tmp:
        for sd in ("1e12", "1e17"):
            path = os.path.join(tmp, f"sd-{sd}.yaml")
            open(path, "w", encoding="utf-8").write(dists.replace(normal, normal.replace("sd: 0.05", f"sd: {sd}")))
            c, o, e = run(parley, root, "sweep", path, "--samples", "200", "--format", "json", "-q",
                          "--sensitivity-samples", "50", "--sobol-samples", "20")
            j = as_json(o)
            row = next((u for u in (j or {}).get("uncertain", []) if u.get("parameter") == "DPRK.reservation"), {})
            R.check(normal in dists and c == 0 and abs(row.get("p10", -1) - 0.1) < 1e-6
                    and abs(row.get("p90", -1) - 0.9) < 1e-6,
                    f"sweep with DPRK.reservation ~ normal(0.45, {sd}) on 0..1: p10 0.1, p90 0.9",
                    f"exit {c}; {row!r}; {e.decode(errors='replace')[-200:]}")

    c, o, e = run(parley, root, "sweep", "scenarios/toy-two-party.yaml", "--samples", "100", "--format", "json", "-q")
    t = as_json(o)
    R.check(c == 0 and t is not None and t["p_deal"] in (0, 1) and t["uncertain"] == [] and t["sensitivity"] == [],
            "sweep of a scenario without distributions: every sample the same (p_deal 0 or 1)")
    R.check(t is not None and t.get("drivers_all_zero") is True,
            "sweep of a scenario without distributions: drivers_all_zero says why every effect is 0")

    # Sobol indices near p = 0 or 1 (S·p(1-p) < 10): flagged, and the table says why instead of
    # printing noise. 20 A/B pairs can never reach 10 (p(1-p) <= 1/4); 300 on Hanoi do.
    small = ["sweep", HANOI, "--samples", "400", "--seed", "4", "-q", "--sensitivity-samples", "100"]
    c1, o1, _ = run(parley, root, *small, "--sobol-samples", "20", "--format", "json")
    c2, o2, _ = run(parley, root, *small, "--sobol-samples", "300", "--format", "json")
    c3, o3, _ = run(parley, root, *small, "--sobol-samples", "20")
    j1, j2 = as_json(o1), as_json(o2)
    R.check(c1 == 0 and j1 is not None and j1["sobol"]["indices"] and j1["sobol"]["reliable"] is False
            and j1["drivers_all_zero"] is False,
            "sweep --sobol-samples 20: sobol.reliable false (S·p(1-p) < 10)", o1[-300:])
    R.check(c2 == 0 and j2 is not None and j2["sobol"]["reliable"] is True
            and 300 * j2["sobol"]["variance"] >= 10, "sweep --sobol-samples 300 on Hanoi: sobol.reliable true", o2[-300:])
    R.check(c3 == 0 and b"Not shown, unreliable" in o3 and b"first order" not in o3,
            "sweep table with unreliable Sobol indices: a note, not the numbers", o3[-400:])

    # Progress bar: drawn on stderr when it is a terminal (a pseudo-terminal here), never with -q.
    import pty
    for quiet in (False, True):
        master, slave = pty.openpty()
        args = [parley, "sweep", HANOI, "--samples", "300000", "--format", "json"] + (["-q"] if quiet else [])
        proc = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        proc.communicate(timeout=TIMEOUT)
        os.close(master)
        bar = b"[" in seen and b"%" in seen and (b"s left" in seen or b"estimating" in seen)
        if quiet:
            R.check(not bar and proc.returncode == 0, "sweep -q on a terminal: no progress bar", seen[-200:])
        else:
            R.check(bar and proc.returncode == 0, "sweep on a terminal: a progress bar with the time left on stderr",
                    seen[-200:])

    # Ctrl-C (10^9 samples is beyond the default time budget, docs/budgets.md: raised here).
    proc = subprocess.Popen([parley, "sweep", HANOI, "--samples", "1000000000", "--format", "json", "-q",
                             "--budget-seconds", "1e6"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Wait until parley has installed its SIGINT handler (bit 2 of SigCgt in /proc/PID/status),
    # then let it sample for a moment.
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            status = open(f"/proc/{proc.pid}/status", encoding="ascii").read()
            caught = int(status.split("SigCgt:")[1].split()[0], 16)
            if caught & (1 << (signal.SIGINT - 1)):
                break
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    try:
        o, e = proc.communicate(timeout=60)
        part = as_json(o)
        R.check(proc.returncode == 130 and part is not None and part["partial"] is True
                and 0 <= part["samples"] < 1000000000 and b"partial" in e,
                "SIGINT: exit 130, JSON marked partial with the samples done", f"exit {proc.returncode}")
    except subprocess.TimeoutExpired:
        proc.kill()
        R.check(False, "SIGINT stops the sweep within 60 s")

    print(f"{R.passed} passed, {R.failed} failed")
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main())
