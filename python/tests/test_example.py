"""examples/hanoi_what_ifs.py runs headless and draws its figure."""

import os
import re
import struct
import subprocess
import sys

import parley
from conftest import SANITIZED, SOURCE


def test_example_writes_the_figure(tmp_path):
    samples = 30 if SANITIZED else 300
    out = tmp_path / "fig.png"
    env = dict(os.environ, MPLBACKEND="Agg", MPLCONFIGDIR=str(tmp_path / "mpl"))
    p = subprocess.run([sys.executable, SOURCE / "examples" / "hanoi_what_ifs.py", "--samples", str(samples),
                        "--out", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert (width, height) == (700, 350)
    lines = [l for l in p.stdout.splitlines() if "P(deal)" in l]
    assert len(lines) == 3, p.stdout
    # the numbers printed are the module's, what-if by what-if
    hanoi = parley.load(SOURCE / "scenarios" / "hanoi-2019.yaml")
    expected = hanoi.with_changes(without=["cohen-testimony"]).sweep(samples=samples, seed=1)["p_deal"]
    got = float(re.search(r"P\(deal\) ([0-9.]+)", lines[1]).group(1))
    assert lines[1].startswith("without Cohen's testimony") and abs(got - expected) < 5e-4
