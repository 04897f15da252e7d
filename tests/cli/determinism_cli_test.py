#!/usr/bin/env python3
"""Every command gives the same bytes for the same input, flags and seed (issue 23 §5).

Usage: /usr/bin/python3 tests/cli/determinism_cli_test.py PATH/TO/parley REPO_ROOT [--mpirun MPIRUN]

For every command with JSON output (and the file-writing commands: report, export, import,
generate, whose files are compared), on small inputs:
  * two runs give byte-identical output;
  * with --threads 1, 2 and 8 (for the commands that take --threads) the output is byte-identical;
  * with --mpirun (a separate test): only `sweep` and `sweep --bargain`, on 2 MPI processes against 1.
Under the sanitizer build (PARLEY_SANITIZED=1) the thread counts are 1 and 2 and the slowest cases
(the sweeps) use fewer samples: still two runs and two thread counts per command.
Prints PASS/FAIL lines and `N passed, N failed`; exits 1 on failure.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT = 600
TOY = "scenarios/toy-two-party.yaml"
HANOI = "scenarios/hanoi-2019.yaml"
DEU = "tests/data/validation/deu-1996-2008.tsv"
EMISSIONS = "tests/data/validation/ec-emissions-bdm94.csv"
SANITIZED = os.environ.get("PARLEY_SANITIZED") == "1"
SWEEP_SAMPLES = "150" if SANITIZED else "600"
BARGAIN_SAMPLES = "6" if SANITIZED else "24"

# name -> (arguments, takes --threads, writes files into "OUT" instead of stdout)
CASES = {
    "check": (["check", TOY], False, False),  # no JSON: its one line (on stderr)
    "analyze": (["analyze", HANOI, "--format", "json"], True, False),
    "params": (["params", TOY, "--format", "json"], False, False),
    "timeline": (["timeline", TOY, "--from", "2020-01-01", "--to", "2020-03-01", "--format", "json"], True, False),
    "bargain": (["bargain", TOY, "--format", "json", "--seed", "5"], False, False),
    "compare": (["compare", HANOI, "--variant", "at=2019-02-27", "--format", "json"], True, False),
    "sequence --plan": (["sequence", HANOI, "--plan", "us-all-at-once", "--format", "json"], False, False),
    "sequence --search": (["sequence", HANOI, "--search", "us-big-deal", "--start", "status-quo", "--max-stages", "2",
                           "--format", "json"], True, False),
    "forecast": (["forecast", HANOI, "--issue", "relief_scope", "--model", "mean", "--format", "json"], False, False),
    "validate": (["validate", "deu", DEU, "--model", "mean", "--format", "json"], True, False),
    "sweep": (["sweep", HANOI, "--samples", SWEEP_SAMPLES, "--seed", "3", "--format", "json", "--quiet",
               "--sensitivity-samples", "100", "--sobol-samples", "60"], True, False),
    "sweep --bargain": (["sweep", HANOI, "--bargain", "--samples", BARGAIN_SAMPLES, "--seed", "3", "--format",
                         "json", "--quiet", "--sobol-parameters", "2", "--sobol-samples", "8"], True, False),
    "mediate": (["mediate", TOY, "--format", "json"], False, False),
    "levers": (["levers", TOY, "--format", "json"], True, False),
    "report": (["report", TOY, "-o", "OUT/report.html"], True, True),
    # GENIUS profiles are additive: a generated scenario without interactions (GEN, written first).
    "export": (["export", "genius", "GEN", "-o", "OUT/export"], False, True),
    "import": (["import", "actors-csv", EMISSIONS, "--range", "4,10", "-o", "OUT/imported.yaml"], False, True),
    "generate": (["generate", "--issues", "3", "--options", "3", "--parties", "3", "-o", "OUT/generated.yaml"],
                 False, True),
}


def main():
    parley, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    mpirun = sys.argv[sys.argv.index("--mpirun") + 1] if "--mpirun" in sys.argv else None
    threads = ["1", "2"] if SANITIZED else ["1", "2", "8"]
    passed = failed = 0

    def check(ok, what, details=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"PASS {what}")
        else:
            failed += 1
            print(f"FAIL {what}")
            if details:
                print(f"    {details}")

    def run(args, writes, prefix=()):
        """The command's output: stdout, or every file it wrote (name and bytes), and its exit."""
        with tempfile.TemporaryDirectory() as out:
            argv = [a.replace("OUT", out) if a.startswith("OUT") else a for a in args]
            try:
                p = subprocess.run([*prefix, parley, *argv], cwd=root, stdin=subprocess.DEVNULL, capture_output=True,
                                   timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                return None, b"timed out"
            if p.returncode != 0:
                return None, p.stderr[-400:]
            if not writes:
                return (p.stdout if args[0] != "check" else p.stderr), b""
            files = []
            for f in sorted(Path(out).rglob("*")):
                if f.is_file():
                    files.append(str(f.relative_to(out)).encode() + b"\0" + f.read_bytes())
            return b"\0\0".join(files), b""

    gen_dir = tempfile.TemporaryDirectory()
    gen = os.path.join(gen_dir.name, "generated.yaml")
    subprocess.run([parley, "generate", "--issues", "3", "--options", "3", "--parties", "3", "-o", gen], check=True,
                   timeout=TIMEOUT, capture_output=True)
    for name, (args, takes_threads, writes) in CASES.items():
        args = [gen if a == "GEN" else a for a in args]
        if mpirun and not name.startswith("sweep"):
            continue  # the MPI run checks only what MPI changes; the other run checks the rest
        base = [*args, "--threads", "1"] if takes_threads else args
        first, err = run(base, writes)
        ok = first is not None and len(first) > 0
        check(ok, f"{name}: runs", err.decode(errors="replace"))
        if not ok:
            continue
        second, err = run(base, writes)
        check(second == first, f"{name}: two runs, the same bytes", err.decode(errors="replace"))
        if takes_threads and not mpirun:
            for t in threads[1:]:
                other, err = run([*args, "--threads", t], writes)
                check(other == first, f"{name}: --threads {t} gives the bytes of --threads 1",
                      err.decode(errors="replace"))
        if mpirun and name.startswith("sweep"):
            prefix = (mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "2")
            other, err = run(base, writes, prefix=prefix)
            check(other == first, f"{name}: 2 MPI processes give the bytes of 1", err.decode(errors="replace"))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
