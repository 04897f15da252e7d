// Levers and robustness (docs/levers.md) against brute force: every lever found is re-checked
// through the whole pipeline (apply_what_if with --set PATH=FLIP_AT, compile, analyze_deal_space
// or the package's or plan's verdict): flip_at flips the verdict, the next double towards the
// current value does not, no point of a fine grid between them flips it, and a parameter without
// a lever flips nowhere on a fine grid of its range (both directions). Events, --package,
// --plan, the quick sweep against `sweep`'s draws, and the precision rule.
#include "analyses/levers/levers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "analyses/deal_space/deal_space.h"
#include "analyses/levers/robustness.h"
#include "analyses/sequencing/sequencing.h"
#include "analyses/sweep/sweep.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "scenario/params.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

const char* kToy = PARLEY_SOURCE_DIR "/scenarios/toy-two-party.yaml";
const char* kHanoi = PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml";
const char* kDomestic = PARLEY_SOURCE_DIR "/tests/data/good/09-domestic-politics.yaml";
const char* kPlans = PARLEY_SOURCE_DIR "/tests/data/good/11-plans.yaml";

// The verdict through the whole pipeline, as `analyze --set` (or `sequence --plan`) computes it.
bool verdict(const Scenario& s, const LeversOptions& opt, const std::vector<Override>& extra = {},
             const std::vector<std::string>& without = {}) {
  WhatIf w = opt.what_if;
  for (const auto& o : extra) w.overrides.push_back(o);
  for (const auto& e : without) w.without.push_back(e);
  Scenario a = apply_what_if(s, w);
  CompiledModel m = compile(a);
  if (opt.plan >= 0) {
    PlanResult r = evaluate_plan(m, compile_plan(a, m, opt.plan));
    bool all = true;
    for (bool b : r.accepted) all = all && b;
    return all && r.self_enforcing;
  }
  if (opt.package >= 0) {
    PackageValue v = evaluate_package(m, a.packages[static_cast<std::size_t>(opt.package)].options);
    bool all = true;
    for (bool b : v.accepted) all = all && b;
    return all;
  }
  DealSpaceOptions d;
  d.pareto = false;
  d.threads = 1;
  return analyze_deal_space(m, d).zopa_size > 0;
}

// Checks every lever of `r` by brute force, and the parameters without one on a grid.
void check_levers(const Scenario& s, const LeversOptions& opt, const LeversResult& r, int grid) {
  const bool before = verdict(s, opt);
  ASSERT_EQ(r.baseline.holds, before);
  Scenario copy = s;
  apply_overrides(copy, opt.what_if.overrides);
  const auto refs = list_params(copy);
  std::vector<bool> has(refs.size(), false);
  for (const Lever& l : r.levers) {
    if (l.event) {
      EXPECT_NE(verdict(s, opt, {}, {l.path}), before) << l.path;
      continue;
    }
    has[static_cast<std::size_t>(l.param)] = true;
    SCOPED_TRACE(l.path);
    EXPECT_NE(verdict(s, opt, {{l.path, l.flip_at}}), before) << "flip_at " << l.flip_at << " does not flip";
    const double inside = std::nextafter(l.flip_at, l.current);
    EXPECT_EQ(verdict(s, opt, {{l.path, inside}}), before) << "the next double " << inside << " flips already";
    for (int k = 1; k < grid; ++k) {
      const double x = l.current + (l.flip_at - l.current) * k / grid;
      EXPECT_EQ(verdict(s, opt, {{l.path, x}}), before) << "a smaller change " << x << " flips";
    }
    EXPECT_DOUBLE_EQ(l.change, l.flip_at - l.current);
    ASSERT_TRUE(l.share_of_range);
    EXPECT_NEAR(*l.share_of_range, std::fabs(l.change) / (l.plausible_hi - l.plausible_lo), 1e-12);
    // The other direction's flip, when reported, flips too.
    if (l.other_flip_at) {
      EXPECT_NE(verdict(s, opt, {{l.path, *l.other_flip_at}}), before);
    }
  }
  // Ranked by share.
  for (std::size_t i = 1; i < r.levers.size(); ++i)
    if (!r.levers[i].event && !r.levers[i - 1].event) {
      EXPECT_LE(*r.levers[i - 1].share_of_range, *r.levers[i].share_of_range);
    }
  // No lever: nothing flips on a grid of the searched range (the valid range, capped where it is
  // unbounded or very wide; docs/levers.md).
  for (std::size_t j = 0; j < refs.size(); ++j) {
    if (has[j] || refs[j].path.ends_with(".share")) continue;
    const auto [lo, hi] = searched_range(*refs[j].param, refs[j].param->value);
    for (int k = 0; k <= grid; ++k) {
      const double x = lo + (hi - lo) * k / grid;
      EXPECT_EQ(verdict(s, opt, {{refs[j].path, x}}), before) << refs[j].path << " = " << x << " flips, no lever found";
    }
  }
}

