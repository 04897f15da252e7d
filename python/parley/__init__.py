"""parley: models multi-party negotiations (docs/python.md).

Load a scenario once, then run any command on it; each returns the same structure as
``parley COMMAND --format json`` (dicts, lists, numbers, strings)::

    import parley
    hanoi = parley.load("scenarios/hanoi-2019.yaml")
    result = hanoi.analyze()
    no_cohen = hanoi.with_changes(without=["cohen-testimony"]).analyze()

Keyword arguments are the CLI's flags with ``_`` for ``-`` (``--max-listed 10`` is
``max_listed=10``; ``--no-pareto`` is ``pareto=False``; ``--set US.reservation=0.5`` is
``set={"US.reservation": 0.5}``; repeatable flags take lists; ``--from`` is ``from_``).
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from . import _parley
from ._results import Result

__all__ = [
    "AnalysisError", "Result", "Scenario", "ScenarioError", "__version__", "analyze", "bargain", "check",
    "commands", "compare", "export", "forecast", "import_", "levers", "load", "loads", "mediate", "params", "report",
    "sequence", "sweep", "timeline", "validate",
]

__version__ = _parley.__version__
ScenarioError = _parley.ScenarioError
AnalysisError = _parley.AnalysisError


def _options(kwargs: dict) -> dict:
    """The request of one call: keywords left at None are not given; ``from_`` is ``--from`` (``from``
    is a Python keyword)."""
    return {(k[:-1] if k == "from_" else k): v for k, v in kwargs.items() if v is not None}


def _what_if_items(w: Any, name: str) -> list:
    """compare's baseline/variant: a list of CLI items, or a dict of at/set/without/without_requirements."""
    if w is None:
        return []
    if isinstance(w, str):
        return [w]
    if isinstance(w, dict):
        unknown = set(w) - {"at", "set", "without", "without_requirements"}
        if unknown:
            raise TypeError(f"{name}: unknown key(s) {sorted(unknown)}; expected at, set, without, without_requirements")
        items = []
        if w.get("at") is not None:
            items.append(f"at={w['at']}")
        for e in _as_list(w.get("without")):
            items.append(f"without={e}")
        for r in _as_list(w.get("without_requirements")):
            items.append(f"without-requirement={r}")
        for path, value in (w.get("set") or {}).items():
            items.append(f"{path}={value!r}" if isinstance(value, float) else f"{path}={value}")
        return items
    if isinstance(w, (list, tuple)):
        return list(w)
    raise TypeError(f"{name}: expected a list of what-if items or a dict, got {type(w).__name__}")


def _as_list(x: Any) -> list:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


