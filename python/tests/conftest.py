"""Shared fixtures of the Python tests: the CLI they compare with, the source tree, the sanitizer flag."""

import os
import pathlib
import subprocess
import json

import pytest

SOURCE = pathlib.Path(os.environ.get("PARLEY_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CLI = os.environ.get("PARLEY", str(SOURCE / "build" / "release" / "parley"))
SANITIZED = os.environ.get("PARLEY_SANITIZED") == "1"
SCENARIOS = sorted((SOURCE / "scenarios").glob("*.yaml"))


def run_cli(*args, check=True):
    """`parley ARGS`: (exit code, stdout, stderr)."""
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, encoding="utf-8")
    if check and p.returncode != 0:
        raise AssertionError(f"parley {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}")
    return p.returncode, p.stdout, p.stderr


def cli_json(*args):
    """The JSON `parley ARGS --format json` prints."""
    return json.loads(run_cli(*args, "--format", "json")[1])


@pytest.fixture(scope="session")
def source():
    return SOURCE
