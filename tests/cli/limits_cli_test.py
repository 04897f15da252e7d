#!/usr/bin/env python3
"""Errors of the right kind (issue 21, section 4), end to end:

  * worker threads under an address-space limit (`ulimit -v 4000000`): `sweep --threads 600` and
    `report --threads 1024` end normally (exit 0, with at most a one-line warning that fewer
    threads started) or with a clean `parley: error:` and exit 2; never a signal (they aborted
    with "terminate called without an active exception");
  * a saturated package count is written "more than 1.8·10^19", not 18446744073709551615;
  * `compare` refuses two different dates (or values of one parameter) in one what-if;
  * `import`: a scenario that would exceed the 16 MiB scenario limit is refused as bad input
    (exit 2) before it is written; a DEU date with many digits is a located error (exit 2).

Usage: /usr/bin/python3 tests/cli/limits_cli_test.py PATH/TO/parley REPO_ROOT [--no-ulimit]
--no-ulimit skips the address-space checks (the sanitizer build: AddressSanitizer reserves far
more address space than the limit leaves). Prints one line per check, ends with
`N passed, N failed`; exits 1 on failure.
"""

import os
import shlex
import signal
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


def describe(p):
    sig = f" (signal {signal.Signals(-p.returncode).name})" if p.returncode < 0 else ""
    return f"exit {p.returncode}{sig}; stderr: {p.stderr[-600:]!r}"


def main(argv):
    parley, root = os.path.abspath(argv[1]), argv[2]
    ulimit = "--no-ulimit" not in argv[3:]

    def run(*args, timeout=300):
        return subprocess.run([parley, *args], cwd=root, capture_output=True, text=True, timeout=timeout)

    def run_limited(*args):
        # exec: the shell's exit status would hide a signal as 128 + N.
        cmd = "ulimit -v 4000000; exec " + " ".join(shlex.quote(a) for a in [parley, *args])
        return subprocess.run(["bash", "-c", cmd], cwd=root, capture_output=True, text=True, timeout=600)

    def clean_end(p):
        if p.returncode == 0:
            extra = [l for l in p.stderr.splitlines() if l.startswith("parley: warning:")]
            return len(extra) <= 1
        return p.returncode == 2 and p.stderr.startswith("parley: error:")

    with tempfile.TemporaryDirectory() as tmp:
        # ---- worker threads under ulimit -v ----
        if ulimit:
            p = run_limited("sweep", "scenarios/hanoi-2019.yaml", "--samples", "50", "--threads", "600",
                            "--format", "json")
            check(clean_end(p), "ulimit -v 4000000: sweep --samples 50 --threads 600 ends cleanly", describe(p))
            base = run("sweep", "scenarios/hanoi-2019.yaml", "--samples", "50", "--threads", "2", "--format", "json")
            if p.returncode == 0:
                check(base.returncode == 0 and p.stdout == base.stdout,
                      "the limited sweep's JSON is byte-identical to the one of --threads 2", describe(base))
            out = os.path.join(tmp, "r.html")
            p = run_limited("report", "scenarios/hanoi-2019.yaml", "--threads", "1024", "-o", out)
            check(clean_end(p), "ulimit -v 4000000: report --threads 1024 ends cleanly", describe(p))
            # Forecast validation and the plan search start their workers the same way.
            for args in (["validate", "deu", "tests/data/validation/deu-1996-2008.tsv", "--model", "exchange"],
                         ["sequence", "scenarios/hanoi-2019.yaml", "--search", "pre-summit-draft", "--start",
                          "status-quo", "--max-stages", "4", "--without", "cohen-testimony"]):
                p = run_limited(*args, "--threads", "1024", "--format", "json")
                one = run(*args, "--threads", "1", "--format", "json")
                check(clean_end(p) and (p.returncode != 0 or p.stdout == one.stdout),
                      f"ulimit -v 4000000: {args[0]} --threads 1024 ends cleanly, the JSON of --threads 1", describe(p))
        else:
            print("SKIP ulimit -v checks (--no-ulimit)")

        # ---- saturated counts ----
        big = os.path.join(tmp, "big.yaml")
        p = run("generate", "--parties", "2", "--issues", "20", "--options", "10", "-o", big)
        check(p.returncode == 0, "generate: 2 parties, 20 issues of 10 options (1e20 packages)", describe(p))
        p = run("check", big)
        check(p.returncode == 0 and "more than 1.8·10^19 packages" in p.stderr
              and "18446744073709551615" not in p.stderr,
              "check: the saturated package count reads 'more than 1.8·10^19 packages'", describe(p))
        # The cost model refuses it before the work (docs/budgets.md), naming the count as a bound.
        p = run("sweep", big, "--samples", "10")
        check(p.returncode == 2 and "more than 1.8·10^19 packages" in p.stderr
              and "18446744073709551615" not in p.stderr,
              "sweep: refused (exit 2) with 'more than 1.8·10^19 packages'", describe(p))

        # ---- compare: one date per what-if ----
        p = run("compare", "scenarios/hanoi-2019.yaml", "--variant", "at=2019-02-27", "--variant", "at=2019-02-28")
        check(p.returncode == 2 and p.stderr.startswith("parley: error: 'at=2019-02-28': this what-if already has "
                                                        "at=2019-02-27"),
              "compare --variant at=A --variant at=B: refused (it kept the last)", describe(p))
        p = run("compare", "scenarios/hanoi-2019.yaml", "--baseline", "at=2019-02-27", "--variant", "at=2019-02-28")
        check(p.returncode == 0, "compare --baseline at=A --variant at=B: still compares", describe(p))

        # ---- import: output beyond the scenario limit; DEU dates with many digits ----
        csv = os.path.join(tmp, "long.csv")
        with open(csv, "w") as f:
            f.write("actor,capability,position,salience\n")
            for k in range(9):  # 9 names of 1 MiB, each written twice: 18 MiB of text
                f.write(f"{chr(65 + k) * (1 << 20)},1,{k},50\n")
        p = run("import", "actors-csv", csv, "-o", os.path.join(tmp, "long.yaml"))
        check(p.returncode == 2 and p.stderr.startswith(f"{csv}: error: the scenario 'long' made from this file would "
                                                        "be ") and "larger than the 16 MiB limit" in p.stderr
              and not os.path.exists(os.path.join(tmp, "long.yaml")),
              "import actors-csv: a scenario beyond 16 MiB is bad input (exit 2), nothing written", describe(p))
        deu = os.path.join(tmp, "d.tsv")
        with open(deu, "w") as f:
            f.write("isnr\tintro\tpa\tsa\tpb\tsb\trp\tout\n\t\t1\t\t1\n"
                    "x1\t99999999999-01-00\t40\t50\t60\t50\t0\t60\n")
        for args in (["import", "deu", deu, "-o", os.path.join(tmp, "deu")], ["validate", "deu", deu, "--model", "mean"]):
            p = run(*args)
            check(p.returncode == 2 and p.stderr.startswith(f"{deu}:3:4: error: intro '99999999999-01-00' is not a date"),
                  f"{args[0]} deu: an intro date with 11 digits is a located error, exit 2", describe(p))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
