#!/usr/bin/env python3
"""`parley serve` over loopback (issue 18 §1, §3; docs/serve.md).

Usage: /usr/bin/python3 tests/cli/serve_cli_test.py PATH/TO/parley REPO_ROOT [--load CLIENTS REQUESTS]

Starts the server on a free port (--port 0) on scenarios/hanoi-2019.yaml and checks:
  * every API route answers byte for byte what the CLI prints with --format json for the same
    what-if (analyze, params, timeline, sequence, sweep, bargain, mediate), and the report and the
    scenario download match `parley report` and load with `parley check`;
  * bad requests get 400 with our error text, every problem at once: malformed JSON (with its
    line and column), unknown keys, mistyped values, unknown paths, bad dates; 404 for unknown
    routes; 415 for a body that is not JSON; 413 above --max-body;
  * requests whose Host or Origin is not the server's are refused (403); the page carries a strict
    Content-Security-Policy and names no other origin;
  * no path reads a file: traversal attempts get 404 or 400 and never a file's content;
  * a newer request on a channel cancels the older (409), /api/cancel stops a sweep, work
    estimated above --max-seconds is refused, work running past it is stopped (503);
  * a client trickling its headers slower than --read-timeout is cut off;
  * a bounded load: CLIENTS concurrent clients x REQUESTS requests each (default 50 x 10; docs/serve.md
    records 50 x 200 = 10^4), one in four a malformed body (truncated JSON, unknown key, wrong
    type, not an object, a number out of range, invalid UTF-8, unknown path, a mistyped list): every valid
    body 200, every malformed one 400, no 5xx, the server alive, VmRSS after within 50% (+64 MiB)
    of before; throughput, p99 and VmRSS printed.
Every wait is bounded (sockets and subprocesses have timeouts); the server is stopped at the end.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SCENARIO = "scenarios/hanoi-2019.yaml"


class Server:
    def __init__(self, parley, root, *flags):
        self.proc = subprocess.Popen([parley, "serve", SCENARIO, "--port", "0", *flags], cwd=root,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = ""
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"serve did not start: {line}")

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Content-Type": "application/json"} if body is not None else {}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        out = (r.status, dict(r.getheaders()), data)
        c.close()
        return out

    def post(self, route, obj, **kw):
        body = obj if isinstance(obj, (str, bytes)) else json.dumps(obj)
        return self.request("POST", "/api/" + route, body, **kw)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -9


def main():
    parley, root = sys.argv[1], sys.argv[2]
    clients, per_client = 50, 10
    if "--load" in sys.argv:
        k = sys.argv.index("--load")
        clients, per_client = int(sys.argv[k + 1]), int(sys.argv[k + 2])
    problems = []

    def check(cond, what):
        if not cond:
            problems.append(what)

    def cli(*args):
        p = subprocess.run([parley, *args], cwd=root, capture_output=True, timeout=300)
        if p.returncode != 0:
            problems.append(f"parley {' '.join(args)}: exit {p.returncode}: {p.stderr.decode()}")
        return p.stdout

    s = Server(parley, root, "--max-body", "4096", "--read-timeout", "1", "--workers", "8", "--max-seconds", "20")
    try:
        # ---- every route = the CLI's JSON ----
        what_if = {"set": {"DPRK.reservation": 0.5, "US.reservation": 0.25}, "without": ["cohen-testimony"],
                   "at": "2019-03-10"}
        flags = ["--set", "DPRK.reservation=0.5", "--set", "US.reservation=0.25", "--without", "cohen-testimony",
                 "--at", "2019-03-10"]
        cases = [
            ("analyze", {}, ["analyze", SCENARIO, "--format", "json"]),
            ("analyze", {"robustness": False}, ["analyze", SCENARIO, "--format", "json", "--no-robustness"]),
            ("analyze", dict(what_if, lang="zh-TW"), ["analyze", SCENARIO, "--format", "json", "--lang", "zh-TW", *flags]),
            ("analyze", {"without_requirements": ["DPRK.corresponding-measure"], "max_listed": 3},
             ["analyze", SCENARIO, "--format", "json", "--without-requirement", "DPRK.corresponding-measure",
              "--max-listed", "3"]),
            ("params", {"at": "2019-03-10"}, ["params", SCENARIO, "--format", "json", "--at", "2019-03-10"]),
            ("timeline", {"from": "2018-06-01", "to": "2019-06-01", "step": "2m", "without": ["cohen-testimony"]},
             ["timeline", SCENARIO, "--format", "json", "--from", "2018-06-01", "--to", "2019-06-01", "--step", "2m",
              "--without", "cohen-testimony"]),
            ("sequence", {"plan": "dprk-phased"}, ["sequence", SCENARIO, "--format", "json", "--plan", "dprk-phased"]),
            ("sequence", {"search": "pre-summit-draft", "max_stages": 2, "set": {"US.reservation": 0.25}},
             ["sequence", SCENARIO, "--format", "json", "--search", "pre-summit-draft", "--max-stages", "2", "--set",
              "US.reservation=0.25"]),
            ("sweep", {"samples": 300, "seed": 7}, ["sweep", SCENARIO, "--format", "json", "--samples", "300", "--seed",
                                                   "7", "-q"]),
            ("bargain", {"set": {"US.reservation": 0.25}}, ["bargain", SCENARIO, "--format", "json", "--set",
                                                            "US.reservation=0.25"]),
            ("mediate", {"method": "nash"}, ["mediate", SCENARIO, "--format", "json", "--method", "nash"]),
        ]
        for route, body, args in cases:
            st, _, got = s.post(route, body)
            want = cli(*args)
            check(st == 200, f"/api/{route} {body}: status {st}: {got[:300]!r}")
            check(got == want, f"/api/{route} {body}: differs from `parley {' '.join(args)}`")
        st, _, info = s.request("GET", "/api/scenario")
        info = json.loads(info)
        check(st == 200 and info["scenario"] == "hanoi-2019" and any(e["id"] == "cohen-testimony" for e in info["events"])
              and any(r["id"] == "DPRK.corresponding-measure" for r in info["requirements"]), "/api/scenario")

        # ---- docs/serve.openapi.json lists exactly the keys each route takes ----
        with open(os.path.join(root, "docs/serve.openapi.json")) as f:
            spec = json.load(f)
        for route in info["routes"]:
            ref = spec["paths"][f"/api/{route}"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            documented = set(spec["components"]["schemas"][ref.split("/")[-1]]["properties"])
            st, _, e = s.post(route, {"zz_unknown": 1})
            m = re.search(r"expected one of: ([^\n]*)", json.loads(e)["error"]) if st == 400 else None
            accepted = set(m.group(1).split(", ")) if m else set()
            check(documented == accepted, f"/api/{route}: documented {sorted(documented ^ accepted)} differ from the server")

        # ---- report and scenario download for a state ----
        state = {"set": {"DPRK.reservation": 0.5}, "without": ["cohen-testimony"]}
        q = urllib.parse.quote(json.dumps(state))
        st, h, html = s.request("GET", f"/report?s={q}&download=1")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "r.html")
            cli("report", SCENARIO, "-o", out, "-q", "--samples", "0", "--set", "DPRK.reservation=0.5", "--without",
                "cohen-testimony")
            with open(out, "rb") as f:
                check(st == 200 and html == f.read(), "/report differs from `parley report --samples 0`")
            check("attachment" in h.get("Content-Disposition", ""), "/report&download: no attachment header")
            st, h, yml = s.request("GET", f"/scenario.yaml?s={q}")
            check(st == 200 and b"set DPRK.reservation = 0.5" in yml and b"event cohen-testimony removed" in yml,
                  "/scenario.yaml: the comment lists the changes")
            path = os.path.join(tmp, "whatif.yaml")
            with open(path, "wb") as f:
                f.write(yml)
            p = subprocess.run([parley, "check", path], capture_output=True, timeout=60)
            check(p.returncode == 0, f"the downloaded scenario does not load: {p.stderr.decode()}")
            got = json.loads(subprocess.run([parley, "params", path, "--format", "json"], capture_output=True,
                                            timeout=60).stdout)
            check(any(x["path"] == "DPRK.reservation" and x["value"] == 0.5 for x in got["params"]),
                  "the downloaded scenario carries the override")
            a = subprocess.run([parley, "analyze", path, "--format", "json"], capture_output=True, timeout=60).stdout
            b = cli("analyze", SCENARIO, "--format", "json", "--set", "DPRK.reservation=0.5", "--without",
                    "cohen-testimony")
            check(json.loads(a)["zopa_size"] == json.loads(b)["zopa_size"], "the downloaded scenario analyses as the state")

        # ---- 400s with our text, all problems at once ----
        st, _, e = s.post("analyze", '{"set": {"US.reservation": 0.5},\n "at": 2019}x')
        check(st == 400 and re.match(rb'\{"error":"request:2:\d+: error: malformed JSON', e), f"malformed JSON: {st} {e!r}")
        st, _, e = s.post("analyze", {"bogus": 1, "at": "2019-13-45", "max_listed": "ten", "pareto": 1})
        msg = json.loads(e)["error"] if st == 400 else ""
        for part in ("unknown key 'bogus'", "key 'at'", "key 'max_listed'", "key 'pareto'"):
            check(part in msg, f"bad keys: '{part}' not in {msg!r}")
        st, _, e = s.post("analyze", {"set": {"US.nope": 1}})
        check(st == 400 and "unknown parameter path 'US.nope'" in json.loads(e)["error"], f"unknown path: {e!r}")
        st, _, e = s.post("analyze", {"without": ["no-such-event"]})
        check(st == 400 and "no-such-event" in json.loads(e)["error"], f"unknown event: {e!r}")
        st, _, e = s.post("analyze", "[1, 2]")
        check(st == 400 and "not a JSON object" in json.loads(e)["error"], "array body")
        st, _, e = s.post("timeline", {"at": "2019-01-01", "from": "2019-01-01", "to": "2019-02-01"})
        check(st == 400 and "unknown key 'at'" in json.loads(e)["error"], "timeline takes no 'at'")
        st, _, e = s.post("nosuch", {})
        check(st == 404 and "no such page '/api/nosuch'" in json.loads(e)["error"], f"unknown route: {st} {e!r}")
        st, _, e = s.request("POST", "/api/analyze", "{}", headers={"Content-Type": "text/plain"})
        check(st == 415, f"text/plain body: {st}")
        st, _, e = s.post("analyze", {"packages": ["x" * 5000]})
        check(st == 413 and "limit of 4096 bytes" in json.loads(e)["error"], f"body above --max-body: {st} {e!r}")

        # ---- Host and Origin (DNS rebinding), CSP ----
        st, _, _ = s.request("GET", "/", headers={"Host": f"evil.example:{s.port}"})
        check(st == 403, f"foreign Host: {st}")
        st, _, _ = s.request("GET", "/", headers={"Host": "127.0.0.1:1"})
        check(st == 403, f"Host with another port: {st}")
        st, _, _ = s.post("analyze", {}, headers={"Origin": "http://evil.example"})
        check(st == 403, f"foreign Origin: {st}")
        st, _, _ = s.post("analyze", {}, headers={"Origin": f"http://localhost:{s.port}"})
        check(st == 200, f"own Origin: {st}")
        st, h, page = s.request("GET", "/")
        csp = h.get("Content-Security-Policy", "")
        check(st == 200 and "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp,
              f"page CSP: {csp}")
        for asset in ("/", "/assets/serve.js", "/assets/serve.css"):
            _, _, text = s.request("GET", asset)
            check(not re.search(rb"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), f"{asset} names another origin")

        # ---- no route reads a file ----
        secret = b"root:"
        for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/../../../etc/passwd",
                     "/assets/..%2f..%2fCMakeLists.txt", "/scenarios/hanoi-2019.yaml", "/CMakeLists.txt",
                     "/report?s=" + urllib.parse.quote('{"file": "/etc/passwd"}'),
                     "/scenario.yaml?s=" + urllib.parse.quote('{"file": "../../etc/passwd"}')):
            st, _, text = s.request("GET", path)
            check(st in (400, 404) and secret not in text and b"cmake_minimum_required" not in text,
                  f"GET {path}: {st}")
        st, _, text = s.post("analyze", {"file": "/etc/passwd"})
        check(st == 400 and secret not in text, "a 'file' key is refused")

        # ---- cancel: superseded on a channel, /api/cancel, estimates above the limit ----
        result = {}

        def long_sweep(key, channel):
            result[key] = s.post("sweep", {"samples": 150000, "channel": channel}, timeout=120)

        t = threading.Thread(target=long_sweep, args=("a", "c1"))
        t.start()
        time.sleep(0.5)
        t0 = time.time()
        st, _, _ = s.post("analyze", {"channel": "c1"})
        t.join(timeout=120)
        check(st == 200 and result.get("a", (0,))[0] == 409, f"superseded sweep: {result.get('a', (None,))[0]}")
        check(time.time() - t0 < 5, "the superseded sweep stopped promptly")
        t = threading.Thread(target=long_sweep, args=("b", "c2"))
        t.start()
        time.sleep(0.5)
        st, _, body = s.post("cancel", {"channel": "c2"})
        t.join(timeout=120)
        check(st == 200 and json.loads(body)["cancelled"] and result.get("b", (0,))[0] == 409, "/api/cancel")
        # seq: an older request on a channel reaching the server after a newer one (separate
        # connections) is refused and leaves the newer one running; a newer seq supersedes it
        def numbered_sweep(key, channel):
            result[key] = s.post("sweep", {"samples": 20000, "channel": channel, "seq": 5}, timeout=120)

        t = threading.Thread(target=numbered_sweep, args=("c", "c3"))
        t.start()
        time.sleep(0.5)
        st, _, e = s.post("analyze", {"channel": "c3", "seq": 3})
        t.join(timeout=120)
        # the sweep (2 s in Release, about 14 s under the sanitizers) ends with its answer, or at the
        # server's --max-seconds on a slow machine (503): either way the older request did not cancel it
        check(st == 409 and "superseded" in json.loads(e)["error"] and result.get("c", (0,))[0] in (200, 503),
              f"an older seq is refused and the newer request runs on: {st} {e[:120]!r} {result.get('c', (None,))[0]}")
        t = threading.Thread(target=numbered_sweep, args=("d", "c4"))
        t.start()
        time.sleep(0.5)
        st, _, _ = s.post("analyze", {"channel": "c4", "seq": 6})
        t.join(timeout=120)
        check(st == 200 and result.get("d", (0,))[0] == 409, f"a newer seq supersedes: {st} {result.get('d', (None,))[0]}")
        for bad in ({"seq": "7"}, {"seq": -1}, {"seq": 1.5}, {"channel": 3}):
            st, _, e = s.post("analyze", bad)
            key = next(iter(bad))
            check(st == 400 and f"'{key}'" in json.loads(e)["error"], f"{bad}: 400 naming the key: {st} {e[:160]!r}")
        st, _, e = s.request("GET", "/report?channel=r&seq=x1")
        check(st == 400 and b"seq 'x1'" in e, f"/report with a malformed seq: {st} {e[:160]!r}")
        st, _, e = s.post("sweep", {"samples": 200000, "sobol_samples": 200000, "sensitivity_samples": 200000})
        check(st == 400 and "estimated" in json.loads(e)["error"], f"work above --max-seconds: {st} {e[:200]!r}")

        # ---- slow client: headers trickled slower than --read-timeout ----
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        sock.sendall(b"GET / HTTP/1.1\r\nHo")
        cut = False
        t0 = time.time()
        try:
            for _ in range(10):
                time.sleep(1.5)
                sock.sendall(b"s")
                sock.settimeout(0.1)
                try:
                    if sock.recv(1) == b"":
                        cut = True
                        break
                except socket.timeout:
                    pass
        except (BrokenPipeError, ConnectionResetError):
            cut = True
        sock.close()
        check(cut and time.time() - t0 < 10, "a trickling client is cut off by the read timeout")

        # ---- bounded load: valid and malformed bodies, zero 5xx, memory flat ----
        # One request in four is malformed (each kind in turn) and must get 400; the others 200.
        malformed = ['{"set": {"DPRK.reservation": 0.5', '{"no_such_key": 1}', '{"set": {"DPRK.reservation": "x"}}',
                     '[1, 2, 3]', '{"set": {"DPRK.reservation": 1e999}}', b'{"lang": "\xff\xfe"}',
                     '{"set": {"US.nope": 0.5}}', '{"without": [17]}']  # (an empty body means {}: valid)

        def vm_rss():
            try:
                with open(f"/proc/{s.proc.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            return int(line.split()[1])  # kB
            except OSError:
                pass
            return 0

        for n in range(20):  # warm-up: the first requests allocate the server's caches
            s.post("analyze", {"set": {"DPRK.reservation": round(0.45 + 0.01 * (n % 20), 3)}, "robustness": False})
        rss_before = vm_rss()
        statuses, latencies, lock = {}, [], threading.Lock()
        wrong = []

        def client(k):
            for n in range(per_client):
                bad = (k + n) % 4 == 3
                if bad:
                    body = malformed[(k * per_client + n) % len(malformed)]
                else:
                    # As the page's live request: no robustness sweep (docs/serve.md).
                    body = {"set": {"DPRK.reservation": round(0.45 + 0.01 * ((k + n) % 20), 3)}, "robustness": False}
                t1 = time.perf_counter()
                try:
                    st, _, _ = s.post("analyze", body, timeout=60)
                except Exception as e:  # noqa: BLE001 - counted as an error
                    st = repr(e)
                dt = time.perf_counter() - t1
                with lock:
                    statuses[st] = statuses.get(st, 0) + 1
                    latencies.append(dt)
                    if st != (400 if bad else 200):
                        wrong.append((body, st))

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        wall = time.perf_counter() - t0
        rss_after = vm_rss()
        latencies.sort()
        total = clients * per_client
        check(sum(statuses.values()) == total and not wrong,
              f"load: valid bodies 200 and malformed 400; statuses {statuses}, first wrong {wrong[:3]!r}")
        check(not any(isinstance(k, int) and k >= 500 for k in statuses), f"load: no 5xx: {statuses}")
        check(s.proc.poll() is None, "load: the server is still running")
        # Flat: what it holds after the load is within 50% (and 64 MiB) of what it held before.
        check(0 < rss_after <= rss_before * 1.5 + 64 * 1024,
              f"load: memory flat (VmRSS {rss_before} kB before, {rss_after} kB after)")
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else 0
        print(f"serve load: {clients} clients x {per_client} requests (1 in 4 malformed): {total / wall:.0f} "
              f"requests/s, p50 {1000 * latencies[len(latencies) // 2]:.1f} ms, p99 {1000 * p99:.1f} ms, "
              f"statuses {statuses}, VmRSS {rss_before} kB before and {rss_after} kB after")
    finally:
        rc = s.stop()
    check(rc == 0, f"serve exited {rc} on SIGTERM")

    # ---- work running past --max-seconds is stopped: 503 ----
    # The report's estimate is its deal space's (microseconds on Hanoi); building the whole report
    # takes far longer than 20 ms, so the watchdog (every 50 ms) stops it.
    s2 = Server(parley, root, "--max-seconds", "0.02")
    try:
        st, _, e = s2.request("GET", "/report?s=%7B%7D")
        check(st == 503 and b"--max-seconds" in e, f"work past --max-seconds: {st} {e[:200]!r}")
        st, _, _ = s2.request("GET", "/api/scenario")  # not timed work: no watchdog
        check(st == 200, "the server answers after a stopped request")
    finally:
        s2.stop()

    # ---- --host other than loopback warns ----
    p = subprocess.Popen([parley, "serve", SCENARIO, "--host", "0.0.0.0", "--port", "0"], cwd=root,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first = p.stderr.readline()
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=20)
    check("warning" in first and "0.0.0.0" in first, f"--host 0.0.0.0: no warning: {first!r}")

    if problems:
        for x in problems:
            print("FAIL:", x)
        return 1
    print("serve_cli_test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
