#!/usr/bin/env python3
"""`parley analyze` over option classes (docs/deal-space.md, "Option classes"): spaces whose
issues boxes link into one block past enumeration, answered exactly or refused up front.

Usage: /usr/bin/python3 tests/cli/classes_cli_test.py PATH/TO/parley REPO_ROOT [--no-timing]

Checks:
  * boxes on every command that evaluates packages (tests/data/good/17-boxes.yaml): analyze,
    --set of a box's value and scale, an event (--at), params, compare, sweep (a box value's
    distribution), sequence, timeline;
  * ANAC 2014's 10issuesDiscountedwithRV (10^10 packages, 2 parties, 20 boxes each linking all
    10 issues into one block; the GENIUS files read in place from ../shared): `analyze` chooses
    the classes method by itself and says so (JSON `method`, the `Method:` line, en and zh-TW),
    with an exact ZOPA, Nash and Kalai-Smorodinsky packages, the frontier's packages adding up
    to pareto_size, within 30 s; its frontier weakly dominates every point of GENIUS's own
    approximate frontier (pareto.xml: a blank line, then `u1, u2` lines); the same JSON with 1
    and 2 threads (--no-timing, for the sanitizer build: no timing, and one analysis only);
  * synthetic box spaces (`parley generate --boxes`): 30 issues of 4 options with a few boxes
    per party, answered by the classes method; 30 issues of 4 options with 60 boxes per party,
    refused up front with the estimated class tuples; 40 issues of 10 options (10^40
    packages), refused up front (a 64-bit package index); each within 20 s.
Prints PASS/FAIL lines and `N passed, N failed`; exits 1 on failure.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

TIMEOUT = 600
SHARED = "../shared/validation/genius-domains"


class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")


def run(parley, *args):
    start = time.monotonic()
    p = subprocess.run([parley, *args], capture_output=True, text=True, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def genius_front(path):
    """GENIUS's pareto.xml: not XML, a blank line then `u1, u2` lines."""
    points = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line:
            points.append(tuple(float(x) for x in line.split(",")))
    return points


