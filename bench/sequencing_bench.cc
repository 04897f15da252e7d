// Google Benchmark: phased-agreement analysis on the shipped Hanoi 2019 scenario. Evaluating one
// plan (the North's four-stage plan), and the exhaustive plan search over splits of a package
// into at most K stages with each stage's order of moves: 4 moves (the pre-summit draft) and all
// 6 issues moving (the draft plus suspended exercises and peace talks), K = 1..4, 1 and 2 threads.
#include <benchmark/benchmark.h>

#include "analyses/sequencing/sequencing.h"
#include "io/scenario_loader.h"
#include "scenario/synthetic.h"

namespace {

using namespace parley;

const Scenario& hanoi() {
  static const Scenario s = load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/scenarios/hanoi-2019.yaml");
  return s;
}

Choice options(const Scenario& s, const std::vector<std::pair<const char*, const char*>>& picks) {
  Choice x(s.issues.size(), 0);
  for (auto [issue, option] : picks) {
    int i = s.issue_index(issue);
    x[i] = option_index(s.issues[i], option);
  }
  return x;
}

void BM_Hanoi_EvaluatePlan(benchmark::State& state) {
  const Scenario& s = hanoi();
  CompiledModel m = compile(s);
  SeqPlan plan = compile_plan(s, m, s.plan_index("dprk-phased"));
  for (auto _ : state) {
    PlanResult r = evaluate_plan(m, plan);
    benchmark::DoNotOptimize(r.expected.data());
  }
}
BENCHMARK(BM_Hanoi_EvaluatePlan)->Unit(benchmark::kMicrosecond);

// Arguments: moves (4 or 6), max stages, threads, balanced deliverers (0/1).
void BM_Hanoi_Search(benchmark::State& state) {
  const Scenario& s = hanoi();
  CompiledModel m = compile(s);
  Choice start = s.packages[s.package_index("status-quo")].options;
  Choice target = state.range(0) == 6
                      ? options(s, {{"denuclearization", "yongbyon"}, {"sanctions_relief", "partial"},
                                    {"end_of_war_declaration", "yes"}, {"liaison_offices", "yes"},
                                    {"joint_exercises", "suspended"}, {"peace_regime", "talks"}})
                      : s.packages[s.package_index("pre-summit-draft")].options;
  // Balanced deliverers (the worst case for the number of move orders): the DPRK also delivers
  // the exercises and the peace talks.
  static const Scenario balanced = [] {
    Scenario b = hanoi();
    b.issues[b.issue_index("joint_exercises")].delivered_by = b.actor_index("DPRK");
    b.issues[b.issue_index("peace_regime")].delivered_by = b.actor_index("DPRK");
    return b;
  }();
  const Scenario& searched = state.range(3) ? balanced : s;
  SearchOptions opt;
  opt.max_stages = static_cast<int>(state.range(1));
  opt.threads = static_cast<int>(state.range(2));
  std::uint64_t evaluated = 0;
  for (auto _ : state) {
    SearchResult r = search_plan(searched, m, start, target, opt);
    benchmark::DoNotOptimize(r.plan);
    evaluated = r.evaluated;
  }
  state.counters["plans"] = static_cast<double>(evaluated);
  state.counters["plans/s"] = benchmark::Counter(static_cast<double>(evaluated), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Hanoi_Search)
    ->ArgNames({"moves", "K", "threads", "balanced"})
    ->Args({4, 4, 1, 0})
    ->Args({6, 1, 1, 0})
    ->Args({6, 2, 1, 0})
    ->Args({6, 3, 1, 0})
    ->Args({6, 4, 1, 0})
    ->Args({6, 4, 2, 0})
    ->Args({6, 4, 1, 1})
    ->Args({6, 4, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The default search on larger packages (docs/sequencing.md "Limits"): a synthetic scenario
// (`generate`'s generator) with N two-option issues delivered in turn by P parties, every issue
// moving; K stages as given. Arguments: moves, parties, K, threads.
void BM_Synthetic_Search(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), P = static_cast<int>(state.range(1));
  SyntheticSpec spec;
  spec.parties = P;
  spec.issues = n;
  spec.options = 2;
  spec.seed = 1;
  Scenario s = synthetic_scenario(spec);
  std::vector<int> parties;
  for (std::size_t a = 0; a < s.actors.size(); ++a)
    if (s.actors[a].role == Role::party) parties.push_back(static_cast<int>(a));
  for (int i = 0; i < n; ++i) {
    s.issues[i].delivered_by = parties[static_cast<std::size_t>(i) % parties.size()];
    s.issues[i].clawback.value = 0.5;
  }
  CompiledModel m = compile(s);
  Choice start(s.issues.size(), 0), target(s.issues.size(), 1);
  SearchOptions opt;
  opt.max_stages = static_cast<int>(state.range(2));
  opt.threads = static_cast<int>(state.range(3));
  opt.budget.seconds = 1e9;
  const SearchSize size = estimate_search(s, m, start, target, opt.max_stages);
  std::uint64_t evaluated = 0;
  for (auto _ : state) {
    SearchResult r = search_plan(s, m, start, target, opt);
    benchmark::DoNotOptimize(r.plan);
    evaluated = r.evaluated;
  }
  state.counters["plans"] = static_cast<double>(evaluated);
  state.counters["estimate_s"] = size.cost.seconds;
}
BENCHMARK(BM_Synthetic_Search)
    ->ArgNames({"moves", "parties", "K", "threads"})
    ->Args({9, 2, 3, 1})
    ->Args({9, 3, 3, 1})
    ->Args({10, 2, 2, 1})
    ->Args({12, 2, 2, 1})
    ->Args({12, 3, 2, 1})
    ->Args({12, 3, 2, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
