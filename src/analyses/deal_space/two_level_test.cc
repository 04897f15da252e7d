// Two-level games: ratification rules, veto players, advisers' influence, and the package-by-
// package analysis checked against brute force on random scenarios with constituents.
#include <gtest/gtest.h>

#include <algorithm>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "io/scenario_loader.h"
#include "scenario/params.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

// A leader with a price issue (lo, mid, hi); two constituents; the partner prefers low prices.
const char* kTwoLevel = R"(parley: 1
id: tl
title: {en: Two-level, zh-TW: 雙層}
date: 2020-01-01
actors:
  - {id: A, name: Leader, role: party, capability: 50}
  - {id: B, name: Partner, role: party, capability: 50}
  - {id: H, name: Hawks, role: constituent, capability: 60, parent: A, influence: 0.5}
  - {id: D, name: Doves, role: constituent, capability: 40, parent: A}
issues:
  - {id: x, name: X, options: [{id: lo, name: Low}, {id: mid, name: Mid}, {id: hi, name: High}]}
preferences:
  A: {reservation: 0.3, issues: {x: {salience: 1, scores: {lo: 20, mid: 60, hi: 100}}}}
  B: {reservation: 0.1, issues: {x: {salience: 1, scores: {lo: 100, mid: 50, hi: 0}}}}
  H: {reservation: 0.55, issues: {x: {salience: 1, scores: {lo: 0, mid: 50, hi: 100}}}}
  D: {reservation: 0.2, issues: {x: {salience: 1, scores: {lo: 100, mid: 50, hi: 0}}}}
)";

Scenario two_level(const std::string& ratification) {
  return load_scenario_text(std::string(kTwoLevel) + ratification, "tl.yaml");
}

TEST(two_level_test, influence_mixes_the_leaders_utility) {
  Scenario s = two_level("");
  CompiledModel m = compile(s);
  // A' = 0.5·A + 0.5·H: lo 0.5·0.2 + 0.5·0 = 0.10; mid 0.55; hi 1.0
  EXPECT_NEAR(evaluate_package(m, {0}).utilities[0], 0.10, 1e-9);
  EXPECT_NEAR(evaluate_package(m, {1}).utilities[0], 0.55, 1e-9);
  EXPECT_NEAR(evaluate_package(m, {2}).utilities[0], 1.00, 1e-9);
  apply_overrides(s, {{"H.influence", 0}});
  CompiledModel m0 = compile(s);
  EXPECT_NEAR(evaluate_package(m0, {0}).utilities[0], 0.20, 1e-9);
}

TEST(two_level_test, weighted_majority_needs_the_threshold_share) {
  // H approves mid and hi (0.5 >= 0.55? no: mid gives 0.5 < 0.55), so H approves hi only;
  // D approves lo (1.0) and mid (0.5). Shares: lo 0.4, mid 0.4, hi 0.6.
  Scenario s = two_level("ratification: {A: {rule: weighted-majority, threshold: 0.5}}\n");
  CompiledModel m = compile(s);
  auto lo = evaluate_package(m, {0}), mid = evaluate_package(m, {1}), hi = evaluate_package(m, {2});
  EXPECT_NEAR(lo.approval[0], 0.4, 1e-12);
  EXPECT_NEAR(hi.approval[0], 0.6, 1e-12);
  EXPECT_FALSE(lo.ratified[0]);
  EXPECT_FALSE(mid.ratified[0]);
  EXPECT_TRUE(hi.ratified[0]);
  EXPECT_EQ(mid.blocking[0], std::vector<int>{s.actor_index("H")});
  DealSpaceResult r = analyze_deal_space(m);
  EXPECT_EQ(r.win_set_size[0], 1u);  // only hi
  EXPECT_EQ(r.win_set_size[1], 3u);  // B has no rule
  EXPECT_EQ(r.zopa_size, 0u);        // B rejects hi (0 < 0.1)
  ASSERT_TRUE(r.closest);
  // Closest: smallest largest shortfall. lo: A' = 0.1 (short 0.2), mid: none short but not
  // ratified; hi: B short 0.1. mid wins (0 shortfall, ratification deficit 0.1).
  EXPECT_EQ(r.closest->choice, Choice{1});
  // Lowering the threshold to 0.4 lets mid through.
  apply_overrides(s, {{"A.ratification.threshold", 0.4}});
  DealSpaceResult r2 = analyze_deal_space(compile(s));
  // lo is ratified but A' = 0.1 < 0.3; hi is ratified but B gets 0 < 0.1; mid passes.
  EXPECT_EQ(r2.zopa_size, 1u);
  ASSERT_TRUE(r2.nash);
  EXPECT_EQ(r2.nash->choice, Choice{1});
  EXPECT_EQ(r2.win_set_size[0], 3u);
}

TEST(two_level_test, veto_players_must_approve) {
  Scenario s = two_level("ratification: {A: {rule: weighted-majority, threshold: 0.3, veto: [D]}}\n");
  CompiledModel m = compile(s);
  EXPECT_TRUE(evaluate_package(m, {1}).ratified[0]);   // share 0.4 and D approves
  EXPECT_FALSE(evaluate_package(m, {2}).ratified[0]);  // share 0.6 but D vetoes
}