class Scenario:
    """A scenario parsed once and kept in C++; with_changes gives what-ifs of it without re-reading."""

    __slots__ = ("_native",)

    def __init__(self, source: Any):
        """From a path (str or os.PathLike), a YAML or JSON text, or a dict of the scenario format."""
        if isinstance(source, Scenario):
            self._native = source._native
        elif isinstance(source, _parley.Native):
            self._native = source
        elif isinstance(source, dict):
            self._native = _parley.load_dict(source)
        elif isinstance(source, os.PathLike):
            self._native = _parley.load_path(os.fspath(source))
        elif isinstance(source, str):
            # A text has a line break or opens a mapping; anything else names a file.
            if "\n" in source or source.lstrip().startswith("{"):
                self._native = _parley.load_text(source)
            else:
                self._native = _parley.load_path(source)
        else:
            raise TypeError(f"Scenario: expected a path, a YAML/JSON text or a dict, got {type(source).__name__}")

    @property
    def id(self) -> str:
        return self._native.id

    def info(self) -> dict:
        """Id, title, date, actors, events, deadlines, plans, named packages, and the what-if of with_changes."""
        return self._native.info()

    def __repr__(self) -> str:
        changes = self._native.info()["changes"]
        return f"<parley.Scenario {self.id!r}{' with ' + repr(changes) if changes else ''}>"

    def with_changes(self, at: str | None = None, set: dict | None = None, without: Iterable[str] | str | None = None,
                     without_requirements: Iterable[str] | str | None = None) -> "Scenario":
        """A what-if of this scenario (``--at``, ``--set``, ``--without``, ``--without-requirement``),
        added to this one's; checked now (ScenarioError on an unknown event, path or requirement)."""
        kw = _options({"at": at, "set": set, "without": _as_list(without) or None,
                       "without_requirements": _as_list(without_requirements) or None})
        return Scenario(self._native.with_changes(kw))

    def to_yaml(self) -> str:
        """The scenario as a file (as loaded: with_changes is not written)."""
        return self._native.to_yaml()

    def _run(self, command: str, kwargs: dict) -> Result:
        options = _options(kwargs)
        try:
            if command == "sweep" and not options.get("bargain"):  # the sweep's charts, from its own samples
                data, charts = _parley.run_charted(command, self._native, options)
                return Result(command, data, charts=charts)
            result = Result(command, _parley.run(command, self._native, options))
            if command == "analyze" and not options.get("estimate"):  # its chart, drawn on display
                result._chart_source = (self._native, options)
            return result
        except KeyboardInterrupt as e:  # Ctrl-C: e.partial is the partial result where there is one
            if isinstance(getattr(e, "partial", None), dict):
                e.partial = Result(command, e.partial)
            raise

    def check(self) -> dict:
        """``parley check``: sizes of the scenario (loading already validated it)."""
        return self._native.check()

    def analyze(self, **kw) -> Result:
        """``parley analyze``: lang threads pareto max_listed disagreement method packages repair_changes
        verification robustness, the what-if (at set without without_requirements) and budget_seconds,
        budget_memory, estimate."""
        return self._run("analyze", kw)

    def params(self, **kw) -> Result:
        """``parley params``: every parameter's path, value, range and evidence (as of the what-if)."""
        return self._run("params", kw)

    def timeline(self, **kw) -> Result:
        """``parley timeline``: from to step agreement signed bargain lang threads, set without."""
        return self._run("timeline", kw)

    def sequence(self, **kw) -> Result:
        """``parley sequence``: plan or search, start max_stages verification robustness lang threads."""
        return self._run("sequence", kw)

    def compare(self, baseline: Any = None, variant: Any = None, **kw) -> Result:
        """``parley compare``: baseline and variant as lists of CLI items (``"at=2019-02-28"``,
        ``"without=cohen-testimony"``, ``"PATH=VALUE"``) or dicts of at/set/without/without_requirements."""
        kw["baseline"] = _what_if_items(baseline, "baseline")
        kw["variant"] = _what_if_items(variant, "variant")
        return self._run("compare", kw)

    def sweep(self, **kw) -> Result:
        """``parley sweep``: samples seed threads plan sensitivity_samples sobol_samples sobol_parameters;
        with ``bargain=True`` (``--bargain``) the process in every sample: by from_ to step protocol
        mediator tactics first (no at or plan)."""
        return self._run("sweep", kw)

    def levers(self, **kw) -> Result:
        """``parley levers``: package or plan (the verdict to flip), top pairs pair_candidates lang threads,
        at set without, budget_seconds budget_memory estimate."""
        return self._run("levers", kw)

    def bargain(self, **kw) -> Result:
        """``parley bargain``: from to step protocol mediator tactics first seed lang, set without."""
        return self._run("bargain", kw)

    def mediate(self, **kw) -> Result:
        """``parley mediate``: mediator method start seed holdout_risk anneal lang, at set without."""
        return self._run("mediate", kw)

    def forecast(self, **kw) -> Result:
        """``parley forecast``: issue model preset rounds lang; set may hold model.NAME parameters."""
        return self._run("forecast", kw)

    def report(self, output: str | os.PathLike | None = None, **kw) -> str:
        """``parley report``: the self-contained HTML page; written to ``output`` when given (its path
        is returned), else returned as a string. lang samples seed axes max_points threads."""
        html = _parley.run("report", self._native, _options(kw))
        if output is None:
            return html
        with open(output, "w", encoding="utf-8") as f:
            f.write(html)
        return os.fspath(output)

    def export(self, format: str, output: str | os.PathLike | None = None) -> dict:
        """``parley export genius|geniusweb``: {"files": [{"name", "text"}], "notes"}; with ``output``
        the files are written into that directory too."""
        out = _parley.run("export", self._native, {"format": format})
        if output is not None:
            os.makedirs(output, exist_ok=True)
            for f in out["files"]:
                with open(os.path.join(output, f["name"]), "w", encoding="utf-8") as fh:
                    fh.write(f["text"])
        return out


