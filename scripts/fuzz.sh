#!/usr/bin/env bash
# Runs the libFuzzer harnesses of fuzz/ (docs/fuzzing.md). Usage:
#   scripts/fuzz.sh BUILD run  [HARNESS...]  each for $FUZZ_SECONDS (default 30) on the committed
#                                            corpus, new inputs kept in BUILD/corpus/HARNESS
#   scripts/fuzz.sh BUILD ci   [HARNESS...]  the same, $FUZZ_SECONDS (default 6) each, new inputs
#                                            thrown away: CI's check that nothing crashes
#   scripts/fuzz.sh BUILD seed [HARNESS...]  rebuilds fuzz/corpus/HARNESS: the seeds of
#                                            scripts/fuzz_seeds.py, the committed corpus and BUILD's,
#                                            minimised with -merge=1
# FUZZ_WORKERS=N (run mode; default 1) runs N copies of each harness side by side on the same
# corpus (each reloads the others' new inputs); the stats line sums their executions and CPU time.
# FUZZ_NICE (default 19) is the fuzzers' nice level: on a machine shared with builds, 19 keeps
# them out of the way; on an idle machine 0 changes nothing.
# BUILD is a build directory configured with clang and -DPARLEY_FUZZ=ON (`make fuzz` does it).
# Any crash, leak, timeout or sanitizer report fails the script; its input is saved as
# BUILD/crashes/HARNESS-crash-... Every run appends a line to BUILD/fuzz-stats.tsv: date,
# harness, seconds, executions, executions per second, coverage (cov), features (ft), CPU seconds
# (user + system) and executions per CPU second.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD run|ci|seed [HARNESS...]}
mode=${2:?usage: scripts/fuzz.sh BUILD run|ci|seed [HARNESS...]}
shift 2
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
  harnesses=(loader analyze distribution flags serve_api report_escape
             import_actors_csv import_ktab import_decide import_deu import_genius import_geniusweb)
fi
case $mode in
  run) seconds=${FUZZ_SECONDS:-30}; workers=${FUZZ_WORKERS:-1} ;;
  ci) seconds=${FUZZ_SECONDS:-6}; workers=1 ;;
  seed) seconds=0; workers=1 ;;
  *) echo "fuzz.sh: unknown mode '$mode' (expected run, ci or seed)" >&2; exit 2 ;;
esac
[[ $workers =~ ^[1-9][0-9]?$ ]] || { echo "fuzz.sh: FUZZ_WORKERS='$workers': expected an integer from 1 to 99" >&2; exit 2; }
niceness=${FUZZ_NICE:-19}
[[ $niceness =~ ^-?[0-9]+$ ]] || { echo "fuzz.sh: FUZZ_NICE='$niceness': expected an integer (a nice level)" >&2; exit 2; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$build/crashes"
failed=()
for h in "${harnesses[@]}"; do
  bin=$build/fuzz/fuzz_$h
  [[ -x $bin ]] || { echo "fuzz.sh: $bin is not built (make fuzz-build)" >&2; exit 2; }
  committed=fuzz/corpus/$h
  mkdir -p "$committed"
  opts=(-rss_limit_mb=2048 -timeout=60 -max_len=65536 -print_final_stats=1
        -artifact_prefix="$build/crashes/$h-")
  [[ -f fuzz/dict/$h.dict ]] && opts+=(-dict="fuzz/dict/$h.dict")
  if [[ $mode == seed ]]; then
    seeds=$build/seeds
    rm -rf "$seeds" && python3 scripts/fuzz_seeds.py "$seeds" >/dev/null
    mkdir -p "$seeds/$h" "$build/corpus/$h"
    fresh=$(mktemp -d)
    nice -n "$niceness" "$bin" "${opts[@]}" -merge=1 "$fresh" "$committed" "$seeds/$h" "$build/corpus/$h" 2>"$build/$h.log" ||
      { failed+=("$h"); rm -rf "$fresh"; continue; }
    # Findings' reproducers (HARNESS-crash-...) stay, even when other inputs cover the same code.
    cp "$committed"/*-crash-* "$fresh"/ 2>/dev/null || true
    rm -rf "$committed" && mkdir -p "$committed" && cp "$fresh"/* "$committed"/ 2>/dev/null || true
    rm -rf "$fresh"
    echo "fuzz.sh: $h: $(ls "$committed" | wc -l) inputs, $(du -sk "$committed" | cut -f1) KiB in $committed"
    continue
  fi
  if [[ $mode == run ]]; then work=$build/corpus/$h; mkdir -p "$work"; else work=$(mktemp -d); fi
  # Worker i logs to $build/$h.log (i = 1) or $build/$h.i.log. The CPU time each got (user +
  # system): on a shared machine at nice 19 it can be a small share of the wall time, and
  # executions per CPU second tell the harness's own speed.
  logs=() pids=()
  for ((i = 1; i <= workers; i++)); do
    suffix=$([[ $i == 1 ]] && echo "" || echo ".$i")
    logs+=("$build/$h$suffix")
    (
      TIMEFORMAT='%3U %3S'
      { time nice -n "$niceness" "$bin" "${opts[@]}" -max_total_time="$seconds" "$work" "$committed" \
          >"$build/$h$suffix.log" 2>&1; } 2>"$build/$h$suffix.cpu"
    ) &
    pids+=($!)
  done
  status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  [[ $mode == ci ]] && rm -rf "$work"
  execs=0 rate=0 cpu=0 cov=0 ft=0
  for log in "${logs[@]}"; do
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.log" | tail -1)
    r=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log.log" | tail -1)
    c=$(grep -o 'cov: [0-9]*' "$log.log" | tail -1 | cut -d' ' -f2 || true)
    f=$(grep -o 'ft: [0-9]*' "$log.log" | tail -1 | cut -d' ' -f2 || true)
    t=$(awk '{ printf "%.1f", $1 + $2 }' "$log.cpu" 2>/dev/null || echo 0)
    execs=$((execs + ${n:-0})) rate=$((rate + ${r:-0}))
    cpu=$(awk -v a="$cpu" -v b="${t:-0}" 'BEGIN { printf "%.1f", a + b }')
    if ((${c:-0} > cov)); then cov=$c; fi
    if ((${f:-0} > ft)); then ft=$f; fi
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$h" "$seconds" "$execs" "$rate" "$cov" \
    "$ft" "$cpu" "$(awk -v n="$execs" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? n / c : 0) }')" \
    >>"$build/fuzz-stats.tsv"
  if ((status != 0)); then
    failed+=("$h")
    echo "fuzz.sh: $h FAILED (exit $status); its log: ${logs[*]/%/.log}" >&2
    for log in "${logs[@]}"; do
      grep -E 'ERROR|finding|SUMMARY|Test unit written' "$log.log" | head -20 >&2 || true
    done
  else
    echo "fuzz.sh: $h: $execs executions in ${seconds}s, $workers worker(s) (${rate}/s; ${cpu}s of CPU), cov $cov, ft $ft"
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz.sh: failed: ${failed[*]}" >&2
  exit 1
fi
