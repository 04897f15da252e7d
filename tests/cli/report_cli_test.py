#!/usr/bin/env python3
"""End-to-end checks of `parley report` (the browser checks are tests/report/run_browser_test.sh).

Usage: /usr/bin/python3 tests/cli/report_cli_test.py PATH/TO/parley REPO_ROOT

Checks: the report of every shipped scenario in both languages is written (exit 0, one HTML
file under 5 MB with the CSP, the scenario's title in that language, the page data); the same
options give a byte-identical file whatever --threads; usage errors exit 2 with a message and
write nothing (no -o, no FILE, bad --axes, unknown --without event, a malformed scenario with
FILE:LINE:COL); --notices prints the Apache ECharts notice.
"""

import json
import os
import subprocess
import sys
import tempfile

import yaml


# The sanitizer build (PARLEY_SANITIZED=1, set by tests/CMakeLists.txt) runs the same checks on
# smaller sweeps: the code paths are the same, the sample count only repeats them.
SAMPLES = "40" if os.environ.get("PARLEY_SANITIZED") == "1" else "500"


def main():
    parley, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    passed = failed = 0

    def check(ok, what, details=""):
        nonlocal passed, failed
        print(("PASS " if ok else "FAIL ") + what + ("" if ok or not details else f"\n    {details}"))
        passed, failed = passed + bool(ok), failed + (not ok)

    def run(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, timeout=300)
        return p.returncode, p.stdout, p.stderr.decode(errors="replace")

    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(os.path.join(root, "scenarios"))):
            doc = yaml.safe_load(open(os.path.join(root, "scenarios", name), encoding="utf-8"))
            for lang in ["en", "zh-TW"]:
                out = os.path.join(tmp, f"{name}.{lang}.html")
                code, _, err = run("report", f"scenarios/{name}", "-o", out, "--lang", lang, "--samples", SAMPLES, "-q")
                html = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
                title = doc["title"][lang]
                ok = (code == 0 and html.startswith("<!doctype html>") and len(html.encode()) < 5_000_000
                      and "Content-Security-Policy" in html and f'lang="{lang}"' in html and title in html
                      and 'id="parley-data"' in html)
                check(ok, f"report {name} --lang {lang}: written, < 5 MB, CSP, title, data", f"exit {code} {err[-200:]}")
                # Every shipped scenario has two parties or more: the Process and Mediation
                # sections are there, with their charts, in the page's language.
                if ok:
                    start = html.index('<script id="parley-data" type="application/json">')
                    data = json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])
                    ids = [sec["id"] for sec in data["sections"]]
                    kinds = {c["kind"] for c in data["charts"].values()}
                    check("process" in ids and "mediation" in ids and "paths" in kinds,
                          f"report {name} --lang {lang}: Process and Mediation sections", str(ids))
                    # The report opens with a three-line summary (issue 22 §3): verdict and
                    # robustness, why, the top lever; names, not parameter paths.
                    answer = next(sec for sec in data["sections"] if sec["id"] == "answer")
                    first = answer["blocks"][0]
                    lines = first.get("text", "").split("\n")
                    check(first.get("class") == "summary" and 2 <= len(lines) <= 3,
                          f"report {name} --lang {lang}: three-line summary first", str(first)[:300])
                    if lang == "zh-TW":
                        titles = {sec["id"]: sec["title"] for sec in data["sections"]}
                        check(titles.get("process", "").startswith("談判過程") and titles.get("mediation", "").startswith("調停"),
                              f"report {name} --lang zh-TW: the sections' titles in Chinese", str(titles))
        a, b = os.path.join(tmp, "a.html"), os.path.join(tmp, "b.html")
        run("report", "scenarios/hanoi-2019.yaml", "-o", a, "--samples", SAMPLES, "--threads", "1", "-q")
        run("report", "scenarios/hanoi-2019.yaml", "-o", b, "--samples", SAMPLES, "--threads", "2", "-q")
        check(open(a, "rb").read() == open(b, "rb").read(), "report: --threads 1 and 2 byte-identical")

        bad = os.path.join(tmp, "bad.yaml")
        open(bad, "w", encoding="utf-8").write("parley: 1\nid: x\ntitle: {en: X, zh-TW: X}\nactors: [1, 2]\n")
        out = os.path.join(tmp, "never.html")
        cases = [
            (["report", "scenarios/hanoi-2019.yaml"], "-o"),
            (["report", "-o", out], "FILE"),
            (["report", "scenarios/hanoi-2019.yaml", "-o", out, "--axes", "US"], "--axes"),
            (["report", "scenarios/hanoi-2019.yaml", "-o", out, "--axes", "US,ROK"], "ROK"),
            (["report", "scenarios/hanoi-2019.yaml", "-o", out, "--without", "nope"], "nope"),
            (["report", bad, "-o", out], "bad.yaml:"),
        ]
        for args, needle in cases:
            code, stdout, err = run(*args)
            check(code == 2 and needle in err and not os.path.exists(out),
                  f"{' '.join(args[1:])}: exit 2, message naming {needle}, no file", f"exit {code}: {err[-200:]}")
    code, stdout, err = run("report", "--notices")
    check(code == 0 and b"Apache ECharts" in stdout and b"Apache License" in stdout, "report --notices: the ECharts notice")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
