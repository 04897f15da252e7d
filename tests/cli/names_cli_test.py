#!/usr/bin/env python3
"""Plain words (issue 22 §3): names, not ids; the utility scale explained once; gaps in the
issue's terms; the forecast the validation record supports.

* Names, not ids: the table output of analyze, compare, timeline, sequence --plan (every plan)
  and mediate, on every shipped scenario, in en and zh-TW, shows no id of a named package, an
  event, a deadline, a plan, a stage, an issue or an option where its name should be. Ids that
  read as words ("none", "short", "talks") cannot be told from the prose, so the ids checked
  one by one are those with a '-' or '_' that no text of the scenario contains; and no two
  option ids of consecutive issues (or two issue ids) appear as "a / b", the form package cells
  and their issue-order line had. The lines that echo the command's flags (`--without ID`,
  `--set PATH=V`) and dotted parameter paths given beside their names are allowed.
* The utility scale: analyze's table output and the report explain it in one sentence, once.
* Gaps in the issue's terms: the toy's shortfalls as docs/no-deal.md works them out by hand, in
  analyze's table (en, zh-TW), compare's verdicts and the JSON (`why.PARTY.in_issue_terms`,
  checked against schema/why.schema.json on every shipped scenario).
* The forecast section of the report leads with the model the validation record supports, and
  the record's errors are those `parley validate deu` reproduces (under the sanitizer build,
  PARLEY_SANITIZED=1, only the mean and median models are re-scored).

Usage: /usr/bin/python3 tests/cli/names_cli_test.py PATH/TO/parley REPO_ROOT
"""

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

WIDE = dict(os.environ, COLUMNS="10000")  # wording, not layout
DEU = "tests/data/validation/deu-1996-2008.tsv"


def ids_and_texts(doc):
    """The scenario's ids by kind, and every text it holds (names, descriptions, notes)."""
    ids = {}

    def add(kind, x):
        if isinstance(x, dict) and "id" in x:
            ids.setdefault(kind, set()).add(str(x["id"]))

    for pk in doc.get("packages") or []:
        add("package", pk)
    for e in doc.get("events") or []:
        add("event", e)
    for d in doc.get("deadlines") or []:
        add("deadline", d)
    for pl in doc.get("plans") or []:
        add("plan", pl)
        for st in pl.get("stages") or []:
            add("stage", st)
    for iss in doc.get("issues") or []:
        if iss.get("type") == "continuous":
            continue
        add("issue", iss)
        for o in iss.get("options") or []:
            add("option", o)
    texts = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key not in ("id",):
            texts.append(node)

    walk(doc)
    return ids, "\n".join(texts)


