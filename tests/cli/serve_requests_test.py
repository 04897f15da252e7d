#!/usr/bin/env python3
"""`parley serve`: one parser for the CLI and the API, cancel tokens, total read time (issue 18).

Usage: /usr/bin/python3 tests/cli/serve_requests_test.py PATH/TO/parley REPO_ROOT

  * the same bad option of sweep, bargain and mediate gets the same error text from the CLI
    (`parley: error: TEXT`, exit 2) and from the API (400, `request: error: TEXT`): both parse
    them in src/api/requests.cc;
  * a superseded bargain or mediate request on a generated scenario with 10^6 packages stops
    promptly (409) instead of running on, and both stop (503) once past --max-seconds: each
    checks the server's cancel token;
  * a client that trickles its headers, each byte within --read-timeout, is still cut off once the
    whole request has taken --request-timeout;
  * a 10^6-package scenario is analysed through the API well under a second (the issue's budget
    is 1 s; the check here allows 3 s on a loaded machine, 30 s under a sanitizer).
Every wait is bounded. PARLEY_SANITIZED=1 (the ASan build) keeps the same checks: the cancelled
requests stop early whatever their length.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_cli_test  # noqa: E402

SANITIZED = os.environ.get("PARLEY_SANITIZED") == "1"


class Server(serve_cli_test.Server):
    """serve_cli_test's server on another scenario file."""

    def __init__(self, parley, root, *flags, scenario=serve_cli_test.SCENARIO):
        saved = serve_cli_test.SCENARIO
        serve_cli_test.SCENARIO = scenario
        try:
            super().__init__(parley, root, *flags)
        finally:
            serve_cli_test.SCENARIO = saved


