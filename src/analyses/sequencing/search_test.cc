// The plan search (search_plan) against plans written out by hand: a two-party exchange where
// no one-stage plan is self-enforcing but a two-stage one is; optimality and the counts checked
// against an independent enumeration of the search family, written as YAML plans and compiled
// with compile_plan; the result does not depend on the number of threads; a moving issue
// without `delivered_by` is refused. Also: evaluating a plan does not depend on the order in
// which a stage lists its items (the Hanoi plans, items reversed: bit-identical results).
#include "analyses/sequencing/sequencing.h"

#include <gtest/gtest.h>

#include <fstream>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"

namespace parley {
namespace {

// Two parties and three moves from `none` to `all`: A gives x (irreversible, worth 0.6 to B,
// costs A 0.2); B gives y (fully reversible, worth 0.5 to A, costs B 0.3) and z (half
// reversible, worth 0.3 to A, costs B 0.1). In one stage B can keep x while holding back y and
// z: at verification 0.5 its gain is 0.4 − 0.5·0.6 > 0, whoever moves first (moving first or
// together, A is fooled with probability 1 − v; moving after A, B just keeps x). With y and z
// first and x second, A cannot gain by stopping (B takes y back) and B gains nothing by not
// starting: self-enforcing.
// The scenario of tests/data/sequence/two-step.yaml (also searched end to end by the CLI tests).
std::string read_two_step() {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/data/sequence/two-step.yaml");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
const std::string kTwoStep = read_two_step();

Scenario two_step() { return load_scenario_text(kTwoStep, "two-step.yaml"); }

Choice package(const Scenario& s, const std::string& id) {
  int k = s.package_index(id);
  EXPECT_GE(k, 0) << id;
  return k < 0 ? Choice{} : s.packages[k].options;
}

// The search's objective: the smallest gain over no deal (expected utility − reservation).
double score(const SeqPlan& p, const PlanResult& r) {
  double out = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < r.expected.size(); ++i) out = std::min(out, r.expected[i] - p.reservation[i]);
  return out;
}

PlanResult run_plan(const Scenario& s, const CompiledModel& m, const std::string& id) {
  int k = s.plan_index(id);
  EXPECT_GE(k, 0) << id;
  return evaluate_plan(m, compile_plan(s, m, k));
}

// A plan as (issue, option, by) per item, stage by stage, with the stage orders: what the search
// chose, independent of item values.
struct Shape {
  std::vector<std::set<std::tuple<int, int, int>>> items;
  std::vector<std::vector<int>> orders;
  bool operator==(const Shape&) const = default;
};

Shape shape_of(const SeqPlan& p) {
  Shape out;
  for (const auto& st : p.stages) {
    std::set<std::tuple<int, int, int>> items;
    for (const auto& it : st.items) items.insert({it.issue, it.option, it.by});
    out.items.push_back(items);
    out.orders.push_back(st.order);
  }
  return out;
}

TEST(PlanSearch, TwoStagesWhenNoOneStagePlanIsSelfEnforcing) {
  Scenario s = two_step();
  CompiledModel m = compile(s);
  const Choice start = package(s, "none"), target = package(s, "all");

  // The hand-written one-stage plans (the whole one-stage family: together, A first, B first).
  for (const char* id : {"one-together", "one-a-first", "one-b-first"}) {
    PlanResult r = run_plan(s, m, id);
    EXPECT_FALSE(r.self_enforcing) << id;
    EXPECT_EQ(r.unravels_at, 0) << id;
  }
  PlanResult together = run_plan(s, m, "one-together");
  EXPECT_NEAR(together.stages[0].deviation_gain[1], 0.4 - 0.5 * 0.6, 1e-12);  // B: c − v·b
  PlanResult two = run_plan(s, m, "yz-then-x");
  EXPECT_TRUE(two.self_enforcing);
  EXPECT_FALSE(run_plan(s, m, "x-then-yz").self_enforcing);

  SearchOptions opt;
  opt.max_stages = 1;
  opt.threads = 1;
  SearchResult one = search_plan(s, m, start, target, opt);
  EXPECT_FALSE(one.plan.has_value());
  EXPECT_FALSE(one.result.has_value());
  EXPECT_EQ(one.evaluated, 3u);  // together, A first, B first
  EXPECT_EQ(one.self_enforcing, 0u);
  EXPECT_FALSE(one.cancelled);

  opt.max_stages = 2;
  SearchResult found = search_plan(s, m, start, target, opt);
  ASSERT_TRUE(found.plan.has_value());
  ASSERT_TRUE(found.result.has_value());
  EXPECT_GT(found.evaluated, one.evaluated);
  EXPECT_TRUE(found.result->self_enforcing);
  EXPECT_EQ(found.result->unravels_at, -1);
  EXPECT_EQ(found.plan->final_package, target);
  EXPECT_EQ(found.plan->start, start);
  ASSERT_EQ(found.plan->stages.size(), 2u);
  // B's reversible moves first, then A's irreversible one: the hand-written yz-then-x.
  SeqPlan hand = compile_plan(s, m, s.plan_index("yz-then-x"));
  EXPECT_EQ(shape_of(*found.plan), shape_of(hand));
  EXPECT_EQ(found.result->expected, two.expected);
  EXPECT_EQ(found.result->completion, two.completion);
  for (std::size_t t = 0; t < 2; ++t) EXPECT_EQ(found.result->stages[t].deviation_gain, two.stages[t].deviation_gain);
  EXPECT_TRUE(found.result->accepted[0]);
  EXPECT_TRUE(found.result->accepted[1]);
}

// ---- an independent enumeration of the search family, as YAML plans ----

struct Move {
  std::string issue, option, by;
};

// Every split of `moves` into 1..K non-empty stages (stages in order), each stage simultaneous
// or, when two or more parties move in it, with one of them first: the family the search covers.
std::string family_yaml(const std::vector<Move>& moves, int K, double verification, const std::string& start,
                        int& count) {
  const int n = static_cast<int>(moves.size());
  std::string out;
  count = 0;
  std::vector<int> stage(n, 0);
  std::size_t total = 1;
  for (int i = 0; i < n; ++i) total *= static_cast<std::size_t>(K);
  for (std::size_t a = 0; a < total; ++a) {
    std::size_t code = a;
    int used = 0;
    for (int i = 0; i < n; ++i) {
      stage[i] = static_cast<int>(code % K);
      code /= K;
      used = std::max(used, stage[i] + 1);
    }
    std::vector<std::vector<std::string>> movers(used);
    for (int i = 0; i < n; ++i)
      if (std::find(movers[stage[i]].begin(), movers[stage[i]].end(), moves[i].by) == movers[stage[i]].end())
        movers[stage[i]].push_back(moves[i].by);
    if (std::any_of(movers.begin(), movers.end(), [](const auto& v) { return v.empty(); })) continue;
    // Orders: per stage, "" (simultaneous) or the id of the party moving first.
    std::vector<std::vector<std::string>> options(used);
    for (int t = 0; t < used; ++t) {
      options[t].push_back("");
      if (movers[t].size() > 1)
        for (const auto& q : movers[t]) options[t].push_back(q);
    }
    std::vector<std::size_t> pick(used, 0);
    while (true) {
      out += "  - id: gen-" + std::to_string(count++) + "\n    start: " + start + "\n    stages:\n";
      for (int t = 0; t < used; ++t) {
        out += "      - id: s" + std::to_string(t + 1) + "\n        verification: " + std::to_string(verification) + "\n";
        if (!options[t][pick[t]].empty()) out += "        order: [" + options[t][pick[t]] + "]\n";
        out += "        items:\n";
        for (int i = 0; i < n; ++i)
          if (stage[i] == t) out += "          - {issue: " + moves[i].issue + ", option: \"" + moves[i].option + "\"}\n";
      }
      int t = 0;
      while (t < used && ++pick[t] == options[t].size()) pick[t++] = 0;
      if (t == used) break;
    }
  }
  return out;
}

struct Enumerated {
  std::uint64_t plans = 0, self_enforcing = 0;
  double best = -std::numeric_limits<double>::infinity();
  double best_margin = -std::numeric_limits<double>::infinity();  // largest margin among them
  std::size_t best_stages = 0;          // fewest stages among the best-scoring, widest-margin plans
  std::vector<Shape> best_shapes;       // those plans with that many stages
};

Enumerated enumerate(const std::string& scenario_text, const std::vector<Move>& moves, int K, double verification,
                     const std::string& start) {
  int count = 0;
  std::string text = scenario_text + family_yaml(moves, K, verification, start, count);
  Scenario s = load_scenario_text(text, "family.yaml");
  CompiledModel m = compile(s);
  Enumerated e;
  for (int k = 0; k < count; ++k) {
    int index = s.plan_index("gen-" + std::to_string(k));
    EXPECT_GE(index, 0);
    SeqPlan p = compile_plan(s, m, index);
    PlanResult r = evaluate_plan(m, p);
    ++e.plans;
    if (!r.self_enforcing) continue;
    ++e.self_enforcing;
    // The search's order: smallest gain, then self-enforcement margin, then fewer stages.
    double sc = score(p, r);
    auto key = std::make_tuple(sc, r.margin, -static_cast<double>(p.stages.size()));
    auto best = std::make_tuple(e.best, e.best_margin, -static_cast<double>(e.best_stages));
    if (e.best_shapes.empty() || key > best) {
      e.best = sc;
      e.best_margin = r.margin;
      e.best_stages = p.stages.size();
      e.best_shapes.clear();
    }
    if (key == std::make_tuple(e.best, e.best_margin, -static_cast<double>(e.best_stages)))
      e.best_shapes.push_back(shape_of(p));
  }
  return e;
}

TEST(PlanSearch, BestScoreAgainstHandWrittenAndEnumeratedPlans) {
  Scenario s = two_step();
  CompiledModel m = compile(s);
  const Choice start = package(s, "none"), target = package(s, "all");
  SearchOptions opt;
  opt.max_stages = 3;
  opt.threads = 1;
  SearchResult found = search_plan(s, m, start, target, opt);
  ASSERT_TRUE(found.plan && found.result);
  const double best = score(*found.plan, *found.result);

  // Hand-written self-enforcing plans of the family: the search does at least as well.
  int self_enforcing = 0;
  for (const char* id : {"yz-then-x", "y-then-z-then-x", "z-then-y-then-x", "one-together", "x-then-yz"}) {
    SeqPlan p = compile_plan(s, m, s.plan_index(id));
    PlanResult r = evaluate_plan(m, p);
    if (!r.self_enforcing) continue;
    ++self_enforcing;
    EXPECT_GE(best, score(p, r)) << id;
  }
  EXPECT_EQ(self_enforcing, 3);
  // Ties go to fewer stages: yz-then-x, not one of the three-stage plans.
  EXPECT_EQ(found.plan->stages.size(), 2u);

  // The whole family, enumerated here and compiled from YAML: same counts, same best score, and
  // the search's plan is one of the best with the fewest stages.
  const std::vector<Move> moves{{"x", "give", "A"}, {"y", "give", "B"}, {"z", "give", "B"}};
  for (double v : {0.5, 0.9}) {
    for (int K : {1, 2, 3}) {
      SearchOptions o;
      o.max_stages = K;
      o.verification = v;
      o.threads = 1;
      SearchResult res = search_plan(s, m, start, target, o);
      Enumerated e = enumerate(kTwoStep, moves, K, v, "none");
      SCOPED_TRACE("verification " + std::to_string(v) + ", max_stages " + std::to_string(K));
      EXPECT_EQ(res.evaluated, e.plans);
      EXPECT_EQ(res.self_enforcing, e.self_enforcing);
      ASSERT_EQ(res.plan.has_value(), e.self_enforcing > 0);
      if (!res.plan) continue;
      EXPECT_EQ(score(*res.plan, *res.result), e.best);
      EXPECT_EQ(res.result->margin, e.best_margin);
      EXPECT_EQ(res.plan->stages.size(), e.best_stages);
      EXPECT_NE(std::find(e.best_shapes.begin(), e.best_shapes.end(), shape_of(*res.plan)), e.best_shapes.end());
    }
  }
  // Verification 0.9 ≥ 2/3 makes the one-stage simultaneous exchange self-enforcing.
  SearchOptions high;
  high.max_stages = 1;
  high.verification = 0.9;
  SearchResult one = search_plan(s, m, start, target, high);
  ASSERT_TRUE(one.plan);
  EXPECT_EQ(one.plan->stages.size(), 1u);
  EXPECT_TRUE(one.plan->stages[0].order.empty());

  // A smaller target (x and y only) and another start, against the enumeration too.
  const Choice xy = package(s, "x-and-y");
  for (int K : {1, 2}) {
    SearchOptions o;
    o.max_stages = K;
    SearchResult res = search_plan(s, m, start, xy, o);
    Enumerated e = enumerate(kTwoStep, {{"x", "give", "A"}, {"y", "give", "B"}}, K, 0.5, "none");
    EXPECT_EQ(res.evaluated, e.plans) << K;
    EXPECT_EQ(res.self_enforcing, e.self_enforcing) << K;
    ASSERT_EQ(res.plan.has_value(), e.self_enforcing > 0) << K;
    if (res.plan) {
      EXPECT_EQ(score(*res.plan, *res.result), e.best) << K;
      EXPECT_EQ(res.plan->final_package, xy);
    }
  }
  SearchResult last = search_plan(s, m, xy, target, opt);  // only z moves: one plan, one stage
  EXPECT_EQ(last.evaluated, 1u);
}

// Everything the search returns, for comparing runs.
void expect_same(const SearchResult& a, const SearchResult& b, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(a.evaluated, b.evaluated);
  EXPECT_EQ(a.self_enforcing, b.self_enforcing);
  EXPECT_EQ(a.cancelled, b.cancelled);
  ASSERT_EQ(a.plan.has_value(), b.plan.has_value());
  ASSERT_EQ(a.result.has_value(), b.result.has_value());
  if (!a.plan) return;
  const SeqPlan &p = *a.plan, &q = *b.plan;
  EXPECT_EQ(p.start, q.start);
  EXPECT_EQ(p.final_package, q.final_package);
  ASSERT_EQ(p.stages.size(), q.stages.size());
  for (std::size_t t = 0; t < p.stages.size(); ++t) {
    EXPECT_EQ(p.stages[t].id, q.stages[t].id);
    EXPECT_EQ(p.stages[t].order, q.stages[t].order);
    EXPECT_EQ(p.stages[t].verification, q.stages[t].verification);
    ASSERT_EQ(p.stages[t].items.size(), q.stages[t].items.size());
    for (std::size_t k = 0; k < p.stages[t].items.size(); ++k) {
      const SeqItem &x = p.stages[t].items[k], &y = q.stages[t].items[k];
      EXPECT_EQ(x.by, y.by);
      EXPECT_EQ(x.issue, y.issue);
      EXPECT_EQ(x.option, y.option);
      EXPECT_EQ(x.share, y.share);
      EXPECT_EQ(x.clawback, y.clawback);
      EXPECT_EQ(x.value, y.value);
    }
  }
  EXPECT_EQ(a.result->expected, b.result->expected);
  EXPECT_EQ(a.result->self_enforcing, b.result->self_enforcing);
}

Scenario hanoi() { return load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml"); }

Choice option_ids(const Scenario& s, const std::vector<std::pair<std::string, std::string>>& picks) {
  Choice out(s.issues.size(), 0);
  for (const auto& pick : picks) {
    const std::string& issue = pick.first;
    const std::string& option = pick.second;  // not a structured binding: clang 14 cannot capture those
    for (std::size_t i = 0; i < s.issues.size(); ++i)
      if (s.issues[i].id == issue) {
        auto& opts = s.issues[i].options;
        auto it = std::find_if(opts.begin(), opts.end(), [&](const auto& o) { return o.id == option; });
        EXPECT_NE(it, opts.end()) << issue << "." << option;
        out[i] = static_cast<int>(it - opts.begin());
      }
  }
  return out;
}

TEST(PlanSearch, ResultDoesNotDependOnThreads) {
  // Six moves in up to four stages: 4^6 splits, enough for the work to be cut between threads.
  Scenario s = hanoi();
  CompiledModel m = compile(s);
  const Choice start = package(s, "status-quo");
  const Choice target = option_ids(s, {{"denuclearization", "yongbyon_roadmap"},
                                       {"sanctions_relief", "partial"},
                                       {"end_of_war_declaration", "yes"},
                                       {"liaison_offices", "yes"},
                                       {"joint_exercises", "suspended"},
                                       {"peace_regime", "talks"}});
  SearchOptions opt;
  opt.max_stages = 4;
  opt.threads = 1;
  SearchResult one = search_plan(s, m, start, target, opt);
  EXPECT_GT(one.evaluated, 4096u);
  for (int threads : {2, 3, 0}) {
    opt.threads = threads;
    expect_same(one, search_plan(s, m, start, target, opt), "threads " + std::to_string(threads));
  }
  // The Hanoi search of the CLI contract (four moves, 4^4 splits), and the small exchange.
  const Choice draft = package(s, "pre-summit-draft");
  opt.threads = 1;
  SearchResult a = search_plan(s, m, start, draft, opt);
  EXPECT_GT(a.evaluated, 0u);  // (none is self-enforcing at the summit: docs/sequencing.md §3)
  for (int threads : {2, 3}) {
    opt.threads = threads;
    expect_same(a, search_plan(s, m, start, draft, opt), "pre-summit-draft, threads " + std::to_string(threads));
  }
  Scenario t = two_step();
  CompiledModel mt = compile(t);
  SearchOptions small;
  small.max_stages = 3;
  small.threads = 1;
  SearchResult b = search_plan(t, mt, package(t, "none"), package(t, "all"), small);
  ASSERT_TRUE(b.plan);
  for (int threads : {2, 3}) {
    small.threads = threads;
    expect_same(b, search_plan(t, mt, package(t, "none"), package(t, "all"), small), "two-step");
  }
}

TEST(PlanSearch, RefusesAMoveWithoutDeliverer) {
  std::string text = kTwoStep;
  // z loses its deliverer; the plans that move z keep working through `by`.
  const std::string from = "    delivered_by: B\n    clawback: 0.5\n";
  auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(), "");
  const std::string item = "{issue: z, option: give}", with_by = "{issue: z, option: give, by: B}";
  for (auto p = text.find(item); p != std::string::npos; p = text.find(item, p + with_by.size()))
    text.replace(p, item.size(), with_by);
  Scenario s = load_scenario_text(text, "no-deliverer.yaml");
  CompiledModel m = compile(s);
  SearchOptions opt;
  try {
    search_plan(s, m, package(s, "none"), package(s, "all"), opt);
    ADD_FAILURE() << "search_plan did not throw";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_NE(d.message.find("delivered_by"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("'z'"), std::string::npos) << d.message;
    EXPECT_EQ(d.loc.file, "no-deliverer.yaml");
    EXPECT_GT(d.loc.line, 0);
  }
  // Moves that leave z alone are searched as before.
  SearchResult ok = search_plan(s, m, package(s, "none"), package(s, "x-and-y"), opt);
  EXPECT_GT(ok.evaluated, 0u);
}

// ---- plan evaluation does not depend on the order of the items within a stage ----
//
// Moves starting in the same stage share their interaction terms by the Shapley value, and the
// engine sums over a stage's items in a canonical order, so a stage's listing order must not
// change any number, bit for bit, nor any verdict (self-enforcement, where it unravels,
// acceptance, reasons, who moves).

struct ItemKey {
  int by, issue, option, action;
  double share;
  auto operator<=>(const ItemKey&) const = default;
};

bool same_number(double a, double b, bool exact) {
  if (exact) return a == b;
  return std::abs(a - b) <= 4 * std::numeric_limits<double>::epsilon() * std::max({1.0, std::abs(a), std::abs(b)});
}

::testing::AssertionResult same_numbers(const std::vector<double>& a, const std::vector<double>& b, bool exact) {
  if (a.size() != b.size()) return ::testing::AssertionFailure() << "sizes " << a.size() << " vs " << b.size();
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_number(a[i], b[i], exact)) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "[%zu]: %a vs %a (difference %.3g)", i, a[i], b[i], a[i] - b[i]);
      return ::testing::AssertionFailure() << buf;
    }
  return ::testing::AssertionSuccess();
}

