// Google Benchmark: the smallest repair's search (analyses/explain) on synthetic scenarios where
// no candidate is accepted (every reservation 1), so that every candidate within two changes is
// evaluated: P parties, I issues of 10 options. The time per term evaluated (candidates × the
// parties' terms) is the cost model's constant (kRepairTermSeconds, docs/budgets.md).
#include <benchmark/benchmark.h>

#include "analyses/explain/explain.h"
#include "scenario/synthetic.h"

namespace {

using namespace parley;

void BM_Repair_TwoChanges(benchmark::State& state) {
  SyntheticSpec spec;
  spec.parties = static_cast<int>(state.range(0));
  spec.issues = static_cast<int>(state.range(1));
  spec.options = 10;
  spec.reservation = 1.0;
  const Scenario s = synthetic_scenario(spec);
  const CompiledModel m = compile(s);
  const Choice x(s.issues.size(), 0);
  double terms = 0;
  for (auto _ : state) {
    Repair r = smallest_repair(s, m, x, 2);
    benchmark::DoNotOptimize(r.candidates);
    terms = static_cast<double>(r.candidates) * (1 + spec.parties * spec.issues);
  }
  state.counters["terms"] = terms;
  // Seconds (CPU) per term evaluated, printed with an SI prefix (e.g. 2.8n).
  state.counters["per_term"] = benchmark::Counter(terms * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Repair_TwoChanges)->Args({2, 10})->Args({4, 20})->Args({8, 20})->Unit(benchmark::kMillisecond);

}  // namespace