def main(argv):
    parley, root = argv[1], Path(argv[2]).resolve()
    sanitized = os.environ.get("PARLEY_SANITIZED") == "1"
    problems, checked = [], 0

    def run(*args, ok=True):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=600, env=WIDE)
        if ok and p.returncode != 0:
            problems.append(f"parley {' '.join(args)}: exit {p.returncode}: {p.stderr[-300:]}")
        return p.stdout

    # ---- names, not ids ----
    scenarios = sorted((root / "scenarios").glob("*.yaml"))
    if sanitized:
        scenarios = [p for p in scenarios if p.name == "toy-two-party.yaml"]
    for path in scenarios:
        f = str(path.relative_to(root))
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids, texts = ids_and_texts(doc)
        date = str(doc["date"])
        # The timeline over the scenario's events and deadlines (and its date), a month a row.
        dates = [date] + [str(e["date"]) for e in doc.get("events") or []] + [str(d["date"]) for d in doc.get("deadlines") or []]
        first = min(dates)
        last = max(dates)
        if last == first:
            last = str(datetime.date.fromisoformat(first) + datetime.timedelta(days=31))
        for lang in ("en", "zh-TW"):
            outputs = {
                "analyze": run("analyze", f, "--lang", lang, "--no-robustness"),
                "compare": run("compare", f, "--lang", lang, "--no-robustness", "--variant", f"at={date}"),
                "timeline": run("timeline", f, "--lang", lang, "--from", first, "--to", last, "--step", "1m"),
                "mediate": run("mediate", f, "--lang", lang),
            }
            for pl in doc.get("plans") or []:
                outputs[f"sequence --plan {pl['id']}"] = run("sequence", f, "--plan", str(pl["id"]), "--lang", lang)
            # Package cells and their issue-order line: "low / fast / long", "price / delivery".
            issues = [iss for iss in doc.get("issues") or [] if iss.get("type") != "continuous"]
            pairs = [(str(issues[k]["id"]), str(issues[k + 1]["id"])) for k in range(len(issues) - 1)]
            for k in range(len(issues) - 1):
                for a in issues[k].get("options") or []:
                    for b in issues[k + 1].get("options") or []:
                        pairs.append((str(a["id"]), str(b["id"])))
            slash = re.compile("|".join(rf"(?<![\w-]){re.escape(a)} / {re.escape(b)}(?![\w-])" for a, b in pairs)) if pairs else None
            for command, out in outputs.items():
                hit = slash.search(out) if slash else None
                if hit:
                    problems.append(f"{f} {command} --lang {lang}: option or issue ids as a package: '{hit.group(0)}'")
                checked += 1
            for kind, values in ids.items():
                for ident in sorted(values):
                    if "-" not in ident and "_" not in ident:
                        continue
                    # An id that is also a word of the scenario's texts (or of a name) cannot be
                    # told apart from the text around it.
                    if re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", texts):
                        continue
                    pattern = re.compile(rf"(?<![\w.\-]){re.escape(ident)}(?![\w.\-])")
                    for command, out in outputs.items():
                        for line in out.split("\n"):
                            if line.lstrip().startswith(("--without", "--set", "--at")):
                                continue  # the flags as typed
                            if pattern.search(line):
                                problems.append(f"{f} {command} --lang {lang}: the {kind} id '{ident}' where its name "
                                                f"should be: {line.strip()[:160]}")
                                break
                        checked += 1

    # ---- the utility scale, once ----
    toy = "scenarios/toy-two-party.yaml"
    scale = {"en": "Utilities are on each party's own 0 to 1 scale", "zh-TW": "效用以各當事方自己的 0 到 1 量表表示"}
    for lang, sentence in scale.items():
        out = run("analyze", toy, "--lang", lang, "--no-robustness")
        if out.count(sentence) != 1:
            problems.append(f"analyze --lang {lang}: the utility scale sentence appears {out.count(sentence)} times")

    # ---- params: each path with its name, and the effective reservations by party name ----
    for lang, row, eff in (("en", "Buyer: reservation value", "Effective reservations (as analyze uses them, with patrons' backing): Buyer 0.350, Seller"),
                           ("zh-TW", "買方：保留值", "有效保留值（analyze 使用的值，已計入後援方的支持）：買方 0.350、賣方")):
        out = run("params", toy, "--lang", lang)
        lines = [ln for ln in out.split("\n") if ln.startswith("BUYER.reservation ")]
        if not lines or row not in lines[0]:
            problems.append(f"params {toy} --lang {lang}: the BUYER.reservation row has no '{row}': {lines[:1]}")
        if eff not in out:
            problems.append(f"params {toy} --lang {lang}: no '{eff}'")

    # ---- gaps in the issue's terms (docs/no-deal.md works the toy out by hand) ----
    en = run("analyze", toy, "--no-robustness")
    for want in ("short by 0.300 (as much as 83% of the way from Low to Middle on Price)",
                 "short by 0.350 (as much as moving Price from High to Middle and 40% of the way on to Low)",
                 "rejected by Seller (short by 0.300, as much as 83% of the way from Low to Middle on Price)"):
        if want not in en:
            problems.append(f"analyze {toy}: no '{want}'")
    zh = run("analyze", toy, "--no-robustness", "--lang", "zh-TW")
    for want in ("差 0.300（相當於「價格」從「低」往「中」移動 83% 的距離）",
                 "差 0.350（相當於將「價格」從「高」改為「中」，再往「低」移動 40% 的距離）"):
        if want not in zh:
            problems.append(f"analyze {toy} --lang zh-TW: no '{want}'")
    cmp = run("compare", toy, "--no-robustness", "--variant", "set=SELLER.reservation=0.3")
    # The variant's reservation 0.3: Seller is short by 0.350 on buyer-opening, 0.35/0.36 of the step.
    for want in ("rejected by Seller (short by 0.300, as much as 83% of the way from Low to Middle on Price)",
                 "rejected by Seller (short by 0.350, as much as 97% of the way from Low to Middle on Price)"):
        if want not in cmp:
            problems.append(f"compare {toy}: no '{want}'")
    j = json.loads(run("analyze", toy, "--format", "json", "--no-robustness"))
    g = j["named"]["buyer-opening"]["why"]["SELLER"]["in_issue_terms"]
    if not (g and g["issue"] == "price" and g["from"] == "low" and g["lo"] == "low" and g["hi"] == "mid"
            and abs(g["fraction"] - 0.3 / 0.36) < 1e-8 and abs(g["steps"] - 0.3 / 0.36) < 1e-8):
        problems.append(f"analyze {toy} JSON: buyer-opening's in_issue_terms for SELLER is {g}")
    try:
        import jsonschema
        schema = json.loads((root / "schema" / "why.schema.json").read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        for path in sorted((root / "scenarios").glob("*.yaml")):
            f = str(path.relative_to(root))
            a = json.loads(run("analyze", f, "--format", "json", "--no-robustness", "--no-pareto"))
            whys = [v["why"] for v in a["named"].values()] + ([a["closest"]["why"]] if a.get("closest") else [])
            for w in whys:
                for err in validator.iter_errors(w):
                    problems.append(f"{f}: why does not fit schema/why.schema.json: {err.message[:200]}")
            checked += len(whys)
    except ImportError:
        print("SKIP schema check: python3-jsonschema is not installed")

    # ---- the forecast the validation record supports ----
    with tempfile.TemporaryDirectory() as tmp:
        labels = {}
        for lang in ("en", "zh-TW"):
            out = os.path.join(tmp, f"report.{lang}.html")
            run("report", "scenarios/hanoi-2019.yaml", "-o", out, "--lang", lang, "--samples", "0", "-q")
            html = Path(out).read_text(encoding="utf-8") if os.path.exists(out) else ""
            if 'id="parley-data"' not in html:
                problems.append(f"report --lang {lang}: no data")
                continue
            start = html.index('<script id="parley-data" type="application/json">')
            data = json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])
            L = data["labels"]
            text = json.dumps(data, ensure_ascii=False)
            sentence = scale["en" if lang == "en" else "zh-TW"]
            if text.count(sentence) != 1:
                problems.append(f"report --lang {lang}: the utility scale sentence appears {text.count(sentence)} times")
            sec = next((s for s in data["sections"] if s["id"] == "forecasts"), None)
            if sec is None:
                problems.append(f"report --lang {lang}: no forecasts section")
                continue
            tables = [b for b in sec["blocks"] if b.get("type") == "table"]
            paras = [b.get("text", "") for b in sec["blocks"] if b.get("type") == "p"]
            if not tables:
                problems.append(f"report --lang {lang}: no forecast table")
                continue
            by_label = {L[k]: k[len("model_"):] for k in L if k.startswith("model_")}
            for t in tables:
                rows = t["rows"]
                maes = [float(r[2]) for r in rows]
                first = by_label.get(rows[0][0])
                if maes[0] != min(maes):
                    problems.append(f"report --lang {lang}: the first forecast row ({rows[0][0]}) is not the model "
                                    f"with the smallest recorded error {maes}")
                lead = L["forecast_lead"].split("{}")[0]
                if not any(p.startswith(lead) and rows[0][0] in p and rows[0][1] in p for p in paras):
                    problems.append(f"report --lang {lang}: no paragraph leads with {rows[0][0]}'s forecast {rows[0][1]}")
                for r in rows:
                    labels[by_label.get(r[0])] = r[2]
                checked += 1
            if not any(L["model_" + first] in p and "DEU" in p for p in paras if first):
                problems.append(f"report --lang {lang}: the record's sentence does not name the supported model")
        for model, mae in sorted((m, v) for m, v in labels.items() if m):
            if sanitized and model not in ("mean", "median"):
                continue
            v = json.loads(run("validate", "deu", DEU, "--model", model, "--format", "json") or "{}")
            if v.get("issues") != 324 or f"{v.get('mae', -1):.2f}" != mae:
                problems.append(f"the report's record for {model}: mean abs. error {mae}; parley validate deu "
                                f"gives {v.get('mae')} on {v.get('issues')} issues")
            checked += 1

    for p in problems:
        print("FAIL", p)
    print(f"{checked} checks, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
