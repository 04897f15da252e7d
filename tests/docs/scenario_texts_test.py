#!/usr/bin/env python3
"""Every shipped scenario speaks both languages (issue 22 §5, docs/glossary.md): each evidence note
is a map with an English and a Traditional Chinese text, and every zh-TW text of a scenario is
Chinese that can be published: it holds Chinese characters, it is not the English text copied,
it has no ASCII comma, semicolon or colon between two Chinese characters, and no space between
two Chinese characters (a folded YAML block (`>-`) joins its lines with a space, which Chinese
does not use between words).

Usage: scenario_texts_test.py REPO_ROOT
"""
import pathlib
import re
import sys

import yaml

root = pathlib.Path(sys.argv[1])
HAN = "\u3400-\u9fff\uf900-\ufaff"
CJK = HAN + "\u3000-\u303f\uff00-\uffef"
ASCII_PUNCT = re.compile(f"[{CJK}] ?[,;:] ?[{CJK}]")
WORDLIKE = HAN + "，。；：、（）「」《》"  # characters Chinese writes without spaces between them
SPACE = re.compile(f"[{WORDLIKE}]\\s+[{WORDLIKE}]")
failures = []
counts = {}


def check_text(where, text):
    if not re.search(f"[{HAN}]", text):
        failures.append(f"{where}: the zh-TW text has no Chinese characters: {text[:80]!r}")
    for m in ASCII_PUNCT.finditer(text):
        failures.append(f"{where}: ASCII punctuation between Chinese characters: {m.group(0)!r}")
    for m in SPACE.finditer(text):
        failures.append(f"{where}: a space between Chinese characters (a folded YAML line?): {m.group(0)!r}")


def walk(path, node, where):
    if isinstance(node, dict):
        for k, v in node.items():
            here = f"{where}.{k}" if where else str(k)
            if k == "note":
                counts[path.name][0] += 1
                if not isinstance(v, dict) or not str(v.get("en", "")).strip() or not str(v.get("zh-TW", "")).strip():
                    failures.append(f"{path.name}: {here}: the evidence note is not given in both en and zh-TW")
                    continue
                counts[path.name][1] += 1
                if v["en"].strip() == v["zh-TW"].strip():
                    failures.append(f"{path.name}: {here}: the zh-TW note is the English text")
            if k == "zh-TW" and isinstance(v, str):
                check_text(f"{path.name}: {where}", v)
            walk(path, v, here)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(path, v, f"{where}[{v.get('id', i) if isinstance(v, dict) else i}]")


scenarios = sorted((root / "scenarios").glob("*.yaml"))
assert scenarios, "no shipped scenarios found"
for path in scenarios:
    counts[path.name] = [0, 0]
    walk(path, yaml.safe_load(path.read_text(encoding="utf-8")), "")

for f in failures:
    print(f)
for name, (n, both) in counts.items():
    print(f"{name}: {n} evidence notes, {both} in both languages")
print(f"scenario_texts_test: {len(scenarios)} scenarios, {len(failures)} problems")
sys.exit(1 if failures else 0)
