"""Errors: ScenarioError with the CLI's diagnostics, ValueError / TypeError with its wording."""

import pytest

import parley
from conftest import SOURCE, run_cli

TOY = SOURCE / "scenarios" / "toy-two-party.yaml"
HANOI = SOURCE / "scenarios" / "hanoi-2019.yaml"


def first_bad_file():
    """A malformed scenario of tests/data/bad/ whose diagnostics the CLI prints."""
    bad = sorted((SOURCE / "tests" / "data" / "bad").glob("*.yaml"))
    assert bad, "tests/data/bad/ holds the malformed scenarios"
    return bad[0]


def test_scenario_error_lists_the_cli_diagnostics():
    path = first_bad_file()
    code, _, err = run_cli("check", path, check=False)
    assert code == 2
    with pytest.raises(parley.ScenarioError) as e:
        parley.load(path)
    assert isinstance(e.value, ValueError)
    lines = [f"{f}:{line}:{col}: error: {msg}" if line else f"{f}: error: {msg}" for f, line, col, msg in e.value.diagnostics]
    assert all(isinstance(d, tuple) and len(d) == 4 for d in e.value.diagnostics)
    assert str(e.value) == err.strip()
    assert len(lines) == err.strip().count("error:")


def test_text_and_dict_errors_name_their_lines():
    with pytest.raises(parley.ScenarioError) as e:
        parley.loads("parley: 1\nid: x\nactors: 3\n", name="mine.yaml")
    files = {d[0] for d in e.value.diagnostics}
    assert files == {"mine.yaml"} and all(d[1] > 0 for d in e.value.diagnostics)
    with pytest.raises(parley.ScenarioError):
        parley.load({"parley": 1, "id": "x"})


def test_dict_and_text_load_the_same_scenario():
    import yaml  # python3-yaml (scripts/install-deps.sh)

    text = TOY.read_text(encoding="utf-8")
    data = yaml.safe_load(text)  # dates come back as datetime.date: the module takes them
    from_path = parley.load(TOY).analyze(robustness=False)
    assert parley.loads(text).analyze(robustness=False) == from_path
    assert parley.load(data).analyze(robustness=False) == from_path
    data["actors"][0]["id"] = data["actors"][0]["id"] + "2"  # a notebook edits the dict: the scenario follows
    with pytest.raises(parley.ScenarioError):
        parley.load(data)  # the preferences still name the old id


def test_unknown_event_is_a_scenario_error_at_with_changes():
    hanoi = parley.load(HANOI)
    with pytest.raises(parley.ScenarioError):
        hanoi.with_changes(without=["no-such-event"])


def test_bad_values_are_value_errors_with_the_cli_wording():
    toy = parley.load(TOY)
    code, _, err = run_cli("analyze", TOY, "--at", "2020-13-01", check=False)
    assert code == 2
    with pytest.raises(ValueError) as e:
        toy.analyze(at="2020-13-01")
    assert str(e.value) == err.strip().removeprefix("parley: error: ")
    with pytest.raises(ValueError, match="--repair-changes 7: expected an integer from 0 to 3"):
        toy.analyze(repair_changes=7)
    with pytest.raises(ValueError, match="--lang 'fr': expected one of: en, zh-TW"):
        toy.analyze(lang="fr")
    with pytest.raises(ValueError, match="unknown option 'colour'"):
        toy.analyze(colour="red")


def test_mistyped_values_are_type_errors():
    toy = parley.load(TOY)
    with pytest.raises(TypeError, match="--max-listed: expected an integer"):
        toy.analyze(max_listed="ten")
    with pytest.raises(TypeError, match="--set BUYER.reservation: expected a number"):
        toy.analyze(set={"BUYER.reservation": "high"})
    with pytest.raises(TypeError):
        parley.Scenario(42)
    with pytest.raises(TypeError, match="unexpected keyword argument 'when'"):
        toy.with_changes(when="2020-01-01")


def test_budget_refusal_and_estimate():
    hanoi = parley.load(HANOI)
    code, _, err = run_cli("sweep", HANOI, "--samples", "2000000", "--budget-seconds", "0.001", check=False)
    assert code == 2
    with pytest.raises(ValueError) as e:
        hanoi.sweep(samples=2000000, budget_seconds=0.001)
    assert str(e.value) == err.strip().removeprefix("parley: error: ")
    est = hanoi.sweep(samples=2000000, estimate=True)
    assert est["seconds"] > 0 and est["budget_seconds"] == 600


def test_out_of_range_and_unknown_values_read_as_on_the_command_line():
    # The CLI's flag parser and the module's keyword checks give the same sentence (the CLI's
    # message without its "parley: error: " prefix).
    toy = parley.load(TOY)
    cases = [(("analyze", TOY, "--threads", "2000"), toy.analyze, {"threads": 2000}),
             (("analyze", TOY, "--lang", "fr"), toy.analyze, {"lang": "fr"}),
             (("analyze", TOY, "--repair-changes", "7"), toy.analyze, {"repair_changes": 7}),
             (("analyze", TOY, "--method", "bogus"), toy.analyze, {"method": "bogus"}),
             (("levers", TOY, "--pair-candidates", "1"), toy.levers, {"pair_candidates": 1})]
    for args, call, kwargs in cases:
        code, _, err = run_cli(*args, check=False)
        assert code == 2, args
        with pytest.raises(ValueError) as e:
            call(**kwargs)
        assert str(e.value) == err.splitlines()[0].removeprefix("parley: error: "), args


def test_each_problem_is_told_once_and_a_key_not_taken_only_as_unknown():
    # One reader (src/api/json_options.h) for the module and `parley serve`: a mistyped key is
    # reported once however often the command reads it, and a key the command does not take is
    # an unknown option, whatever its value (not a TypeError about that value).
    hanoi = parley.load(HANOI)
    with pytest.raises(TypeError) as e:
        hanoi.sweep(at=5, bargain=True)
    assert str(e.value) == "--at: expected a string, got 5"
    with pytest.raises(ValueError) as e:
        hanoi.bargain(without_requirements=5)
    assert str(e.value).startswith("bargain: unknown option 'without_requirements'; expected one of: ")
    assert "\n" not in str(e.value)
    with pytest.raises(ValueError) as e:
        hanoi.timeline(at="not-a-date")
    assert str(e.value).startswith("timeline: unknown option 'at'") and "not a valid date" not in str(e.value)
