#!/usr/bin/env python3
"""A failure in one MPI process ends every process (issue 23 §3, cluster/cluster.h).

Usage: /usr/bin/python3 tests/cli/mpi_failure_test.py PATH/TO/parley REPO_ROOT MPIRUN

Under `mpirun -np 2`, each case must end within TIMEOUT seconds (a hang fails the test), exit
non-zero (2 for a failure the user can cause), print the error once on stderr and nothing on
stdout:
  * the test hook PARLEY_TEST_FAIL_RANK=N (read by cluster/mpi.cc only) fails rank 1, then rank
    0, at their first checkpoint, in `sweep` and in `sweep --bargain`;
  * rank 1 is given a file it cannot read while rank 0 has the real scenario (no hook: the
    ordinary loader error travels through the failure agreement);
  * a bad flag, a bad flag value and an unknown command (found before MPI starts) are printed
    once, by rank 0, and every process exits 2;
  * SIGINT to the launcher during a long sweep ends it (non-zero exit) within the timeout;
  * a run without failure still exits 0 with one JSON document.
Prints PASS/FAIL lines and `N passed, N failed`; exits 1 on failure.
"""

import os
import signal
import subprocess
import sys
import time

TIMEOUT = 90
HANOI = "scenarios/hanoi-2019.yaml"


def main():
    parley, root, mpirun = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    launch = [mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "2"]
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

    def run(argv, env_extra=None):
        env = dict(os.environ)
        env.pop("PARLEY_TEST_FAIL_RANK", None)
        env.update(env_extra or {})
        start = time.monotonic()
        try:
            p = subprocess.run(argv, cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, "", "timed out", TIMEOUT
        return p.returncode, p.stdout, p.stderr, time.monotonic() - start

    sweep = ["sweep", HANOI, "--samples", "3000", "--format", "json", "--quiet", "--threads", "1",
             "--sensitivity-samples", "200", "--sobol-samples", "100"]
    bargain = ["sweep", HANOI, "--bargain", "--samples", "40", "--format", "json", "--quiet", "--threads", "1",
               "--sobol-parameters", "0"]

    for name, args in (("sweep", sweep), ("sweep --bargain", bargain)):
        for rank in ("1", "0"):
            code, out, err, seconds = run([*launch, parley, *args], {"PARLEY_TEST_FAIL_RANK": rank})
            marker = f"rank {rank} failed on purpose"
            check(code is not None, f"{name}, rank {rank} fails: every process ends ({seconds:.1f} s)", err[-300:])
            check(code == 2, f"{name}, rank {rank} fails: exit 2", f"exit {code}; {err[-300:]}")
            check(err.count(marker) == 1 and err.count("error:") == 1,
                  f"{name}, rank {rank} fails: the error printed once", err[-600:])
            check(out == "", f"{name}, rank {rank} fails: nothing on stdout", out[:200])

    # Rank 1 reads a file that does not exist; rank 0 the scenario. No test hook involved.
    script = ('if [ "${OMPI_COMM_WORLD_RANK:-0}" = 1 ]; then f=tests/data/no-such-scenario.yaml; '
              f'else f={HANOI}; fi; exec "$0" sweep "$f" --samples 3000 --format json --quiet --threads 1')
    code, out, err, seconds = run([*launch, "/bin/sh", "-c", script, parley])
    check(code is not None, f"rank 1 cannot read its file: every process ends ({seconds:.1f} s)", err[-300:])
    check(code == 2, "rank 1 cannot read its file: exit 2", f"exit {code}; {err[-300:]}")
    check(err.count("no-such-scenario.yaml") == 1 and err.count("error:") == 1,
          "rank 1 cannot read its file: its error printed once", err[-600:])
    check(out == "", "rank 1 cannot read its file: nothing on stdout", out[:200])

    # A bad flag or command: every process parses the same command line and fails before MPI
    # starts; rank 0 alone prints, every process exits 2.
    for what, args, needle in (("a bad flag", ["sweep", HANOI, "--bogus"], "--bogus"),
                               ("a bad flag value", ["sweep", HANOI, "--bargain", "--samples", "many"], "many"),
                               ("an unknown command", ["sweep-it", HANOI], "sweep-it")):
        code, out, err, seconds = run([*launch, parley, *args])
        check(code is not None, f"{what}: every process ends ({seconds:.1f} s)", err[-300:])
        check(code == 2, f"{what}: exit 2", f"exit {code}; {err[-300:]}")
        check(err.count("parley: error:") == 1 and err.count("error:") == 1 and needle in err,
              f"{what}: the error printed once", err[-600:])
        check(out == "", f"{what}: nothing on stdout", out[:200])

    # Ctrl-C: SIGINT to the launcher ends every process promptly with a non-zero exit.
    long_sweep = [*launch, parley, "sweep", HANOI, "--samples", "2000000", "--format", "json", "--quiet",
                  "--threads", "1"]
    p = subprocess.Popen(long_sweep, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(3)
    p.send_signal(signal.SIGINT)
    t0 = time.monotonic()
    try:
        p.communicate(timeout=TIMEOUT)
        check(p.returncode != 0, f"SIGINT to mpirun: every process ends, exit {p.returncode} "
                                 f"({time.monotonic() - t0:.1f} s)")
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        check(False, "SIGINT to mpirun: every process ends", "timed out")

    # Without a failure: exit 0 and one JSON document.
    code, out, err, seconds = run([*launch, parley, *sweep])
    check(code == 0 and out.count('"p_deal"') == 1, "no failure: exit 0, one JSON document", f"exit {code}; {err[-300:]}")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
