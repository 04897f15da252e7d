#!/usr/bin/env python3
"""Chinese that can be published (issue 22 §5, docs/glossary.md): every command that takes --lang
(analyze, params, levers, mediate, timeline, sequence with and without --plan, compare, bargain, forecast
with every model, sweep) and the report, run on every shipped scenario in both languages, show
every string of the program in the language asked for:
  * the English output has no Chinese character (the shipped scenarios name everything in
    English too, so a Chinese character there is a program string missing its English);
  * the zh-TW output has
  * no ASCII comma, semicolon or colon between two Chinese characters (full-width punctuation);
  * no English word other than ids, units, proper names and the scenario's own texts that have no
    zh-TW version (evidence notes, source titles: quoted as written);
and the report's message catalogue (the labels it embeds for its script) has every key in both
languages, non-empty, with the same placeholders.

Usage: /usr/bin/python3 tests/cli/zh_output_test.py PATH/TO/parley REPO_ROOT
Under the sanitizer build (PARLEY_SANITIZED=1) only the toy scenario is run.
"""
import html
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml

parley, root = sys.argv[1], pathlib.Path(sys.argv[2])
sanitized = os.environ.get("PARLEY_SANITIZED") == "1"

CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
ASCII_PUNCT_BETWEEN_CJK = re.compile(f"[{CJK}] ?[,;:] ?[{CJK}]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# Proper names, program and model names, units and abbreviations a Chinese text keeps as they are.
ALLOWED = {
    "parley", "ZOPA", "Putnam", "Kalai", "Smorodinsky", "ECharts", "Apache", "License", "JavaScript", "JSON",
    "YAML", "CSV", "HTML", "MPI", "Sobol", "Bueno", "de", "Mesquita", "GENIUS", "GeniusWeb", "NegMAS", "SAO",
    "docs", "md", "yaml", "html", "json", "e", "x", "s", "ms", "h", "d", "km", "KB", "MB", "GB", "USD", "EUR",
    "CI", "p", "N", "n", "k", "t", "u", "v", "vs", "Boulware", "Conceder", "Wilson", "Kydd", "FILE", "ID", "PATH",
    "VALUE", "DATE", "PACKAGE", "PLAN", "EVENT", "DEU",
}
# The command names (in the header every output opens with: parley VERSION · COMMAND · ...).
ALLOWED |= {"check", "analyze", "params", "timeline", "bargain", "compare", "sequence", "generate", "import",
            "export", "forecast", "validate", "sweep", "report", "mediate", "serve", "levers", "init"}


def scenario_han(doc):
    """Chinese characters of the scenario's texts other than its zh-TW ones (a source's author or
    original title written in Chinese): an English output quotes them as written."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "zh-TW":
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            found.update(HAN.findall(node))

    walk(doc)
    return found


def scenario_words(path):
    """Ids and every word of the scenario's texts that have no zh-TW version."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = set()

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                words.update(WORD.findall(str(k)))
                if k == "en" and "zh-TW" in node:
                    continue  # shown in Chinese: its English words are not allowed
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif node is not None:
            words.update(WORD.findall(str(node)))

    walk(doc)
    return words


def visible_text(page):
    # Scripts, styles and the third-party licences (legal text quoted as published) are not prose.
    page = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<summary>(LICENSE|NOTICE)[^<]*</summary>", " ", page)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def check(name, text, allowed, failures):
    for m in ASCII_PUNCT_BETWEEN_CJK.finditer(text):
        failures.append(f"{name}: ASCII punctuation between Chinese characters: '{m.group(0)}'")
    for line in text.splitlines():
        # Flags, paths, commands and ids in paths are kept as typed.
        # Also parameter paths (ACTOR.reservation) and tactic specs (boulware:beta=0.2): ids as typed.
        stripped = re.sub(r"--[A-Za-z][\w-]*|\S*[/\\]\S*|\S+\.(md|yaml|json|html)\b|parley \w+|"
                          r"[A-Za-z][\w-]*(\.[\w-]+)+|[A-Za-z][\w-]*:[\w.=,-]+", " ", line)
        for w in WORD.findall(stripped):
            parts = [p for p in re.split(r"[-'’]", w) if p]
            if w in allowed or all(p in allowed for p in parts):
                continue
            failures.append(f"{name}: English word '{w}' in: {line.strip()[:160]}")


def run(args):
    # A wide terminal: wrapped prose would otherwise split words and the checks read lines.
    env = dict(os.environ, COLUMNS="400")
    r = subprocess.run([parley] + args, capture_output=True, text=True, encoding="utf-8", env=env)
    if r.returncode != 0:
        raise SystemExit(f"parley {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]+")


def check_english(name, text, quoted, failures):
    for line in text.splitlines():
        for m in HAN.finditer(line):
            if any(m.group(0) in q for q in quoted):
                continue
            failures.append(f"{name}: Chinese '{m.group(0)}' in the English output: {line.strip()[:160]}")


def continuous_issues(doc):
    return [i["id"] for i in doc.get("issues", []) if isinstance(i, dict) and i.get("type") == "continuous"]


MODELS = ["mean", "median", "eum", "exchange", "anchored"]
ALLOWED |= set(MODELS)  # a model's id, as typed after --model, is shown with its Chinese name


failures = []
scenarios = sorted((root / "scenarios").glob("*.yaml"))
if sanitized:
    scenarios = [p for p in scenarios if p.name == "toy-two-party.yaml"]
with tempfile.TemporaryDirectory() as tmp:
    for path in scenarios:
        allowed = ALLOWED | scenario_words(path)
        f = str(path)
        plans = json.loads(run(["sequence", f, "--format", "json"])).get("plans", []) if "plans:" in path.read_text(
            encoding="utf-8") else []
        date = re.search(r"^date: (\d{4})-(\d\d-\d\d)", path.read_text(encoding="utf-8"), re.M)
        year, rest = int(date.group(1)), date.group(2)
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        quoted = scenario_han(doc)
        commands = [["analyze", f], ["params", f], ["levers", f, "--top", "5"], ["mediate", f],
                    ["timeline", f, "--from", f"{year - 1}-{rest}", "--to", f"{year}-{rest}", "--step", "3m"],
                    ["compare", f, "--variant", f"at={year + 1}-{rest}"],
                    ["bargain", f, "--to", f"{year}-{rest}" if sanitized else f"{year + 1}-{rest}"]]
        if plans:
            commands.append(["sequence", f])
            commands += [["sequence", f, "--plan", p["id"]] for p in plans]
        for issue in continuous_issues(doc):
            commands += [["forecast", f, "--issue", issue, "--model", m] for m in MODELS]
        if "dist:" in path.read_text(encoding="utf-8") and not sanitized:
            commands.append(["sweep", f, "--samples", "200", "--sobol-parameters", "2", "-q", "--threads", "2"])
        for args in commands:
            label = f"{path.name}: parley {' '.join(args[:1] + args[2:])}"
            check(f"{label} --lang zh-TW", run(args + ["--lang", "zh-TW"]), allowed, failures)
            check_english(f"{label} --lang en", run(args + ["--lang", "en"]), quoted, failures)
        pages = {}
        for lang in ("en", "zh-TW"):
            out = os.path.join(tmp, f"{path.stem}.{lang}.html")
            run(["report", f, "--lang", lang, "-o", out])
            pages[lang] = pathlib.Path(out).read_text(encoding="utf-8")
        check(f"{path.name}: report --lang zh-TW", visible_text(pages["zh-TW"]), allowed, failures)
        check_english(f"{path.name}: report --lang en", visible_text(pages["en"]), quoted, failures)
        # The catalogue: every label in both languages, with the same placeholders.
        labels = {}
        for lang, page in pages.items():
            m = re.search(r'<script id="parley-data" type="application/json">(.*?)</script>', page, re.S)
            assert m, "the report embeds no parley-data"
            labels[lang] = json.loads(m.group(1))["labels"]
        if set(labels["en"]) != set(labels["zh-TW"]):
            failures.append(f"labels differ between languages: {set(labels['en']) ^ set(labels['zh-TW'])}")
        for key, en in labels["en"].items():
            zh = labels["zh-TW"].get(key, "")
            if not en or not zh:
                failures.append(f"label {key}: empty in one language")
            def specs(text):  # placeholders, without positional indices (a translation may reorder)
                return sorted(re.sub(r"^\{\d*", "{", p) for p in re.findall(r"\{[^}]*\}", text))
            if specs(en) != specs(zh):
                failures.append(f"label {key}: placeholders differ: {en!r} / {zh!r}")
            check(f"label {key}", re.sub(r"\{[^}]*\}", " ", zh), ALLOWED, failures)

for f in sorted(set(failures)):
    print(f)
print(f"zh_output_test: {len(scenarios)} scenarios, {len(set(failures))} problems")
sys.exit(1 if failures else 0)
