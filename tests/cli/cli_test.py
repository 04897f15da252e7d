#!/usr/bin/env python3
"""End-to-end checks of the parley command line.

Usage: /usr/bin/python3 tests/cli/cli_test.py PATH/TO/parley REPO_ROOT

Runs the binary the way a user does (working directory = REPO_ROOT, relative paths) and checks:
  * every scenarios/*.yaml: `check` exits 0; `analyze --format json` exits 0 and honours the JSON
    contract (scenario, packages_total, zopa_size, pareto_size, nash, kalai_smorodinsky,
    closest, named, the listed ZOPA `zopa` in package index order with `zopa_truncated`, also
    under `--max-listed 1`); the table output exits 0 and names the scenario; `--lang zh-TW` prints the
    zh-TW title; `--threads 1` and `--threads 2` give byte-identical JSON, and so do two runs;
  * the Hanoi contract (scenarios/hanoi-2019.yaml): no ZOPA, each side rejects the other's
    offer, a closest package with a positive shortfall that the explanation names;
    `--set US.reservation=0.25` opens a ZOPA and is echoed under "overrides"; `params` lists
    US.reservation with its evidence;
  * exit codes and messages for usage errors and bad input (code 2, `FILE:LINE:COL: error:`);
  * `sequence` (phased agreements, scenarios/hanoi-2019.yaml): the JSON contract of `--plan
    dprk-phased` and of `--search pre-summit-draft --start status-quo --max-stages 4` (plan,
    self_enforcing, accepted_by, rejected_by, reasons, expected_utility, completion_utility,
    reservation, min_trust, trust, unravels, final, stages with id, deviation_gain and items;
    search.found); the Hanoi claims: (a) us-all-at-once is rejected by the DPRK for mistrust,
    its expected utility below its reservation; (b) the searched plan is self-enforcing; (c)
    without cohen-testimony both sides accept it, while us-all-at-once is still rejected by
    the DPRK for mistrust; (d) at the summit the US rejects the searched plan for ratification;
    (e) --set DPRK.trust.US just above / below the DPRK's min_trust of us-all-at-once makes it
    accept / reject; (f) PRC.support.DPRK=1 vs 0 (analyze --at 2019-12-31) moves the Nash
    package towards the DPRK; (g) the exercises-ended event raises the DPRK's trust in the US;
    `--threads 1` and `--threads 2` byte-identical, two runs byte-identical; the table (and
    --lang zh-TW) shows every stage; usage errors exit 2 with a message (no --plan/--search,
    both, unknown plan, unknown package, unknown --set path, a target equal to the start, given
    or the default); a search moving an issue without
    `delivered_by` (tests/data/sequence/no-deliverer.yaml, which `check` accepts) exits 2 with
    `FILE:LINE:COL: error:` at the issue, naming `delivered_by`;
  * `forecast`, `validate deu` and `import` (continuous issues): the `forecast --format json`
    contract on scenarios/hanoi-2019.yaml's relief_scope for every model (model, issue, forecast,
    baseline {mean, median}, rounds with round/median/mean/positions, stopped_by; round 0 = the
    scenario's positions; the forecast within the range; exchange's all_issues names both
    continuous issues); the EC car-emission standards (tests/data/good/14-emissions.yaml): mean
    7.389955686853767, median 7, `eum --preset scholz-code` medians and means of rounds 1-10 and
    round 1's risk exponents as JMK's (shared validation README); `validate deu` on
    tests/data/validation/deu-1996-2008.tsv: the JSON contract, 324 issues, mean model mae 23.60,
    median_ae 19.11 (23.64 with --weights salience), every model runs with baseline mae 23.60,
    --years 2004- / -2003 give 144 / 180 issues; two forecast runs (eum, exchange) byte-identical,
    validate exchange --threads 1 / 2 byte-identical; usage errors exit 2 with a message and no
    stdout (unknown model, preset, model parameter, out-of-range parameter, ordinal or unknown
    --issue, unknown data set; analyze / timeline / sequence of a scenario without ordinal issues
    point to `forecast`); the importers: actors-csv reproduces tests/data/good/14-emissions.yaml
    (from line 2 on), decide's sample gives 39 exchanges in round 1, ktab's SOE file 2 continuous
    issues, deu 331 files (a sample of 20 checked), a malformed CSV exits 2 with FILE:LINE:COL;
  * data that must not be lost or bent (issue "wrong answers without warning", section 5):
    `import deu` of issue ids that sanitise to one name (`a b`, `a_b`, `a,b`, `A_B`) writes one
    file each; ISO intro dates are read as written (validate --years picks them right) and a file
    mixing ISO and dd-mm-yy dates exits 2 at FILE:LINE:COL; validate skips an issue whose
    saliences (or capability proxies) are all 0, lists it (JSON `skipped`, stderr warning, table)
    and scores the rest (the mae equals the one computed here over the remaining issues) for every
    model, and exits 2 when nothing is left; a continuous range of ±1e308 exits 2 for check and
    forecast; imported actors `yes`, `no`, `on`, `true` stay four actors for a YAML 1.1 reader
    (PyYAML);
  * `--help` on every subcommand listed by `parley --help`, and `--version`;
  * `generate` writes a scenario that `check` accepts, identically for the same seed;
  * golden transcripts: `analyze --format json` of the scenarios in GOLDEN equals
    tests/cli/golden/NAME.analyze.json byte for byte, and `forecast scenarios/NAME.yaml --issue
    ISSUE --model MODEL --format json` of GOLDEN_FORECAST equals
    tests/cli/golden/NAME.ISSUE.MODEL.forecast.json (regenerate them on purpose with
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
# (scenario, continuous issue, model): `forecast --format json` golden transcripts.
GOLDEN_FORECAST = [("hanoi-2019", "relief_scope", "eum"), ("hanoi-2019", "relief_scope", "exchange")]
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


def contract_problems(j, issue_ids, option_ids=None, max_listed=1000):
    """Problems with the `analyze --format json` contract, as a list of strings. With option_ids
    (the options' ids per issue, in file order) the listed ZOPA is also checked to be in package
    index order (first issue most significant)."""
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
    # The listed ZOPA: the first packages by index, at most --max-listed (default 1000).
    z, zt = j.get("zopa"), j.get("zopa_truncated")
    if not isinstance(z, list) or not isinstance(zt, bool):
        problems.append("'zopa' is not a list or 'zopa_truncated' not a boolean")
    elif isinstance(j["zopa_size"], int):
        if len(z) != min(j["zopa_size"], max_listed) or zt != (j["zopa_size"] > len(z)):
            problems.append(f"'zopa' lists {len(z)} of {j['zopa_size']} packages (truncated {zt}); expected "
                            f"{min(j['zopa_size'], max_listed)}")
        for k, v in enumerate(z):
            if not isinstance(v, dict) or "package" not in v or "utilities" not in v:
                problems.append(f"zopa[{k}] is not {{package, utilities}}")
                break
            package_ok(f"zopa[{k}]", v["package"])
            numbers_ok(f"zopa[{k}].utilities", v["utilities"])
        if option_ids is not None and issue_ids is not None and not problems:
            def index(p):
                x = 0
                for iid, opts in zip(issue_ids, option_ids):
                    x = x * len(opts) + opts.index(p[iid])
                return x
            try:
                idx = [index(v["package"]) for v in z]
            except ValueError:
                idx = None
                problems.append("'zopa' names an option the scenario does not have")
            if idx is not None and idx != sorted(set(idx)):
                problems.append("'zopa' is not in increasing package index order")
            nash = j.get("nash")
            if idx is not None and nash and not zt and index(nash["package"]) not in idx:
                problems.append("the Nash package is missing from the complete 'zopa' list")
    # Consistency between the fields.
    if isinstance(j["zopa_size"], int) and not problems:
        if j["zopa_size"] > 0 and (j["nash"] is None or j["kalai_smorodinsky"] is None or j["closest"] is not None):
            problems.append("a non-empty ZOPA needs nash and kalai_smorodinsky, and no closest")
        if j["zopa_size"] == 0 and (j["nash"] is not None or j["kalai_smorodinsky"] is not None or j["closest"] is None):
            problems.append("an empty ZOPA needs closest, and no nash or kalai_smorodinsky")
        if j["zopa_size"] > j["packages_total"]:
            problems.append("zopa_size exceeds packages_total")
    return problems


def numbers_object(v, nullable=False):
    return isinstance(v, dict) and bool(v) and all(
        isinstance(k, str) and (is_number(x) or (nullable and x is None)) for k, x in v.items())


def sequence_problems(j, search=False):
    """Problems with the `sequence --format json` contract of a plan (or a found search), as strings."""
    if not isinstance(j, dict):
        return ["output is not a JSON object"]
    keys = ("plan", "self_enforcing", "accepted_by", "rejected_by", "reasons", "expected_utility",
            "completion_utility", "reservation", "min_trust", "trust", "unravels", "final", "stages")
    problems = [f"missing key '{k}'" for k in keys + (("search",) if search else ()) if k not in j]
    if problems:
        return problems
    if not isinstance(j["plan"], str) or not j["plan"]:
        problems.append("'plan' is not a non-empty string")
    if not isinstance(j["self_enforcing"], bool):
        problems.append("'self_enforcing' is not a boolean")
    if not isinstance(j["accepted_by"], list) or not all(isinstance(a, str) for a in j["accepted_by"]):
        problems.append("'accepted_by' is not a list of actor ids")
    rej = j["rejected_by"]
    if not isinstance(rej, dict) or not all(isinstance(k, str) and is_number(v) for k, v in rej.items()):
        problems.append("'rejected_by' is not an object of ACTOR: NUMBER")
    reasons = j["reasons"]
    if not isinstance(reasons, dict) or not all(
            isinstance(v, list) and v and all(r in ("package", "ratification", "mistrust") for r in v)
            for v in reasons.values()):
        problems.append("'reasons' is not an object of ACTOR: [package|ratification|mistrust, ...]")
    for key in ("expected_utility", "completion_utility", "reservation"):
        if not numbers_object(j[key]):
            problems.append(f"'{key}' is not a non-empty object of ACTOR: NUMBER")
    if not numbers_object(j["min_trust"], nullable=True):
        problems.append("'min_trust' is not an object of ACTOR: NUMBER or null")
    if not isinstance(j["trust"], dict) or not all(isinstance(v, dict) and all(is_number(x) for x in v.values())
                                                   for v in j["trust"].values()):
        problems.append("'trust' is not an object of ACTOR: {ACTOR: NUMBER}")
    u = j["unravels"]
    if u is not None and not (isinstance(u, dict) and isinstance(u.get("stage"), str) and isinstance(u.get("party"), str)):
        problems.append("'unravels' is neither null nor {stage, party}")
    if not isinstance(j["final"], dict) or not isinstance(j["final"].get("package"), dict):
        problems.append("'final' is not an object with a package")
    stages = j["stages"]
    if not isinstance(stages, list) or not stages:
        problems.append("'stages' is not a non-empty list")
        stages = []
    for n, st in enumerate(stages):
        if not isinstance(st, dict) or not isinstance(st.get("id"), str) or not isinstance(st.get("deviation_gain"), dict) \
                or not all(is_number(v) for v in st["deviation_gain"].values()):
            problems.append(f"stages[{n}] lacks an id or a deviation_gain object of ACTOR: NUMBER")
            continue
        items = st.get("items")
        if not isinstance(items, list) or not items:
            problems.append(f"stages[{n}] has no items")
            continue
        for k, it in enumerate(items):
            ok = isinstance(it, dict) and isinstance(it.get("by"), str) and (
                (isinstance(it.get("issue"), str) and isinstance(it.get("option"), str)) or isinstance(it.get("action"), str))
            if not ok:
                problems.append(f"stages[{n}].items[{k}] lacks by and issue/option or action")
    # Consistency: every party is either accepting or rejecting, and has the per-party numbers.
    if not problems:
        parties = set(j["expected_utility"])
        acc, rej = set(j["accepted_by"]), set(j["rejected_by"])
        if acc & rej or (acc | rej) != parties:
            problems.append(f"accepted_by {sorted(acc)} and rejected_by {sorted(rej)} do not split the parties {sorted(parties)}")
        if set(j["reasons"]) != rej:
            problems.append(f"reasons {sorted(j['reasons'])} do not name exactly the rejecting parties {sorted(rej)}")
        for key in ("completion_utility", "reservation", "min_trust", "trust"):
            if set(j[key]) != parties:
                problems.append(f"'{key}' names {sorted(j[key])}, expected the parties {sorted(parties)}")
    if search:
        se = j["search"]
        if not isinstance(se, dict) or se.get("found") is not True:
            problems.append(f"'search' is not an object with found: true ({se!r})")
        elif not all(isinstance(se.get(k), int) and not isinstance(se.get(k), bool)
                     for k in ("plans_evaluated", "self_enforcing_plans", "max_stages")):
            problems.append("'search' lacks plans_evaluated, self_enforcing_plans or max_stages")
    return problems


def check_sequence(R, run, root):
    """`parley sequence` on the Hanoi scenario: the JSON contract, the Hanoi claims, determinism,
    the table, usage errors and a search over an issue without `delivered_by`."""
    hanoi = "scenarios/hanoi-2019.yaml"
    search = ["--search", "pre-summit-draft", "--start", "status-quo", "--max-stages", "4"]
    try:
        doc = read_yaml((root / hanoi).read_text(encoding="utf-8"))
    except Exception as e:  # the reader is only a helper; report and go on
        doc = {}
        R.check(False, f"{hanoi}: readable by the test's YAML reader", str(e))

    def sequence(*args):
        p = run("sequence", hanoi, *args, "--format", "json")
        return p, parse_json(p)

    def get(j, *path):
        for key in path:
            j = j.get(key) if isinstance(j, dict) else None
        return j

    # ---- JSON contract ----
    p, phased = sequence("--plan", "dprk-phased")
    R.check(p.code == 0 and phased is not None, "sequence --plan dprk-phased --format json: exit 0 with JSON", p.describe())
    problems = sequence_problems(phased)
    R.check(not problems, "sequence --plan dprk-phased: JSON contract keys and shapes", problems)
    R.check(get(phased, "plan") == "dprk-phased", "sequence --plan dprk-phased: 'plan' is the plan id",
            f"plan = {get(phased, 'plan')!r}")
    plan_doc = next((x for x in (doc or {}).get("plans", []) if x.get("id") == "dprk-phased"), {})
    want = [st.get("id") for st in plan_doc.get("stages", [])]
    got = [st.get("id") for st in get(phased, "stages") or [] if isinstance(st, dict)]
    R.check(want and got == want, "sequence --plan dprk-phased: the stages are the plan's, in order",
            f"stages {got!r}, expected {want!r}")

    # The search's JSON contract, on a scenario where a self-enforcing split exists.
    p = run("sequence", "tests/data/sequence/two-step.yaml", "--search", "all", "--start", "none", "--max-stages", "3",
            "--format", "json")
    small = parse_json(p)
    R.check(p.code == 0 and small is not None, "sequence two-step.yaml --search all: exit 0 with JSON", p.describe())
    problems = sequence_problems(small, search=True)
    R.check(not problems and get(small, "search", "found") is True,
            "sequence --search: JSON contract keys and shapes (search.found, items)", problems)
    R.check(get(small, "final", "package") == {"x": "give", "y": "give", "z": "give"},
            "sequence --search all: the final package is the searched one", f"final = {get(small, 'final', 'package')!r}")
    p, found = sequence(*search)
    R.check(p.code == 0 and found is not None and get(found, "plan") is None
            and get(found, "search", "found") is False and (get(found, "search", "plans_evaluated") or 0) > 0,
            "sequence --search pre-summit-draft --start status-quo --max-stages 4: exit 0, JSON says no plan found",
            p.describe())

    # ---- the Hanoi claims ----
    # (a) The US sequence (disarm first, relief after) is rejected by the DPRK for mistrust.
    p, allatonce = sequence("--plan", "us-all-at-once")
    problems = sequence_problems(allatonce)
    R.check(p.code == 0 and not problems, "sequence --plan us-all-at-once: exit 0, JSON contract", p.describe() + problems)
    exp_d, res_d = get(allatonce, "expected_utility", "DPRK"), get(allatonce, "reservation", "DPRK")
    R.check("DPRK" in (get(allatonce, "rejected_by") or {}) and "mistrust" in (get(allatonce, "reasons", "DPRK") or [])
            and is_number(exp_d) and is_number(res_d) and exp_d < res_d,
            "Hanoi (a): us-all-at-once is rejected by DPRK for mistrust, expected utility below its reservation",
            [f"rejected_by = {get(allatonce, 'rejected_by')!r}", f"reasons = {get(allatonce, 'reasons')!r}",
             f"DPRK expected {exp_d!r}, reservation {res_d!r}"])
    # (b) No split of the pre-summit draft is self-enforcing: the DPRK's no-deal value (0.585) is
    # above the status quo's value to it (0.427), so once it holds the relief it gains by walking
    # away at the last stage (docs/no-deal.md; docs/sequencing.md §3).
    R.check(get(found, "search", "self_enforcing_plans") == 0,
            "Hanoi (b): no split of pre-summit-draft is self-enforcing (one no-deal value for every command)",
            f"search = {get(found, 'search')!r}")
    last = (get(phased, "stages") or [{}])[-1]
    R.check(is_number((last.get("deviation_gain") or {}).get("DPRK")) and last["deviation_gain"]["DPRK"] > 0,
            "Hanoi (b): in dprk-phased the DPRK gains by defecting at the last stage",
            f"last stage = {last!r}"[:400])
    # (c) Without Cohen's testimony both sides accept the phased plan; the US sequence still fails
    # on mistrust.
    p, nocohen = sequence("--plan", "dprk-phased", "--without", "cohen-testimony")
    R.check(p.code == 0 and {"US", "DPRK"} <= set(get(nocohen, "accepted_by") or [])
            and get(nocohen, "rejected_by") == {},
            "Hanoi (c): without cohen-testimony dprk-phased is accepted by US and DPRK, rejected by none",
            p.describe() + [f"accepted_by = {get(nocohen, 'accepted_by')!r}",
                            f"rejected_by = {get(nocohen, 'rejected_by')!r}"])
    p, nocohen_all = sequence("--plan", "us-all-at-once", "--without", "cohen-testimony")
    R.check(p.code == 0 and "DPRK" in (get(nocohen_all, "rejected_by") or {})
            and "mistrust" in (get(nocohen_all, "reasons", "DPRK") or []),
            "Hanoi (c): without cohen-testimony us-all-at-once is still rejected by DPRK for mistrust",
            p.describe() + [f"rejected_by = {get(nocohen_all, 'rejected_by')!r}",
                            f"reasons = {get(nocohen_all, 'reasons')!r}"])
    # (d) At the summit the binding constraint on the phased plan is named: US ratification.
    R.check(get(phased, "reasons", "US") == ["ratification"],
            "Hanoi (d): at the summit dprk-phased's reasons.US is ratification",
            f"reasons = {get(phased, 'reasons')!r}")
    # (e) The DPRK's minimum trust for us-all-at-once is where its verdict flips.
    t = get(allatonce, "min_trust", "DPRK")
    R.check(is_number(t) and 0 < t < 1, "Hanoi (e): min_trust.DPRK of us-all-at-once is a number in (0, 1)",
            f"min_trust = {get(allatonce, 'min_trust')!r}")
    if is_number(t) and 0 < t < 1:
        for value, accepts in ((t + 0.01, True), (t - 0.01, False)):
            setting = f"DPRK.trust.US={value:.9f}"
            p, k = sequence("--plan", "us-all-at-once", "--set", setting)
            acc = get(k, "accepted_by")
            R.check(p.code == 0 and isinstance(acc, list) and ("DPRK" in acc) == accepts,
                    f"Hanoi (e): --set {setting} (min_trust {'+' if accepts else '-'} 0.01): DPRK "
                    f"{'accepts' if accepts else 'does not accept'} us-all-at-once",
                    p.describe() + [f"accepted_by = {acc!r}", f"expected_utility = {get(k, 'expected_utility')!r}"])
    # (f) China's backing raises the North's value of no deal and moves the Nash package its way.
    nash = {}
    for level in ("0", "1"):
        p = run("analyze", hanoi, "--at", "2019-12-31", "--set", f"PRC.support.DPRK={level}", "--format", "json")
        nash[level] = get(parse_json(p), "nash", "utilities")
        R.check(p.code == 0 and numbers_object(nash[level]),
                f"Hanoi (f): analyze --at 2019-12-31 --set PRC.support.DPRK={level}: a Nash package",
                p.describe() + [f"nash.utilities = {nash[level]!r}"])
    if numbers_object(nash["0"]) and numbers_object(nash["1"]):
        R.check(nash["1"].get("DPRK", -1) > nash["0"].get("DPRK", 2),
                "Hanoi (f): the DPRK's Nash utility is higher with PRC.support.DPRK=1 than with 0",
                f"support 0: {nash['0'].get('DPRK')!r}, support 1: {nash['1'].get('DPRK')!r}")
        R.check(nash["1"].get("US", 2) < nash["0"].get("US", -1),
                "Hanoi (f): the US's Nash utility is lower with PRC.support.DPRK=1 than with 0",
                f"support 0: {nash['0'].get('US')!r}, support 1: {nash['1'].get('US')!r}")
    # (g) The end of the exercises (3 March) raises the DPRK's trust in the US.
    p, later = sequence("--plan", "us-all-at-once", "--at", "2019-03-10")
    before, after = get(allatonce, "trust", "DPRK", "US"), get(later, "trust", "DPRK", "US")
    R.check(p.code == 0 and is_number(before) and is_number(after) and after > before,
            "Hanoi (g): trust.DPRK.US of us-all-at-once is higher --at 2019-03-10 than at the summit",
            p.describe() + [f"2019-02-28: {before!r}, 2019-03-10: {after!r}"])

    # ---- determinism ----
    p1 = run("sequence", hanoi, *search, "--format", "json", "--threads", "1")
    p2 = run("sequence", hanoi, *search, "--format", "json", "--threads", "2")
    R.check(p1.code == 0 and p2.code == 0 and p1.out == p2.out,
            "sequence --search pre-summit-draft: --threads 1 and --threads 2 byte-identical",
            first_diff(p1.out, p2.out, "--threads 1", "--threads 2"))
    a = run("sequence", hanoi, "--plan", "dprk-phased", "--format", "json")
    b = run("sequence", hanoi, "--plan", "dprk-phased", "--format", "json")
    R.check(a.code == 0 and a.out == b.out, "sequence --plan dprk-phased: two runs byte-identical",
            first_diff(a.out, b.out, "run 1", "run 2"))

    # ---- table output ----
    titles = {"en": text_in((doc or {}).get("title"), "en"), "zh-TW": text_in((doc or {}).get("title"), "zh-TW")}
    for lang in ("en", "zh-TW"):
        args = ["sequence", hanoi, "--plan", "dprk-phased"] + (["--lang", lang] if lang != "en" else [])
        p = run(*args)
        # Stages by name (issue 22 §3), their id when they have none in the language.
        names = [text_in(st.get("name"), lang) or text_in(st.get("name"), "en") or st.get("id")
                 for st in plan_doc.get("stages", [])]
        missing = [n for n in names if n not in p.stdout]
        R.check(p.code == 0 and want and not missing and titles[lang] and titles[lang] in p.stdout,
                f"sequence {' '.join(args[2:])}: table exits 0, shows the {lang} title and every stage's name",
                p.describe() + [f"missing stages: {missing!r}"])
    p = run("sequence", hanoi, *search)
    R.check(p.code == 0 and "No self-enforcing plan exists" in p.stdout,
            "sequence --search pre-summit-draft: table exits 0 and says no plan was found", p.describe())
    p = run("sequence", "tests/data/sequence/two-step.yaml", "--search", "all", "--start", "none", "--max-stages", "3")
    stage_ids = [st.get("id") for st in get(small, "stages") or [] if isinstance(st, dict)]
    R.check(p.code == 0 and stage_ids and all(sid in p.stdout for sid in stage_ids),
            "sequence two-step.yaml --search all: table exits 0 and shows every stage id", p.describe())

    # ---- usage errors ----
    plan_ids = [x.get("id") for x in (doc or {}).get("plans", [])]
    package_ids = [x.get("id") for x in (doc or {}).get("packages", [])]
    cases = [
        ("both --plan and --search", ["--plan", "dprk-phased", "--search", "pre-summit-draft"], ["--plan", "--search"]),
        ("--plan nope", ["--plan", "nope"], ["'nope'"] + plan_ids),
        ("--search nope", ["--search", "nope"], ["'nope'"] + package_ids),
        ("--search pre-summit-draft --start nope", ["--search", "pre-summit-draft", "--start", "nope"],
         ["'nope'"] + package_ids),
        ("--set NOPE.trust.US=0.5", ["--plan", "dprk-phased", "--set", "NOPE.trust.US=0.5"],
         ["unknown parameter path", "NOPE.trust.US"]),
        ("--set DPRK.trust.NOPE=0.5", ["--plan", "dprk-phased", "--set", "DPRK.trust.NOPE=0.5"],
         ["unknown parameter path", "DPRK.trust.NOPE"]),
        # Nothing to sequence: the target is the start (issue 13, section 5).
        ("--search pre-summit-draft --start pre-summit-draft",
         ["--search", "pre-summit-draft", "--start", "pre-summit-draft"],
         ["parley: error: --search", "'pre-summit-draft'", "already the start", "nothing to sequence"]),
    ]
    # Neither --plan nor --search: the plans to choose from, with both flags named (issue 22 section 6).
    p = run("sequence", hanoi)
    R.check(p.code == 0 and all(i.encode() in p.out for i in plan_ids) and b"--plan" in p.out and b"--search" in p.out,
            "sequence FILE alone: exit 0, lists the plans and names --plan and --search", p.describe())
    for what, args, needles in cases:
        p = run("sequence", hanoi, *args)
        missing = [n for n in needles if n not in p.stderr]
        R.check(p.code == 2 and p.out == b"" and not missing and plan_ids and package_ids,
                f"sequence {what}: exit 2, nothing on stdout, stderr names {', '.join(needles)}",
                p.describe() + [f"missing from stderr: {missing!r}"])

    # The default start (every issue's first option) equal to the target: refused the same way.
    p = run("sequence", "tests/data/sequence/two-step.yaml", "--search", "none")
    R.check(p.code == 2 and p.out == b"" and "'none' is already the start" in p.stderr
            and "default --start" in p.stderr,
            "sequence two-step.yaml --search none (the default start): exit 2, nothing to sequence", p.describe())

    # ---- a search over an issue without `delivered_by` ----
    fixture = "tests/data/sequence/no-deliverer.yaml"
    p = run("check", fixture)
    R.check(p.code == 0, f"check {fixture}: exit 0 (the scenario itself is valid)", p.describe())
    lines = (root / fixture).read_text(encoding="utf-8").splitlines()
    where = next((f"{n + 1}:{line.index('id:') + 1}" for n, line in enumerate(lines)
                  if line.strip() == "- id: offices"), None)
    p = run("sequence", fixture, "--search", "deal", "--start", "start")
    err = p.stderr.splitlines()
    pattern = re.compile(re.escape(fixture) + r":(\d+):(\d+): error: .*'offices'.*`delivered_by`")
    m = pattern.match(err[0]) if len(err) == 1 else None
    R.check(p.code == 2 and p.out == b"" and m is not None,
            f"sequence {fixture} --search deal: exit 2, one FILE:LINE:COL: error naming 'offices' and `delivered_by`",
            p.describe())
    R.check(m is not None and where == f"{m.group(1)}:{m.group(2)}",
            f"sequence {fixture} --search deal: the error points at the issue 'offices' ({where})",
            f"stderr: {p.stderr.strip()!r}")
    # Moves that leave `offices` alone are searched; this one is not self-enforcing (Alpha loses by it).
    p = run("sequence", fixture, "--search", "relief-only", "--start", "start", "--format", "json")
    j = parse_json(p)
    R.check(p.code == 0 and get(j, "plan") is None and get(j, "search", "found") is False
            and get(j, "search", "plans_evaluated") == 1,
            f"sequence {fixture} --search relief-only: exit 0, plan null, search.found false, 1 plan evaluated",
            p.describe() + [f"search = {get(j, 'search')!r}"])


# ---- parley forecast, validate, import (continuous issues) -------------------------------------

MODELS = ["mean", "median", "eum", "exchange", "anchored"]
# Published / reference numbers of the EC car-emission standards (shared validation README; JMK =
# the reimplementation of Scholz's code): eum --preset scholz-code, rounds 1-10.
JMK_MEDIANS = [8.4159, 9.6109, 9.9620, 9.9620, 9.9620, 7.4720, 8.8246, 9.6711, 9.6711, 7.0]
JMK_MEANS = [7.4613, 7.5525, 7.5901, 7.3581, 7.3492, 7.4149, 7.5105, 7.5724, 7.3250, 7.2421]
JMK_RISK_ROUND1 = {"Netherlands": 1.4057, "Belgium": 0.7542}
DEU = "tests/data/validation/deu-1996-2008.tsv"


def yaml_position(entry):
    """The number of a position entry: `ACTOR: {position: X | {value: X}, ...}` (or a bare number)."""
    if isinstance(entry, dict) and "position" in entry:
        entry = entry["position"]
    if isinstance(entry, dict):
        entry = entry.get("value")
    return float(entry) if is_number(entry) else None


def continuous_issues(doc):
    """The continuous issues of a scenario read by read_yaml, by id, in order."""
    issues = (doc or {}).get("issues", []) if isinstance(doc, dict) else []
    return {i.get("id"): i for i in issues if isinstance(i, dict) and i.get("type") == "continuous"}


def forecast_problems(j):
    """Problems with the `forecast --format json` contract, as a list of strings."""
    if not isinstance(j, dict):
        return ["output is not a JSON object"]
    problems = [f"missing key '{k}'" for k in ("model", "issue", "forecast", "baseline", "rounds", "stopped_by")
                if k not in j]
    if problems:
        return problems
    if not isinstance(j["model"], str) or not isinstance(j["issue"], str):
        problems.append("'model' or 'issue' is not a string")
    if not is_number(j["forecast"]):
        problems.append(f"'forecast' is not a number ({j['forecast']!r})")
    b = j["baseline"]
    if not isinstance(b, dict) or not is_number(b.get("mean")) or not is_number(b.get("median")):
        problems.append(f"'baseline' is not {{mean: NUMBER, median: NUMBER}} ({b!r})")
    if not isinstance(j["stopped_by"], str) or not j["stopped_by"]:
        problems.append("'stopped_by' is not a non-empty string")
    rounds = j["rounds"]
    if not isinstance(rounds, list) or not rounds:
        return problems + ["'rounds' is not a non-empty list"]
    for n, r in enumerate(rounds):
        if not isinstance(r, dict) or r.get("round") != n or not is_number(r.get("median")) \
                or not is_number(r.get("mean")) or not numbers_object(r.get("positions")):
            problems.append(f"rounds[{n}] lacks round == {n}, median, mean (numbers) or positions {{ACTOR: NUMBER}}")
    return problems


def check_forecast(R, run, root):
    """`parley forecast`, `validate deu` and `import`: JSON contracts, the published emissions numbers
    and DEU baselines through the command line, determinism, usage errors, the importers, and the
    golden forecast transcripts."""
    hanoi = "scenarios/hanoi-2019.yaml"
    emissions = "tests/data/good/14-emissions.yaml"
    try:
        doc = read_yaml((root / hanoi).read_text(encoding="utf-8"))
    except Exception as e:  # the reader is only a helper; report and go on
        doc = {}
        R.check(False, f"{hanoi}: readable by the test's YAML reader", str(e))
    cont = continuous_issues(doc)

    def forecast(path, issue, model, *args):
        p = run("forecast", path, "--issue", issue, "--model", model, *args, "--format", "json")
        return p, parse_json(p)

    def validate(model, *args):
        p = run("validate", "deu", DEU, "--model", model, *args, "--format", "json")
        return p, parse_json(p)

    def get(j, *path):
        for key in path:
            if isinstance(j, dict):
                j = j.get(key)
            elif isinstance(j, list) and isinstance(key, int) and -len(j) <= key < len(j):
                j = j[key]
            else:
                return None
        return j

    def close(a, b, tol):
        return is_number(a) and abs(a - b) <= tol

    # ---- 1. the JSON contract on Hanoi's relief_scope ----
    relief = cont.get("relief_scope", {})
    want_pos = {a: yaml_position(e) for a, e in (relief.get("positions") or {}).items()}
    lo, hi = (relief.get("range") or [0, 100])
    R.check(bool(want_pos) and None not in want_pos.values() and [lo, hi] == [0, 100],
            f"{hanoi}: relief_scope is continuous, range [0, 100], with numeric positions",
            f"positions {want_pos!r}, range {[lo, hi]!r}")
    hanoi_out = {}
    for m in MODELS:
        p, j = forecast(hanoi, "relief_scope", m)
        hanoi_out[m] = p
        what = f"forecast {hanoi} --issue relief_scope --model {m}"
        problems = forecast_problems(j) if j is not None else ["no JSON"]
        if not problems and (j["model"], j["issue"]) != (m, "relief_scope"):
            problems.append(f"model/issue are {j['model']!r}/{j['issue']!r}")
        R.check(p.code == 0 and not problems, f"{what}: exit 0, JSON contract (model, issue, forecast, baseline, "
                "rounds with round/median/mean/positions, stopped_by)", p.describe() + problems)
        got0 = get(j, "rounds", 0, "positions")
        R.check(isinstance(got0, dict) and want_pos and got0 == want_pos,
                f"{what}: round 0's positions are the scenario's", [f"round 0: {got0!r}", f"scenario: {want_pos!r}"])
        f = get(j, "forecast")
        R.check(is_number(f) and lo <= f <= hi, f"{what}: the forecast lies in the range [{lo}, {hi}]",
                f"forecast = {f!r}")
        if m == "exchange":
            all_issues = get(j, "all_issues")
            R.check(isinstance(all_issues, dict) and set(all_issues) == set(cont) and len(cont) == 2
                    and all(is_number(v) and lo <= v <= hi for v in all_issues.values())
                    and all_issues.get("relief_scope") == f,
                    f"{what}: all_issues forecasts both continuous issues ({', '.join(cont)}), "
                    "relief_scope's equal to the forecast", f"all_issues = {all_issues!r}, forecast = {f!r}")

    # ---- 2. the EC car-emission standards through the command line ----
    p, j = forecast(emissions, "position", "mean")
    R.check(p.code == 0 and close(get(j, "forecast"), 7.389955686853767, 1e-9),
            f"forecast {emissions} --model mean: 7.389955686853767 (1e-9)",
            p.describe() + [f"forecast = {get(j, 'forecast')!r}"])
    p, j = forecast(emissions, "position", "median")
    R.check(p.code == 0 and get(j, "forecast") == 7, f"forecast {emissions} --model median: 7",
            p.describe() + [f"forecast = {get(j, 'forecast')!r}"])
    p, j = forecast(emissions, "position", "eum", "--preset", "scholz-code")
    rounds = {r.get("round"): r for r in get(j, "rounds") or [] if isinstance(r, dict)}
    bad_med = [f"round {k}: median {get(rounds, k, 'median')!r}, JMK {w}" for k, w in enumerate(JMK_MEDIANS, 1)
               if not close(get(rounds, k, "median"), w, 1e-4)]
    R.check(p.code == 0 and not bad_med, f"forecast {emissions} --model eum --preset scholz-code: medians of rounds "
            "1-10 are JMK's (1e-4)", p.describe() + bad_med)
    bad_mean = [f"round {k}: mean {get(rounds, k, 'mean')!r}, JMK {w}" for k, w in enumerate(JMK_MEANS, 1)
                if not close(get(rounds, k, "mean"), w, 1e-4)]
    R.check(p.code == 0 and not bad_mean, f"forecast {emissions} --model eum --preset scholz-code: means of rounds "
            "1-10 are JMK's (1e-4)", p.describe() + bad_mean)
    risk = get(rounds, 1, "risk")
    R.check(isinstance(risk, dict) and all(close(risk.get(a), w, 1e-4) for a, w in JMK_RISK_ROUND1.items()),
            f"forecast {emissions} --model eum --preset scholz-code: round 1's risk has Netherlands 1.4057, "
            "Belgium 0.7542 (1e-4)", f"rounds[1].risk = {risk!r}")

    # ---- 3. validate deu ----
    p, j = validate("mean")
    per = get(j, "per_issue")
    problems = [] if isinstance(j, dict) else ["no JSON"]
    problems += [f"missing key '{k}'" for k in ("issues", "mae", "median_ae", "per_issue", "baseline")
                 if isinstance(j, dict) and k not in j]
    if not isinstance(per, list) or len(per) != 324 or not all(
            isinstance(x, dict) and isinstance(x.get("id"), str) and is_number(x.get("forecast"))
            and is_number(x.get("outcome")) for x in per):
        problems.append(f"per_issue is not a list of 324 {{id, forecast, outcome}} "
                        f"(length {len(per) if isinstance(per, list) else None})")
    if not is_number(get(j, "baseline", "mae")) or not is_number(get(j, "baseline", "median_ae")):
        problems.append(f"baseline is not {{mae, median_ae}} numbers ({get(j, 'baseline')!r})")
    R.check(p.code == 0 and not problems, f"validate deu {DEU} --model mean: exit 0, JSON contract (issues, mae, "
            "median_ae, per_issue of 324 {id, forecast, outcome}, baseline {mae, median_ae})", p.describe() + problems)
    mae, mdae = get(j, "mae"), get(j, "median_ae")
    R.check(get(j, "issues") == 324 and is_number(mae) and f"{mae:.2f}" == "23.60" and is_number(mdae)
            and f"{mdae:.2f}" == "19.11", "validate deu --model mean: 324 issues, mae 23.60, median_ae 19.11",
            f"issues {get(j, 'issues')!r}, mae {mae!r}, median_ae {mdae!r}")
    p, j = validate("mean", "--weights", "salience")
    mae = get(j, "mae")
    R.check(p.code == 0 and is_number(mae) and f"{mae:.2f}" == "23.64",
            "validate deu --model mean --weights salience: mae 23.64", p.describe() + [f"mae = {mae!r}"])
    validate_out = {}
    for m in MODELS:
        p, j = validate(m)
        validate_out[m] = p
        bmae = get(j, "baseline", "mae")
        R.check(p.code == 0 and get(j, "issues") == 324 and is_number(bmae) and f"{bmae:.2f}" == "23.60"
                and is_number(get(j, "mae")),
                f"validate deu --model {m}: exit 0, 324 issues, baseline mae 23.60, mae a number",
                p.describe() + [f"issues {get(j, 'issues')!r}, mae {get(j, 'mae')!r}, baseline {get(j, 'baseline')!r}"])
    for years, n in (("2004-", 144), ("-2003", 180)):
        p, j = validate("mean", "--years", years)
        R.check(p.code == 0 and get(j, "issues") == n and len(get(j, "per_issue") or []) == n,
                f"validate deu --model mean --years {years}: {n} issues",
                p.describe() + [f"issues = {get(j, 'issues')!r}"])

    # ---- 4. determinism ----
    for m in ("eum", "exchange"):
        a = hanoi_out[m]
        b, _ = forecast(hanoi, "relief_scope", m)
        R.check(a.code == 0 and a.out == b.out, f"forecast {hanoi} --model {m}: two runs byte-identical",
                first_diff(a.out, b.out, "run 1", "run 2"))
    p1, _ = validate("exchange", "--threads", "1")
    p2, _ = validate("exchange", "--threads", "2")
    R.check(p1.code == 0 and p1.out == p2.out, "validate deu --model exchange: --threads 1 and --threads 2 "
            "byte-identical", first_diff(p1.out, p2.out, "--threads 1", "--threads 2"))

    # ---- 5. usage errors ----
    fc = ["forecast", hanoi, "--issue", "relief_scope"]
    cases = [
        ("forecast --model nope", fc + ["--model", "nope"], ["'nope'"] + MODELS),
        ("forecast --model eum --preset nope", fc + ["--model", "eum", "--preset", "nope"], ["'nope'", "scholz-code"]),
        ("forecast --model eum --set model.nope=1", fc + ["--model", "eum", "--set", "model.nope=1"],
         ["model.nope", "'nope'"]),
        ("forecast --model mean --set model.exponent=-5", fc + ["--model", "mean", "--set", "model.exponent=-5"],
         ["model.exponent", "out of range"]),
        ("forecast --issue denuclearization (ordinal)",
         ["forecast", hanoi, "--issue", "denuclearization", "--model", "mean"],
         ["'denuclearization'", "continuous"] + list(cont)),
        ("forecast --issue nope", ["forecast", hanoi, "--issue", "nope", "--model", "mean"],
         ["'nope'", "continuous"] + list(cont)),
        ("validate nope (unknown data set)", ["validate", "nope", DEU, "--model", "mean"], ["nope", "deu"]),
        (f"analyze {emissions} (no ordinal issues)", ["analyze", emissions], ["ordinal", "`analyze`", "forecast"]),
        (f"timeline {emissions} (no ordinal issues)",
         ["timeline", emissions, "--from", "2000-01-01", "--to", "2000-03-01"], ["ordinal", "`timeline`", "forecast"]),
        (f"sequence {emissions} --plan x (no ordinal issues)", ["sequence", emissions, "--plan", "x"],
         ["ordinal", "`sequence`", "forecast"]),
    ]
    for what, args, needles in cases:
        p = run(*args)
        missing = [n for n in needles if n not in p.stderr]
        R.check(p.code == 2 and p.out == b"" and p.stderr.strip() and not missing and len(cont) == 2,
                f"{what}: exit 2, nothing on stdout, stderr names {', '.join(needles)}",
                p.describe() + [f"missing from stderr: {missing!r}", f"stdout: {p.stdout[:200]!r}"])

    # ---- 6. the importers ----
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        e = tmp / "e.yaml"
        p = run("import", "actors-csv", "tests/data/validation/ec-emissions-bdm94.csv", "--range", "4,10", "-o", str(e))
        c = run("check", str(e))
        R.check(p.code == 0 and c.code == 0, "import actors-csv ec-emissions-bdm94.csv --range 4,10: exit 0, check "
                "exits 0", p.describe() + c.describe())
        got = e.read_bytes() if e.exists() else b""
        want = (root / emissions).read_bytes()
        got_lines, want_lines = got.split(b"\n"), want.split(b"\n")
        R.check(got and got_lines[1:] == want_lines[1:],
                f"import actors-csv ec-emissions-bdm94.csv --range 4,10: equals {emissions} from line 2 on",
                first_diff(b"\n".join(want_lines[1:]), b"\n".join(got_lines[1:]), emissions, "imported"))
        if got and got_lines[0] != want_lines[0]:
            print(f"    note: the first (comment) line differs: {emissions} has {want_lines[0]!r}, "
                  f"the import {got_lines[0]!r}")

        d = tmp / "d.yaml"
        p = run("import", "decide", "tests/data/validation/sample_data.txt", "-o", str(d))
        c = run("check", str(d))
        R.check(p.code == 0 and c.code == 0, "import decide sample_data.txt: exit 0, check exits 0",
                p.describe() + c.describe())
        try:
            first = next(iter(continuous_issues(read_yaml(d.read_text(encoding="utf-8")))), None)
        except Exception as ex:  # the reader is only a helper
            first = None
            R.check(False, "import decide sample_data.txt: the output is readable YAML", str(ex))
        p, j = forecast(str(d), str(first), "exchange")
        ex1 = get(j, "rounds", 1, "exchanges")
        R.check(first is not None and p.code == 0 and ex1 == 39,
                f"forecast (imported sample_data) --issue {first} --model exchange: exit 0, 39 exchanges in round 1",
                p.describe() + [f"rounds[1].exchanges = {ex1!r}"])

        k = tmp / "k.yaml"
        p = run("import", "ktab", "tests/data/validation/SOE-Pol-Comp.csv", "-o", str(k))
        c = run("check", str(k))
        try:
            n = len(continuous_issues(read_yaml(k.read_text(encoding="utf-8"))))
        except Exception as ex:  # the reader is only a helper
            n = str(ex)
        R.check(p.code == 0 and c.code == 0 and n == 2 and "2 continuous issues" in c.stderr,
                "import ktab SOE-Pol-Comp.csv: exit 0, check exits 0, 2 continuous issues",
                p.describe() + c.describe() + [f"continuous issues: {n!r}"])

        out = tmp / "deu"
        p = run("import", "deu", DEU, "-o", str(out))
        files = sorted(out.glob("*.yaml")) if out.is_dir() else []
        R.check(p.code == 0 and len(files) == 331, f"import deu {DEU}: exit 0, 331 scenario files",
                p.describe() + [f"{len(files)} files"])
        sample = files[::max(1, len(files) // 20)][:20]
        failed = []
        for f in sample:
            c = run("check", str(f))
            if c.code != 0:
                failed.append(f"{f.name}: {c.describe()}")
        R.check(len(sample) == 20 and not failed, f"import deu: a sample of {len(sample)} of the files passes check",
                failed)

        bad = tmp / "bad.csv"
        bad.write_text("actor,capability,position,salience\nA,0.5,4,80\nB,abc,7,40\n", encoding="utf-8")
        target = tmp / "bad.yaml"
        p = run("import", "actors-csv", str(bad), "-o", str(target))
        lines = p.stderr.splitlines()
        ok = len(lines) >= 1 and all(re.match(re.escape(str(bad)) + r":\d+:\d+: error: \S", line) for line in lines)
        R.check(p.code == 2 and p.out == b"" and ok and lines[0].startswith(f"{bad}:3:3: error:")
                and not target.exists(),
                "import actors-csv of a CSV with a non-number capability: exit 2, FILE:3:3: error: (the capability "
                "field), nothing written", p.describe() + [f"written: {target.exists()}"])

    # ---- 7. golden transcripts ----
    for name, issue, model in GOLDEN_FORECAST:
        golden = root / "tests/cli/golden" / f"{name}.{issue}.{model}.forecast.json"
        if not golden.exists():
            R.check(False, f"golden {golden.relative_to(root)}", "missing; create it with tests/cli/update-golden.sh")
            continue
        p = hanoi_out[model] if (name, issue) == ("hanoi-2019", "relief_scope") and model in hanoi_out \
            else run("forecast", f"scenarios/{name}.yaml", "--issue", issue, "--model", model, "--format", "json")
        expected = golden.read_bytes()
        R.check(p.code == 0 and p.out == expected, f"golden {golden.relative_to(root)}: forecast output unchanged",
                first_diff(expected, p.out, golden.name, "parley forecast") +
                ["if the change is intended: tests/cli/update-golden.sh, then review the diff"])


DEU_HEAD = "isnr\tintro\tpa\tsa\tpb\tsb\tpc\tsc\trp\tout\n\t\t1\t\t2\t\t4\t\t\t\n"


def deu_row(isnr, intro, cells):
    """A DEU table row: positions and saliences of actors a, b, c, then rp and out."""
    return "\t".join([isnr, intro] + [str(c) for c in cells]) + "\n"


def deu_weighted_mean(cells, caps=(1, 2, 4)):
    """The capability x salience weighted mean of a deu_row's positions (the compromise model)."""
    num = den = 0.0
    for k, cap in enumerate(caps):
        pos, sal = cells[2 * k], cells[2 * k + 1]
        if pos == "":
            continue
        w = cap * (50 if sal == "" else sal) / 100
        num += w * pos
        den += w
    return num / den


def check_terminal_safety(R, run, root):
    """A file from an untrusted source cannot drive the terminal: control characters are refused
    in scenarios and imports (located, exit 2); bidirectional overrides are shown as visible marks
    in tables and kept as they are in JSON."""
    bad = "tests/data/bad/loader-95-control-characters.yaml"
    p = run("analyze", bad)
    R.check(p.code == 2 and "\x1b" not in p.stderr and "\x1b" not in p.stdout and "U+001B" in p.stderr,
            "analyze of a file with escape sequences in names: exit 2, no escape byte printed, the character named",
            p.describe())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        text = (root / "scenarios/toy-two-party.yaml").read_text(encoding="utf-8")
        doc = read_yaml(text)
        first = doc["actors"][0]
        name = first["name"]["en"] if isinstance(first["name"], dict) else first["name"]
        bidi = tmp / "bidi.yaml"
        bidi.write_text(text.replace(name, name + "\u202e\u2066x", 1), encoding="utf-8")
        p = run("analyze", str(bidi))
        R.check(p.code == 0 and "\u202e" not in p.stdout and "\u2066" not in p.stdout and "<U+202E>" in p.stdout
                and "<U+2066>" in p.stdout,
                "analyze table: bidirectional controls in a name are shown as <U+202E>/<U+2066> marks", p.describe())
        p = run("analyze", str(bidi), "--format", "json")
        R.check(p.code == 0 and "\u202e" in p.stdout and "<U+202E>" not in p.stdout,
                "analyze --format json keeps the name's characters (JSON is data)", p.describe())
        csv = tmp / "esc.csv"
        csv.write_text("actor,capability,position,salience\nA,10,5,50\n\"B\x1b]0;t\x07\",20,6,50\n", encoding="utf-8")
        p = run("import", "actors-csv", str(csv), "-o", str(tmp / "esc.yaml"))
        R.check(p.code == 2 and f"{csv}:3:3: error: control character U+001B" in p.stderr and "\x1b" not in p.stderr
                and not (tmp / "esc.yaml").exists(),
                "import actors-csv with an escape sequence in a name: exit 2 at its line and column, nothing written",
                p.describe())


def check_data_integrity(R, run, root):
    """Importers and validation that must not lose or bend data: unique file names for deu, ISO
    dates, degenerate issues skipped and listed by validate, bounded ranges, quoted boolean-like
    ids."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # ---- import deu: ids that sanitise to one file name ----
        ids = ["a b", "a_b", "a,b", "A_B"]
        table = tmp / "collide.tsv"
        table.write_text(DEU_HEAD + "".join(deu_row(i, "01-02-03", [10, 50, 20, 50, 30, 50, 0, 40]) for i in ids),
                         encoding="utf-8")
        out = tmp / "collide"
        p = run("import", "deu", str(table), "-o", str(out))
        files = sorted(f.name for f in out.glob("*.yaml")) if out.is_dir() else []
        folded = {f.lower() for f in files}
        titles = set()
        for f in files:
            try:
                titles.add(text_in(read_yaml((out / f).read_text(encoding="utf-8")).get("title"), "en"))
            except Exception as ex:  # the reader is only a helper
                titles.add(str(ex))
        R.check(p.code == 0 and "wrote 4 scenarios" in p.stderr and len(files) == 4 and len(folded) == 4
                and titles == {f"DEU {i}" for i in ids},
                "import deu of ids 'a b', 'a_b', 'a,b', 'A_B': 4 files with distinct names (also ignoring case), "
                "one per issue (titles keep the ids)", p.describe() + [f"files {files!r}", f"titles {titles!r}"])

        # ---- ISO dates ----
        rows_iso = [("d07001i1", "2007-11-15", [10, 50, 20, 50, 30, 50, 0, 40]),
                    ("d15001i1", "2015-11-07", [60, 50, 20, 50, 90, 50, 0, 40])]
        iso = tmp / "iso.tsv"
        iso.write_text(DEU_HEAD + "".join(deu_row(*r) for r in rows_iso), encoding="utf-8")
        for years, want in (("2007", ["d07001i1"]), ("2015", ["d15001i1"])):
            p = run("validate", "deu", str(iso), "--model", "mean", "--years", years, "--format", "json")
            j = parse_json(p)
            got = [x.get("id") for x in (j or {}).get("per_issue", [])]
            got_years = [x.get("year") for x in (j or {}).get("per_issue", [])]
            R.check(p.code == 0 and got == want and got_years == [int(years)],
                    f"validate deu (ISO intro dates) --years {years}: exactly {want}", p.describe() + [f"got {got!r}"])
        mixed = tmp / "mixed.tsv"
        mixed.write_text(DEU_HEAD + deu_row("x1", "15-11-07", [10, 50, 20, 50, 30, 50, 0, 40])
                         + deu_row("x2", "2007-11-15", [10, 50, 20, 50, 30, 50, 0, 40]), encoding="utf-8")
        p = run("validate", "deu", str(mixed), "--model", "mean")
        R.check(p.code == 2 and p.out == b"" and p.stderr.startswith(f"{mixed}:4:4: error: intro '2007-11-15'")
                and "line 3" in p.stderr, "validate deu of a table mixing dd-mm-yy and yyyy-mm-dd: exit 2 at "
                "FILE:4:4, naming the day-first line", p.describe())

        # ---- validate: an issue no model can forecast is skipped and listed ----
        rows = [("x1", "01-02-03", [10, 50, 20, 60, 70, 40, 0, 40]),
                ("x2", "01-02-03", [10, 0, 20, 0, 80, 0, 0, 40]),      # every salience 0
                ("x3", "01-02-03", [30, 20, 90, 100, "", "", 0, 70]),
                ("x4", "01-02-03", [50, 80, "", "", "", "", 0, 10])]   # one actor only
        deg = tmp / "degenerate.tsv"
        deg.write_text(DEU_HEAD + "".join(deu_row(*r) for r in rows), encoding="utf-8")
        kept = [r for r in rows if r[0] in ("x1", "x3")]
        want_mae = sum(abs(deu_weighted_mean(c) - c[-1]) for _, _, c in kept) / len(kept)
        for model in MODELS:
            p = run("validate", "deu", str(deg), "--model", model, "--format", "json")
            j = parse_json(p) or {}
            skipped = [(x.get("id"), x.get("reason")) for x in j.get("skipped", [])]
            bmae = (j.get("baseline") or {}).get("mae")
            ok = (p.code == 0 and j.get("issues") == 2 and [x.get("id") for x in j.get("per_issue", [])] == ["x1", "x3"]
                  and [i for i, _ in skipped] == ["x2", "x4"] and all(isinstance(r, str) and r for _, r in skipped)
                  and is_number(j.get("mae")) and is_number(bmae) and abs(bmae - want_mae) < 1e-6
                  and f"{deg}:4:1: warning: issue 'x2' skipped" in p.stderr
                  and f"{deg}:6:1: warning: issue 'x4' skipped" in p.stderr)
            R.check(ok, f"validate deu --model {model} with an all-zero-salience issue and a one-actor issue: both "
                    f"skipped and listed (JSON, stderr), the mae a number, the baseline's {want_mae:.6f} over the rest",
                    p.describe() + [f"issues {j.get('issues')!r}, mae {j.get('mae')!r}, baseline {bmae!r}, "
                                    f"skipped {skipped!r}"])
        p = run("validate", "deu", str(deg), "--model", "mean")
        R.check(p.code == 0 and "Skipped (not scored) 2 issues" in p.stdout and "x2:" in p.stdout,
                "validate deu (table): lists the skipped issues under the table", p.describe() + [p.stdout[-300:]])
        zero = tmp / "zero-caps.tsv"
        zero.write_text(DEU_HEAD.replace("\t\t1\t\t2\t\t4", "\t\t0\t\t0\t\t0")
                        + deu_row(*rows[0]), encoding="utf-8")
        p = run("validate", "deu", str(zero), "--model", "mean", "--format", "json")
        R.check(p.code == 2 and p.out == b"" and "skipped" in p.stderr and "nan" not in p.stdout.lower(),
                "validate deu with every capability proxy 0: exit 2 (nothing to score), no NaN", p.describe())

        # ---- bounded ranges ----
        huge = tmp / "huge.yaml"
        emissions = (root / "tests/data/good/14-emissions.yaml").read_text(encoding="utf-8")
        rng = re.search(r"range: \[[^\]]*\]", emissions)
        if rng:
            huge.write_text(emissions.replace(rng.group(0), "range: [-1e308, 1e308]", 1), encoding="utf-8")
            for args in (["check", str(huge)], ["forecast", str(huge), "--issue", "position", "--model", "mean",
                                                 "--format", "json"]):
                p = run(*args)
                R.check(p.code == 2 and p.out == b"" and "too large" in p.stderr and "1e+15" in p.stderr,
                        f"{args[0]} of a continuous range [-1e308, 1e308]: exit 2 (range too large), no output",
                        p.describe())
        else:
            R.check(False, "tests/data/good/14-emissions.yaml has a range to replace")

        # ---- boolean-like ids stay text for YAML 1.1 readers ----
        csv = tmp / "bools.csv"
        csv.write_text("actor,capability,position,salience\nyes,1,10,50\nno,1,20,50\non,1,30,50\ntrue,1,40,50\n",
                       encoding="utf-8")
        target = tmp / "bools.yaml"
        p = run("import", "actors-csv", str(csv), "-o", str(target))
        try:
            doc = yaml.safe_load(target.read_text(encoding="utf-8"))  # YAML 1.1: plain yes/on/true are booleans
            actors = [a.get("id") for a in doc.get("actors", [])]
            keys = list(doc["issues"][0]["positions"].keys())
        except Exception as ex:
            actors, keys = str(ex), None
        R.check(p.code == 0 and actors == ["yes", "no", "on", "true"] and keys == actors,
                "import actors-csv with actors yes, no, on, true: PyYAML (YAML 1.1) reads four distinct text ids "
                "and position keys", p.describe() + [f"actors {actors!r}", f"position keys {keys!r}"])


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
        issue_ids = [i["id"] for i in doc.get("issues", []) if i.get("type") != "continuous"] if isinstance(doc, dict) else None
        option_ids = [[o["id"] for o in i.get("options", [])] for i in doc.get("issues", [])
                      if i.get("type") != "continuous"] if isinstance(doc, dict) else None

        p = run("check", rel)
        R.check(p.code == 0, f"{rel}: check exits 0", p.describe())

        p = run("analyze", rel, "--format", "json")
        j = parse_json(p)
        R.check(p.code == 0 and j is not None, f"{rel}: analyze --format json exits 0 with JSON", p.describe())
        if j is not None:
            analyses[path.stem] = (p, j, doc)
            problems = contract_problems(j, issue_ids, option_ids)
            R.check(not problems, f"{rel}: JSON contract keys and shapes", problems)
            if isinstance(j.get("zopa_size"), int) and j["zopa_size"] > 1:
                # A cap below the ZOPA's size: the same first packages, truncated.
                p = run("analyze", rel, "--format", "json", "--max-listed", "1")
                k = parse_json(p)
                kp = contract_problems(k, issue_ids, option_ids, max_listed=1) if k is not None else ["no JSON"]
                R.check(p.code == 0 and not kp and k["zopa"] == j["zopa"][:1] and k["zopa_truncated"],
                        f"{rel}: --max-listed 1 lists the first ZOPA package, truncated", p.describe() + kp)
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
    p = run()  # the commands and the tour on stdout (issue 22 section 6, docs/errors.md)
    R.check(p.code == 0 and b"analyze" in p.out and b"Start here" in p.out and not p.stderr,
            "no arguments: exit 0, the commands on stdout", p.describe())
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

    # ---- parley sequence ----
    check_sequence(R, run, root)

    # ---- parley forecast, validate, import ----
    check_forecast(R, run, root)
    check_data_integrity(R, run, root)
    check_terminal_safety(R, run, root)

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
