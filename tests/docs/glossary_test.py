#!/usr/bin/env python3
"""The glossary (docs/glossary.md) is the one list of Chinese terms: every zh-TW term in it is used
by the message catalogue (the report's labels and the renderers), and no term it marks as not
used appears in the sources, the docs, the README or the shipped scenarios.

Usage: glossary_test.py REPO_ROOT
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
text = (root / "docs/glossary.md").read_text(encoding="utf-8")
m = re.search(r"<!-- glossary:begin -->(.*)<!-- glossary:end -->", text, re.S)
assert m, "docs/glossary.md: the table markers are missing"
rows = []
for line in m.group(1).splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 4 or cells[0] in ("English", "") or set(cells[0]) <= set("-"):
        continue
    avoid = [a for a in re.split(r"[、,]", cells[2]) if a.strip()]
    rows.append((cells[0], cells[1], avoid))
assert len(rows) >= 20, f"the glossary has only {len(rows)} rows"

failures = []
zh_terms = [r[1] for r in rows]
if len(set(zh_terms)) != len(zh_terms):
    failures.append("a zh-TW term is given for two concepts")


def sources(patterns):
    for pattern in patterns:
        for p in sorted(root.glob(pattern)):
            if p.is_file() and not p.name.endswith("_test.cc"):
                yield p


catalogue = "".join(p.read_text(encoding="utf-8") for p in sources(
    ["src/report/labels.cc", "src/render/*.cc", "src/serve/assets/*.js"]))
for en, zh, _ in rows:
    if zh not in catalogue:
        failures.append(f"glossary term {zh} ({en}) is not used by the catalogue")

# Every user-visible text: sources, docs (but the glossary itself), README, scenarios.
texts = [p for p in sources(["src/**/*.cc", "src/**/*.h", "src/**/*.js", "docs/**/*.md", "README.md",
                             "scenarios/*.yaml"]) if p.name != "glossary.md"]
for p in texts:
    body = p.read_text(encoding="utf-8")
    for en, zh, avoid in rows:
        cleaned = body.replace(zh, "")  # an avoided term may be part of the chosen one
        for a in avoid:
            for lineno, line in enumerate(cleaned.splitlines(), 1):
                if a in line:
                    failures.append(f"{p.relative_to(root)}:{lineno}: '{a}' used for '{en}'; the glossary says {zh}")

for f in failures:
    print(f)
print(f"glossary_test: {len(rows)} terms, {len(texts)} files, {len(failures)} problems")
sys.exit(1 if failures else 0)
