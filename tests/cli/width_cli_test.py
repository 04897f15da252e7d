#!/usr/bin/env python3
"""Terminal output fits the terminal (issue 22 §3): every command's table output, on every
shipped scenario, has no line wider than COLUMNS (display columns: a Chinese character takes
two), in English and in Chinese, at two widths.

Usage: /usr/bin/python3 tests/cli/width_cli_test.py PATH/TO/parley REPO_ROOT
"""

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path


def display_width(line):
    w = 0
    for ch in line:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def main(argv):
    parley, root = argv[1], Path(argv[2]).resolve()
    sanitized = os.environ.get("PARLEY_SANITIZED") == "1"
    problems, runs = [], 0

    def run(args, columns):
        env = dict(os.environ, COLUMNS=str(columns))
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, env=env, timeout=600)
        return p.returncode, p.stdout, p.stderr

    scenarios = sorted((root / "scenarios").glob("*.yaml"))
    for path in scenarios:
        f = str(path.relative_to(root))
        rc, out, err = run(["analyze", f, "--format", "json", "--no-robustness"], 100)
        if rc != 0:
            problems.append(f"analyze {f} --format json: exit {rc}: {err}")
            continue
        a = json.loads(out)
        date = a["date"]
        y = int(date[:4])
        commands = [
            ["analyze", f],
            ["params", f],
            ["levers", f],
            ["compare", f, "--variant", f"{a['parties'][0]}.reservation=0"],
            ["timeline", f, "--from", f"{y - 1}{date[4:]}", "--to", date, "--step", "3m"],
        ]
        rc, out, _ = run(["params", f, "--format", "json"], 100)
        plans = sorted({p["path"].split(".")[1] for p in json.loads(out)["params"] if p["path"].startswith("plan.")})
        for plan in plans:
            commands.append(["sequence", f, "--plan", plan])
        if plans:  # a scenario with plans says who delivers what: the plan search applies
            for pkg in list(a["named"])[:1]:
                commands.append(["sequence", f, "--search", pkg])
        if sanitized:  # the cheap commands only under the sanitizer
            commands = commands[:2]
        for columns in (100, 72):
            for lang in ("en", "zh-TW"):
                for args in commands:
                    if args[0] == "params" and lang != "en":
                        continue  # params has no --lang
                    rc, out, err = run([*args, "--lang", lang] if args[0] != "params" else args, columns)
                    runs += 1
                    if rc != 0:
                        problems.append(f"parley {' '.join(args)} --lang {lang}: exit {rc}: {err.strip()[:200]}")
                        continue
                    for n, line in enumerate(out.split("\n"), 1):
                        if display_width(line) > columns:
                            problems.append(f"COLUMNS={columns} parley {' '.join(args)} --lang {lang}: line {n} has "
                                            f"{display_width(line)} columns: {line[:80]}...")
                            break
    for p in problems:
        print("FAIL", p)
    print(f"{runs} runs, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
