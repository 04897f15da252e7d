#!/usr/bin/env python3
"""The example files shown in the docs are the files: a ``` block right after a line
`<!-- example: PATH -->` must be PATH's text (PATH relative to the repository root). Their
`parley check` output is checked by doc_outputs.py like any other console block.

Usage: /usr/bin/python3 tests/docs/doc_examples_test.py REPO_ROOT
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
MARK = re.compile(r"^<!-- example: (\S+) -->$")
checked, failures = 0, []
for doc in sorted([root / "README.md", *root.glob("docs/**/*.md")]):
    lines = doc.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        m = MARK.match(line)
        if not m:
            continue
        end = i + 2
        while end < len(lines) and lines[end] != "```":
            end += 1
        shown = "\n".join(lines[i + 2:end]) + "\n"
        target = root / m.group(1)
        checked += 1
        if not target.is_file() or target.read_text(encoding="utf-8") != shown:
            failures.append(f"{doc.relative_to(root)}:{i + 1}: the block differs from {m.group(1)}")
for f in failures:
    print(f)
print(f"doc_examples_test: {checked} examples, {len(failures)} problems")
sys.exit(1 if failures or not checked else 0)
