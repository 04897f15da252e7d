#!/usr/bin/env python3
"""`parley serve` timed over loopback (docs/performance.md, "parley serve").

Usage: python3 bench/serve-bench.py PATH/TO/parley REPO_ROOT [--requests N] [--memory N]

  1. Hanoi (scenarios/hanoi-2019.yaml): N sequential POST /api/analyze, each a slider move (a
     different DPRK.reservation), client-side latency p50 / p95 / p99 (default N = 2000);
  2. memory: the server's VmRSS after a warm-up of 200 requests and then every 2000 of --memory
     requests (default 10^4), i.e. whether it stays flat;
  3. a 10^6-package synthetic scenario (`parley generate --parties 2 --issues 6 --options 10`):
     50 requests, p50 / p95;
  4. load: 50 concurrent clients x 100 requests on Hanoi, throughput, p99 and the status counts.
The server runs with its defaults (16 workers, 1 thread per analysis).
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time


def start(parley, root, scenario):
    p = subprocess.Popen([parley, "serve", scenario, "--port", "0"], cwd=root, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    m = re.search(r":(\d+)/", p.stderr.readline())
    return p, int(m.group(1))


# The server's own time per answer (its Server-Timing header, ms) and the answer's size, per request.
SERVER = []


def post(port, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", "/api/analyze", json.dumps(body), {"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    m = re.search(r"dur=([0-9.]+)", r.getheader("Server-Timing") or "")
    SERVER.append((float(m.group(1)) if m else float("nan"), len(data)))
    c.close()
    return r.status


def server_summary(first):
    ms = [x[0] for x in SERVER[first:]]
    size = sorted(x[1] for x in SERVER[first:])
    return (f"server's work (Server-Timing) p50 {pct(ms, .5):.2f} ms, p95 {pct(ms, .95):.2f} ms; "
            f"answer {size[len(size) // 2]} bytes")


def rss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])  # kB
    return 0


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def slider(k):
    return {"set": {"DPRK.reservation": round(0.51 + 0.0006 * (k % 100), 4)}, "max_listed": 0, "robustness": False}


def main():
    parley, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    n = int(sys.argv[sys.argv.index("--requests") + 1]) if "--requests" in sys.argv else 2000
    mem_n = int(sys.argv[sys.argv.index("--memory") + 1]) if "--memory" in sys.argv else 10000
    proc, port = start(parley, root, "scenarios/hanoi-2019.yaml")
    try:
        lat, first = [], len(SERVER)
        for k in range(n):
            t = time.perf_counter()
            assert post(port, slider(k)) == 200
            lat.append(time.perf_counter() - t)
        print(f"hanoi /api/analyze, {n} sequential slider moves: p50 {1000 * pct(lat, .5):.2f} ms, "
              f"p95 {1000 * pct(lat, .95):.2f} ms, p99 {1000 * pct(lat, .99):.2f} ms; {server_summary(first)}")
        for k in range(200):
            post(port, slider(k))
        marks = [(0, rss(proc.pid))]
        for k in range(1, mem_n + 1):
            assert post(port, slider(k)) == 200
            if k % 2000 == 0:
                marks.append((k, rss(proc.pid)))
        print("memory (VmRSS, kB) after requests: " + ", ".join(f"{k}: {v}" for k, v in marks))

        statuses, lat2, lock = {}, [], threading.Lock()

        def client(c):
            for k in range(100):
                t = time.perf_counter()
                st = post(port, slider(c * 7 + k))
                with lock:
                    statuses[st] = statuses.get(st, 0) + 1
                    lat2.append(time.perf_counter() - t)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        print(f"load 50 clients x 100: {len(lat2) / wall:.0f} requests/s, p50 {1000 * pct(lat2, .5):.1f} ms, "
              f"p99 {1000 * pct(lat2, .99):.1f} ms, statuses {statuses}")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)

    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.yaml")
        subprocess.run([parley, "generate", "--parties", "2", "--issues", "6", "--options", "10", "--seed", "1", "-o", big],
                       check=True)
        proc, port = start(parley, root, big)
        try:
            lat, first = [], len(SERVER)
            for k in range(50):
                t = time.perf_counter()
                assert post(port, {"set": {"P1.reservation": round(0.4 + 0.004 * k, 3)}, "max_listed": 0, "robustness": False}) == 200
                lat.append(time.perf_counter() - t)
            print(f"10^6 packages /api/analyze, 50 requests: p50 {1000 * pct(lat, .5):.0f} ms, "
                  f"p95 {1000 * pct(lat, .95):.0f} ms; {server_summary(first)}")
            lat, first = [], len(SERVER)
            for k in range(5):
                t = time.perf_counter()
                assert post(port, {"set": {"P1.reservation": round(0.4 + 0.004 * k, 3)}, "max_listed": 0,
                                   "robustness": False, "method": "tables"}) == 200
                lat.append(time.perf_counter() - t)
            print(f"10^6 packages /api/analyze with method tables (every package evaluated), 5 requests: "
                  f"p50 {1000 * pct(lat, .5):.0f} ms, max {1000 * max(lat):.0f} ms; {server_summary(first)}")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
