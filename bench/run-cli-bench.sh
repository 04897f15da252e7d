#!/usr/bin/env bash
# Times `parley analyze` end to end (process start, load, analysis, JSON output) on synthetic
# scenarios of 4 parties x K issues x 10 options, K = 6, 7, 8 (10^6, 10^7, 10^8 packages), and
# on the shipped Hanoi 2019 scenario. Each case runs RUNS times (default 5); the table gives the
# min / median / max wall time, packages per second from the median, and the peak RSS (largest
# over the runs), and the median CPU time (user + system: about wall x threads when the cores are
# free; a wall time well above CPU / threads means the run waited for a core). Cases:
#   no-pareto   reservation 0.5 (a non-empty ZOPA): ZOPA, Nash, ideal point, Kalai-Smorodinsky
#   full        the same file with the Pareto frontier
#   empty-zopa  reservation 0.75 (no ZOPA): the closest-package pass, no frontier
#   credible    no-pareto's file with commitments (`generate --commitments --trust 0.5`: who
#               delivers each issue, clawbacks, verifications, mutual trust 0.5): the credible
#               ZOPA evaluated package by package in the scan, no frontier
#
# Usage: bench/run-cli-bench.sh [PATH/TO/parley]        (default build/release/parley)
# Environment: RUNS (5), SIZES ("6 7 8", issues; SIZES= for Hanoi only), THREADS ("1 2"), SEED (1).
# Needs only bash >= 5 and GNU time (/usr/bin/time, Debian package `time`). Wall time is taken
# with bash's $EPOCHREALTIME (microseconds) around the /usr/bin/time call, which adds well under
# a millisecond; /usr/bin/time's own %e has only 10 ms resolution. Peak RSS is its %M, CPU its %U + %S.
set -euo pipefail

PARLEY=${1:-build/release/parley}
RUNS=${RUNS:-5}
SIZES=${SIZES-"6 7 8"}
THREADS=${THREADS:-"1 2"}
SEED=${SEED:-1}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HANOI="$HERE/../scenarios/hanoi-2019.yaml"

[[ -x $PARLEY ]] || { echo "run-cli-bench: no executable '$PARLEY' (build first: make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run-cli-bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
PARLEY=$(cd "$(dirname "$PARLEY")" && pwd)/$(basename "$PARLEY")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/parley-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "# parley CLI benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "#   binary:  $PARLEY ($("$PARLEY" --version 2>/dev/null | head -1 || true))"
echo "#   machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GB RAM"
echo "#   load:    $(cut -d' ' -f1-3 /proc/loadavg)   runs per case: $RUNS"
echo

# time_runs LABEL PACKAGES THREADS -- COMMAND...: runs COMMAND $RUNS times, prints one table row.
time_runs() {
  local label=$1 packages=$2 threads=$3; shift 4
  local walls=() cpus=() rss_max=0 i t0 t1 out
  for ((i = 0; i < RUNS; i++)); do
    t0=$EPOCHREALTIME
    if ! /usr/bin/time -o "$TMP/time" -f "%e %M %U %S" "$@" >/dev/null 2>"$TMP/stderr"; then
      echo "run-cli-bench: failed: $*" >&2; cat "$TMP/stderr" >&2; exit 1
    fi
    t1=$EPOCHREALTIME
    out=$(tail -1 "$TMP/time")
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b - a}')")
    local rss u sy
    read -r _ rss u sy <<<"$out"
    cpus+=("$(awk -v a="$u" -v b="$sy" 'BEGIN{printf "%.2f", a + b}')")
    ((rss > rss_max)) && rss_max=$rss
  done
  local sorted min med max cpu
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  sorted=$(printf '%s\n' "${walls[@]}" | sort -g)
  min=$(head -1 <<<"$sorted"); max=$(tail -1 <<<"$sorted")
  med=$(awk -v n="${#walls[@]}" '{a[NR]=$1} END{ if (n % 2) print a[(n+1)/2]; else printf "%.4f", (a[n/2]+a[n/2+1])/2 }' <<<"$sorted")
  awk -v l="$label" -v p="$packages" -v t="$threads" -v mn="$min" -v md="$med" -v mx="$max" -v r="$rss_max" -v c="$cpu" 'BEGIN{
    if (p > 0) pps = sprintf("%.1f", p / md / 1e6); else pps = "-";
    printf "| %-11s | %9s | %7s | %7.3f | %7.3f | %7.3f | %10s | %6.1f | %5.2f |\n", l, (p > 0 ? sprintf("10^%d", log(p) / log(10) + 0.5) : "-"), t, mn, md, mx, pps, r / 1024, c }'
}

echo "| case        |  packages | threads |   min s | median s|   max s | Mpkg/s med | RSS MB | CPU s |"
echo "|-------------|-----------|---------|---------|---------|---------|------------|--------|-------|"
for k in $SIZES; do
  "$PARLEY" generate --parties 4 --issues "$k" --options 10 --seed "$SEED" -o "$TMP/s$k.yaml"
  "$PARLEY" generate --parties 4 --issues "$k" --options 10 --seed "$SEED" --reservation 0.75 -o "$TMP/e$k.yaml"
  "$PARLEY" generate --parties 4 --issues "$k" --options 10 --seed "$SEED" --commitments --trust 0.5 -o "$TMP/c$k.yaml"
  n=$((10 ** k))
  for t in $THREADS; do
    time_runs no-pareto "$n" "$t" -- "$PARLEY" analyze "$TMP/s$k.yaml" --no-pareto --threads "$t" --format json
    time_runs full "$n" "$t" -- "$PARLEY" analyze "$TMP/s$k.yaml" --threads "$t" --format json
    time_runs empty-zopa "$n" "$t" -- "$PARLEY" analyze "$TMP/e$k.yaml" --no-pareto --threads "$t" --format json
    time_runs credible "$n" "$t" -- "$PARLEY" analyze "$TMP/c$k.yaml" --no-pareto --threads "$t" --format json
  done
done
time_runs hanoi-2019 0 default -- "$PARLEY" analyze "$HANOI"
# The floor of the method: starting a process that does nothing, timed the same way.
time_runs '(/bin/true)' 0 - -- /bin/true