TEST(levers_test, toy_zopa_levers_flip_exactly) {
  Scenario s = load_scenario_file(kToy);
  LeversOptions opt;
  opt.threads = 2;
  LeversResult r = find_levers(s, opt);
  EXPECT_TRUE(r.baseline.holds);
  ASSERT_FALSE(r.levers.empty());
  check_levers(s, opt, r, 40);
  // The reservation's breakpoint is the party's best utility within the others' acceptable set:
  // raising the Buyer's reservation just above its best ZOPA utility closes the ZOPA.
  for (const Lever& l : r.levers)
    if (l.path == "BUYER.reservation" || l.path == "buyer.reservation") {
      EXPECT_GT(l.change, 0);
    }
}

TEST(levers_test, toy_named_package_both_ways) {
  Scenario s = load_scenario_file(kToy);
  for (const char* id : {"middle-ground", "buyer-opening"}) {
    LeversOptions opt;
    opt.package = s.package_index(id);
    ASSERT_GE(opt.package, 0);
    LeversResult r = find_levers(s, opt);
    EXPECT_EQ(r.baseline.holds, std::string(id) == "middle-ground");
    ASSERT_FALSE(r.levers.empty()) << id;
    for (const Lever& l : r.levers)
      EXPECT_EQ(l.effect, r.baseline.holds ? LeverEffect::rejects_package : LeverEffect::accepts_package);
    check_levers(s, opt, r, 30);
  }
}

TEST(levers_test, thread_count_does_not_change_the_result) {
  Scenario s = load_scenario_file(kDomestic);
  LeversOptions a, b;
  a.threads = 1;
  b.threads = 3;
  LeversResult ra = find_levers(s, a), rb = find_levers(s, b);
  ASSERT_EQ(ra.levers.size(), rb.levers.size());
  for (std::size_t i = 0; i < ra.levers.size(); ++i) {
    EXPECT_EQ(ra.levers[i].path, rb.levers[i].path);
    EXPECT_EQ(ra.levers[i].flip_at, rb.levers[i].flip_at);
  }
  check_levers(s, a, ra, 20);
}

TEST(levers_test, hanoi_events_and_reservations) {
  Scenario s = load_scenario_file(kHanoi);
  LeversOptions opt;
  LeversResult r = find_levers(s, opt);
  EXPECT_FALSE(r.baseline.holds);
  bool cohen = false;
  for (const Lever& l : r.levers) {
    EXPECT_EQ(l.effect, LeverEffect::opens_zopa);
    if (l.event && l.path == "cohen-testimony") cohen = true;
    if (l.path == "DPRK.reservation") {
      // Opening the ZOPA by the North's reservation: the flip point is a package's utility to
      // the North (less its patron's backing), reached exactly.
      EXPECT_LT(l.change, 0);
      EXPECT_TRUE(l.outcome.holds);
      EXPECT_NE(l.outcome.package, LeverOutcome::kNoPackage);
    }
  }
  EXPECT_TRUE(cohen) << "removing the Cohen testimony opens the ZOPA (docs/scenarios/hanoi-2019.md §4)";
  check_levers(s, opt, r, 8);
}

TEST(levers_test, plan_adopted_both_ways) {
  Scenario s = load_scenario_file(kPlans);
  LeversOptions opt;
  opt.plan = s.plan_index("phased");
  ASSERT_GE(opt.plan, 0);
  LeversResult r = find_levers(s, opt);
  EXPECT_TRUE(r.baseline.holds);
  ASSERT_FALSE(r.levers.empty());
  for (const Lever& l : r.levers) EXPECT_EQ(l.effect, LeverEffect::fails_plan);
  check_levers(s, opt, r, 12);
}

TEST(levers_test, random_small_scenarios) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    SyntheticSpec spec;
    spec.parties = 2 + static_cast<int>(seed % 2);
    spec.issues = 3;
    spec.options = 3;
    spec.interactions = static_cast<int>(seed % 3 == 0);
    spec.reservation = 0.3 + 0.1 * static_cast<double>(seed % 4);
    spec.seed = seed;
    Scenario s = synthetic_scenario(spec);
    LeversOptions opt;
    opt.threads = 1 + static_cast<int>(seed % 2);
    SCOPED_TRACE(seed);
    LeversResult r = find_levers(s, opt);
    EXPECT_FALSE(r.levers.empty());
    check_levers(s, opt, r, 16);
    if (!s.packages.empty()) {
      opt.package = 0;
      check_levers(s, opt, find_levers(s, opt), 16);
    }
  }
}

