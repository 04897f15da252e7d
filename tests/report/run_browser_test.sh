#!/usr/bin/env bash
# Renders the HTML report of every shipped scenario in English and Chinese and checks each page
# as a reader would see it, in headless Chromium (tests/report/check_report.js): every chart
# drew, no console error, no network request, Chinese text not drawn as boxes; saves a
# screenshot of each page under OUTDIR/shots.
# Usage: tests/report/run_browser_test.sh PATH/TO/parley REPO_ROOT OUTDIR
# Needs Debian's chromium and fonts-noto-cjk and Node.js with npm (scripts/install-deps.sh);
# playwright-core, pinned by tests/report/package-lock.json, is installed under OUTDIR/node.
set -euo pipefail
parley=$1
root=$2
out=$3
mkdir -p "$out/pages" "$out/shots" "$out/node"
if ! cmp -s "$root/tests/report/package-lock.json" "$out/node/package-lock.json" ||
   [[ ! -d $out/node/node_modules/playwright-core ]]; then
  cp "$root/tests/report/package.json" "$root/tests/report/package-lock.json" "$out/node/"
  (cd "$out/node" && npm ci --no-audit --no-fund --loglevel=error)
fi
for f in "$root"/scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  for lang in en zh-TW; do
    "$parley" report "$f" -o "$out/pages/$name.$lang.html" --lang "$lang" --samples 2000 -q
  done
done
NODE_PATH="$out/node/node_modules" node "$root/tests/report/check_report.js" "$out/shots" "$out"/pages/*.html
