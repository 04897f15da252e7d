#!/usr/bin/env python3
"""Checks schema/scenario.schema.json against the scenario corpus.

Usage: /usr/bin/python3 tests/schema/check_schema.py REPO_ROOT

Checks, one output line each:
  * the schema is itself a valid JSON Schema (draft 2020-12);
  * every scenarios/*.yaml, tests/data/good/*.yaml and docs/examples/*.yaml validates against it;
  * for every tests/data/bad/NAME.yaml, the schema's verdict matches the first line of
    tests/data/bad/NAME.expected, which is `# schema: reject` (the schema alone catches the
    problem) or `# schema: accept` (only the loader does); the rest of that file is the exact
    stderr of `parley check` and is not looked at here. A file that is not valid YAML counts
    as rejected.
Ends with the line `N passed, N failed` and exits 1 if anything failed.

YAML is read the way parley reads it (yaml-cpp, which follows YAML 1.2, plus the loader), not
with PyYAML's default YAML 1.1 rules: a plain scalar is a number only if it is a finite decimal
number (`12`, `012`, `-0.5`, `1e3`, `+5`), null if it is empty, `~` or `null`, and text
otherwise. So `2019-02-27` stays a string rather than becoming a date, `yes`/`no`/`on`/`off`
and `true`/`false` stay strings rather than becoming booleans (parley reads them as text), and
`0x10`, `0o10`, `.inf` and `.nan` are text, which parley does not accept as numbers either.

Needs only the standard library plus Debian's python3-yaml and python3-jsonschema.
"""

import json
import math
import re
import sys
from pathlib import Path

import yaml
import jsonschema
from jsonschema import Draft202012Validator


class ParleyYamlLoader(yaml.SafeLoader):
    """SafeLoader resolving plain scalars as parley does: null, finite decimal numbers, else text."""


ParleyYamlLoader.yaml_implicit_resolvers = {}


def _resolver(tag, pattern, first):
    ParleyYamlLoader.add_implicit_resolver("tag:yaml.org,2002:" + tag, re.compile(pattern), list(first))


_resolver("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_resolver("int", r"^[-+]?[0-9]+$", "-+0123456789")
_resolver("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789")


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    try:
        return int(text, 10)
    except ValueError:  # e.g. `!!int 0x10`: parley cannot read it as a number either
        return text


def _construct_float(loader, node):
    text = loader.construct_scalar(node)
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text  # `1e999`: parley rejects non-finite numbers


ParleyYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
ParleyYamlLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load_yaml(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=ParleyYamlLoader)


def json_pointer(parts):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def schema_errors(validator, path):
    """Returns a list of messages; empty when the file is valid YAML and passes the schema."""
    try:
        data = load_yaml(path)
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        return ["not valid YAML: " + shorten(str(e))]
    except RecursionError:
        return ["not valid YAML: nesting is too deep"]
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [f"{json_pointer(e.absolute_path)}: {shorten(e.message)}" for e in errors]


def shorten(message, limit=200):
    """jsonschema quotes the whole offending value; keep messages about big maps readable."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[:limit - 3] + "..."


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, what):
        self.passed += 1
        print(f"PASS {what}")

    def fail(self, what, details=()):
        self.failed += 1
        print(f"FAIL {what}")
        for d in details:
            print(f"    {d}")


def main(argv):
    if len(argv) != 2:
        print("usage: check_schema.py REPO_ROOT", file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve()
    results = Results()

    schema_path = root / "schema" / "scenario.schema.json"
    rel = lambda p: p.relative_to(root).as_posix()
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        results.fail(f"{rel(schema_path)} is a valid draft 2020-12 schema", [str(e).splitlines()[0]])
        print(f"{results.passed} passed, {results.failed} failed")
        return 1
    results.ok(f"{rel(schema_path)} is a valid draft 2020-12 schema")
    validator = Draft202012Validator(schema)

    for folder in ("scenarios", "tests/data/good", "docs/examples"):
        files = sorted((root / folder).glob("*.yaml"))
        if not files:
            print(f"NOTE {folder}/: no *.yaml files")
        for path in files:
            errors = schema_errors(validator, path)
            if errors:
                results.fail(f"{rel(path)} passes the schema", errors)
            else:
                results.ok(f"{rel(path)} passes the schema")

    bad = root / "tests" / "data" / "bad"
    bad_files = sorted(bad.glob("*.yaml"))
    if not bad_files:
        print("NOTE tests/data/bad/: no *.yaml files")
    for path in bad_files:
        expected_path = path.with_suffix(".expected")
        what = f"{rel(path)}"
        try:
            first = expected_path.read_text(encoding="utf-8").split("\n", 1)[0].rstrip("\r")
        except OSError:
            results.fail(f"{what}: schema verdict", [f"missing {rel(expected_path)}"])
            continue
        m = re.fullmatch(r"# schema: (reject|accept)", first.strip())
        if not m:
            results.fail(f"{what}: schema verdict",
                         [f"{rel(expected_path)}: first line must be '# schema: reject' or "
                          f"'# schema: accept', not {first!r}"])
            continue
        want_reject = m.group(1) == "reject"
        errors = schema_errors(validator, path)
        if want_reject and not errors:
            results.fail(f"{what}: schema rejects it", ["the schema accepts this file"])
        elif not want_reject and errors:
            results.fail(f"{what}: schema accepts it", errors)
        else:
            results.ok(f"{what}: schema {'rejects' if want_reject else 'accepts'} it"
                       + (f" ({errors[0]})" if errors else ""))

    for expected_path in sorted(bad.glob("*.expected")):
        if not expected_path.with_suffix(".yaml").exists():
            results.fail(f"{rel(expected_path)} has a companion .yaml",
                         [f"no {rel(expected_path.with_suffix('.yaml'))}"])

    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
