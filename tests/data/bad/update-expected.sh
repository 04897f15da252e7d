#!/usr/bin/env bash
# Regenerates the expected diagnostics of the malformed-input corpus from the current build.
# Run only on purpose (after changing a message), then review the diff before committing.
# Usage: tests/data/bad/update-expected.sh [path/to/parley]
set -euo pipefail
cd "$(dirname "$0")/../../.."
parley=${1:-build/release/parley}
for f in tests/data/bad/*.yaml; do
  exp=${f%.yaml}.expected
  head -n 1 "$exp" > "$exp.tmp"
  "$parley" check "$f" 2>> "$exp.tmp" && { echo "$f: unexpectedly valid" >&2; rm "$exp.tmp"; exit 1; }
  mv "$exp.tmp" "$exp"
done
