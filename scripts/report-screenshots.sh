#!/usr/bin/env bash
# Refreshes the README's pictures of the Hanoi report (docs/img/report-hanoi-en.png and
# report-hanoi-zh-TW.png): the top of the page, as headless Chromium draws it, through the same
# checker as `make test` (tests/report/check_report.js). Run after `make build`.
# Usage: scripts/report-screenshots.sh [PATH/TO/parley]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
parley=${1:-$root/build/release/parley}
work=$root/build/report-screenshots
mkdir -p "$work/pages" "$work/shots" "$work/node"
cp "$root/tests/report/package.json" "$root/tests/report/package-lock.json" "$work/node/"
[[ -d $work/node/node_modules/playwright-core ]] || (cd "$work/node" && npm ci --no-audit --no-fund --loglevel=error)
for lang in en zh-TW; do
  "$parley" report "$root/scenarios/hanoi-2019.yaml" -o "$work/pages/report-hanoi-$lang.html" --lang "$lang" -q
done
PARLEY_SHOT_HEIGHT=2300 NODE_PATH="$work/node/node_modules" node "$root/tests/report/check_report.js" "$work/shots" \
  "$work/pages/report-hanoi-en.html" "$work/pages/report-hanoi-zh-TW.html"
mkdir -p "$root/docs/img"
cp "$work/shots/report-hanoi-en.png" "$work/shots/report-hanoi-zh-TW.png" "$root/docs/img/"
echo "report-screenshots: wrote docs/img/report-hanoi-en.png and docs/img/report-hanoi-zh-TW.png"
