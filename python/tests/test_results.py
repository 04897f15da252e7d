"""Results in a notebook: the dict of the CLI's JSON, an HTML view, data frames."""

import sys

import pytest

import parley
from conftest import SOURCE

TOY = SOURCE / "scenarios" / "toy-two-party.yaml"
HANOI = SOURCE / "scenarios" / "hanoi-2019.yaml"


def test_html_shows_the_headline_and_the_main_table():
    r = parley.load(TOY).analyze(robustness=False)
    page = r._repr_html_()
    assert f"ZOPA packages: {r['zopa_size']}" in page
    key = r.table_key()
    assert key is not None and f"<caption>{key}</caption>" in page
    assert page.count("<tr>") == 1 + min(len(r[key]), 30)


def test_to_pandas_gives_one_row_per_record():
    pd = pytest.importorskip("pandas")
    s = parley.load(HANOI).sweep(samples=200, seed=3)
    df = s.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == len(s[s.table_key()])
    p = parley.load(HANOI).params().to_pandas("params")
    assert list(p["path"]) == [x["path"] for x in parley.load(HANOI).params()["params"]]
    with pytest.raises(KeyError, match="not a list of records"):
        s.to_pandas("p_deal")


def test_to_pandas_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    r = parley.load(TOY).params()
    with pytest.raises(ImportError, match="python3-pandas"):
        r.to_pandas()
