// Google Benchmark: the expected-utility model (eum) on synthetic issues of 10, 100, 300 and 1000
// actors (positions uniform on 0-100, capability 1-100, salience 0.1-1; std::mt19937_64, seed
// 2011). Two runs per size:
//   BM_Eum_Rounds10/N        the `scholz-code` preset (votes raised to r, global P), exactly 10 rounds;
//   BM_Eum_DefaultStop/N     the defaults: SCZ's text, stopping when the median moved by at most
//                            0.5% of the scale for 2 rounds in a row (cap 100 rounds).
// Counters: rounds run and the time per round (seconds).
#include <benchmark/benchmark.h>

#include <fmt/format.h>
#include <random>

#include "analyses/forecast/eum/eum.h"

namespace {

using namespace parley;

SpatialProblem synthetic(int n) {
  std::mt19937_64 rng(2011);
  std::uniform_real_distribution<double> pos(0, 100), cap(1, 100), sal(0.1, 1);
  SpatialProblem p;
  p.id = "synthetic";
  SpatialIssue is;
  is.id = "x";
  for (int a = 0; a < n; ++a) {
    p.actors.push_back(fmt::format("a{}", a));
    is.position.push_back(pos(rng));
    is.capability.push_back(cap(rng));
    is.salience.push_back(sal(rng));
  }
  p.issues.push_back(is);
  return p;
}

void run_bench(benchmark::State& state, const char* preset) {
  const SpatialProblem p = synthetic(static_cast<int>(state.range(0)));
  const SpatialModel& m = *find_model("eum");
  ModelOptions opt;
  opt.params = resolve_params(m, preset, {});
  std::size_t rounds = 0;
  for (auto _ : state) {
    ForecastResult r = m.run(p, 0, opt);
    rounds = r.rounds.size() - 1;
    benchmark::DoNotOptimize(r.forecast);
  }
  state.counters["rounds"] = static_cast<double>(rounds);
  state.counters["per_round"] = benchmark::Counter(static_cast<double>(rounds ? rounds : 1),
                                                   benchmark::Counter::kIsIterationInvariantRate |
                                                       benchmark::Counter::kInvert);
}

void BM_Eum_Rounds10(benchmark::State& state) { run_bench(state, "scholz-code"); }
BENCHMARK(BM_Eum_Rounds10)->Arg(10)->Arg(100)->Arg(300)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_Eum_DefaultStop(benchmark::State& state) { run_bench(state, ""); }
BENCHMARK(BM_Eum_DefaultStop)->Arg(10)->Arg(100)->Arg(300)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
