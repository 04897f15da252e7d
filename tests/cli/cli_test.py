#!/usr/bin/env python3
"""End-to-end checks of the parley command line.

Usage: /usr/bin/python3 tests/cli/cli_test.py PATH/TO/parley REPO_ROOT

Runs the binary the way a user does (working directory = REPO_ROOT, relative paths) and checks:
  * every scenarios/*.yaml: `check` exits 0; `analyze --format json` exits 0 and honours the JSON
    contract (scenario, packages_total, zopa_size, pareto_size, nash, kalai_smorodinsky,
    closest, named); the table output exits 0 and names the scenario; `--lang zh-TW` prints the
    zh-TW title; `--threads 1` and `--threads 2` give byte-identical JSON, and so do two runs;
  * the Hanoi contract (scenarios/hanoi-2019.yaml): no ZOPA, each side rejects the other's
    offer, a closest package with a positive shortfall that the explanation names;
    `--set US.reservation=0.25` opens a ZOPA and is echoed under "overrides"; `params` lists
    US.reservation with its evidence;
  * exit codes and messages for usage errors and bad input (code 2, `FILE:LINE:COL: error:`);
  * `--help` on every subcommand listed by `parley --help`, and `--version`;
  * `generate` writes a scenario that `check` accepts, identically for the same seed;
  * golden transcripts: `analyze --format json` of the scenarios in GOLDEN equals
    tests/cli/golden/NAME.analyze.json byte for byte (regenerate them on purpose with
    tests/cli/update-golden.sh, then review the diff).
Prints one line per check (PASS/FAIL) and ends with `N passed, N failed`; exits 1 on failure.

Standard library plus PyYAML (Debian's python3-yaml), used only to find names and titles to look
for in parley's output.
"""

import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml
from pathlib import Path

GOLDEN = ["hanoi-2019", "toy-two-party"]
TIMEOUT = 300


# ---- results ------------------------------------------------------------------------------------

class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, details=()):
        if ok:
            self.passed += 1
            print(f"PASS {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}")
            if isinstance(details, str):
                details = [details]
            for d in details:
                print(f"    {d}")
        return ok


# ---- running parley -----------------------------------------------------------------------------

class Proc:
    def __init__(self, code, out, err):
        self.code = code
        self.out = out  # bytes
        self.err = err  # bytes

    @property
    def stdout(self):
        return self.out.decode("utf-8", errors="replace")

    @property
    def stderr(self):
        return self.err.decode("utf-8", errors="replace")

    def describe(self):
        tail = self.stderr.strip().splitlines()[-3:]
        return [f"exit code {self.code}"] + [f"stderr: {line}" for line in tail]


