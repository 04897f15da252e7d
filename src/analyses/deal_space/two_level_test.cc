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
  EXPECT_TRUE(has_audience_cost(m, 0));
  EXPECT_FALSE(has_audience_cost(m, 1));
  EXPECT_NEAR(audience_cost(m, mid, 0), 0.3, 1e-9);  // own 0.55 less effective 0.25
  EXPECT_EQ(audience_cost(m, mid, 1), 0.0);
  EXPECT_NEAR(mid.shortfall[0], 0.05, 1e-9);
  // hi: 1.0 - 0.5·0.4 = 0.8
  EXPECT_NEAR(evaluate_package(m, {2}).effective[0], 0.8, 1e-9);
  apply_overrides(s, {{"A.ratification.cost", 0.3}});
  auto mid2 = evaluate_package(compile(s), {1});
  EXPECT_NEAR(mid2.effective[0], 0.37, 1e-9);
  EXPECT_TRUE(mid2.accepted[0]);
}

// Issue 20, §4: the leader's utility after the audience cost equals its reservation exactly
// (u = 0.5 whatever the salience, cost 0.5, half the constituents opposed: 0.5 − 0.25 = 0.25),
// so both packages are accepted, for every salience (rounding used to reject some of them).
TEST(two_level_test, audience_cost_exactly_at_the_reservation_is_accepted) {
  for (int salience = 1; salience <= 500; ++salience) {
    Scenario s = load_scenario_text(fmt::format(R"(parley: 1
id: ac
title: {{en: Audience cost, zh-TW: 觀眾成本}}
date: 2020-01-01
actors:
  - {{id: L, name: Leader, role: party, capability: 50}}
  - {{id: P, name: Partner, role: party, capability: 50}}
  - {{id: Y, name: Yes, role: constituent, capability: 10, parent: L}}
  - {{id: N, name: No, role: constituent, capability: 10, parent: L}}
issues:
  - {{id: x, name: X, options: [{{id: a, name: A}}, {{id: b, name: B}}]}}
preferences:
  L: {{reservation: 0.25, issues: {{x: {{salience: {}, scores: {{a: 50, b: 50}}}}}}}}
  P: {{reservation: 0, issues: {{x: {{salience: 1, scores: {{a: 50, b: 50}}}}}}}}
  Y: {{reservation: 0, issues: {{x: {{salience: 1, scores: {{a: 50, b: 50}}}}}}}}
  N: {{reservation: 1, issues: {{x: {{salience: 1, scores: {{a: 50, b: 50}}}}}}}}
ratification: {{L: {{rule: audience-cost, cost: 0.5}}}}
)",
                                            salience),
                                "ac.yaml");
    CompiledModel m = compile(s);
    DealSpaceResult r = analyze_deal_space(m, DealSpaceOptions{1, true, 1000});
    EXPECT_EQ(r.zopa_size, 2u) << "salience " << salience;
    EXPECT_EQ(r.win_set_size[0], 2u) << "salience " << salience;
    PackageValue v = evaluate_package(m, {0});
    EXPECT_TRUE(v.accepted[0]) << "salience " << salience;
    EXPECT_EQ(v.shortfall[0], 0.0) << "salience " << salience;
    EXPECT_EQ(v.approval[0], 0.5);
    // In model units the effective utility is the reservation, exactly.
    EXPECT_EQ(deal_space_detail::party_verdict(m, 0, std::vector<double>{m.utility(0, {0}), m.utility(1, {0}),
                                                                         m.utility(2, {0}), m.utility(3, {0})}
                                                     .data())
                  .effective,
              m.utilities[m.parties[0]].reservation)
        << "salience " << salience;
  }
}

// Issue 20, §4: utilities mixed with an adviser's are exact. With influence 0.125 and the
// adviser's three issues of salience 1, the leader's utility is 7/8·s_L/100 + (s_i + s_j +
// s_k)/2400: exactly 0.5 at x = (a, a, a) and y = (b, b, a), whose mixed terms used to round
// in different directions (x fell 10^-8 short of the reservation 0.5, y did not), and (b, b, a)
// and (b, b, b), dominated exactly by (a, a, a), were listed on the Pareto frontier.
TEST(two_level_test, influence_mixing_is_exact) {
  for (const char* salience : {"1", "0.001", "38"}) {
    Scenario s = load_scenario_text(fmt::format(R"(parley: 1
id: mix
title: {{en: Mix, zh-TW: 混合}}
date: 2020-01-01
actors:
  - {{id: L, name: Leader, role: party, capability: 50}}
  - {{id: M, name: Partner, role: party, capability: 50}}
  - {{id: H, name: Adviser, role: constituent, capability: 10, parent: L, influence: 0.125}}
issues:
  - {{id: i, name: I, options: [{{id: a, name: A}}, {{id: b, name: B}}]}}
  - {{id: j, name: J, options: [{{id: a, name: A}}, {{id: b, name: B}}]}}
  - {{id: k, name: K, options: [{{id: a, name: A}}, {{id: b, name: B}}]}}
preferences:
  L: {{reservation: 0.5, issues: {{i: {{salience: {}, scores: {{a: 56, b: 55}}}}}}}}
  H:
    reservation: 0
    issues:
      i: {{salience: 1, scores: {{a: 20, b: 40}}}}
      j: {{salience: 1, scores: {{a: 2, b: 3}}}}
      k: {{salience: 1, scores: {{a: 2, b: 2}}}}
  M:
    reservation: 0
    issues:
      i: {{salience: 1, scores: {{a: 0, b: 50}}}}
      j: {{salience: 1, scores: {{a: 100, b: 0}}}}
)",
                                            salience),
                                "mix.yaml");
    CompiledModel m = compile(s);
    const Choice x{0, 0, 0}, y{1, 1, 0};
    EXPECT_EQ(m.utility(0, x), m.utility(0, y)) << salience;
    EXPECT_EQ(m.utility(0, x), m.utilities[0].reservation) << salience;
    EXPECT_TRUE(evaluate_package(m, x).accepted[0]) << salience;
    EXPECT_TRUE(evaluate_package(m, y).accepted[0]) << salience;
    DealSpaceResult r = analyze_deal_space(m, DealSpaceOptions{1, true, 1000});
    std::vector<std::uint64_t> front;
    for (const auto& p : r.pareto) front.push_back(p.index);
    EXPECT_EQ(front, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5})) << salience;  // not 6 = (b,b,a), 7 = (b,b,b)
  }
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
    const std::size_t caps[] = {0, 1, 2, 5, 1000};
    opt.zopa_listed = caps[rng.uniform_int(0, 4)];
    DealSpaceResult r = analyze_deal_space(m, opt);
    EXPECT_EQ(r.zopa_size, zopa);
    // The listed ZOPA: its first packages by index (in_index is ascending).
    std::vector<std::uint64_t> listed;
    for (const auto& v : r.zopa) listed.push_back(v.index);
    EXPECT_EQ(listed, std::vector<std::uint64_t>(in_index.begin(),
                                                 in_index.begin() + std::min(in_index.size(), opt.zopa_listed)));
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
