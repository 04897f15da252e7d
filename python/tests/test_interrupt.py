"""Long calls release the GIL and stop on Ctrl-C with KeyboardInterrupt."""

import os
import signal
import subprocess
import sys
import threading
import time

import parley
from conftest import SOURCE

HANOI = SOURCE / "scenarios" / "hanoi-2019.yaml"

CHILD = r"""
import sys, time, parley
hanoi = parley.load(sys.argv[1])
print("started", flush=True)
t0 = time.monotonic()
try:
    hanoi.sweep(samples=50_000_000, seed=1, threads=1, budget_seconds=1e9)
    print("finished")
except KeyboardInterrupt as e:
    p = e.partial  # the sweep's samples so far, as the CLI prints them
    print(f"interrupted after {time.monotonic() - t0:.2f}", p["partial"], 0 < p["samples"] < p["samples_requested"],
          flush=True)
"""


def test_ctrl_c_raises_keyboard_interrupt():
    p = subprocess.Popen([sys.executable, "-c", CHILD, str(HANOI)], stdout=subprocess.PIPE, text=True,
                         env=dict(os.environ))
    assert p.stdout.readline().strip() == "started"
    time.sleep(1.0)
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=60)
    assert out.startswith("interrupted") and out.strip().endswith("True True"), out
    assert time.monotonic() - t0 < 10  # the sweep checks its cancel token between samples


def test_the_gil_is_released_during_a_call():
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    hanoi = parley.load(HANOI)
    t.start()
    t0 = time.monotonic()
    hanoi.sweep(samples=3000, seed=1, threads=1)
    took = time.monotonic() - t0
    stop.set()
    t.join()
    assert took > 0.05, "the sweep is too short to tell"
    assert ticks >= 0.1 * took / 0.001  # the other thread ran during the sweep (sleeps of 1 ms)


CHILD_BARGAIN = r"""
import sys, time, parley
hanoi = parley.load(sys.argv[1])
print("started", flush=True)
t0 = time.monotonic()
try:
    hanoi.sweep(bargain=True, samples=1_000_000, seed=1, threads=1, budget_seconds=1e9)
    print("finished")
except KeyboardInterrupt as e:
    print(f"interrupted after {time.monotonic() - t0:.2f}", flush=True)
"""


def test_ctrl_c_stops_a_bargain_sweep():
    # 10^6 processes take minutes; the sweep checks its cancel token before each sample.
    p = subprocess.Popen([sys.executable, "-c", CHILD_BARGAIN, str(HANOI)], stdout=subprocess.PIPE, text=True,
                         env=dict(os.environ))
    assert p.stdout.readline().strip() == "started"
    time.sleep(1.0)
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=120)
    assert out.startswith("interrupted"), out
    assert time.monotonic() - t0 < 10
