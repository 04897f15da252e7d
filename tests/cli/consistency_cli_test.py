#!/usr/bin/env python3
"""One quantity, one value (issue 22 §4): at the same date every command shows the same value.

* `params` defaults to the scenario's date (as `analyze`) and its effective reservations are the
  reservations `analyze` uses;
* `analyze` and `compare` word a named package's verdict the same way;
* `timeline` says when the ZOPA closes, at the first empty date after a non-empty one.

Usage: /usr/bin/python3 tests/cli/consistency_cli_test.py PATH/TO/parley REPO_ROOT
"""

import json
import os
import subprocess
import sys

import yaml

WIDE = dict(os.environ, COLUMNS="10000")  # wording, not layout


def main(argv):
    parley, root = argv[1], argv[2]
    problems = []
    compared = 0

    def run(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=300, env=WIDE)
        if p.returncode != 0:
            problems.append(f"parley {' '.join(args)}: exit {p.returncode}: {p.stderr[-300:]}")
        return p.stdout

    for f in ["scenarios/hanoi-2019.yaml", "scenarios/toy-two-party.yaml", "scenarios/germany-coalition-2021.yaml"]:
        a = json.loads(run("analyze", f, "--format", "json", "--no-robustness", "--no-pareto"))
        p = json.loads(run("params", f, "--format", "json"))
        at = json.loads(run("params", f, "--format", "json", "--at", a["date"]))
        if p["date"] != a["date"] or p["params"] != at["params"]:
            problems.append(f"{f}: params does not default to the scenario's date {a['date']}")
        if p["effective_reservations"] != a["reservations"]:
            problems.append(f"{f}: params' effective reservations {p['effective_reservations']} != analyze's {a['reservations']}")
        table = run("analyze", f, "--no-robustness", "--no-pareto")
        # compare needs a variant: the scenario's own date, so both columns are analyze's scenario.
        compare = run("compare", f, "--no-robustness", "--variant", f"at={a['date']}")
        # Named packages' rows start with their names (issue 22 §3), in the scenario's order.
        with open(os.path.join(root, f), encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        names = set()
        for pk in doc.get("packages") or []:
            n = pk.get("name", pk["id"])
            names.add(n["en"] if isinstance(n, dict) else str(n))
        for line in table.split("\n"):
            cells = line.split("  ")
            name = line.strip().split("  ")[0] if line.strip() else ""
            if name in names:
                verdict = [c for c in cells if c.strip()][-1].strip()
                compared += 1
                if verdict not in compare:
                    problems.append(f"{f}: analyze's verdict of {name} '{verdict}' is not compare's")

    # Hanoi: a ZOPA in 2018 that closes before mid-2019 (docs/scenarios/hanoi-2019.md).
    t = json.loads(run("timeline", "scenarios/hanoi-2019.yaml", "--from", "2018-06-01", "--to", "2019-06-01", "--step", "1m",
                       "--format", "json"))
    rows = t["timeline"]
    closes = [rows[k]["date"] for k in range(1, len(rows)) if rows[k]["zopa_size"] == 0 and rows[k - 1]["zopa_size"] > 0]
    if t.get("zopa_close_date") != (closes[0] if closes else None):
        problems.append(f"timeline zopa_close_date {t.get('zopa_close_date')} != first closing row {closes[:1]}")
    text = run("timeline", "scenarios/hanoi-2019.yaml", "--from", "2018-06-01", "--to", "2019-06-01", "--step", "1m")
    if closes and f"The ZOPA closes on {closes[0]}" not in text:
        problems.append("the timeline table does not say when the ZOPA closes")
    if not closes:
        problems.append("Hanoi's ZOPA should close within 2018-06..2019-06")

    if compared < 3:
        problems.append(f"only {compared} named packages' verdicts compared")
    for p in problems:
        print("FAIL", p)
    print(f"{compared} verdicts compared, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