TEST(levers_test, hanoi_plan) {
  Scenario s = load_scenario_file(kHanoi);
  LeversOptions opt;
  opt.plan = s.plan_index("us-all-at-once");
  ASSERT_GE(opt.plan, 0);
  opt.what_if.without = {"cohen-testimony"};
  LeversResult r = find_levers(s, opt);
  EXPECT_FALSE(r.baseline.holds);
  for (const Lever& l : r.levers) EXPECT_EQ(l.effect, LeverEffect::adopts_plan);
  check_levers(s, opt, r, 4);
}

TEST(levers_test, bad_options) {
  Scenario s = load_scenario_file(kToy);
  LeversOptions opt;
  opt.package = 99;
  EXPECT_THROW(find_levers(s, opt), UsageError);
  opt.package = -1;
  opt.what_if.without = {"no-such-event"};
  EXPECT_THROW(find_levers(s, opt), InputError);
}

TEST(levers_test, stated_precision) {
  EXPECT_DOUBLE_EQ(stated_precision(0.585), 0.0005);
  EXPECT_DOUBLE_EQ(stated_precision(30), 0.5);
  EXPECT_DOUBLE_EQ(stated_precision(-0.06), 0.0005);
  EXPECT_DOUBLE_EQ(stated_precision(0.5), 0.005);
  EXPECT_DOUBLE_EQ(stated_precision(0.25), 0.005);
  EXPECT_DOUBLE_EQ(stated_precision(6), 0.05);
  EXPECT_DOUBLE_EQ(stated_precision(100), 0.5);
  EXPECT_DOUBLE_EQ(stated_precision(0), 0.0);
  EXPECT_DOUBLE_EQ(stated_precision(1e-7), 0.5e-8);
  EXPECT_DOUBLE_EQ(stated_precision(1.5e-7), 0.5e-8);
}

TEST(levers_test, robustness_quick_sweep_matches_sweep_draws) {
  Scenario s = load_scenario_file(kHanoi);
  LeversOptions opt;
  RobustnessOptions ro;
  ro.samples = 300;
  ro.seconds = 60;
  Robustness rb = assess_robustness(s, opt, ro);
  ASSERT_TRUE(rb.computed);
  ASSERT_TRUE(rb.p_holds);
  // The verdict is "no deal": it holds in the samples the sweep counts without a deal.
  SweepOptions so;
  so.samples = 300;
  so.seed = 1;
  so.sensitivity_samples = 1;
  so.sobol_samples = 1;
  so.sobol_parameters = 0;
  SweepResult sw = run_sweep(s, so);
  EXPECT_EQ(static_cast<std::uint64_t>(std::llround(*rb.p_holds * 300)), 300 - sw.deals);
  EXPECT_GT(rb.varied, 0u);
  EXPECT_GT(rb.fixed, 0u);
  EXPECT_GT(rb.sources, 0u);
  EXPECT_EQ(rb.label, "fragile");
  ASSERT_TRUE(rb.nearest);
  EXPECT_LE(rb.p_holds_ci->low, *rb.p_holds);
  EXPECT_GE(rb.p_holds_ci->high, *rb.p_holds);
  // The toy has no uncertain numbers: no p_holds, and a label from the levers alone.
  Robustness toy = assess_robustness(load_scenario_file(kToy), opt, ro);
  EXPECT_FALSE(toy.p_holds);
  EXPECT_EQ(toy.varied, 0u);
  EXPECT_TRUE(toy.label == "robust" || toy.label == "fragile" || toy.label == "knife-edge");
}

TEST(levers_test, knife_edge_when_a_lever_is_within_precision) {
  // The toy's ZOPA with the Buyer's reservation set at its breakpoint: the smallest change of
  // that number closes the ZOPA, far within its stated precision.
  Scenario s = load_scenario_file(kToy);
  LeversOptions opt;
  LeversResult r = find_levers(s, opt);
  const Lever* res = nullptr;
  for (const Lever& l : r.levers)
    if (l.path.ends_with(".reservation") && l.change > 0) res = &l;
  ASSERT_TRUE(res);
  LeversOptions at_edge;
  at_edge.what_if.overrides = {{res->path, res->flip_at}};  // the ZOPA is closed here: one ulp down reopens it
  Robustness rb = assess_robustness(s, at_edge);
  EXPECT_EQ(rb.label, "knife-edge");
  ASSERT_TRUE(rb.knife);
  EXPECT_EQ(rb.knife->path, res->path);
}

}  // namespace
}  // namespace parley
