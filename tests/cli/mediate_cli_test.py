#!/usr/bin/env python3
"""`parley mediate` end to end (issue 16, docs/mediate.md).

Usage: /usr/bin/python3 tests/cli/mediate_cli_test.py PATH/TO/parley REPO_ROOT

Checks, on tests/data/good/31-mediation.yaml:
  * the JSON keys the issue names (mediator, method, drafts [{package, utilities, vetoed_by}],
    proposal, in_zopa, distance_to_nash, inducement {offers, cost, funded}, credible_to) for every
    method; vetoes use the vocabulary of `analyze` (package, requirement, ratification);
  * the single text's drafts: the adopted ones never make a party worse off, the last adopted draft
    is the proposal;
  * determinism: the same flags twice give byte-identical JSON; --anneal with two seeds runs;
  * the table in en and zh-TW; `params` lists the mediation paths; --set reaches them (a bias
    entirely toward a party changes its weight);
  * usage errors exit 2: an unknown mediator, an unknown start package, --anneal with a criterion.
"""
import json
import subprocess
import sys


def main():
    parley, root = sys.argv[1], sys.argv[2]
    f = "tests/data/good/31-mediation.yaml"
    problems = []

    def run(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout, p.stderr

    for method in ("single-text", "nash", "ks", "egalitarian", "welfare"):
        rc, out, err = run("mediate", f, "--method", method, "--format", "json")
        if rc != 0:
            problems.append(f"mediate --method {method}: exit {rc}: {err}")
            continue
        j = json.loads(out)
        for key in ("mediator", "method", "drafts", "proposal", "in_zopa", "distance_to_nash", "inducement",
                    "credible_to"):
            if key not in j:
                problems.append(f"{method}: missing key {key}")
        if j.get("method") != method:
            problems.append(f"{method}: method is {j.get('method')}")
        if j.get("mediator") != "M":
            problems.append(f"{method}: mediator is {j.get('mediator')}")
        for key in ("offers", "cost", "funded"):
            if key not in j["inducement"]:
                problems.append(f"{method}: inducement misses {key}")
        if set(j["credible_to"]) != {"A", "B"}:
            problems.append(f"{method}: credible_to names {sorted(j['credible_to'])}")
        if method == "single-text":
            if not j["drafts"]:
                problems.append("single text: no drafts")
            prev = None
            last = None
            for d in j["drafts"]:
                if set(d) != {"package", "utilities", "vetoed_by"}:
                    problems.append(f"draft keys {sorted(d)}")
                for why in d["vetoed_by"].values():
                    if not set(why) <= {"package", "requirement", "ratification"}:
                        problems.append(f"veto reasons {why}")
                if not d["vetoed_by"]:
                    if prev and any(d["utilities"][p] < prev[p] - 1e-9 for p in prev):
                        problems.append(f"an adopted draft makes a party worse off: {d}")
                    prev = d["utilities"]
                    last = d["package"]
            if last is not None and last != j["proposal"]["package"]:
                problems.append("the last adopted draft is not the proposal")
        elif j["drafts"] != []:
            problems.append(f"{method}: drafts listed for a criterion method")

    a = run("mediate", f, "--format", "json", "--anneal", "--seed", "3")
    b = run("mediate", f, "--format", "json", "--anneal", "--seed", "3")
    if a != b or a[0] != 0:
        problems.append("mediate --anneal --seed 3 twice differs or fails")
    elif json.loads(a[1])["seed"] != 3:
        problems.append("the seed is not reported")

    for lang, word in (("en", "Proposal"), ("zh-TW", "提案")):
        rc, out, err = run("mediate", f, "--lang", lang)
        if rc != 0 or word not in out:
            problems.append(f"table in {lang}: exit {rc}, {word!r} missing: {out[:200]} {err}")

    rc, out, err = run("params", f)
    for path in ("M.bias.A", "M.bias.B", "M.cost_of_failure", "M.inducement.aid.budget", "M.inducement.aid.B",
                 "M.inducement.projects.B"):
        if path not in out:
            problems.append(f"params does not list {path}")

    rc, out, err = run("mediate", f, "--format", "json", "--method", "nash", "--set", "M.bias.A=1", "--set", "M.bias.B=0")
    if rc != 0 or json.loads(out)["bias"] != {"A": 1, "B": 0}:
        problems.append(f"--set M.bias: exit {rc}, {out[:300]} {err}")

    for args in (["--mediator", "A"], ["--start", "nothing"], ["--method", "nash", "--anneal"]):
        rc, out, err = run("mediate", f, *args)
        if rc != 2:
            problems.append(f"mediate {' '.join(args)}: exit {rc}, expected 2 ({err.strip()})")

    for p in problems:
        print("FAIL", p)
    print("mediate_cli_test:", "FAIL" if problems else "PASS")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
