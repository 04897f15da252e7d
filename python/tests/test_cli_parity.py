"""Python and the CLI give the same JSON: every command on every shipped scenario (scenarios/),
with small samples. Where the CLI refuses (exit 2), Python raises with the same message."""

import json

import pytest

import parley
from conftest import SANITIZED, SCENARIOS, run_cli

SAMPLES = 40 if SANITIZED else 200

# (command, the CLI's flags after FILE, the same as keyword arguments)
CASES = [
    ("analyze", ["--max-listed", "5"], {"max_listed": 5}),
    ("analyze", ["--at", "2019-01-15", "--no-robustness", "--no-pareto", "--lang", "zh-TW"],
     {"at": "2019-01-15", "robustness": False, "pareto": False, "lang": "zh-TW"}),
    ("params", [], {}),
    ("params", ["--set", "US.reservation=0.4"], {"set": {"US.reservation": 0.4}}),
    ("timeline", ["--from", "2019-01-01", "--to", "2019-04-01", "--step", "1m"],
     {"from": "2019-01-01", "to": "2019-04-01", "step": "1m"}),
    ("sequence", ["--plan", "us-all-at-once", "--no-robustness"], {"plan": "us-all-at-once", "robustness": False}),
    ("compare", ["--baseline", "at=2019-02-28", "--variant", "without=cohen-testimony", "--no-robustness"],
     {"baseline": ["at=2019-02-28"], "variant": {"without": ["cohen-testimony"]}, "robustness": False}),
    ("sweep", ["--samples", str(SAMPLES), "--seed", "7", "--quiet", "--threads", "2"],
     {"samples": SAMPLES, "seed": 7, "threads": 1}),
    ("sweep", ["--bargain", "--samples", str(SAMPLES // 4), "--seed", "5", "--quiet", "--sobol-parameters", "2"],
     {"bargain": True, "samples": SAMPLES // 4, "seed": 5, "sobol_parameters": 2}),
    ("sweep", ["--bargain", "--samples", str(SAMPLES // 4), "--by", "2019-03-01", "--step", "1w", "--protocol",
               "simultaneous", "--quiet"],
     {"bargain": True, "samples": SAMPLES // 4, "by": "2019-03-01", "step": "1w", "protocol": "simultaneous"}),
    ("sweep", ["--bargain", "--samples", "10", "--plan", "us-all-at-once", "--quiet"],
     {"bargain": True, "samples": 10, "plan": "us-all-at-once"}),
    ("sweep", ["--by", "2019-03-01", "--samples", "10", "--quiet"], {"by": "2019-03-01", "samples": 10}),
    ("levers", ["--top", "5"], {"top": 5}),
    ("levers", ["--package", "dprk-offer", "--top", "3", "--lang", "zh-TW"],
     {"package": "dprk-offer", "top": 3, "lang": "zh-TW"}),
    ("levers", ["--plan", "us-all-at-once", "--top", "3", "--without", "cohen-testimony"],
     {"plan": "us-all-at-once", "top": 3, "without": ["cohen-testimony"]}),
    ("bargain", [], {}),
    ("mediate", ["--method", "nash"], {"method": "nash"}),
    ("mediate", ["--holdout-risk", "1.5"], {"holdout_risk": 1.5}),
    ("bargain", ["--protocol", "round-robin"], {"protocol": "round-robin"}),
    ("forecast", ["--issue", "relief_scope", "--model", "median"], {"issue": "relief_scope", "model": "median"}),
]


def cli_error(stderr):
    """The CLI's message without its `parley: error: ` prefix (Python's exceptions carry none)."""
    return stderr.strip().removeprefix("parley: error: ")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("command,flags,kwargs", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_same_json_as_cli(path, command, flags, kwargs):
    code, out, err = run_cli(command, path, *flags, "--format", "json", check=False)
    assert code in (0, 2), err
    scenario = parley.load(path)
    if code == 2:
        with pytest.raises(ValueError) as e:
            getattr(scenario, command)(**kwargs)
        assert str(e.value) == cli_error(err)
        return
    result = getattr(scenario, command)(**kwargs)
    assert isinstance(result, parley.Result)
    assert result == json.loads(out)
    # the same bytes, written as the CLI writes them
    assert json.dumps(result, indent=2, ensure_ascii=False) + "\n" == out


def _deu(source):
    return source / "tests" / "data" / "validation" / "deu-1996-2008.tsv"


# `parley validate deu FILE` (the one data set validate reads) against parley.validate
VALIDATE_CASES = [
    (["--model", "median", "--years", "1999"], {"model": "median", "years": "1999"}),
    (["--model", "mean", "--weights", "salience", "--years", "2000-2001", "--threads", "2"],
     {"model": "mean", "weights": "salience", "years": "2000-2001", "threads": 1}),
    (["--model", "exchange", "--years", "1998", "--set", "model.q=0.8"],
     {"model": "exchange", "years": "1998", "set": {"model.q": 0.8}}),
    (["--model", "median"] if SANITIZED else ["--model", "eum", "--preset", "jmk-2011", "--years", "2003-"],
     {"model": "median"} if SANITIZED else {"model": "eum", "preset": "jmk-2011", "years": "2003-"}),
    (["--model", "medain"], {"model": "medain"}),
    (["--model", "mean", "--years", "1880"], {"model": "mean", "years": "1880"}),
    (["--model", "mean", "--years", "96-99"], {"model": "mean", "years": "96-99"}),
]


@pytest.mark.parametrize("flags,kwargs", VALIDATE_CASES, ids=[f"validate-{i}" for i in range(len(VALIDATE_CASES))])
def test_validate_same_json_as_cli(source, flags, kwargs):
    deu = _deu(source)
    code, out, err = run_cli("validate", "deu", deu, *flags, "--format", "json", check=False)
    assert code in (0, 2), err
    if code == 2:
        with pytest.raises(ValueError) as e:
            parley.validate("deu", deu, **kwargs)
        assert str(e.value) == cli_error(err)
        return
    result = parley.validate("deu", deu, **kwargs)
    assert isinstance(result, parley.Result) and result["issues"]
    assert json.dumps(result, indent=2, ensure_ascii=False) + "\n" == out


def test_validate_warns_of_skipped_issues_as_the_cli(tmp_path, source):
    """An issue no model can forecast is skipped with the CLI's warning line (a UserWarning)."""
    lines = _deu(source).read_text(encoding="utf-8").split("\n")
    cols = lines[0].split("\t")
    # the salience columns (sXX beside a position column pXX), all 0 in the first row with an outcome
    sal = [k for k, c in enumerate(cols) if c.startswith("s") and "p" + c[1:] in cols]
    at = next(i for i, r in enumerate(lines) if i > 0 and r.split("\t")[cols.index("out")].strip())
    row = lines[at].split("\t")
    for k in sal:
        if row[k].strip():
            row[k] = "0"
    lines[at] = "\t".join(row)
    lines = lines[:at + 40]  # a few issues: quick
    f = tmp_path / "deu.tsv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("validate", "deu", f, "--model", "mean", "--format", "json", check=False)
    assert code == 0, err
    warned = [line for line in err.splitlines() if ": warning: " in line]
    assert len(warned) == 1 and f"{f}:{at + 1}:1: warning: issue" in warned[0]
    with pytest.warns(UserWarning) as caught:
        result = parley.validate("deu", f, model="mean")
    assert [str(w.message) for w in caught] == warned
    assert json.dumps(result, indent=2, ensure_ascii=False) + "\n" == out


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_report_same_page(path, tmp_path):
    samples = "20" if SANITIZED else "100"
    out = tmp_path / "cli.html"
    code, _, err = run_cli("report", path, "-o", out, "--samples", samples, "--quiet", check=False)
    assert code == 0, err
    html = parley.load(path).report(samples=int(samples))
    assert html == out.read_text(encoding="utf-8")
    written = parley.load(path).report(tmp_path / "py.html", samples=int(samples))
    assert (tmp_path / "py.html").read_text(encoding="utf-8") == html and written.endswith("py.html")


@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_export_same_files(path, fmt, tmp_path):
    code, _, err = run_cli("export", fmt, path, "-o", tmp_path / "cli", check=False)
    if code == 2:
        with pytest.raises(ValueError) as e:
            parley.load(path).export(fmt)
        assert str(e.value) == cli_error(err)
        return
    got = parley.load(path).export(fmt, tmp_path / "py")
    names = sorted(f["name"] for f in got["files"])
    assert names == sorted(p.name for p in (tmp_path / "cli").iterdir())
    for name in names:
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()


def test_import_genius_as_cli(source, tmp_path):
    g = source / "tests" / "data" / "genius"
    files = [g / "tiny-domain.xml", g / "tiny-a.xml", g / "tiny-b.xml"]
    _, yaml, _ = run_cli("import", "genius", *files)
    mine = parley.import_("genius", *files)
    theirs = parley.loads(yaml)
    assert mine.id == theirs.id
    # the same numbers; the CLI's file opens with a comment naming its inputs, so lines differ
    strip = lambda r: [{k: v for k, v in p.items() if k != "line"} for p in r["params"]]  # noqa: E731
    assert strip(mine.params()) == strip(theirs.params()) and mine.params()["params"]
    assert mine.analyze(robustness=False) == theirs.analyze(robustness=False)


def test_with_changes_is_the_flags():
    hanoi = parley.load(SCENARIOS[[p.stem for p in SCENARIOS].index("hanoi-2019")])
    path = hanoi.info()  # noqa: F841 (the scenario is loaded once; what-ifs share it)
    what_if = hanoi.with_changes(at="2019-01-15", without="cohen-testimony", set={"US.reservation": 0.3})
    _, out, _ = run_cli("analyze", SCENARIOS[[p.stem for p in SCENARIOS].index("hanoi-2019")], "--at", "2019-01-15",
                        "--without", "cohen-testimony", "--set", "US.reservation=0.3", "--no-robustness",
                        "--format", "json")
    assert what_if.analyze(robustness=False) == json.loads(out)
    # changes add up: a later with_changes keeps the earlier ones, and a call's keywords come last
    stacked = hanoi.with_changes(at="2019-01-15").with_changes(without=["cohen-testimony"])
    assert stacked.with_changes(set={"US.reservation": 0.3}).analyze(robustness=False) == json.loads(out)
    assert stacked.analyze(robustness=False, set={"US.reservation": 0.3}) == json.loads(out)
    # the base is untouched
    assert hanoi.info()["changes"] == {}
