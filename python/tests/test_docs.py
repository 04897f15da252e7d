"""The Python blocks of docs/python.md and README.md run, and the values they show are true."""

import ast
import os
import re

import pytest

import parley
from conftest import SANITIZED, SOURCE


def python_blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.skipif(SANITIZED, reason="the tour's sweeps and report are too slow under the sanitizer")
@pytest.mark.parametrize("doc", ["docs/python.md", "README.md"])
def test_blocks_run(doc, tmp_path, monkeypatch):
    blocks = python_blocks(SOURCE / doc)
    assert blocks, f"{doc} shows Python"
    monkeypatch.chdir(SOURCE)
    for code in blocks:
        code = code.replace('"hanoi.html"', repr(os.fspath(tmp_path / "hanoi.html")))
        exec(compile(code, doc, "exec"), {})


def test_shown_values_are_true(monkeypatch):
    """A line `# {...}` right after an expression shows that expression's value (the tour's
    opening lines are run up to each shown value; nothing after them, which writes files)."""
    code = python_blocks(SOURCE / "docs" / "python.md")[0]
    lines = code.split("\n")
    monkeypatch.chdir(SOURCE)
    env = {}
    checked = 0
    for k, line in enumerate(lines):
        if line.startswith("# {") and k > 0:
            expr = lines[k - 1].split("  #")[0].strip()
            assert eval(expr, env) == ast.literal_eval(line[2:])
            checked += 1
        elif line and not line.startswith("#") and not (k + 1 < len(lines) and lines[k + 1].startswith("# {")):
            if "report(" in line or "sweep(" in line:
                break
            exec(line.split("  #")[0], env)
    assert checked >= 1
