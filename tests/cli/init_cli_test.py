#!/usr/bin/env python3
"""`parley init` (issue 22 §6): the template passes `parley check` for several party and issue
counts, is written in both languages, gives the counts asked for, is the same on stdout and in
-o FILE, and `analyze` finds the deal it is built to have (the middle package); its bilingual
evidence notes appear in each report in the report's language; `check` warns when every party
rejects the status quo.

Usage: /usr/bin/python3 tests/cli/init_cli_test.py PATH/TO/parley
"""
import json
import os
import re
import subprocess
import sys
import tempfile

parley = sys.argv[1]
sanitized = os.environ.get("PARLEY_SANITIZED") == "1"
problems = []


def run(*args):
    # Wording, not layout, is checked: a wide terminal so that no verdict is wrapped.
    p = subprocess.run([parley, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=300,
                       env={**os.environ, "COLUMNS": "10000"})
    return p.returncode, p.stdout, p.stderr


sizes = [(2, 1), (2, 3), (3, 2)] if sanitized else [(2, 1), (2, 3), (3, 2), (4, 5), (7, 3), (12, 2), (26, 1)]
with tempfile.TemporaryDirectory() as tmp:
    for n, m in sizes:
        path = os.path.join(tmp, f"t{n}x{m}.yaml")
        code, out, err = run("init", "--parties", n, "--issues", m, "-o", path)
        if code != 0 or out or "parley check" not in err:
            problems.append(f"init {n}x{m}: exit {code}, stdout {out[:80]!r}, stderr {err!r}")
            continue
        text = open(path, encoding="utf-8").read()
        code, stdout_text, _ = run("init", "--parties", n, "--issues", m)
        if stdout_text != text:
            problems.append(f"init {n}x{m}: stdout differs from -o FILE")
        code, out, err = run("check", path)
        if code != 0 or "warning" in err:
            problems.append(f"check on init {n}x{m}: exit {code}: {err}")
        if f"{n} actors" not in err or (f"{m} issues" if m > 1 else "1 issue,") not in err:
            problems.append(f"check on init {n}x{m}: counts not in {err!r}")
        comments = [l for l in text.splitlines() if l.lstrip().startswith("#")]
        if not any(re.search(r"[\u4e00-\u9fff]", l) for l in comments) or not any(re.search(r"[A-Za-z]{4}", l) for l in comments):
            problems.append(f"init {n}x{m}: comments are not in both languages")
        if text.count("zh-TW:") < n + m + 2:
            problems.append(f"init {n}x{m}: not every name has zh-TW")
        code, out, err = run("analyze", path, "--format", "json", "--no-robustness")
        if code != 0:
            problems.append(f"analyze on init {n}x{m}: exit {code}: {err}")
            continue
        json.loads(out)
        if "accepted by every party" not in run("analyze", path, "--no-robustness")[1]:
            problems.append(f"analyze on init {n}x{m}: the middle package is not accepted by every party")
    # check warns when every party rejects the status quo (a named package of every issue's first
    # option, with no plans): reservations above it for all parties, not when one party accepts it.
    base = open(os.path.join(tmp, "t2x3.yaml"), encoding="utf-8").read()
    # (the second party's best package is the status quo in the template: make it worth 0.6 to it)
    sq = base.replace("{low: 100, middle: 50, high: 0}", "{low: 60, middle: 50, high: 0}")
    sq += "  - {id: status-quo, options: {issue1: low, issue2: low, issue3: low}}\n"
    for reservations, warned in (([0.99, 0.99], True), ([0.99, 0.0], False)):
        text = sq
        for r in reservations:
            text = text.replace("      value: 0.4\n", f"      value: {r}\n", 1)
        path = os.path.join(tmp, "sq.yaml")
        open(path, "w", encoding="utf-8").write(text)
        code, out, err = run("check", path)
        has = re.search(r"sq\.yaml:\d+:\d+: warning: every party rejects package 'status-quo'", err) is not None
        if code != 0 or has != warned:
            problems.append(f"check, status quo with reservations {reservations}: exit {code}, warned {has}: {err}")
    # Evidence notes in two languages: each report shows the note in its own language.
    for lang, shown, hidden in (("zh-TW", "為何是這個數值（請替換）。", "Why this value (replace)."),
                                ("en", "Why this value (replace).", "為何是這個數值（請替換）。")):
        out_html = os.path.join(tmp, f"r.{lang}.html")
        code, out, err = run("report", os.path.join(tmp, "t2x1.yaml"), "--lang", lang, "-o", out_html)
        page = open(out_html, encoding="utf-8").read() if code == 0 else ""
        if code != 0 or shown not in page or hidden in page:
            problems.append(f"report --lang {lang}: exit {code}, note in its language {shown in page}, "
                            f"other language's note {hidden in page}: {err}")
    code, out, err = run("init", "--issues", "0")
    if code != 2 or "--issues 0" not in err:
        problems.append(f"init --issues 0: exit {code}, {err!r}")

for p in problems:
    print("FAIL:", p)
print(f"init_cli_test: {len(sizes)} sizes, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
