#!/usr/bin/env bash
# Regenerates the golden transcripts of tests/cli/cli_test.py from the current build, run from the
# repository root:
#   tests/cli/golden/NAME.analyze.json = `parley analyze scenarios/NAME.yaml --format json`;
#   tests/cli/golden/NAME.ISSUE.MODEL.forecast.json =
#     `parley forecast scenarios/NAME.yaml --issue ISSUE --model MODEL --format json`.
# Run only on purpose (after an intended change of the analysis, of a model or of the JSON
# output), then review the diff before committing.
# Usage: tests/cli/update-golden.sh [path/to/parley]
set -euo pipefail
cd "$(dirname "$0")/../.."
parley=$(realpath "${1:-build/release/parley}")
for name in hanoi-2019 toy-two-party; do   # keep in step with GOLDEN in tests/cli/cli_test.py
  out=tests/cli/golden/$name.analyze.json
  "$parley" analyze "scenarios/$name.yaml" --format json > "$out.tmp"
  mv "$out.tmp" "$out"
  echo "wrote $out"
done
# NAME:ISSUE:MODEL; keep in step with GOLDEN_FORECAST in tests/cli/cli_test.py
for spec in hanoi-2019:relief_scope:eum hanoi-2019:relief_scope:exchange; do
  IFS=: read -r name issue model <<< "$spec"
  out=tests/cli/golden/$name.$issue.$model.forecast.json
  "$parley" forecast "scenarios/$name.yaml" --issue "$issue" --model "$model" --format json > "$out.tmp"
  mv "$out.tmp" "$out"
  echo "wrote $out"
done
