#!/usr/bin/env bash
# Fits the `anchored` model (alpha, exponent) on the DEU proposals introduced up to 2003 by grid
# search on the mean absolute error, then judges the fitted model and the plain compromise model
# (the `mean` baseline) on 2004-2008 only. docs/validation.md reports the output.
# Usage: scripts/fit-anchored.sh [path/to/parley] [DEU.tsv]
set -euo pipefail
P=${1:-build/release/parley}
D=${2:-tests/data/validation/deu-1996-2008.tsv}
mae() {
  "$P" validate deu "$D" --format json "$@" | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
print("%.4f %.4f %.4f %.4f %d" % (j["mae"], j["median_ae"], j["baseline"]["mae"], j["baseline"]["median_ae"], j["issues"]))'
}
best=""
best_mae=1e9
echo "# fit on proposals introduced up to 2003: alpha exponent mae median_ae"
for a in -0.2 -0.15 -0.1 -0.05 0 0.05 0.1 0.15 0.2; do
  for g in 0 0.125 0.25 0.375 0.5 0.625 0.75 0.875 1; do
    read -r m md bm bmd n < <(mae --model anchored --set model.alpha=$a --set model.exponent=$g --years -2003)
    echo "$a $g $m $md"
    if /usr/bin/python3 -c "import sys; sys.exit(0 if $m < $best_mae else 1)"; then best_mae=$m; best="$a $g"; fi
  done
done
read -r a g <<<"$best"
echo "# best on up to 2003: alpha=$a exponent=$g (mae $best_mae)"
read -r m md bm bmd n < <(mae --model anchored --set model.alpha=$a --set model.exponent=$g --years 2004-)
echo "# judged on 2004-2008 ($n issues): anchored mae $m (median $md); compromise (mean) mae $bm (median $bmd)"
# Paired comparison on 2004-2008: on how many issues each is closer, and a bootstrap interval of
# the mean improvement (10,000 resamples, seed 1).
"$P" validate deu "$D" --model anchored --set model.alpha=$a --set model.exponent=$g --years 2004- --format json |
  /usr/bin/python3 -c '
import json, random, sys
j = json.load(sys.stdin)
d = [abs(x["baseline"] - x["outcome"]) - abs(x["forecast"] - x["outcome"]) for x in j["per_issue"]]
n = len(d)
random.seed(1)
boot = sorted(sum(random.choice(d) for _ in range(n)) / n for _ in range(10000))
print("# closer than the compromise model on %d issues, further on %d, equal on %d" %
      (sum(x > 0 for x in d), sum(x < 0 for x in d), sum(x == 0 for x in d)))
print("# mean improvement %.4f, 95%% bootstrap interval %.4f to %.4f" % (sum(d) / n, boot[250], boot[9750]))'