def main():
    parley, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    timing = "--no-timing" not in sys.argv[3:]
    r = Results()
    tmp = tempfile.mkdtemp(prefix="parley-classes-")
    os.chdir(root)

    d = f"{SHARED}/genius-xml/anac2014-10issuesDiscountedwithRV"
    if not os.path.isdir(d):
        print(f"SKIP ANAC 2014: no {d}")
    else:
        y = os.path.join(tmp, "anac2014.yaml")
        code, _, err, _ = run(parley, "import", "genius", f"{d}/10issuesDiscountedwithRV-domain.xml",
                              f"{d}/profile-1.xml", f"{d}/profile-2.xml", "-o", y)
        r.check("ANAC 2014 10 issues: imported", code == 0, err)
        code, out, err, seconds = run(parley, "analyze", y, "--format", "json")
        j = json.loads(out) if code == 0 else {}
        r.check("ANAC 2014: the classes method chosen by itself, reported in JSON",
                j.get("method") == "classes" and j.get("packages_total") == 10**10 and j.get("class_tuples", 0) > 0,
                err or {k: j.get(k) for k in ("method", "packages_total", "class_tuples")})
        if timing:
            r.check(f"ANAC 2014: answered in {seconds:.1f} s (< 30 s)", seconds < 30, seconds)
        r.check("ANAC 2014: exact ZOPA, Nash and Kalai-Smorodinsky",
                j.get("zopa_exact") is True and j.get("zopa_size", 0) > 0 and j.get("nash") and
                j.get("kalai_smorodinsky"), {k: j.get(k) for k in ("zopa_exact", "zopa_size")})
        points = j.get("pareto_vectors", [])
        parties = ["profile-1", "profile-2"]
        ours = [tuple(p["utilities"][q] for q in parties) for p in points]
        r.check("ANAC 2014: every frontier vector listed, their packages adding up to pareto_size (and in the "
                "ZOPA to pareto_zopa_size)",
                j.get("pareto_vectors_size") == len(points) > 0 and
                sum(p["packages"] for p in points) == j.get("pareto_size") and
                sum(p["zopa_packages"] for p in points) == j.get("pareto_zopa_size"),
                {k: j.get(k) for k in ("pareto_vectors_size", "pareto_size")})
        # No listed point dominates another (a frontier).
        dominated = [a for a in ours for b in ours if b != a and b[0] >= a[0] and b[1] >= a[1]]
        r.check("ANAC 2014: the points are mutually non-dominated", not dominated, dominated)
        theirs = genius_front(f"{d}/pareto.xml")
        # pareto.xml rounds to about 7 significant digits (0.7527559 for 478/635).
        missed = [g for g in theirs if not any(f[0] >= g[0] - 1e-6 and f[1] >= g[1] - 1e-6 for f in ours)]
        r.check(f"ANAC 2014: the exact frontier ({len(ours)} points) weakly dominates each of GENIUS's "
                f"{len(theirs)} pareto.xml points", theirs and not missed, missed)
        # The Nash package lies on the frontier.
        nash = tuple(j["nash"]["utilities"][q] for q in parties) if j.get("nash") else None
        r.check("ANAC 2014: the Nash package is a frontier point", nash in ours, nash)
        # The repeated runs are left to the Release build (each takes minutes under the sanitizers,
        # whose build runs classes_test's thread checks instead).
        if timing:
            code1, out1, _, _ = run(parley, "analyze", y, "--format", "json", "--threads", "1")
            code2, out2, _, _ = run(parley, "analyze", y, "--format", "json", "--threads", "2")
            r.check("ANAC 2014: byte-identical JSON with 1 and 2 threads", code1 == code2 == 0 and out1 == out2 == out)
            code, out, err, _ = run(parley, "analyze", y)
            r.check("ANAC 2014: the Method line names the classes", code == 0 and "Method: classes (" in out, out[:600])
            code, out, err, _ = run(parley, "analyze", y, "--lang", "zh-TW")
            r.check("ANAC 2014: zh-TW names the method", code == 0 and "計算方法：選項類別" in out, out[:600])

    # Boxes on every command that evaluates packages (tests/data/good/17-boxes.yaml). The named
    # package `middle` (p60, month, one): Buyer 0.6 (warranty) + (fair-and-fast + not-too-late
    # + base) / 100, capped at 1: the box values below, from the file and the what-ifs.
    f = "tests/data/good/17-boxes.yaml"

    def buyer_middle(*args):
        code, out, err, _ = run(parley, "analyze", f, "--format", "json", *args)
        return json.loads(out)["named"]["middle"]["utilities"]["Buyer"] if code == 0 else err

    r.check("boxes: analyze evaluates them (0.6 + (60 + 20 + 5)/100)", buyer_middle() == 1.45, buyer_middle())
    r.check("boxes: --set ACTOR.BOX.value (0.6 + (10 + 20 + 5)/100)",
            buyer_middle("--set", "Buyer.fair-and-fast.value=10") == 0.95,
            buyer_middle("--set", "Buyer.fair-and-fast.value=10"))
    r.check("boxes: an event changing a box's value (--at: 0.6 + (40 + 20 + 5)/100)",
            buyer_middle("--at", "2021-10-01") == 1.25, buyer_middle("--at", "2021-10-01"))
    r.check("boxes: --set ACTOR.boxes.scale (0.6 + 85/50, capped at 1)",
            buyer_middle("--set", "Buyer.boxes.scale=50") == 1.6, buyer_middle("--set", "Buyer.boxes.scale=50"))
    code, out, err, _ = run(parley, "params", f, "--format", "json")
    paths = [p["path"] for p in json.loads(out)["params"]] if code == 0 else []
    r.check("boxes: params lists their paths", {"Buyer.fair-and-fast.value", "Buyer.boxes.scale", "Buyer.boxes.cap",
                                                 "Seller.boxes.scale"} <= set(paths) and
            "Seller.boxes.cap" not in paths, err or paths)
    code, out, err, _ = run(parley, "compare", f, "--variant", "Buyer.fair-and-fast.value=10", "--format", "json")
    j = json.loads(out) if code == 0 else {}
    r.check("boxes: compare sees a box's value (the ZOPA shrinks from 27 to 25 packages)",
            j.get("baseline", {}).get("zopa_size") == 27 and j.get("variant", {}).get("zopa_size") == 25,
            err or out[:400])
    code, out, err, _ = run(parley, "sweep", f, "--samples", "200", "--format", "json")
    j = json.loads(out) if code == 0 else {}
    r.check("boxes: sweep samples a box's distribution",
            [u["parameter"] for u in j.get("uncertain", [])] == ["Buyer.not-too-late.value"], err or j.get("uncertain"))
    code, out, err, _ = run(parley, "sequence", f, "--plan", "staged", "--format", "json")
    r.check("boxes: sequence evaluates a plan's package with them", code == 0 and "1.45" in out, err or out[:400])
    code, out, err, _ = run(parley, "timeline", f, "--from", "2021-08-30", "--to", "2021-09-02", "--format", "json")
    r.check("boxes: timeline runs over the event", code == 0, err)

    def gen(issues, options, boxes, seed=1):
        path = os.path.join(tmp, f"b-{issues}-{options}-{boxes}-{seed}.yaml")
        code, _, err, _ = run(parley, "generate", "--parties", "2", "--issues", str(issues), "--options",
                              str(options), "--boxes", str(boxes), "--seed", str(seed), "-o", path)
        assert code == 0, err
        return path

    code, out, err, seconds = run(parley, "analyze", gen(30, 4, 4), "--format", "json")
    j = json.loads(out) if code == 0 else {}
    r.check(f"30 issues x 4 options, 4 boxes per party: answered by the classes method ({seconds:.1f} s)",
            j.get("method") == "classes" and j.get("zopa_exact") is True and seconds < 20, err or j.get("method"))
    code, out, err, seconds = run(parley, "analyze", gen(30, 4, 60))
    r.check(f"30 issues x 4 options, 60 boxes per party: refused up front with the estimate ({seconds:.1f} s)",
            code == 2 and "estimated" in err and "tuples of option classes" in err and seconds < 20, err)
    code, out, err, seconds = run(parley, "analyze", gen(40, 10, 20), "--estimate")
    e = json.loads(out) if code == 0 else {}
    r.check(f"40 issues x 10 options (10^40 packages): estimated as refused ({seconds:.1f} s)",
            e.get("seconds") is None or e.get("seconds", 0) > 1e9 or "64-bit" in e.get("what", ""), out + err)
    code, out, err, seconds = run(parley, "analyze", gen(40, 10, 20))
    r.check(f"40 issues x 10 options: refused up front, naming the 64-bit index ({seconds:.1f} s)",
            code == 2 and "64-bit package index" in err and seconds < 20, err)

    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
