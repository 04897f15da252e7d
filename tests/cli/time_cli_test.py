#!/usr/bin/env python3
"""End-to-end checks of the dated features: `analyze --at/--without`, `timeline`, `compare`.

Usage: /usr/bin/python3 tests/cli/time_cli_test.py PATH/TO/parley REPO_ROOT
Prints one line per check and ends with `N passed, N failed`; exits 1 on failure.
"""

import json
import subprocess
import sys

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n    {detail}" if detail else ""))


def main(argv):
    parley, root = argv[1], argv[2]

    def run(*args):
        return subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=300)

    def js(*args):
        p = run(*args, "--format", "json")
        if p.returncode != 0:
            return None, p
        return json.loads(p.stdout), p

    ev = "tests/data/good/10-events-and-deadlines.yaml"
    hanoi = "scenarios/hanoi-2019.yaml"

    # --at and --without are echoed and change the answer's date.
    j, p = js("analyze", ev, "--at", "2019-06-01", "--without", "hawks-rise")
    check(j is not None and j["date"] == "2019-06-01" and j["without"] == ["hawks-rise"],
          "analyze --at/--without: date and without echoed", p.stderr)
    check(j is not None and set(j["win_set_size"]) == {"US", "DPRK"}, "analyze: win_set_size per party")

    # --without before the file does not swallow it.
    p = run("analyze", "--without", "hawks-rise", ev, "--format", "json")
    check(p.returncode == 0, "analyze --without before FILE", p.stderr)

    # Bad what-ifs exit 2 with a located message.
    p = run("analyze", ev, "--without", "no-such-event")
    check(p.returncode == 2 and "--without no-such-event: error: unknown event 'no-such-event'" in p.stderr,
          "analyze --without unknown event: exit 2 and message", p.stderr)
    p = run("analyze", ev, "--at", "2019-02-30")
    check(p.returncode == 2 and "not a valid date" in p.stderr, "analyze --at invalid date: exit 2", p.stderr)

    # timeline: contract keys, one row per date, deterministic.
    j, p = js("timeline", ev, "--from", "2018-01-01", "--to", "2018-12-31", "--step", "1m")
    ok = j is not None and isinstance(j.get("timeline"), list) and len(j["timeline"]) == 12
    check(ok, "timeline: 12 monthly rows", p.stderr)
    if ok:
        row = j["timeline"][0]
        check(all(k in row for k in ("date", "zopa_size", "nash", "win_set_size")), "timeline row keys")
        check("first_zopa_date" in j, "timeline: first_zopa_date present")
        fz = j["first_zopa_date"]
        first = next((r["date"] for r in j["timeline"] if r["zopa_size"] > 0), None)
        check(fz == first, "timeline: first_zopa_date is the first row with a ZOPA", f"{fz} vs {first}")
    a = run("timeline", ev, "--from", "2018-01-01", "--to", "2019-12-31", "--step", "1w", "--format", "json", "--threads", "1")
    b = run("timeline", ev, "--from", "2018-01-01", "--to", "2019-12-31", "--step", "1w", "--format", "json", "--threads", "2")
    check(a.returncode == 0 and a.stdout == b.stdout, "timeline: identical JSON for 1 and 2 threads")
    p = run("timeline", ev, "--from", "2019-01-01", "--to", "2018-01-01")
    check(p.returncode == 2, "timeline --to before --from: exit 2", p.stderr)
    p = run("timeline", ev, "--from", "2019-01-01", "--to", "2019-02-01", "--step", "3x")
    check(p.returncode == 2 and "--step" in p.stderr, "timeline bad --step: exit 2", p.stderr)
    p = run("timeline", ev, "--from", "2018-01-01", "--to", "2018-03-01", "--step", "2w")
    check(p.returncode == 0 and "2018-01-15" in p.stdout, "timeline table output", p.stderr)

    # compare: both sides and the parameters that differ.
    j, p = js("compare", ev, "--baseline", "at=2019-06-01", "--variant", "at=2019-06-01", "--variant", "US.reservation=0.1")
    ok = j is not None and "baseline" in j and "variant" in j
    check(ok, "compare: baseline and variant", p.stderr)
    if ok:
        changed = {c["path"] for c in j["changed_parameters"]}
        check(changed == {"US.reservation"}, "compare: changed_parameters lists exactly the override", str(changed))
        check(j["variant"]["zopa_size"] >= j["baseline"]["zopa_size"],
              "compare: a lower reservation never shrinks the ZOPA")

    # Hanoi, two-level (issue contract).
    j, p = js("analyze", hanoi, "--at", "2019-02-28")
    check(j is not None and j["zopa_size"] == 0, "hanoi at 2019-02-28: ZOPA empty", p.stderr)
    j2, p = js("analyze", hanoi, "--without", "cohen-testimony")
    ok = j2 is not None and j2["zopa_size"] > 0 and j2["nash"] is not None
    check(ok, "hanoi --without cohen-testimony: ZOPA non-empty", p.stderr)
    if ok:
        pkg = j2["nash"]["package"]
        check(pkg["denuclearization"] == "yongbyon" and pkg["sanctions_relief"] == "partial",
              "hanoi --without cohen-testimony: Nash is the small deal (yongbyon, partial)", str(pkg))
    j3, p = js("timeline", hanoi, "--from", "2019-03-01", "--to", "2020-12-31", "--step", "1d")
    ok = j3 is not None and j3["first_zopa_date"] is not None
    check(ok, "hanoi timeline: the ZOPA re-opens", p.stderr)
    if ok:
        check(j3["first_zopa_date"] < "2020-11-03", "hanoi timeline: re-opens before the 2020-11-03 election",
              j3["first_zopa_date"])
    base, _ = js("analyze", hanoi)
    weak, p = js("analyze", hanoi, "--set", "BOLTON.influence=0", "--set", "POMPEO.influence=0")
    ok = base is not None and weak is not None
    check(ok, "hanoi: hawks' influence can be set to 0", p.stderr)
    if ok:
        check(weak["win_set_size"]["US"] > base["win_set_size"]["US"],
              "hanoi: weaker hawks enlarge the US win-set",
              f'{base["win_set_size"]["US"]} -> {weak["win_set_size"]["US"]}')

    # timeline --bargain: the simulated talks' outcome is parley bargain's over the same range,
    # marked in the table; without the flag the JSON has no `process` key.
    for f, frm, to in [("scenarios/toy-two-party.yaml", "2020-01-01", "2020-06-30"),
                       ("tests/data/good/31-process.yaml", "2020-01-01", "2020-06-01"), (hanoi, "2019-03-01", "2020-12-31")]:
        t, p = js("timeline", f, "--from", frm, "--to", to, "--step", "1m", "--bargain")
        b, q = js("bargain", f, "--from", frm, "--to", to)
        ok = t is not None and b is not None and "process" in t
        check(ok, f"timeline --bargain {f}: process key", p.stderr + q.stderr)
        if not ok:
            continue
        pr = t["process"]
        want = (b["agreement"] or {}).get("date") or (b["breakdown"] or {}).get("date")
        check(pr["result"] == b["result"] and pr["date"] == want and pr["from"] == frm and pr["to"] == to,
              f"timeline --bargain {f}: {b['result']} on {want}, as parley bargain", json.dumps(pr))
        if b["result"] == "agreement":
            check(pr["package"] == b["agreement"]["package"], f"timeline --bargain {f}: the agreed package")
        if b["result"] == "breakdown":
            check(pr["party"] == b["breakdown"]["party"] and pr["reason"] == b["breakdown"]["reason"],
                  f"timeline --bargain {f}: who walked away and why")
        tx = run("timeline", f, "--from", frm, "--to", to, "--step", "1m", "--bargain")
        word = {"agreement": "simulated agreement", "breakdown": "simulated breakdown"}.get(b["result"])
        if word:
            marked = [ln for ln in tx.stdout.splitlines() if word in ln]
            # the first monthly row on or after the date carries the mark
            rows = [r["date"] for r in t["timeline"] if r["date"] >= want]
            check(len(marked) == 1 and rows and marked[0].lstrip().startswith(rows[0]),
                  f"timeline --bargain {f}: table marks the row {rows[0] if rows else '?'}", tx.stdout[-800:])
        zh = run("timeline", f, "--from", frm, "--to", to, "--step", "1m", "--bargain", "--lang", "zh-TW")
        check(zh.returncode == 0 and "模擬談判" in zh.stdout, f"timeline --bargain {f} --lang zh-TW", zh.stderr)
    plain, p = js("timeline", ev, "--from", "2018-01-01", "--to", "2018-03-01", "--step", "1m")
    check(plain is not None and "process" not in plain, "timeline without --bargain: no process key", p.stderr)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
