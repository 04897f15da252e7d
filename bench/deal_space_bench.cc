// Micro-benchmarks of the deal-space analysis on synthetic scenarios (4 parties × K issues × 10
// options, K = 6, 7, 8: 10^6, 10^7, 10^8 packages), and of loading + analysing the shipped Hanoi
// scenario. Items per second = packages of the deal space per second. See docs/performance.md.
//
//   build/release/bench/parley_bench                                  all of them
//   build/release/bench/parley_bench --benchmark_filter=NoPareto      a subset (regex)
//   build/release/bench/parley_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>

#include "analyses/deal_space/deal_space.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "scenario/synthetic.h"

namespace {

using parley::CompiledModel;
using parley::DealSpaceOptions;
using parley::DealSpaceResult;

// Reservation 0.5 leaves a non-empty ZOPA (about 5% of the space for seed 1); 0.75 leaves it
// empty, so the analysis runs the closest-package pass instead of Kalai–Smorodinsky.
constexpr double kReservation = 0.5;
constexpr double kEmptyZopaReservation = 0.75;

// Compiled synthetic models, built once per (issues, reservation) and reused across benchmarks.
const CompiledModel& model(int issues, double reservation) {
  static std::map<std::tuple<int, double>, CompiledModel> cache;
  auto key = std::make_tuple(issues, reservation);
  auto it = cache.find(key);
  if (it == cache.end()) {
    parley::SyntheticSpec spec;
    spec.parties = 4;
    spec.issues = issues;
    spec.options = 10;
    spec.reservation = reservation;
    spec.seed = 1;
    it = cache.emplace(key, parley::compile(parley::synthetic_scenario(spec))).first;
  }
  return it->second;
}

void run(benchmark::State& state, double reservation, bool pareto, std::size_t zopa_listed = 0) {
  const int issues = static_cast<int>(state.range(0));
  const CompiledModel& m = model(issues, reservation);
  DealSpaceOptions opt;
  opt.threads = static_cast<int>(state.range(1));
  opt.pareto = pareto;
  opt.zopa_listed = zopa_listed;
  DealSpaceResult r;
  for (auto _ : state) {
    r = parley::analyze_deal_space(m, opt);
    benchmark::DoNotOptimize(r.zopa_size);
  }
  if (pareto && !r.pareto_computed) state.SkipWithError(("Pareto frontier not computed: " + r.pareto_note).c_str());
  if ((reservation == kEmptyZopaReservation) != (r.zopa_size == 0))
    state.SkipWithError("unexpected ZOPA (the empty-ZOPA case must have none, the others some)");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(r.packages_total));
  state.counters["zopa"] = static_cast<double>(r.zopa_size);
  if (pareto) state.counters["pareto"] = static_cast<double>(r.pareto_size);
}

// (a) ZOPA count, Nash, ideal point, Kalai–Smorodinsky; no frontier.
void BM_DealSpace_NoPareto(benchmark::State& state) { run(state, kReservation, false); }
// (b) the full analysis, with the Pareto frontier.
void BM_DealSpace_Full(benchmark::State& state) { run(state, kReservation, true); }
// (c) empty ZOPA: the closest-package pass (no frontier).
void BM_DealSpace_EmptyZopa(benchmark::State& state) { run(state, kEmptyZopaReservation, false); }
// (d) as (a), also listing the first 1000 ZOPA packages by index (`parley analyze`'s default
// --max-listed): the cost of the listing is the difference with (a).
void BM_DealSpace_ListZopa(benchmark::State& state) { run(state, kReservation, false, 1000); }

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"issues", "threads"});
  for (int issues : {6, 7, 8})
    for (int threads : {1, 2}) b->Args({issues, threads});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_DealSpace_NoPareto)->Apply(sizes);
BENCHMARK(BM_DealSpace_Full)->Apply(sizes);
BENCHMARK(BM_DealSpace_EmptyZopa)->Apply(sizes);
BENCHMARK(BM_DealSpace_ListZopa)->Apply(sizes);

// The shipped Hanoi 2019 scenario (a tiny space): loading and validating the file, then compiling
// and analysing it, then the whole of what `parley analyze scenarios/hanoi-2019.yaml` does apart
// from process start-up and rendering.
std::string hanoi_path() { return std::string(PARLEY_SOURCE_DIR) + "/scenarios/hanoi-2019.yaml"; }

void BM_Hanoi_Load(benchmark::State& state) {
  const std::string path = hanoi_path();
  for (auto _ : state) {
    parley::Scenario s = parley::load_scenario_file(path);
    benchmark::DoNotOptimize(s.issues.data());
  }
}
BENCHMARK(BM_Hanoi_Load)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_Hanoi_Analyze(benchmark::State& state) {
  const parley::Scenario s = parley::load_scenario_file(hanoi_path());
  DealSpaceOptions opt;
  opt.threads = 1;
  std::uint64_t packages = 0;
  for (auto _ : state) {
    CompiledModel m = parley::compile(s);
    DealSpaceResult r = parley::analyze_deal_space(m, opt);
    auto named = parley::evaluate_named(s, m);
    benchmark::DoNotOptimize(named.data());
    packages = r.packages_total;
  }
  state.counters["packages"] = static_cast<double>(packages);
}
BENCHMARK(BM_Hanoi_Analyze)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_Hanoi_LoadAnalyze(benchmark::State& state) {
  const std::string path = hanoi_path();
  DealSpaceOptions opt;
  opt.threads = 1;
  std::uint64_t packages = 0;
  for (auto _ : state) {
    parley::Scenario s = parley::load_scenario_file(path);
    CompiledModel m = parley::compile(s);
    DealSpaceResult r = parley::analyze_deal_space(m, opt);
    auto named = parley::evaluate_named(s, m);
    benchmark::DoNotOptimize(named.data());
    packages = r.packages_total;
  }
  state.counters["packages"] = static_cast<double>(packages);
}
BENCHMARK(BM_Hanoi_LoadAnalyze)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