TEST(two_level_test, audience_cost_lowers_the_leaders_utility) {
  Scenario s = two_level("ratification: {A: {rule: audience-cost, cost: 0.5}}\n");
  CompiledModel m = compile(s);
  // mid: A' = 0.55, opposition share 0.6 (H) -> effective 0.55 - 0.5·0.6 = 0.25 < 0.3
  auto mid = evaluate_package(m, {1});
  EXPECT_NEAR(mid.effective[0], 0.25, 1e-9);
  EXPECT_FALSE(mid.ratified[0]);
  EXPECT_NEAR(mid.shortfall[0], 0.05, 1e-9);
  // hi: 1.0 - 0.5·0.4 = 0.8
  EXPECT_NEAR(evaluate_package(m, {2}).effective[0], 0.8, 1e-9);
  apply_overrides(s, {{"A.ratification.cost", 0.3}});
  auto mid2 = evaluate_package(compile(s), {1});
  EXPECT_NEAR(mid2.effective[0], 0.37, 1e-9);
  EXPECT_TRUE(mid2.accepted[0]);
}

// Random scenarios: parties from the synthetic generator, plus two or three constituents per
// party (some with influence), a random rule per party.
Scenario random_two_level(SplitMix64& rng) {
  SyntheticSpec spec;
  spec.parties = rng.uniform_int(2, 3);
  spec.issues = rng.uniform_int(1, 4);
  spec.options = rng.uniform_int(2, 3);
  spec.interactions = rng.uniform_int(0, 1);
  spec.reservation = 0.2 + 0.4 * rng.uniform();
  spec.seed = rng.next();
  Scenario s = synthetic_scenario(spec);
  int parties = spec.parties;
  for (int p = 0; p < parties; ++p) {
    if (rng.uniform() < 0.3) continue;  // some parties have no rule
    int n = rng.uniform_int(1, 3);
    Ratification rat;
    rat.party = p;
    rat.rule = rng.uniform() < 0.5 ? Ratification::Rule::weighted_majority : Ratification::Rule::audience_cost;
    rat.threshold.value = 0.3 + 0.5 * rng.uniform();
    rat.threshold.hi = rat.cost.hi = 1;
    rat.cost.value = 0.5 * rng.uniform();
    for (int k = 0; k < n; ++k) {
      Actor c;
      c.id = fmt::format("C{}_{}", p + 1, k + 1);
      c.role = Role::constituent;
      c.parent = s.actors[p].id;
      c.capability.value = rng.uniform_int(1, 100);
      c.capability.hi = 100;
      if (rng.uniform() < 0.3) {
        c.has_influence = true;
        c.influence.value = 0.5 * rng.uniform();
        c.influence.hi = 1;
      }
      int idx = static_cast<int>(s.actors.size());
      s.actors.push_back(c);
      Preferences pref = s.preferences[p];
      pref.actor = idx;
      pref.interactions.clear();
      pref.reservation.value = rng.uniform();
      for (auto& ip : pref.issues)
        for (auto& sc : ip.scores) sc.value = rng.uniform_int(0, 100);
      s.preferences.push_back(pref);
      if (rng.uniform() < 0.2) rat.veto.push_back(idx);
    }
    s.ratification.push_back(rat);
  }
  return s;
}

TEST(two_level_test, matches_brute_force_on_random_scenarios) {
  using namespace deal_space_detail;
  SplitMix64 rng(777);
  for (int trial = 0; trial < 200; ++trial) {
    Scenario s = random_two_level(rng);
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    const std::size_t P = m.parties.size();
    std::uint64_t zopa = 0;
    std::vector<std::uint64_t> win(P, 0);
    std::optional<std::uint64_t> nash;
    double best = -1;
    std::vector<std::vector<double>> eff_in;
    std::vector<std::uint64_t> in_index;
    for (std::uint64_t x = 0; x < m.package_count(); ++x) {
      Choice c = m.choice_of(x);
      std::vector<double> v(m.utilities.size());
      for (std::size_t f = 0; f < v.size(); ++f) v[f] = m.utility(static_cast<int>(f), c);
      bool all = true;
      double prod = 1;
      std::vector<double> eff(P);
      for (std::size_t p = 0; p < P; ++p) {
        PartyVerdict pv = party_verdict(m, p, v.data());
        win[p] += pv.ratified;
        all = all && pv.accepted;
        eff[p] = pv.effective;
        prod *= std::max(0.0, pv.effective - m.utilities[m.parties[p]].reservation);
      }
      if (!all) continue;
      ++zopa;
      eff_in.push_back(eff);
      in_index.push_back(x);
      if (prod > best) {
        best = prod;
        nash = x;
      }
    }
    DealSpaceOptions opt;
    opt.threads = rng.uniform_int(1, 3);
    DealSpaceResult r = analyze_deal_space(m, opt);
    EXPECT_EQ(r.zopa_size, zopa);
    EXPECT_EQ(r.win_set_size, win);
    EXPECT_EQ(r.nash ? std::optional<std::uint64_t>(r.nash->index) : std::nullopt, nash);
    EXPECT_EQ(r.closest.has_value(), zopa == 0);
    if (r.kalai_smorodinsky) {
      bool found = std::find(in_index.begin(), in_index.end(), r.kalai_smorodinsky->index) != in_index.end();
      EXPECT_TRUE(found) << "KS package outside the ZOPA";
    }
    ASSERT_TRUE(r.pareto_computed);
  }
}

TEST(two_level_test, stricter_ratification_never_enlarges_the_win_set) {
  SplitMix64 rng(99);
  for (int trial = 0; trial < 100; ++trial) {
    Scenario s = random_two_level(rng);
    if (s.ratification.empty()) continue;
    std::vector<std::uint64_t> before = analyze_deal_space(compile(s)).win_set_size;
    for (auto& r : s.ratification) {
      r.threshold.value = std::min(1.0, r.threshold.value + 0.2);
      r.cost.value = std::min(1.0, r.cost.value + 0.2);
    }
    std::vector<std::uint64_t> after = analyze_deal_space(compile(s)).win_set_size;
    for (std::size_t p = 0; p < before.size(); ++p) EXPECT_LE(after[p], before[p]);
  }
}

}  // namespace
}  // namespace parley
