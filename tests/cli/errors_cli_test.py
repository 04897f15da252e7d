#!/usr/bin/env python3
"""The one error contract of the command line (issue 23 §2, docs/errors.md), for every command.

Usage: /usr/bin/python3 tests/cli/errors_cli_test.py PATH/TO/parley REPO_ROOT

Every failure a user can cause ends with exit code 2 and nothing but contract lines on stderr:
`parley: error: ...`, `FILE:LINE:COL: error: ...` (or `FILE: error: ...` when no line is known) and
the usage hint `parley: see 'parley CMD --help' ...`; nothing on stdout. Checked, for every command
that `parley --help` lists:
  * an unknown flag (the parser's own message, which used to come without the prefix);
  * a scenario file that does not exist and a malformed one, for the commands that read one;
and for the program: an unknown command, mistyped flags, paths, models and what-if items (with
their "did you mean"), compare without a variant, init refusing to overwrite, a missing required option, an analysis
refused as too large (exit 2, `parley: error:`), --help, --version and `parley` alone (exit 0, on stdout).
Internal errors (exit 1, `parley: internal error:`) cannot be caused from the command line; the
mapping is checked in src/core/error_test.cc.
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CONTRACT = re.compile(r"^(parley: error: .+|parley: see 'parley( [a-z]+)? --help' for the usage|"
                      r"[^\s:][^:]*(:\d+(:\d+)?)?: error: .+)$")
# Each command's smallest valid command line around a file F (O: an output path): a missing F,
# a malformed scenario as F (SCENARIO commands) and an unknown flag are tried in it. Commands not
# listed here take no file.
ARGS = {
    "check": ["F"], "analyze": ["F"], "params": ["F"], "bargain": ["F"], "compare": ["F", "--variant", "at=2020-01-01"],
    "mediate": ["F"], "sweep": ["F"], "forecast": ["F", "--issue", "x", "--model", "mean"],
    "timeline": ["F", "--from", "2020-01-01", "--to", "2020-02-01"], "sequence": ["F", "--plan", "p"],
    "report": ["F", "-o", "O"], "export": ["genius", "F", "-o", "O"], "import": ["genius", "F", "F", "F", "-o", "O"],
    "validate": ["deu", "F", "--model", "mean"], "levers": ["F"], "serve": ["F", "--port", "0", "--request-timeout", "10"],
    "init": ["--parties", "2", "--issues", "2"],
}
SCENARIO = {"check", "analyze", "params", "bargain", "compare", "mediate", "sweep", "timeline", "sequence",
            "report", "export", "forecast", "levers", "serve"}


def main():
    parley, root = sys.argv[1], Path(sys.argv[2])
    problems = []

    def run(*args, cwd=root):
        p = subprocess.run([parley, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout, p.stderr

    def user_error(what, *args, expect=None):
        code, out, err = run(*args)
        lines = err.splitlines()
        bad = [l for l in lines if not CONTRACT.match(l)]
        if code != 2 or out or not lines or bad or (expect and expect not in err):
            problems.append(f"{what}: exit {code}, stdout {out[:80]!r}, stderr lines outside the contract "
                            f"{bad[:3]}, stderr {err[:300]!r}")
        return err

    code, out, _ = run("--help")
    listed = re.findall(r"^  ([a-z]+)\s", out.split("SUBCOMMANDS:")[-1], re.M) if code == 0 else []
    if code != 0 or len(listed) < 15:
        problems.append(f"parley --help: exit {code}, commands {listed}")
    for c in set(ARGS) - set(listed):
        problems.append(f"{c} is not listed by parley --help")

    good = root / "scenarios" / "toy-two-party.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        malformed = Path(tmp) / "malformed.yaml"
        malformed.write_text(good.read_text(encoding="utf-8").replace("actors:", "actors: [", 1), encoding="utf-8")

        def line(c, f):
            return [c, *[str(f) if a == "F" else str(Path(tmp) / "out") if a == "O" else a for a in ARGS.get(c, [])]]

        for c in listed:
            # With its file, so the parser's complaint is the flag, not a missing argument.
            err = user_error(f"{c} --no-such-flag", *line(c, good), "--no-such-flag", expect="--no-such-flag")
            if f"'parley {c} --help'" not in err:
                problems.append(f"{c} --no-such-flag: no usage hint naming the command: {err!r}")
            code, out, _ = run(c, "--help")
            if code != 0 or "Usage:" not in out:
                problems.append(f"{c} --help: exit {code}")
            if "F" in ARGS.get(c, []):
                user_error(f"{c} on a missing file", *line(c, Path(tmp) / "nowhere.yaml"), expect="nowhere.yaml")
            if c in SCENARIO:
                err = user_error(f"{c} on a malformed file", *line(c, malformed), expect="malformed.yaml:")
                if not re.search(r"malformed\.yaml:\d+:\d+: error: ", err):
                    problems.append(f"{c} on a malformed file: no FILE:LINE:COL location: {err!r}")

        # `parley` alone: the commands and the tour on stdout, exit 0 (docs/errors.md).
        code, out, err = run()
        if code != 0 or err or "analyze" not in out or "Start here" not in out:
            problems.append(f"parley alone: exit {code}, stdout {out[:200]!r}, stderr {err[:200]!r}")
        # "Did you mean": commands, flags, parameter paths, events, plans, models, what-if items.
        user_error("an unknown command", "analyse", good, expect="unknown command 'analyse'; did you mean 'analyze'?")
        user_error("a mistyped flag", "analyze", good, "--lnag", "zh-TW", expect="did you mean '--lang'?")
        user_error("a mistyped parameter path", "analyze", good, "--set", "BUYER.reservaton=0.5",
                   expect="did you mean 'BUYER.reservation'?")
        user_error("a mistyped model", "forecast", good, "--issue", "x", "--model", "meen", expect="did you mean 'mean'?")
        user_error("compare without a variant", "compare", good, expect="--variant")
        user_error("compare with a mistyped item", "compare", good, "--variant", "withuot=x",
                   expect="'withuot=x': unknown what-if item (did you mean 'without'?)")
        user_error("init over an existing file", "init", "-o", good, expect="does not overwrite")
        user_error("init with too many parties", "init", "--parties", "99", expect="--parties 99")
        user_error("import without its format", "import")
        # An analysis refused as too large: mediate enumerates every package (10^40 here).
        big = Path(tmp) / "big.yaml"
        code, _, err = run("generate", "--issues", "40", "--options", "10", "--parties", "2", "-o", big)
        if code != 0:
            problems.append(f"generate: exit {code}: {err}")
        else:
            user_error("mediate on 10^40 packages", "mediate", big, expect="parley: error: ")
        code, out, err = run("--version")
        if code != 0 or not out.startswith("parley ") or err:
            problems.append(f"--version: exit {code}, {out!r}, {err!r}")

    for p in problems:
        print("FAIL:", p)
    print(f"errors_cli_test: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
