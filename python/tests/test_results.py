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
    table = page.split('<div class="parley-charts"')[0]  # the chart's inline code follows the table
    assert table.count("<tr>") == 1 + min(len(r[key]), 30)


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


def _chart_data(page):
    """The fragment's data block (report_fragment_html), parsed."""
    import json
    import re
    m = re.search(r'<script class="parley-data" type="application/json">(.*?)</script>', page, flags=re.S)
    assert m, "the fragment carries its data"
    return json.loads(m.group(1))


def _self_contained(page):
    import re
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", page, flags=re.S)  # the HTML around the code
    assert not re.search(r"\bsrc=|<link\b|<img\b|@import|https?:", markup), "nothing is fetched"
    assert markup.count("<script") == 3  # the data, ECharts, the report's script
    assert "echarts" in page and "parley report: draws the charts" in page  # ECharts and the report's script inline


def test_analyze_html_draws_the_utility_plane():
    toy = parley.load(TOY)
    r = toy.analyze(robustness=False)
    page = r._repr_html_()
    assert page.count('<div class="parley-charts"') == 1
    _self_contained(page)
    data = _chart_data(page)
    charts = data["charts"]
    assert [c["kind"] for c in charts.values()] == ["utility_space"]
    (chart_id, chart), = charts.items()
    assert f'id="{chart_id}"' in page
    # one point per package of the space, those in the ZOPA flagged: the analysis's numbers
    assert len(chart["points"]) == int(toy.check()["packages"])
    assert sum(p[2] for p in chart["points"]) == r["zopa_size"]
    assert {n["label"] for n in chart["named"]} and len(chart["named"]) == len(r["named"])
    # a what-if's chart is the what-if's: the Hanoi plane moves without Cohen's testimony
    hanoi = parley.load(HANOI)
    a = _chart_data(hanoi.analyze(robustness=False)._repr_html_())
    b = _chart_data(hanoi.with_changes(without="cohen-testimony").analyze(robustness=False)._repr_html_())
    assert a["charts"] != b["charts"]


def test_sweep_html_draws_the_sweep_charts():
    s = parley.load(HANOI).sweep(samples=200, seed=3, sobol_parameters=2)
    page = s._repr_html_()
    _self_contained(page)
    charts = _chart_data(page)["charts"]
    kinds = [c["kind"] for c in charts.values()]
    assert kinds[0] == "interval" and "tornado" in kinds
    interval = next(iter(charts.values()))
    assert abs(interval["value"] - s["p_deal"]) < 1e-6
    assert abs(interval["low"] - s["p_deal_ci"][0]) < 1e-6 and abs(interval["high"] - s["p_deal_ci"][1]) < 1e-6
    for chart_id in charts:
        assert f'id="{chart_id}"' in page
    # zh-TW: the chart's labels in the result's language
    zh = _chart_data(parley.load(HANOI).sweep(samples=50, seed=3, lang="zh-TW")._repr_html_())
    assert zh["lang"] == "zh-TW" and zh["labels"] != _chart_data(page)["labels"]


def test_other_results_have_no_chart():
    r = parley.load(TOY).params()
    assert r.chart_html() == "" and "parley-charts" not in r._repr_html_()
    est = parley.load(TOY).analyze(estimate=True)
    assert est.chart_html() == ""