def main():
    parley, root = sys.argv[1], sys.argv[2]
    problems = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            problems.append(what)

    # ---- one wording: the CLI's flags and the API's keys ----
    cases = [
        (["sweep", "--plan", "no-such-plan"], "sweep", {"plan": "no-such-plan"}),
        (["sweep", "--sobol-parameters", "2000"], "sweep", {"sobol_parameters": 2000}),
        (["bargain", "--step", "3x"], "bargain", {"step": "3x"}),
        (["bargain", "--from", "2019-13-01"], "bargain", {"from": "2019-13-01"}),
        (["bargain", "--protocol", "auction"], "bargain", {"protocol": "auction"}),
        (["bargain", "--tactic", "US"], "bargain", {"tactics": ["US"]}),
        (["bargain", "--tactic", "US=linear", "--tactic", "US=boulware"], "bargain",
         {"tactics": ["US=linear", "US=boulware"]}),
        (["mediate", "--method", "auction"], "mediate", {"method": "auction"}),
        (["mediate", "--holdout-risk", "2"], "mediate", {"holdout_risk": 2}),
        (["mediate", "--method", "nash", "--anneal"], "mediate", {"method": "nash", "anneal": True}),
        (["mediate", "--method", "ks", "--start", "status-quo"], "mediate", {"method": "ks", "start": "status-quo"}),
        (["mediate", "--mediator", "DPRK"], "mediate", {"mediator": "DPRK"}),
        (["mediate", "--start", "no-such-package"], "mediate", {"start": "no-such-package"}),
    ]
    s = Server(parley, root, "--max-seconds", "20")
    try:
        for args, route, body in cases:
            p = subprocess.run([parley, args[0], "scenarios/hanoi-2019.yaml", *args[1:]], cwd=root, capture_output=True,
                               text=True, timeout=120)
            cli_text = p.stderr.strip()
            st, _, got = s.post(route, body)
            api_text = json.loads(got).get("error", "") if got else ""
            prefix_cli, prefix_api = "parley: error: ", "request: error: "
            same = (p.returncode == 2 and st == 400 and cli_text.startswith(prefix_cli) and api_text.startswith(prefix_api)
                    and cli_text[len(prefix_cli):] == api_text[len(prefix_api):])
            check(same, f"`parley {' '.join(args)}` and /api/{route} {json.dumps(body)} give the same error: "
                        f"exit {p.returncode} {cli_text!r} / {st} {api_text!r}")
    finally:
        s.stop()

    with tempfile.TemporaryDirectory() as tmp:
        # ---- 10^6 packages through the API ----
        big = os.path.join(tmp, "big.yaml")
        subprocess.run([parley, "generate", "--parties", "2", "--issues", "6", "--options", "10", "-o", big], check=True,
                       timeout=120)
        # a start and a target package for the plan search (every issue moves)
        with open(big, "a") as f:
            f.write("packages:\n"
                    "  - id: low\n    name: {en: Low}\n    options: {" +
                    ", ".join(f"i{k + 1}: o1" for k in range(6)) + "}\n"
                    "  - id: high\n    name: {en: High}\n    options: {" +
                    ", ".join(f"i{k + 1}: o10" for k in range(6)) + "}\n")
        chk = subprocess.run([parley, "check", big], capture_output=True, text=True, timeout=120)
        check(chk.returncode == 0, f"the generated scenario with two packages loads: {chk.stderr[:400]}")
        s = Server(parley, root, "--max-seconds", "1000", scenario=big)
        try:
            times = []
            for k in range(5):
                t0 = time.time()
                st, _, body = s.post("analyze", {"set": {"P1.reservation": 0.5 + 0.01 * k}, "max_listed": 0,
                                                 "robustness": False})
                times.append(time.time() - t0)
                check(st == 200 and json.loads(body)["packages_total"] == 10 ** 6,
                      f"10^6 packages analysed (status {st})")
            times.sort()
            limit = 30 if SANITIZED else 3
            check(times[2] < limit, f"10^6 packages through the API: median {times[2] * 1000:.0f} ms (< {limit} s here; "
                                    "the budget is 1 s)")

            # ---- superseded requests stop promptly ----
            # bargain and mediate over 10^6 packages take seconds; analyze's and sweep's cancel
            # tokens are older and checked by serve_cli_test
            long_requests = [
                ("bargain", {"from": "2020-01-01", "to": "2120-01-01", "protocol": "mediated"}),
                ("mediate", {"method": "nash"}),
            ]
            for route, body in long_requests:
                channel = "c-" + route
                result = {}

                def go():
                    t = time.time()
                    result["r"] = s.post(route, dict(body, channel=channel), timeout=300)
                    result["t"] = time.time()

                th = threading.Thread(target=go)
                th.start()
                time.sleep(0.2)  # started, and far from done (each takes most of a second on an idle machine)
                t_cancel = time.time()
                s.post("params", {"channel": channel})  # a newer request on the channel
                th.join(timeout=300)
                st = result.get("r", (None,))[0]
                late = result.get("t", float("inf")) - t_cancel
                check(st == 409 and late < 5,
                      f"a superseded /api/{route} answers 409 promptly: status {st}, {late:.2f} s after the newer request")
        finally:
            s.stop()

        # ---- past --max-seconds: refused at once with the cost model's estimate (400), or, where the
        # estimate is within the limit but the work is not, stopped by the watchdog (503) ----
        s = Server(parley, root, "--max-seconds", "0.2", scenario=big)
        try:
            for route, body in [("bargain", {"from": "2020-01-01", "to": "2120-01-01", "protocol": "mediated"}),
                                ("mediate", {"method": "nash"})]:
                t0 = time.time()
                st, _, got = s.post(route, body, timeout=300)
                took = time.time() - t0
                text = got.decode(errors="replace") if isinstance(got, bytes) else str(got)
                refused = st == 400 and "estimated" in text and took < 3
                check((refused or st == 503) and took < 6,
                      f"/api/{route} beyond --max-seconds 0.2: refused with the estimate (400) or stopped (503): "
                      f"status {st} after {took:.2f} s")
            # A century of daily rounds over 10^6 packages is far beyond 0.2 s: the estimate refuses it.
            st, _, got = s.post("bargain", {"from": "2020-01-01", "to": "2120-01-01"}, timeout=300)
            text = got.decode(errors="replace") if isinstance(got, bytes) else str(got)
            check(st == 400 and "estimated" in text, f"/api/bargain refused by the cost model: status {st}: {text[:200]}")
        finally:
            s.stop()

    # ---- a trickling client is cut off by the total request time ----
    s = Server(parley, root, "--read-timeout", "2", "--request-timeout", "3")
    try:
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=20)
        head = f"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\n"
        head += "".join(f"X-Pad-{k}: {'a' * 8}\r\n" for k in range(200))
        t0, cut = time.time(), False
        try:
            for ch in head.encode():
                sock.sendall(bytes([ch]))  # one byte every 0.5 s is within the 2 s read timeout
                sock.settimeout(0.5)
                try:
                    if sock.recv(4096) == b"":
                        cut = True
                        break
                except socket.timeout:
                    pass
                except OSError:
                    cut = True
                    break
                if time.time() - t0 > 15:
                    break
        except OSError:
            cut = True
        took = time.time() - t0
        check(cut and 2.5 < took < 8, f"a client trickling its headers within the read timeout is cut off by the "
                                      f"request timeout (3 s): after {took:.1f} s")
        sock.close()
        # the same byte by byte for the body: headers at once, the body trickled
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=20)
        sock.sendall(f"POST /api/params HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: 200\r\n\r\n".encode())
        t0, cut, answer = time.time(), False, b""
        try:
            for k in range(200):
                sock.sendall(b" ")
                sock.settimeout(0.5)
                try:
                    answer = sock.recv(4096)
                    if answer == b"" or answer.startswith(b"HTTP/1.1 4"):
                        cut = True
                        break
                except socket.timeout:
                    pass
                if time.time() - t0 > 15:
                    break
        except OSError:
            cut = True
        took = time.time() - t0
        check(cut and 2.5 < took < 8, f"a client trickling its body is cut off by the request timeout: after {took:.1f} s")
        sock.close()
        st, _, _ = s.post("params", {})
        check(st == 200, "the server still answers after the slow clients")
    finally:
        s.stop()

    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