def make_runner(parley, root):
    def run(*args):
        try:
            p = subprocess.run([parley, *args], cwd=root, stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return Proc(-1, b"", b"timed out")
        return Proc(p.returncode, p.stdout, p.stderr)
    return run


def parse_json(proc):
    try:
        return json.loads(proc.out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


# ---- scenario files (PyYAML from Debian's python3-yaml, installed by scripts/install-deps.sh) ------

def read_yaml(text):
    """Loads a scenario with dates and yes/no kept as text, as parley reads them."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return yaml.load(text, Loader=Loader)


def text_in(value, lang):
    """A name or title (plain string = English) in one language, or None."""
    if isinstance(value, dict):
        return value.get(lang)
    return value if lang == "en" else None


# ---- checks -------------------------------------------------------------------------------------

def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def contract_problems(j, issue_ids):
    """Problems with the `analyze --format json` contract, as a list of strings."""
    problems = []
    if not isinstance(j, dict):
        return ["output is not a JSON object"]
    for key in ("scenario", "packages_total", "zopa_size", "pareto_size", "nash", "kalai_smorodinsky", "closest",
                "named"):
        if key not in j:
            problems.append(f"missing key '{key}'")
    if problems:
        return problems
    if not isinstance(j["scenario"], str) or not j["scenario"]:
        problems.append("'scenario' is not a non-empty string")
    for key in ("packages_total", "zopa_size"):
        if not isinstance(j[key], int) or isinstance(j[key], bool) or j[key] < 0:
            problems.append(f"'{key}' is not a non-negative integer")
    if j["pareto_size"] is not None and (not isinstance(j["pareto_size"], int) or j["pareto_size"] < 0):
        problems.append("'pareto_size' is not a non-negative integer or null")

    def package_ok(what, p):
        if not isinstance(p, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in p.items()):
            problems.append(f"{what}.package is not an object of ISSUE: OPTION strings")
        elif issue_ids is not None and set(p) != set(issue_ids):
            problems.append(f"{what}.package names issues {sorted(p)}, expected {sorted(issue_ids)}")

    def numbers_ok(what, u):
        if not isinstance(u, dict) or not u or not all(isinstance(k, str) and is_number(v) for k, v in u.items()):
            problems.append(f"{what} is not a non-empty object of ACTOR: NUMBER")

    for key in ("nash", "kalai_smorodinsky"):
        v = j[key]
        if v is None:
            continue
        if not isinstance(v, dict) or "package" not in v or "utilities" not in v:
            problems.append(f"'{key}' is neither null nor {{package, utilities}}")
            continue
        package_ok(key, v["package"])
        numbers_ok(f"{key}.utilities", v["utilities"])
    c = j["closest"]
    if c is not None:
        if not isinstance(c, dict) or "package" not in c or "shortfall" not in c:
            problems.append("'closest' is neither null nor {package, shortfall}")
        else:
            package_ok("closest", c["package"])
            numbers_ok("closest.shortfall", c["shortfall"])
    if not isinstance(j["named"], dict):
        problems.append("'named' is not an object")
    else:
        for pid, v in j["named"].items():
            if not isinstance(v, dict) or not all(k in v for k in ("utilities", "accepted_by", "rejected_by")):
                problems.append(f"named['{pid}'] lacks utilities, accepted_by or rejected_by")
                continue
            numbers_ok(f"named['{pid}'].utilities", v["utilities"])
            if not isinstance(v["accepted_by"], list) or not all(isinstance(a, str) for a in v["accepted_by"]):
                problems.append(f"named['{pid}'].accepted_by is not a list of actor ids")
            if not isinstance(v["rejected_by"], (dict, list)):
                problems.append(f"named['{pid}'].rejected_by is not an object or list")
    # Consistency between the fields.
    if isinstance(j["zopa_size"], int) and not problems:
        if j["zopa_size"] > 0 and (j["nash"] is None or j["kalai_smorodinsky"] is None or j["closest"] is not None):
            problems.append("a non-empty ZOPA needs nash and kalai_smorodinsky, and no closest")
        if j["zopa_size"] == 0 and (j["nash"] is not None or j["kalai_smorodinsky"] is not None or j["closest"] is None):
            problems.append("an empty ZOPA needs closest, and no nash or kalai_smorodinsky")
        if j["zopa_size"] > j["packages_total"]:
            problems.append("zopa_size exceeds packages_total")
    return problems


def first_diff(expected, got, name_a, name_b, limit=40):
    lines = list(difflib.unified_diff(expected.decode("utf-8", "replace").splitlines(),
                                      got.decode("utf-8", "replace").splitlines(), name_a, name_b, lineterm=""))
    return lines[:limit] + ([f"... ({len(lines) - limit} more diff lines)"] if len(lines) > limit else [])


def main(argv):
    if len(argv) != 3:
        print("usage: cli_test.py PATH/TO/parley REPO_ROOT", file=sys.stderr)
        return 2
    parley = str(Path(argv[1]).resolve())
    root = Path(argv[2]).resolve()
    run = make_runner(parley, root)
    R = Results()

    version_h = (root / "src/core/version.h").read_text(encoding="utf-8")
    m = re.search(r'kVersion\s*=\s*"([^"]+)"', version_h)
    version = m.group(1) if m else None

    # ---- every shipped scenario ----
    scenarios = sorted((root / "scenarios").glob("*.yaml"))
    R.check(len(scenarios) >= 3, f"scenarios/ holds scenario files ({len(scenarios)})")
    analyses = {}
    for path in scenarios:
        rel = str(path.relative_to(root))
        try:
            doc = read_yaml(path.read_text(encoding="utf-8"))
        except Exception as e:  # the reader is only a helper; report and go on
            doc = None
            R.check(False, f"{rel}: readable by the test's YAML reader", str(e))
        sid = doc.get("id") if isinstance(doc, dict) else None
        issue_ids = [i["id"] for i in doc.get("issues", [])] if isinstance(doc, dict) else None

        p = run("check", rel)
        R.check(p.code == 0, f"{rel}: check exits 0", p.describe())

        p = run("analyze", rel, "--format", "json")
        j = parse_json(p)
        R.check(p.code == 0 and j is not None, f"{rel}: analyze --format json exits 0 with JSON", p.describe())
        if j is not None:
            analyses[path.stem] = (p, j, doc)
            problems = contract_problems(j, issue_ids)
            R.check(not problems, f"{rel}: JSON contract keys and shapes", problems)
            R.check(sid is not None and j.get("scenario") == sid, f"{rel}: JSON scenario is the file's id '{sid}'",
                    f"got {j.get('scenario')!r}")
            R.check(version is not None and j.get("version") == version, f"{rel}: JSON version is {version}",
                    f"got {j.get('version')!r}")

        p = run("analyze", rel)
        R.check(p.code == 0 and sid is not None and sid in p.stdout, f"{rel}: table output exits 0 and names '{sid}'",
                p.describe())
        en_title = text_in(doc.get("title"), "en") if isinstance(doc, dict) else None
        R.check(en_title is not None and en_title in p.stdout, f"{rel}: table output shows the English title",
                f"title {en_title!r} not found")

        p = run("analyze", rel, "--lang", "zh-TW")
        zh_title = text_in(doc.get("title"), "zh-TW") if isinstance(doc, dict) else None
        R.check(p.code == 0 and zh_title is not None and zh_title in p.stdout,
                f"{rel}: --lang zh-TW table shows the zh-TW title", p.describe() + [f"title {zh_title!r}"])

        p1 = run("analyze", rel, "--format", "json", "--threads", "1")
        p2 = run("analyze", rel, "--format", "json", "--threads", "2")
        R.check(p1.code == 0 and p2.code == 0 and p1.out == p2.out, f"{rel}: --threads 1 and --threads 2 byte-identical",
                first_diff(p1.out, p2.out, "--threads 1", "--threads 2"))
        a = run("analyze", rel, "--format", "json")
        b = run("analyze", rel, "--format", "json")
        R.check(a.code == 0 and a.out == b.out, f"{rel}: two runs byte-identical",
                first_diff(a.out, b.out, "run 1", "run 2"))
        a = run("analyze", rel)
        b = run("analyze", rel)
        R.check(a.code == 0 and a.out == b.out, f"{rel}: two table runs byte-identical",
                first_diff(a.out, b.out, "run 1", "run 2"))

    # ---- the Hanoi contract ----
    hanoi = "scenarios/hanoi-2019.yaml"
    if "hanoi-2019" not in analyses:
        R.check(False, f"{hanoi}: analysed", "no JSON for the Hanoi scenario")
    else:
        _, j, doc = analyses["hanoi-2019"]
        R.check(j.get("zopa_size") == 0, f"{hanoi}: zopa_size == 0", f"got {j.get('zopa_size')!r}")
        named = j.get("named") or {}
        big = named.get("us-big-deal", {}).get("rejected_by", {})
        R.check("DPRK" in big, f"{hanoi}: us-big-deal is rejected by DPRK", f"rejected_by = {big!r}")
        offer = named.get("dprk-offer", {}).get("rejected_by", {})
        R.check("US" in offer, f"{hanoi}: dprk-offer is rejected by US", f"rejected_by = {offer!r}")
        closest = j.get("closest")
        shortfalls = list(closest["shortfall"].values()) if isinstance(closest, dict) else []
        R.check(closest is not None and any(is_number(s) and s > 0 for s in shortfalls),
                f"{hanoi}: closest package with a positive shortfall", f"closest = {closest!r}")
        # The explanation names the closest package: every "Issue: Option" of it, by English names.
        expl = j.get("explanation", "")
        missing = []
        if isinstance(closest, dict) and isinstance(doc, dict):
            issues = {i["id"]: i for i in doc.get("issues", [])}
            for issue_id, option_id in closest["package"].items():
                issue = issues.get(issue_id, {})
                option = next((o for o in issue.get("options", []) if str(o.get("id")) == option_id), {})
                phrase = f"{text_in(issue.get('name'), 'en')}: {text_in(option.get('name'), 'en')}"
                if phrase not in expl:
                    missing.append(phrase)
        R.check(isinstance(closest, dict) and "closest package" in expl and not missing,
                f"{hanoi}: the explanation names the closest package", [f"missing: {m}" for m in missing] + [expl[:300]])
        # Whoever falls short is named in the explanation.
        actors = {a["id"]: a for a in doc.get("actors", [])} if isinstance(doc, dict) else {}
        short_names = [text_in(actors.get(a, {}).get("name"), "en") for a, s in (closest or {}).get("shortfall", {}).items()
                       if is_number(s) and s > 0]
        R.check(short_names and all(n and n in expl for n in short_names),
                f"{hanoi}: the explanation names the party that falls short", f"names {short_names!r}")

        p = run("analyze", hanoi, "--set", "US.reservation=0.25", "--format", "json")
        k = parse_json(p)
        R.check(p.code == 0 and k is not None and isinstance(k.get("zopa_size"), int) and k["zopa_size"] > 0,
                f"{hanoi}: --set US.reservation=0.25 gives a non-empty ZOPA",
                p.describe() + [f"zopa_size = {k.get('zopa_size') if k else None!r}"])
        R.check(k is not None and k.get("overrides") == {"US.reservation": 0.25},
                f"{hanoi}: JSON overrides echoes US.reservation", f"overrides = {k.get('overrides') if k else None!r}")
        R.check(k is not None and (k.get("reservations") or {}).get("US") == 0.25,
                f"{hanoi}: the override is the reservation used", f"reservations = {k.get('reservations') if k else None!r}")

        p = run("params", hanoi, "--format", "json")
        pj = parse_json(p)
        entry = None
        if isinstance(pj, dict):
            entry = next((e for e in pj.get("params", []) if e.get("path") == "US.reservation"), None)
        ev = entry.get("evidence") if isinstance(entry, dict) else None
        R.check(p.code == 0 and entry is not None, f"{hanoi}: params --format json lists US.reservation", p.describe())
        R.check(isinstance(ev, list) and len(ev) > 0 and all(
                    isinstance(e, dict) and e.get("source") and e.get("locator") and e.get("note") for e in ev),
                f"{hanoi}: US.reservation carries its evidence (source, locator, note)", f"evidence = {ev!r}")
        R.check(isinstance(entry, dict) and entry.get("value") == (j.get("reservations") or {}).get("US"),
                f"{hanoi}: params value of US.reservation equals analyze's reservation",
                f"params {entry.get('value') if entry else None!r}, analyze {(j.get('reservations') or {}).get('US')!r}")
        p = run("params", hanoi)
        R.check(p.code == 0 and "US.reservation" in p.stdout, f"{hanoi}: params table lists US.reservation", p.describe())

    # ---- the toy scenario's hand-computed answers (docs/scenarios/toy-two-party.md §10) ----
    if "toy-two-party" in analyses:
        _, j, _ = analyses["toy-two-party"]
        toy = "scenarios/toy-two-party.yaml"
        R.check((j.get("packages_total"), j.get("zopa_size"), j.get("pareto_size"), j.get("pareto_zopa_size")) == (12, 6, 10, 4),
                f"{toy}: 12 packages, ZOPA 6, Pareto 10 (4 in the ZOPA)")
        R.check((j.get("nash") or {}).get("package") == {"price": "high", "delivery": "fast", "warranty": "long"},
                f"{toy}: Nash is high/fast/long", f"nash = {j.get('nash')!r}")
        R.check((j.get("kalai_smorodinsky") or {}).get("package") == {"price": "mid", "delivery": "slow", "warranty": "long"},
                f"{toy}: Kalai-Smorodinsky is mid/slow/long", f"ks = {j.get('kalai_smorodinsky')!r}")
        p = run("analyze", toy, "--set", "SELLER.reservation=0.68", "--format", "json")
        k = parse_json(p) or {}
        R.check(k.get("zopa_size") == 0 and (k.get("closest") or {}).get("package") ==
                {"price": "mid", "delivery": "fast", "warranty": "short"}
                and abs(((k.get("closest") or {}).get("shortfall") or {}).get("SELLER", -1) - 0.02) < 1e-9,
                f"{toy}: SELLER.reservation=0.68 gives no ZOPA, closest mid/fast/short short by 0.02 for SELLER",
                f"closest = {k.get('closest')!r}")

    # ---- exit codes and messages ----
    p = run()
    R.check(p.code == 2, "no arguments: exit 2", p.describe())
    p = run("frobnicate")
    R.check(p.code == 2, "unknown subcommand: exit 2", p.describe())
    p = run("analyze")
    R.check(p.code == 2, "analyze without FILE: exit 2", p.describe())
    p = run("analyze", "no/such/file.yaml")
    R.check(p.code == 2 and "no/such/file.yaml" in p.stderr, "analyze of a missing file: exit 2, names the file",
            p.describe())
    p = run("check", "no/such/file.yaml")
    R.check(p.code == 2, "check of a missing file: exit 2", p.describe())

    bad = sorted((root / "tests/data/bad").glob("*.yaml"))
    R.check(len(bad) > 0, f"tests/data/bad holds bad files ({len(bad)})")
    for path in bad:
        rel = str(path.relative_to(root))
        pattern = re.compile(re.escape(rel) + r":\d+:\d+: error: \S")
        for cmd in ("check", "analyze"):
            p = run(cmd, rel)
            lines = p.stderr.splitlines()
            wrong = [line for line in lines if not pattern.match(line)]
            R.check(p.code == 2 and lines and not wrong, f"{cmd} {rel}: exit 2, every stderr line FILE:LINE:COL: error:",
                    p.describe() + [f"unexpected line: {line}" for line in wrong[:3]])

    p = run("analyze", hanoi, "--set", "NOPE.reservation=1")
    R.check(p.code == 2 and "unknown parameter path" in p.stderr, "--set NOPE.reservation=1: exit 2, unknown parameter path",
            p.describe())
    p = run("analyze", hanoi, "--set", "US.reservation=abc")
    R.check(p.code == 2 and "not a number" in p.stderr, "--set US.reservation=abc: exit 2, not a number", p.describe())
    p = run("analyze", hanoi, "--set", "US.reservation=2")
    R.check(p.code == 2 and "out of range" in p.stderr, "--set US.reservation=2: exit 2, out of range", p.describe())
    p = run("analyze", hanoi, "--set", "US.reservation")
    R.check(p.code == 2, "--set without =VALUE: exit 2", p.describe())
    p = run("analyze", hanoi, "--format", "xml")
    R.check(p.code == 2 and p.out == b"", "--format xml: exit 2, nothing on stdout", p.describe())
    p = run("analyze", hanoi, "--lang", "xx")
    R.check(p.code == 2, "--lang xx: exit 2", p.describe())
    p = run("analyze", hanoi, "--threads", "-1")
    R.check(p.code == 2, "--threads -1: exit 2", p.describe())

    # ---- help and version ----
    p = run("--help")
    R.check(p.code == 0 and "Usage" in p.stdout, "parley --help: exit 0, prints Usage", p.describe())
    subcommands = []
    in_list = False
    for line in p.stdout.splitlines():
        if re.match(r"^\S.*:\s*$", line):
            in_list = line.strip().lower().startswith("subcommands")
            continue
        m = re.match(r"^  ([a-z][a-z0-9-]*)(\s|$)", line)
        if in_list and m:
            subcommands.append(m.group(1))
    R.check({"check", "analyze", "params", "generate"} <= set(subcommands),
            f"parley --help lists the subcommands ({', '.join(subcommands)})")
    for sub in subcommands:
        p = run(sub, "--help")
        R.check(p.code == 0 and "Usage" in p.stdout, f"parley {sub} --help: exit 0, prints Usage", p.describe())
    p = run("--version")
    R.check(p.code == 0 and version is not None and p.stdout.strip() == f"parley {version}",
            f"parley --version prints 'parley {version}'", p.describe() + [f"stdout: {p.stdout.strip()!r}"])

    # ---- generate ----
    gen = ["generate", "--parties", "3", "--issues", "3", "--options", "3", "--seed", "7"]
    g1 = run(*gen)
    g2 = run(*gen)
    R.check(g1.code == 0 and g1.out, "generate --parties 3 --issues 3 --options 3 --seed 7: exit 0", g1.describe())
    R.check(g1.out == g2.out, "generate twice with the same seed: byte-identical", first_diff(g1.out, g2.out, "1", "2"))
    g3 = run("generate", "--parties", "3", "--issues", "3", "--options", "3", "--seed", "8")
    R.check(g3.code == 0 and g3.out != g1.out, "generate with another seed: different scenario", g3.describe())
    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, "generated.yaml")
        with open(f, "wb") as fh:
            fh.write(g1.out)
        p = run("check", f)
        R.check(p.code == 0, "generated scenario passes check", p.describe())
        p = run("analyze", f, "--format", "json")
        j = parse_json(p)
        problems = contract_problems(j, None) if j is not None else ["no JSON"]
        R.check(p.code == 0 and not problems and j.get("packages_total") == 27,
                "generated scenario analyses (27 packages, JSON contract)", p.describe() + problems)
        f2 = os.path.join(tmp, "generated-o.yaml")
        p = run(*gen, "-o", f2)
        same = os.path.exists(f2) and Path(f2).read_bytes() == g1.out
        R.check(p.code == 0 and same and p.out == b"", "generate -o FILE writes the same scenario", p.describe())

    # ---- golden transcripts ----
    for name in GOLDEN:
        golden = root / "tests/cli/golden" / f"{name}.analyze.json"
        p = run("analyze", f"scenarios/{name}.yaml", "--format", "json")
        if not golden.exists():
            R.check(False, f"golden {golden.relative_to(root)}", "missing; create it with tests/cli/update-golden.sh")
            continue
        expected = golden.read_bytes()
        R.check(p.code == 0 and p.out == expected, f"golden {golden.relative_to(root)}: analyze output unchanged",
                first_diff(expected, p.out, f"golden/{name}.analyze.json", "parley analyze") +
                ["if the change is intended: tests/cli/update-golden.sh, then review the diff"])

    print(f"{R.passed} passed, {R.failed} failed")
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