void expect_same_evaluation(const std::string& plan_id, bool exact) {
  SCOPED_TRACE(plan_id);
  Scenario s = hanoi();
  CompiledModel m = compile(s);
  const int index = s.plan_index(plan_id);
  ASSERT_GE(index, 0);
  Scenario reversed = s;
  bool reordered = false;
  for (auto& st : reversed.plans[index].stages) {
    std::reverse(st.items.begin(), st.items.end());
    reordered = reordered || st.items.size() > 1;
  }
  ASSERT_TRUE(reordered);  // the check is not vacuous
  SeqPlan p = compile_plan(s, m, index), q = compile_plan(reversed, m, index);
  PlanResult a = evaluate_plan(m, p), b = evaluate_plan(m, q);

  // Same items (matched by what they are), same values.
  ASSERT_EQ(p.stages.size(), q.stages.size());
  for (std::size_t t = 0; t < p.stages.size(); ++t) {
    ASSERT_EQ(p.stages[t].items.size(), q.stages[t].items.size());
    const std::size_t n = p.stages[t].items.size();
    for (std::size_t k = 0; k < n; ++k) {
      const SeqItem &x = p.stages[t].items[k], &y = q.stages[t].items[n - 1 - k];
      ASSERT_EQ((ItemKey{x.by, x.issue, x.option, x.action, x.share}),
                (ItemKey{y.by, y.issue, y.option, y.action, y.share}));
      EXPECT_TRUE(same_numbers(x.value, y.value, exact)) << "stage " << p.stages[t].id << ", item " << k + 1;
      EXPECT_EQ(x.clawback, y.clawback);
    }
  }
  EXPECT_EQ(p.final_package, q.final_package);
  EXPECT_TRUE(same_numbers(p.completion, q.completion, exact)) << "completion";
  EXPECT_TRUE(same_numbers(a.completion, b.completion, exact)) << "completion";
  EXPECT_TRUE(same_numbers(a.expected, b.expected, exact)) << "expected";
  EXPECT_TRUE(same_numbers(a.cheated, b.cheated, exact)) << "cheated";
  EXPECT_TRUE(same_numbers(a.shortfall, b.shortfall, exact)) << "shortfall";
  ASSERT_EQ(a.min_trust.size(), b.min_trust.size());
  for (std::size_t i = 0; i < a.min_trust.size(); ++i) {
    ASSERT_EQ(a.min_trust[i].has_value(), b.min_trust[i].has_value()) << i;
    if (a.min_trust[i]) {
      EXPECT_TRUE(same_numbers({*a.min_trust[i]}, {*b.min_trust[i]}, exact)) << "min_trust " << i;
    }
  }
  // Verdicts: always identical.
  EXPECT_EQ(a.self_enforcing, b.self_enforcing);
  EXPECT_EQ(a.unravels_at, b.unravels_at);
  EXPECT_EQ(a.unravels_by, b.unravels_by);
  EXPECT_EQ(a.accepted, b.accepted);
  EXPECT_EQ(a.reasons, b.reasons);
  ASSERT_EQ(a.stages.size(), b.stages.size());
  for (std::size_t t = 0; t < a.stages.size(); ++t) {
    SCOPED_TRACE("stage " + a.stages[t].id);
    EXPECT_EQ(a.stages[t].moves, b.stages[t].moves);
    EXPECT_TRUE(same_numbers(a.stages[t].deviation_gain, b.stages[t].deviation_gain, exact)) << "deviation_gain";
    EXPECT_TRUE(same_numbers(a.stages[t].cumulative, b.stages[t].cumulative, exact)) << "cumulative";
    ASSERT_EQ(a.stages[t].trust_after.size(), b.stages[t].trust_after.size());
    for (std::size_t i = 0; i < a.stages[t].trust_after.size(); ++i)
      EXPECT_TRUE(same_numbers(a.stages[t].trust_after[i], b.stages[t].trust_after[i], exact)) << "trust_after " << i;
  }
}

