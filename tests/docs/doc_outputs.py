#!/usr/bin/env python3
"""Keeps the command outputs shown in the docs true.

Usage: /usr/bin/python3 tests/docs/doc_outputs.py PATH/TO/parley REPO_ROOT [--update]

Two kinds of blocks are checked in README.md and docs/**/*.md:
  * a ```console block whose first line is `$ build/release/parley ARGS`: the rest of the block
    must be the output of `parley ARGS`;
  * a ``` block right after a line `<!-- output: parley ARGS -->`: the block must be that output.
Commands run from REPO_ROOT. With --update the blocks are rewritten (review the diff). Prints one
line per block and ends with `N passed, N failed`.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

MARK = re.compile(r"^<!-- output: parley (.*) -->$")


def output_of(parley, root, args):
    # A piped run's width (100 columns), whatever the terminal the test runs in.
    env = dict(os.environ, COLUMNS="100")
    p = subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=300, env=env)
    return p.stdout + p.stderr


def process(path, parley, root, update, results):
    lines = path.read_text(encoding="utf-8").split("\n")
    out, i, changed = [], 0, False
    while i < len(lines):
        line = lines[i]
        args = None
        if line == "```console" and i + 1 < len(lines) and lines[i + 1].startswith("$ build/release/parley "):
            args = shlex.split(lines[i + 1][len("$ build/release/parley "):])
            out += [line, lines[i + 1]]
            i += 2
        elif MARK.match(line) and i + 1 < len(lines) and lines[i + 1] == "```":
            args = shlex.split(MARK.match(line).group(1))
            out += [line, lines[i + 1]]
            i += 2
        if args is None:
            out.append(line)
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end] != "```":
            end += 1
        shown = "\n".join(lines[i:end])
        actual = output_of(parley, root, args).rstrip("\n")
        ok = shown == actual
        name = f"{path.relative_to(root)}: parley {' '.join(args)}"
        if ok or update:
            results[0] += 1
            print(f"{'PASS' if ok else 'UPDATED'} {name}")
        else:
            results[1] += 1
            print(f"FAIL {name} (run tests/docs/doc_outputs.py with --update and review the diff)")
        out += (actual.split("\n") if update else lines[i:end])
        changed = changed or (update and not ok)
        i = end
    if changed:
        path.write_text("\n".join(out), encoding="utf-8")


def main(argv):
    parley, root = argv[1], Path(argv[2]).resolve()
    update = "--update" in argv
    results = [0, 0]
    for path in [root / "README.md", *sorted((root / "docs").rglob("*.md"))]:
        process(path, parley, root, update, results)
    print(f"{results[0]} passed, {results[1]} failed")
    return 1 if results[1] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
