#!/usr/bin/env bash
# Regenerates the golden transcripts of tests/cli/cli_test.py from the current build:
# tests/cli/golden/NAME.analyze.json = `parley analyze scenarios/NAME.yaml --format json`, run
# from the repository root. Run only on purpose (after an intended change of the analysis or of
# the JSON output), then review the diff before committing.
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
