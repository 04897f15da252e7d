#!/usr/bin/env python3
"""End-to-end checks of `parley import genius|geniusweb`, `parley export genius|geniusweb` and
`analyze --disagreement`.

Usage: /usr/bin/python3 tests/cli/genius_cli_test.py PATH/TO/parley REPO_ROOT [--update]

Checks, running the binary as a user does (working directory = REPO_ROOT):
  * every domain of ../shared/validation/genius-domains/ (read in place; skipped when absent)
    imports with exit 0, its scenario passes `check`, one party per profile in the order given,
    en and zh-TW names equal, one source per input file; the two quirks/ folders import with
    exactly one `FILE:LINE:COL: warning:` per repair (4 and 1); the ANAC 2014 non-linear
    profiles exit 2 with "not supported yet" at each profile's root; an import is
    byte-identical when repeated;
  * the malformed inputs tests/data/bad/import-*.{xml,json}: exit 2, nothing on stdout, stderr
    exactly the lines of the matching .stderr file, whose first line holds the arguments
    (`--update` rewrites the .stderr files from the current build; review the diff);
  * usage errors: too few files, --issue with genius, --real-steps with geniusweb;
  * export → import round trips through the command line (tests/data/genius/, and the
    laptop and ANL domain00): the analyses of the two scenarios give the same utilities (1e-9);
    export of scenarios/hanoi-2019.yaml exits 2 with every refusal at FILE:LINE:COL;
  * `analyze --disagreement`: JSON names the convention and the point; the floor point is the
    larger of the reservation and the least utility (computed here from the scenario's
    scores); the ZOPA is the same; the table names the floor point (en, zh-TW) and says nothing
    under the default; an unknown convention exits 2.
Prints one line per check and ends with `N passed, N failed`; exits 1 on failure.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n    {detail}" if detail else ""))


SHARED = "../shared/validation/genius-domains"

# (format, folder, domain, profiles) of every listed domain (README.md of the shared folder).
CASES = [
    ("genius", "genius-xml/laptop", "Laptop-C-domain.xml", ["Laptop-C-prof1.xml", "Laptop-C-prof2.xml"]),
    ("genius", "genius-xml/anac2010-ItexvsCypress", "ItexvsCypress_domain.xml",
     ["ItexvsCypress_Cypress.xml", "ItexvsCypress_Itex.xml"]),
    ("genius", "genius-xml/anac2013-SmartPhone", "SmartPhone.xml", ["SmartPhone_util1.xml", "SmartPhone_util2.xml"]),
    ("genius", "genius-xml/anac2015-politics", "Politics.xml",
     ["Politics_util1.xml", "Politics_util2.xml", "Politics_util3.xml"]),
    ("genius", "genius-xml/anac2012-TravelB", "Travel-B-domain.xml", ["Travel-B-prof1.xml", "Travel-B-prof2.xml"]),
    ("genius", "genius-xml/anac2012-EnergyA", "Energy-A-domain.xml", ["Energy-A-prof1.xml", "Energy-A-prof2.xml"]),
    ("genius", "genius-xml/anac2015-killer_robot", "KillerRobot.xml",
     [f"KillerRobot_util{k}.xml" for k in range(1, 6)]),
    ("genius", "genius-xml/anac2016-AgentHp2", "energy_grid_domain.xml", ["consumer.xml", "producer.xml", "provider.xml"]),
    ("genius", "genius-xml/quirks/anac2015-movie-genius-template", "movie.xml",
     ["movie-profile1.xml", "movie-profile2.xml", "movie-profile3.xml"]),
    ("genius", "genius-xml/quirks/anac2011-Car-genius-template", "adg.xml", ["adg_deal.xml", "adg_deal2.xml"]),
    ("geniusweb", "geniusweb-json/FlightBooking", "flightbooking.json", ["flightbooking1.json", "flightbooking2.json"]),
] + [("geniusweb", f"geniusweb-json/anl2023/domain{k:02}", f"domain{k:02}.json", ["profileA.json", "profileB.json"])
     for k in range(50)]

# Warnings expected of each case: (file, line, col, start of the message).
WARNINGS = {
    "genius-xml/laptop": [("Laptop-C-prof1.xml", 1, 1, "the weights add up to 1.000051804171754"),
                          ("Laptop-C-prof2.xml", 1, 1, "the weights add up to 1.000051804171754")],
    "genius-xml/quirks/anac2015-movie-genius-template": [("movie.xml", 13, 42, "bare '&'"),
                                                         ("movie-profile1.xml", 12, 57, "bare '&'"),
                                                         ("movie-profile2.xml", 12, 58, "bare '&'"),
                                                         ("movie-profile3.xml", 12, 57, "bare '&'")],
    "genius-xml/quirks/anac2011-Car-genius-template": [("adg_deal.xml", 46, 58, "no space between two attributes")],
}


def main(argv):
    parley, root = argv[1], argv[2]
    update = "--update" in argv[3:]
    tmp = tempfile.mkdtemp(prefix="parley-genius-cli-")

    def run(*args):
        return subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=600)

    def analyze(path, *flags):
        p = run("analyze", path, "--format", "json", "--max-listed", "100000", *flags)
        return (json.loads(p.stdout) if p.returncode == 0 else None), p

    try:
        # ---- every shared domain ----
        if not os.path.isdir(os.path.join(root, SHARED)):
            print(f"SKIP the shared domains: no {SHARED}")
        else:
            for fmt, folder, domain, profiles in CASES:
                d = f"{SHARED}/{folder}"
                out = os.path.join(tmp, folder.replace("/", "_") + ".yaml")
                p = run("import", fmt, f"{d}/{domain}", *[f"{d}/{x}" for x in profiles], "-o", out)
                warn = [line for line in p.stderr.splitlines() if ": warning: " in line]
                want = [f"{d}/{f}:{line}:{col}: warning: {msg}" for f, line, col, msg in WARNINGS.get(folder, [])]
                ok = p.returncode == 0 and len(warn) == len(want) and all(w.startswith(x) for w, x in zip(warn, want))
                check(ok, f"import {fmt} {folder}: exit 0, {len(want)} warning(s) at FILE:LINE:COL",
                      p.stderr[-800:] + f"\n    expected: {want}")
                if p.returncode != 0:
                    continue
                c = run("check", out)
                check(c.returncode == 0, f"{folder}: the imported scenario passes check", c.stderr[-500:])
                text = open(out, encoding="utf-8").read()
                ids = re.findall(r"^  - id: (\S+)\n    name: \{en: (.*), zh-TW: (.*)\}\n    role: party", text, re.M)
                check(len(ids) == len(profiles) and all(en == zh for _, en, zh in ids),
                      f"{folder}: {len(profiles)} parties in profile order, en and zh-TW names equal", str(ids))
                sources = re.findall(r"^  - id: (domain|profile-\d+)\n    title: (.*)$", text, re.M)
                check([t for _, t in sources] == [domain] + profiles, f"{folder}: one source per input file",
                      str(sources))
            # Repeated imports are byte-identical.
            d = f"{SHARED}/genius-xml/anac2015-politics"
            args = ("import", "genius", f"{d}/Politics.xml", f"{d}/Politics_util1.xml", f"{d}/Politics_util2.xml",
                    f"{d}/Politics_util3.xml")
            a, b = run(*args), run(*args)
            check(a.returncode == 0 and a.stdout == b.stdout and a.stdout.startswith("# Imported by parley"),
                  "import to stdout: byte-identical when repeated")
            # Non-linear profiles: boxes (the utilities against GENIUS's rules: genius_test; the
            # analysis: classes_cli_test).
            d = f"{SHARED}/genius-xml/anac2014-10issuesDiscountedwithRV"
            out = os.path.join(tmp, "anac2014.yaml")
            p = run("import", "genius", f"{d}/10issuesDiscountedwithRV-domain.xml", f"{d}/profile-1.xml",
                    f"{d}/profile-2.xml", "-o", out)
            text = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
            c = run("check", out)
            check(p.returncode == 0 and p.stderr.count("\n") == 1 and text.count("      terms:") == 2
                  and text.count("        - id: r") == 40 and "scale:" in text and "cap: 1" in text
                  and "10000000000 packages" in c.stdout + c.stderr,
                  "ANAC 2014 non-linear profiles: imported as boxes (20 per party, scale, cap 1), 10^10 packages",
                  p.stderr + c.stdout + c.stderr)

        # ---- malformed inputs ----
        bad = sorted(glob.glob(os.path.join(root, "tests/data/bad/import-*.xml")) +
                     glob.glob(os.path.join(root, "tests/data/bad/import-*.json")))
        check(len(bad) >= 10, f"tests/data/bad holds the import cases ({len(bad)})")
        for path in bad:
            rel = os.path.relpath(path, root)
            exp = os.path.splitext(path)[0] + ".stderr"
            if not os.path.exists(exp):
                check(False, f"{rel}: has a .stderr file")
                continue
            lines = open(exp, encoding="utf-8").read().splitlines()
            args = lines[0].removeprefix("# args: ").split()
            p = run(*args)
            got = p.stderr.splitlines()
            if update:
                with open(exp, "w", encoding="utf-8") as f:
                    f.write("\n".join([lines[0]] + got) + "\n")
                lines = [lines[0]] + got
            located = all(re.match(r"\S+:\d+:\d+: error: \S", x) for x in got)
            check(p.returncode == 2 and p.stdout == "" and got == lines[1:] and got and located,
                  f"{rel}: exit 2, nothing on stdout, the expected FILE:LINE:COL errors",
                  "\n    ".join(["got:"] + got + ["expected:"] + lines[1:]))

        # ---- usage errors ----
        t = "tests/data/genius"
        p = run("import", "genius", f"{t}/tiny-domain.xml", f"{t}/tiny-a.xml")
        check(p.returncode == 2 and "at least 3 files" in p.stderr, "import genius with one profile: exit 2", p.stderr)
        p = run("import", "genius", f"{t}/tiny-domain.xml", f"{t}/tiny-a.xml", f"{t}/tiny-b.xml", "--issue", "x")
        check(p.returncode == 2 and "--issue" in p.stderr, "import genius --issue: exit 2", p.stderr)
        p = run("import", "geniusweb", f"{t}/tiny-web-domain.json", f"{t}/tiny-web-a.json", f"{t}/tiny-web-b.json",
                "--real-steps", "5")
        check(p.returncode == 2 and "--real-steps" in p.stderr, "import geniusweb --real-steps: exit 2", p.stderr)
        p = run("import", "ktab", f"{t}/tiny-domain.xml", f"{t}/tiny-a.xml")
        check(p.returncode == 2 and "one input file" in p.stderr, "import ktab with two files: exit 2", p.stderr)
        p = run("import", "genius", f"{t}/tiny-a.xml", f"{t}/tiny-domain.xml", f"{t}/tiny-b.xml")
        check(p.returncode == 2 and "this looks like a profile" in p.stderr, "profile given as the domain: exit 2, said",
              p.stderr)

        # ---- export → import round trips ----
        trips = [("genius", [f"{t}/tiny-domain.xml", f"{t}/tiny-a.xml", f"{t}/tiny-b.xml", f"{t}/tiny-c.xml"]),
                 ("geniusweb", [f"{t}/tiny-web-domain.json", f"{t}/tiny-web-a.json", f"{t}/tiny-web-b.json"])]
        if os.path.isdir(os.path.join(root, SHARED)):
            trips.append(("genius", [f"{SHARED}/genius-xml/laptop/{x}" for x in
                                     ("Laptop-C-domain.xml", "Laptop-C-prof1.xml", "Laptop-C-prof2.xml")]))
            trips.append(("geniusweb", [f"{SHARED}/geniusweb-json/anl2023/domain00/{x}" for x in
                                        ("domain00.json", "profileA.json", "profileB.json")]))
        for k, (fmt, files) in enumerate(trips):
            first = os.path.join(tmp, f"trip{k}.yaml")
            p = run("import", fmt, *files, "-o", first)
            for out_fmt in ("genius", "geniusweb"):
                outdir = os.path.join(tmp, f"trip{k}-{out_fmt}")
                e = run("export", out_fmt, first, "-o", outdir)
                if e.returncode != 0:
                    # GeniusWeb needs a reservation bid: refused when no package is worth it.
                    check(out_fmt == "geniusweb" and e.returncode == 2 and "is no package's utility" in e.stderr,
                          f"export {out_fmt} of {files[0]}: exit 0, or a refused reservation bid", e.stderr)
                    continue
                ext = ".xml" if out_fmt == "genius" else ".json"
                written = sorted(os.listdir(outdir))
                domain = [x for x in written if x.endswith("-domain" + ext)]
                profiles = [os.path.join(outdir, x) for x in written if x not in domain]
                # Profiles in the scenario's party order: the export names them by actor id.
                order = re.findall(r"^  - id: (\S+)\n    name:.*\n    role: party", open(first, encoding="utf-8").read(), re.M)
                profiles.sort(key=lambda x: order.index(os.path.splitext(os.path.basename(x))[0]))
                second = os.path.join(tmp, f"trip{k}-{out_fmt}.yaml")
                p2 = run("import", out_fmt, os.path.join(outdir, domain[0]), *profiles, "-o", second)
                ja, _ = analyze(first)
                jb, _ = analyze(second)
                ok = p2.returncode == 0 and ja is not None and jb is not None
                if ok:
                    ua = [list(x["utilities"].values()) for x in ja["pareto"]]
                    ub = [list(x["utilities"].values()) for x in jb["pareto"]]
                    diff = max((abs(a - b) for ra, rb in zip(ua, ub) for a, b in zip(ra, rb)), default=0)
                    ok = (len(ua) == len(ub) and diff <= 1e-9 and ja["zopa_size"] == jb["zopa_size"]
                          and list(ja["nash"]["utilities"].values()) == list(jb["nash"]["utilities"].values()))
                check(ok, f"import {fmt} {files[0]} -> export {out_fmt} -> import: same frontier, ZOPA and Nash",
                      p2.stderr[-500:])
        p = run("export", "genius", "scenarios/hanoi-2019.yaml", "-o", os.path.join(tmp, "hanoi"))
        lines = p.stderr.splitlines()
        check(p.returncode == 2 and lines and all(x.startswith("scenarios/hanoi-2019.yaml:") and ": error: " in x
                                                  for x in lines)
              and any("interaction" in x for x in lines) and any("ratification" in x for x in lines),
              "export genius of hanoi-2019: exit 2, every refusal at FILE:LINE:COL", p.stderr)

        # ---- analyze --disagreement ----
        # The laptop (reservations 0, below the least utilities) when the shared files are there.
        lap = os.path.join(tmp, "trip2.yaml" if len(trips) > 2 else "trip0.yaml")
        jr, p = analyze(lap)
        jf, pf = analyze(lap, "--disagreement", "floor")
        ok = jr is not None and jf is not None
        check(ok and jr["disagreement"]["convention"] == "reservation" and jf["disagreement"]["convention"] == "floor",
              "analyze JSON names the disagreement convention (default reservation)", p.stderr + pf.stderr)
        if ok:
            res = jr["reservations"]
            # The least utility of each party, from the scenario's scores (additive, no interactions).
            import yaml  # python3-yaml, a dependency of the test suite
            sc = yaml.safe_load(open(lap, encoding="utf-8"))
            least = {}
            for actor, pref in sc["preferences"].items():
                total = sum(v["salience"] for v in pref["issues"].values())
                least[actor] = sum(v["salience"] * min(v["scores"].values()) for v in pref["issues"].values()) / (100 * total)
            want = {a: max(res[a], least[a]) for a in res}
            got = jf["disagreement"]["point"]
            check(all(abs(got[a] - want[a]) <= 1e-9 for a in want) and jr["disagreement"]["point"] == res,
                  "floor point = max(reservation, least utility); reservation point = the reservations",
                  f"{got} vs {want}")
            check(jr["zopa_size"] == jf["zopa_size"] and jr["pareto_zopa_size"] == jf["pareto_zopa_size"],
                  "the ZOPA is the same under both conventions")
            check(all(jf[k] is not None for k in ("egalitarian", "max_welfare")), "egalitarian and max_welfare reported")
            t = run("analyze", lap, "--disagreement", "floor")
            tz = run("analyze", lap, "--disagreement", "floor", "--lang", "zh-TW")
            t0 = run("analyze", lap)
            check(t.returncode == 0 and "Disagreement point (floor: the larger of the reservation and the least utility): "
                  in t.stdout and "談判破裂點（--disagreement floor：" in tz.stdout and "Disagreement point" not in t0.stdout,
                  "the table names the floor point (en, zh-TW), and nothing under the default", t.stdout[:400])
        p = run("analyze", "scenarios/toy-two-party.yaml", "--disagreement", "middle")
        check(p.returncode == 2 and "--disagreement" in p.stderr, "--disagreement middle: exit 2", p.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
