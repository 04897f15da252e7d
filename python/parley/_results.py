"""A command's result: the dict of ``parley COMMAND --format json``, shown as HTML in Jupyter and
turned into a pandas data frame on request."""

from __future__ import annotations

import html
from typing import Any

# The natural rows of each command's result: the key of a list of records (docs/python.md).
_TABLES = {
    "analyze": "named",         # the named packages: utilities, verdicts
    "params": "params",
    "timeline": "timeline",     # one row per date
    "sequence": "stages",
    "sweep": "sensitivity",     # the drivers
    "bargain": "trace",
    "mediate": "drafts",
    "forecast": "rounds",
    "levers": "levers",
    "validate": "per_issue",
}

_MAX_ROWS = 30


def _records(value: Any) -> list | None:
    """A list of dicts as it is; a dict of dicts (named packages by id) as rows with an ``id``."""
    if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
        return value
    if isinstance(value, dict) and value and all(isinstance(r, dict) for r in value.values()):
        return [{"id": k, **v} for k, v in value.items()]
    return None


def _flat(record: dict, prefix: str = "") -> dict:
    """One row: nested dicts become dotted columns (utilities.US), lists stay as they are."""
    out = {}
    for k, v in record.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, (list, dict)):
        text = ", ".join(_cell(x) for x in v) if isinstance(v, list) else str(v)
        return text if len(text) <= 80 else text[:77] + "..."
    return "" if v is None else str(v)


class Result(dict):
    """The command's JSON as a dict (``==`` compares it with the CLI's), plus ``command``,
    ``table()``, ``to_pandas()`` and Jupyter's ``_repr_html_``."""

    def __init__(self, command: str, data: dict, charts: str | None = None):
        super().__init__(data)
        self.command = command
        self._charts = charts           # the chart data (JSON text) of a sweep
        self._chart_source = None       # (scenario, options) of an analyze: its chart is drawn on display

    def chart_html(self) -> str:
        """The report's chart of this result as an HTML fragment (analyze: the utility plane; sweep:
        the sweep's charts), self-contained: ECharts and the report's script are inline, nothing is
        fetched. Empty for other commands. An analyze's chart runs the analysis again."""
        charts = self._charts
        if charts is None and self._chart_source is not None:
            from . import _parley
            native, options = self._chart_source
            charts = self._charts = _parley.chart_data(self.command, native, options)
        if charts is None:
            return ""
        from . import _parley
        return _parley.charts_html(charts)

    def table_key(self) -> str | None:
        """The key of the result's main list of records (None when it has none)."""
        key = _TABLES.get(self.command)
        if key in self and _records(self[key]) is not None:
            return key
        for k, v in self.items():  # else the first list of records
            if _records(v) is not None:
                return k
        return None

    def table(self, key: str | None = None) -> list:
        """The rows of ``key`` (default: the main list) as flat dicts."""
        key = key or self.table_key()
        if key is None:
            return []
        rows = _records(self.get(key))
        if rows is None:
            raise KeyError(f"{self.command}: '{key}' is not a list of records; its lists of records are: "
                           f"{', '.join(k for k, v in self.items() if _records(v) is not None) or '(none)'}")
        return [_flat(r) for r in rows]

    def to_pandas(self, key: str | None = None):
        """A pandas DataFrame of ``key`` (default: the main list; see ``table_key()``)."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_pandas() needs pandas: install python3-pandas (Debian) or `pip install pandas`") from e
        return pd.DataFrame(self.table(key))

    def summary(self) -> str:
        """One line: the command, the scenario and date, and the headline number."""
        head = f"{self.command} · {self.get('scenario', '')}"
        if self.get("date"):
            head += f" · {self['date']}"
        for key, label in (("zopa_size", "ZOPA packages"), ("p_deal", "P(deal)"), ("outcome", "outcome"),
                           ("forecast", "forecast")):
            if key in self and not isinstance(self[key], (list, dict)):
                head += f" · {label}: {_cell(self[key])}"
        return head

    def _repr_html_(self) -> str:
        parts = [f"<p><b>{html.escape(self.summary())}</b></p>"]
        if isinstance(self.get("explanation"), str):  # the answer, as the CLI's table opens with it
            parts.append(f"<p>{html.escape(self['explanation'])}</p>")
        key = self.table_key()
        if key is not None:
            rows = self.table(key)
            cols: list = []
            for r in rows[:_MAX_ROWS]:
                cols.extend(c for c in r if c not in cols)
            parts.append(f"<table><caption>{html.escape(key)}</caption><tr>" +
                         "".join(f"<th>{html.escape(c)}</th>" for c in cols) + "</tr>")
            for r in rows[:_MAX_ROWS]:
                parts.append("<tr>" + "".join(f"<td>{html.escape(_cell(r.get(c)))}</td>" for c in cols) + "</tr>")
            parts.append("</table>")
            if len(rows) > _MAX_ROWS:
                parts.append(f"<p>{len(rows) - _MAX_ROWS} more rows: .to_pandas('{key}')</p>")
        parts.append(self.chart_html())  # analyze and sweep: the report's chart, after the table
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"<parley.Result {self.summary()}>"