TEST(PlanEvaluation, ItemOrderWithinAStageIsBitIdentical) {
  for (const char* id : {"dprk-phased", "us-all-at-once", "china-dual-track"}) expect_same_evaluation(id, true);
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

// The cost model counts the candidate plans exactly (docs/sequencing.md "Limits"): the count
// equals the plans the search evaluates, for every stage limit, with one or several movers per
// stage, and whoever delivers what.
TEST(PlanSearch, EstimateCountsTheCandidatesExactly) {
  Scenario s = hanoi();
  const Choice start = package(s, "status-quo");
  const Choice target = option_ids(s, {{"denuclearization", "yongbyon_roadmap"},
                                       {"sanctions_relief", "partial"},
                                       {"end_of_war_declaration", "yes"},
                                       {"liaison_offices", "yes"},
                                       {"joint_exercises", "suspended"},
                                       {"peace_regime", "talks"}});
  Scenario balanced = s;  // three moves each: the most orders
  balanced.issues[balanced.issue_index("joint_exercises")].delivered_by = balanced.actor_index("DPRK");
  balanced.issues[balanced.issue_index("peace_regime")].delivered_by = balanced.actor_index("DPRK");
  for (const Scenario* sc : {&s, &balanced}) {
    CompiledModel m = compile(*sc);
    for (int K = 1; K <= 5; ++K) {
      SearchOptions opt;
      opt.max_stages = K;
      opt.threads = 1;
      SearchSize z = estimate_search(*sc, m, start, target, K);
      SearchResult r = search_plan(*sc, m, start, target, opt);
      EXPECT_EQ(z.moves, 6);
      EXPECT_EQ(z.stages, K);
      EXPECT_EQ(z.candidates, static_cast<double>(r.evaluated)) << "K " << K;
      EXPECT_GT(z.cost.seconds, 0);
    }
  }
  Scenario t = two_step();
  CompiledModel mt = compile(t);
  for (int K = 1; K <= 3; ++K) {
    SearchOptions opt;
    opt.max_stages = K;
    EXPECT_EQ(estimate_search(t, mt, package(t, "none"), package(t, "all"), K).candidates,
              static_cast<double>(search_plan(t, mt, package(t, "none"), package(t, "all"), opt).evaluated));
  }
}

// A search beyond its time budget is refused before it starts, naming the flag.
TEST(PlanSearch, RefusesBeyondTheBudget) {
  Scenario s = hanoi();
  CompiledModel m = compile(s);
  SearchOptions opt;
  opt.max_stages = 4;
  opt.budget.seconds = 1e-6;
  try {
    search_plan(s, m, package(s, "status-quo"), package(s, "pre-summit-draft"), opt);
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--budget-seconds"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace parley
