#!/usr/bin/env bash
# `parley serve`'s page in headless Chromium (tests/serve/check_serve.js): slider, event toggle,
# date, reload from the URL, back button, download, latency of a slider move, both languages.
# Usage: tests/serve/run_serve_browser_test.sh PATH/TO/parley REPO_ROOT OUTDIR
# Needs Debian's chromium and Node.js with npm (scripts/install-deps.sh); playwright-core, pinned
# by tests/report/package-lock.json (the report's browser test uses the same), is installed under
# OUTDIR/node.
set -euo pipefail
parley=$(realpath "$1")
root=$2
out=$3
mkdir -p "$out/node"
if ! cmp -s "$root/tests/report/package-lock.json" "$out/node/package-lock.json" ||
   [[ ! -d $out/node/node_modules/playwright-core ]]; then
  cp "$root/tests/report/package.json" "$root/tests/report/package-lock.json" "$out/node/"
  (cd "$out/node" && npm ci --no-audit --no-fund --loglevel=error)
fi
NODE_PATH="$out/node/node_modules" node "$root/tests/serve/check_serve.js" "$parley" "$root" "$out/shots"
