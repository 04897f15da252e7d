// Google Benchmark: the negotiation process (docs/bargain.md). One Hanoi process over 600 daily
// rounds (each date's scenario applied and, where its numbers change, compiled and every package
// evaluated), and the process alone over synthetic two-party spaces of 10^3..10^7 packages
// (600 rounds, Boulware against Linear): the cost of the one index build per utility change and
// of the offers, which never scan the space.
#include <benchmark/benchmark.h>

#include "analyses/bargain/bargain.h"
#include "analyses/sweep/sweep.h"
#include "scenario/distribution.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "scenario/params.h"
#include "scenario/what_if.h"

namespace {

using namespace parley;

const Scenario& hanoi() {
  static const Scenario s = load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/scenarios/hanoi-2019.yaml");
  return s;
}

void BM_Hanoi_Bargain600(benchmark::State& state) {
  const Scenario& s = hanoi();
  // Two Boulware parties and the North's no-deal value at 0.5 (without China's backing 0.45):
  // the talks run to round 586 of 600 (an agreement on 2020-10-07), every date applied.
  BargainOptions opt;
  opt.from = parse_date("2019-03-01");
  opt.to = advance(*opt.from, DateStep{599, 'd'});
  opt.tactics["US"] = parse_tactic("boulware");
  opt.tactics["DPRK"] = parse_tactic("boulware");
  opt.what_if.overrides.push_back(parse_override("DPRK.reservation=0.5"));
  for (auto _ : state) {
    BargainResult r = run_bargain(s, opt);
    benchmark::DoNotOptimize(r.outcome.trace.data());
  }
}
BENCHMARK(BM_Hanoi_Bargain600)->Unit(benchmark::kMillisecond);

// Arguments: packages, rounds. Package i gives the first party i/(P-1), the second 1 - i/(P-1) plus a
// small shared term so that utilities are not mirror images.
void BM_Process_Packages(benchmark::State& state) {
  const std::uint64_t n = static_cast<std::uint64_t>(state.range(0));
  ProcessState s;
  s.packages = n;
  s.utility.assign(2, std::vector<double>(n));
  for (std::uint64_t i = 0; i < n; ++i) {
    double x = static_cast<double>(i) / static_cast<double>(n - 1);
    s.utility[0][i] = x;
    s.utility[1][i] = 1 - x + 0.01 * static_cast<double>((i * 2654435761u) % 97) / 97;
  }
  s.reservation = {0.2, 0.2};
  s.version = 1;
  ProcessSetup setup;
  setup.parties.resize(2);
  setup.parties[0].tactic = parse_tactic("boulware");
  setup.parties[1].tactic = parse_tactic("linear");
  setup.rounds = static_cast<int>(state.range(1));
  for (auto _ : state) {
    ProcessOutcome o = run_process(setup, [&](int) -> const ProcessState& { return s; });
    benchmark::DoNotOptimize(o.trace.data());
  }
  state.counters["packages"] = static_cast<double>(n);
}
BENCHMARK(BM_Process_Packages)
    ->Args({1000, 600})
    ->Args({10000, 600})
    ->Args({100000, 600})
    ->Args({1000000, 600})
    ->Args({10000000, 600})
    ->Args({1000000, 60})
    ->Args({1000000, 6000})
    ->Args({1000000, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace

namespace {
using namespace parley;
// What one date costs the process: resolving the date's changes (compile_changes) and the
// in-place recompile, 600 times.
void BM_Hanoi_DateChanges600(benchmark::State& state) {
  Scenario work = hanoi();
  auto refs = list_params(work);
  std::vector<double> slots;
  Date from = *parse_date("2019-03-01");
  CompileOptions co;
  co.keep_zero_terms = true;
  CompiledModel m = compile(work, co);
  std::vector<int> fns;
  for (std::size_t f = 0; f < m.utilities.size(); ++f) fns.push_back(static_cast<int>(f));
  for (auto _ : state) {
    for (int k = 0; k < 600; ++k) {
      WhatIf w;
      w.at = Date{from.days + k};
      ChangeProgram prog = compile_changes(work, w);
      if (state.range(0) >= 1) apply_changes(prog, refs, slots);
      if (state.range(0) >= 2) recompile(work, m, fns);
    }
  }
}
BENCHMARK(BM_Hanoi_DateChanges600)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// One sample of `sweep --bargain` on Hanoi (2019-03-01 to 2020-12-31, daily: 672 rounds, the
// scenario's tactics, deadlines and beliefs): a prepared session (bargain.h) sets the sample's
// drawn values and runs the process for its outcome alone. Samples 0..63 in turn.
void BM_Hanoi_SweepSample(benchmark::State& state) {
  const Scenario& s = hanoi();
  BargainOptions opt;
  opt.from = parse_date("2019-03-01");
  opt.to = parse_date("2020-12-31");
  const auto uncertain = uncertain_params(s, WhatIf{});
  std::vector<std::string> paths;
  for (const auto& u : uncertain) paths.push_back(u.path);
  BargainSession session(s, opt, paths);
  std::vector<double> values(uncertain.size());
  std::uint64_t sample = 0;
  for (auto _ : state) {
    for (std::size_t j = 0; j < uncertain.size(); ++j)
      values[j] = quantile(uncertain[j].dist, uniform01(1, sample % 64, uncertain[j].stream), uncertain[j].lo, uncertain[j].hi);
    ++sample;
    session.set_values(values);
    benchmark::DoNotOptimize(session.run_outcome().round);
  }
}
BENCHMARK(BM_Hanoi_SweepSample)->Unit(benchmark::kMicrosecond);
}  // namespace