def load(source: Any) -> Scenario:
    """A scenario from a path, a YAML/JSON text or a dict (ScenarioError when it is not valid)."""
    return Scenario(source)


def loads(text: str, name: str = "<string>") -> Scenario:
    """A scenario from YAML or JSON text; ``name`` is the file name its diagnostics carry."""
    return Scenario(_parley.load_text(text, name))


def import_(format: str, *files: str | os.PathLike, issue: str | None = None, range: tuple | None = None,
            real_steps: int = 21) -> Scenario | list:
    """``parley import FORMAT IN...``: actors-csv, ktab, decide, genius, geniusweb give a Scenario; deu
    a list (one per issue)."""
    out = _parley.import_files(format, [os.fspath(f) for f in files], issue or "",
                               tuple(range) if range is not None else None, real_steps)
    scenarios = [Scenario(n) for n in out]
    return scenarios if format == "deu" else scenarios[0]


def commands() -> list:
    """The commands a Scenario runs."""
    return list(_parley.commands())


def _scenario(s: Any) -> Scenario:
    return s if isinstance(s, Scenario) else Scenario(s)


def check(scenario: Any) -> dict:
    return _scenario(scenario).check()


def analyze(scenario: Any, **kw) -> Result:
    return _scenario(scenario).analyze(**kw)


def params(scenario: Any, **kw) -> Result:
    return _scenario(scenario).params(**kw)


def timeline(scenario: Any, **kw) -> Result:
    return _scenario(scenario).timeline(**kw)


def sequence(scenario: Any, **kw) -> Result:
    return _scenario(scenario).sequence(**kw)


def compare(scenario: Any, baseline: Any = None, variant: Any = None, **kw) -> Result:
    return _scenario(scenario).compare(baseline, variant, **kw)


def sweep(scenario: Any, **kw) -> Result:
    return _scenario(scenario).sweep(**kw)


def levers(scenario: Any, **kw) -> Result:
    return _scenario(scenario).levers(**kw)


def validate(dataset: str, file: str | os.PathLike, *, model: str, preset: str | None = None,
             set: dict | None = None, weights: str | None = None, years: str | None = None,
             threads: int | None = None) -> Result:
    """``parley validate DATASET FILE --model NAME``: the model's forecasts of every issue of the data
    set (``deu``) scored against the recorded outcomes, beside the compromise model. ``set`` holds
    model parameters (``{"model.NAME": value}``); each issue skipped is a UserWarning."""
    options = _options({"dataset": dataset, "file": os.fspath(file), "model": model, "preset": preset, "set": set,
                        "weights": weights, "years": years, "threads": threads})
    return Result("validate", _parley.validate(options))


def bargain(scenario: Any, **kw) -> Result:
    return _scenario(scenario).bargain(**kw)


def mediate(scenario: Any, **kw) -> Result:
    return _scenario(scenario).mediate(**kw)


def forecast(scenario: Any, **kw) -> Result:
    return _scenario(scenario).forecast(**kw)


def report(scenario: Any, output: Any = None, **kw) -> str:
    return _scenario(scenario).report(output, **kw)


def export(scenario: Any, format: str, output: Any = None) -> dict:
    return _scenario(scenario).export(format, output)
