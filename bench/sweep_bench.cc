// Monte Carlo sweeps (analyses/sweep): samples per second of the main phase on the shipped Hanoi
// scenario (11 uncertain parameters, 240 packages, ratification by audience cost) for 1 and 2
// threads, against the full pipeline per sample (copy, apply the what-if, compile,
// analyze_deal_space) that the incremental path replaces; and the time per sample as the
// number of packages grows (synthetic two-party scenarios with every number uncertain).
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "analyses/deal_space/deal_space.h"
#include "analyses/sweep/sweep.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "scenario/distribution.h"
#include "scenario/params.h"
#include "scenario/synthetic.h"

namespace {

using namespace parley;

Scenario hanoi() { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/scenarios/hanoi-2019.yaml"); }

// Main phase only: the sensitivity ranking and the Sobol indices are switched off.
SweepOptions main_only(std::uint64_t n, int threads) {
  SweepOptions opt;
  opt.samples = n;
  opt.threads = threads;
  opt.sensitivity_samples = 1;
  opt.sobol_parameters = 0;
  return opt;
}

void BM_Sweep_Hanoi(benchmark::State& state) {
  const Scenario s = hanoi();
  const std::uint64_t n = 200000;
  for (auto _ : state) {
    SweepResult r = run_sweep(s, main_only(n, static_cast<int>(state.range(0))));
    benchmark::DoNotOptimize(r.deals);
  }
  state.counters["samples/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Sweep_Hanoi)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// What one sample costs without the incremental path.
void BM_Sweep_Hanoi_FullPipelinePerSample(benchmark::State& state) {
  const Scenario s = hanoi();
  WhatIf w;
  DealSpaceOptions opt;
  opt.threads = 1;
  opt.pareto = false;
  std::uint64_t i = 0;
  for (auto _ : state) {
    Scenario copy = s;
    for (auto& ref : list_params(copy))
      if (ref.param->dist) ref.param->value = quantile(*ref.param->dist, uniform01(1, i, 0), ref.param->lo, ref.param->hi);
    Scenario at = apply_what_if(copy, w);
    CompiledModel m = compile(at);
    DealSpaceResult r = analyze_deal_space(m, opt);
    benchmark::DoNotOptimize(r.zopa_size);
    ++i;
  }
  state.counters["samples/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Sweep_Hanoi_FullPipelinePerSample)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Two parties, I issues of 4 options (4^I packages), a triangular distribution on every
// salience, score and reservation: one thread, main phase.
void BM_Sweep_Packages(benchmark::State& state) {
  SyntheticSpec spec;
  spec.parties = 2;
  spec.issues = static_cast<int>(state.range(0));
  spec.options = 4;
  spec.reservation = 0.5;
  Scenario s = synthetic_scenario(spec);
  for (auto& ref : list_params(s)) {
    Param& p = *ref.param;
    if (ref.path.ends_with(".capability")) continue;
    double width = (p.hi - p.lo) * 0.1;
    if (!std::isfinite(width)) width = 2;
    Distribution d;
    d.kind = Distribution::Kind::triangular;
    d.min = std::max(p.lo, p.value - width);
    d.max = std::min(p.hi, p.value + width);
    d.mode = p.value;
    if (d.min < d.max) p.dist = d;
  }
  const std::uint64_t n = std::max<std::uint64_t>(100, 500000 >> (2 * spec.issues - 6));
  for (auto _ : state) {
    SweepResult r = run_sweep(s, main_only(n, 1));
    benchmark::DoNotOptimize(r.deals);
  }
  state.counters["packages"] = static_cast<double>(std::uint64_t{1} << (2 * spec.issues));
  // Google Benchmark prints an inverted rate with an "s" suffix: the number is microseconds.
  state.counters["us/sample"] =
      benchmark::Counter(static_cast<double>(n) * 1e-6, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Sweep_Packages)->DenseRange(3, 9, 1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
