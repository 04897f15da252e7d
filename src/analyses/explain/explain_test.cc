// Explanations: the loss terms add up to ideal − utility and each is a loss (>= 0), the ideal
// bounds every package's utility, the opposition at home matches the verdict, and the smallest
// repair matches brute force (fewest changes, then the smallest loss to the others) on random
// scenarios with interactions, advisers, ratification rules, audience costs and requirements.
#include <gtest/gtest.h>

#include <algorithm>
#include <fmt/format.h>

#include "analyses/explain/explain.h"
#include "io/scenario_loader.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

Scenario good() { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/tests/data/good/16-requirements.yaml"); }
Choice package(const Scenario& s, const std::string& id) { return s.packages[s.package_index(id)].options; }

TEST(explain_test, terms_by_hand_on_the_toy) {
  // toy-two-party: Seller's utility of buyer-opening (low / fast / long) is 0 + 0 + 0 − 0.05 =
  // −0.05; its ideal is 0.6 + 0.1 + 0.3 (the bonus is negative: 0) = 1; the terms are price 0.6,
  // warranty 0.3, delivery 0.1 and the interaction (a penalty incurred) 0.05: 1.05 = 1 − (−0.05).
  Scenario s = load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/scenarios/toy-two-party.yaml");
  CompiledModel m = compile(s);
  PackageValue v = evaluate_package(m, package(s, "buyer-opening"));
  auto why = explain_rejections(s, m, v);
  ASSERT_EQ(why.size(), 1u);
  const PartyWhy& w = why[0];
  EXPECT_EQ(s.actors[m.utilities[m.parties[w.party]].actor].id, "SELLER");
  EXPECT_NEAR(w.ideal, 1.0, 1e-12);
  EXPECT_NEAR(w.utility, -0.05, 1e-12);
  EXPECT_NEAR(w.shortfall, 0.30, 1e-12);
  ASSERT_EQ(w.terms.size(), 4u);
  EXPECT_EQ(term_id(s, w.terms[0]), "price");
  EXPECT_NEAR(w.terms[0].value, 0.6, 1e-12);
  EXPECT_EQ(term_id(s, w.terms[1]), "warranty");
  EXPECT_NEAR(w.terms[1].value, 0.3, 1e-12);
  EXPECT_EQ(term_id(s, w.terms[2]), "delivery");
  EXPECT_NEAR(w.terms[2].value, 0.1, 1e-12);
  EXPECT_EQ(term_id(s, w.terms[3]), "express_and_long_warranty");
  EXPECT_EQ(w.terms[3].kind, LossTerm::Kind::interaction);
  EXPECT_NEAR(w.terms[3].value, 0.05, 1e-12);
  // Smallest repair: one change. Price high makes Seller 1.0 − 0.1 − 0.3·... : every one-change
  // package the brute force below checks; here the answer is a price change.
  Repair r = smallest_repair(s, m, v.choice);
  ASSERT_TRUE(r.found);
  ASSERT_EQ(r.changes.size(), 1u);
  EXPECT_EQ(s.issues[r.changes[0].issue].id, "price");
}

TEST(explain_test, requirements_and_the_opposition_at_home) {
  Scenario s = good();
  CompiledModel m = compile(s);
  // status-quo: DPRK's security-first fails (its utility 0.4 is above its reservation 0.3); the
  // US is blocked at home, HAWKS and DOVES both below their reservations.
  auto why = explain_rejections(s, m, evaluate_package(m, package(s, "status-quo")));
  ASSERT_EQ(why.size(), 2u);
  const PartyWhy* us = nullptr;
  const PartyWhy* dprk = nullptr;
  for (const auto& w : why) (s.actors[m.utilities[m.parties[w.party]].actor].id == "US" ? us : dprk) = &w;
  ASSERT_TRUE(us && dprk);
  EXPECT_EQ(dprk->broken, std::vector<int>{0});
  EXPECT_EQ(dprk->shortfall, 0);
  EXPECT_FALSE(dprk->ratification);
  EXPECT_TRUE(us->at_home);
  EXPECT_FALSE(us->ratified);
  ASSERT_EQ(us->opposed_by.size(), 2u);
  EXPECT_EQ(s.actors[us->opposed_by[0].actor].id, "HAWKS");
  EXPECT_NEAR(us->opposed_by[0].weight, 0.4, 1e-12);
  // HAWKS: denuclearization none (0) and relief none (100), saliences 80 and 20: 0.2, below 0.5.
  EXPECT_NEAR(us->opposed_by[0].shortfall, 0.3, 1e-12);
  EXPECT_FALSE(us->opposed_by[0].blocks);
  // big-deal: HAWKS' own requirement is a veto.
  auto big = explain_rejections(s, m, evaluate_package(m, package(s, "big-deal")));
  ASSERT_EQ(big.size(), 1u);
  ASSERT_EQ(big[0].opposed_by.size(), 1u);
  EXPECT_TRUE(big[0].opposed_by[0].blocks);
  EXPECT_EQ(big[0].opposed_by[0].broken, std::vector<int>{0});
}

// Random scenarios: synthetic parties with interactions (bonuses of either sign), constituents
// with a random rule (audience costs included), advisers with influence, requirements.
Scenario random_scenario(SplitMix64& rng) {
  SyntheticSpec spec;
  spec.parties = rng.uniform_int(2, 3);
  spec.issues = rng.uniform_int(2, 4);
  spec.options = rng.uniform_int(2, 3);
  spec.interactions = rng.uniform_int(0, 2);
  spec.reservation = 0.2 + 0.4 * rng.uniform();
  spec.seed = rng.next();
  Scenario s = synthetic_scenario(spec);
  for (auto& pref : s.preferences)
    for (auto& in : pref.interactions) in.bonus.value = std::round((rng.uniform() - 0.5) * 0.4 * 1000) / 1000;
  auto condition = [&] {
    Interaction::Condition c;
    c.issue = rng.uniform_int(0, spec.issues - 1);
    for (int o = 0; o < spec.options; ++o)
      if (rng.uniform() < 0.6) c.options.push_back(o);
    if (c.options.empty()) c.options.push_back(0);
    return std::vector<Interaction::Condition>{c};
  };
  for (int p = 0; p < spec.parties; ++p) {
    if (rng.uniform() < 0.4) {
      Requirement q;
      q.id = "r";
      q.then = condition();
      if (rng.uniform() < 0.5) q.when = condition();
      if (q.when.empty() || q.when[0].issue != q.then[0].issue) s.preferences[p].requirements.push_back(q);
    }
    if (rng.uniform() < 0.5) continue;
    Ratification rat;
    rat.party = p;
    rat.rule = rng.uniform() < 0.5 ? Ratification::Rule::weighted_majority : Ratification::Rule::audience_cost;
    rat.threshold.value = std::round((0.3 + 0.5 * rng.uniform()) * 100) / 100;
    rat.threshold.hi = rat.cost.hi = 1;
    rat.cost.value = std::round(0.5 * rng.uniform() * 100) / 100;
    for (int k = 0, n = rng.uniform_int(1, 3); k < n; ++k) {
      Actor c;
      c.id = fmt::format("C{}_{}", p + 1, k + 1);
      c.role = Role::constituent;
      c.parent = s.actors[p].id;
      c.capability.value = rng.uniform_int(1, 100);
      c.capability.hi = 100;
      if (rng.uniform() < 0.3) {
        c.has_influence = true;
        c.influence.value = std::round(0.5 * rng.uniform() * 100) / 100;
        c.influence.hi = 1;
      }
      const int idx = static_cast<int>(s.actors.size());
      s.actors.push_back(c);
      Preferences pref = s.preferences[p];
      pref.actor = idx;
      pref.requirements.clear();
      pref.reservation.value = std::round(0.6 * rng.uniform() * 100) / 100;
      for (auto& ip : pref.issues)
        for (auto& sc : ip.scores) sc.value = rng.uniform_int(0, 100);
      s.preferences.push_back(pref);
    }
    s.ratification.push_back(rat);
  }
  return s;
}

TEST(explain_test, terms_sum_to_ideal_minus_utility_on_random_scenarios) {
  SplitMix64 rng(4242);
  int checked = 0, with_interactions = 0, with_cost = 0;
  for (int trial = 0; trial < 150; ++trial) {
    Scenario s = random_scenario(rng);
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    for (std::uint64_t x = 0; x < m.package_count(); ++x) {
      PackageValue v = evaluate_package(m, m.choice_of(x));
      auto why = explain_rejections(s, m, v);
      std::size_t rejecting = 0;
      for (std::size_t p = 0; p < m.parties.size(); ++p) rejecting += !v.accepted[p];
      ASSERT_EQ(why.size(), rejecting);
      for (const auto& w : why) {
        double sum = 0;
        for (const auto& t : w.terms) {
          EXPECT_GT(t.value, 0);
          sum += t.value;
          with_interactions += t.kind == LossTerm::Kind::interaction;
          with_cost += t.kind == LossTerm::Kind::audience_cost;
        }
        EXPECT_NEAR(sum, w.ideal - w.utility, 1e-12 * std::max(1.0, std::abs(w.ideal)));
        EXPECT_NEAR(w.utility, v.effective[w.party], 1e-12);
        EXPECT_EQ(w.shortfall, v.shortfall[w.party]);
        EXPECT_NEAR(w.shortfall, std::max(0.0, w.reservation - w.utility), 1e-12);
        for (std::size_t k = 1; k < w.terms.size(); ++k) EXPECT_GE(w.terms[k - 1].value, w.terms[k].value);
        // The ideal bounds the party's own utility of every package.
        for (std::uint64_t y = 0; y < m.package_count(); ++y)
          EXPECT_LE(m.utilities[m.parties[w.party]].to_utility(m.utility(m.parties[w.party], m.choice_of(y))),
                    w.ideal + 1e-12);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(with_interactions, 50);
  EXPECT_GT(with_cost, 50);
}

TEST(explain_test, smallest_repair_matches_brute_force) {
  SplitMix64 rng(99);
  int found = 0, none = 0;
  for (int trial = 0; trial < 150; ++trial) {
    Scenario s = random_scenario(rng);
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    std::vector<Choice> zopa;
    for (std::uint64_t y = 0; y < m.package_count(); ++y)
      if (every_party_accepts(m, m.choice_of(y))) zopa.push_back(m.choice_of(y));
    for (std::uint64_t x = 0; x < m.package_count(); x += 1 + x % 3) {
      const Choice c = m.choice_of(x);
      PackageValue v = evaluate_package(m, c);
      Repair r = smallest_repair(s, m, c, 2);
      // Brute force: the fewest changes to a ZOPA package, then the smallest loss.
      int best = 99;
      double loss = 0;
      for (const auto& y : zopa) {
        int d = 0;
        for (std::size_t i = 0; i < c.size(); ++i) d += c[i] != y[i];
        std::vector<double> eff;
        every_party_accepts(m, y, &eff);
        double l = 0;
        for (std::size_t p = 0; p < m.parties.size(); ++p)
          if (v.accepted[p]) l += std::max(0.0, v.effective[p] - eff[p]);
        if (d < best || (d == best && l < loss)) {
          best = d;
          loss = l;
        }
      }
      if (best > 2) {
        EXPECT_FALSE(r.found);
        EXPECT_TRUE(r.complete);
        ++none;
        continue;
      }
      ASSERT_TRUE(r.found);
      ++found;
      EXPECT_EQ(static_cast<int>(r.changes.size()), best);
      EXPECT_NEAR(r.loss, loss, 1e-12);
      EXPECT_TRUE(every_party_accepts(m, r.package));
      for (const auto& ch : r.changes) EXPECT_NE(c[ch.issue], ch.option);
    }
  }
  EXPECT_GT(found, 100);
  EXPECT_GT(none, 20);
}

TEST(explain_test, repair_is_not_searched_without_a_zopa_and_stops_at_its_budget) {
  Scenario s = good();
  CompiledModel m = compile(s);
  Repair r = smallest_repair(s, m, package(s, "freeze"), 2, /*zopa_empty=*/true);
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(r.zopa_empty);
  EXPECT_EQ(r.candidates, 0u);
  // A large space: 12 issues of 60 options; two changes are 12·11/2·59² ≈ 230,000 candidates of
  // some 30 terms each, within the budget; three are not.
  SyntheticSpec spec;
  spec.parties = 2;
  spec.issues = 12;
  spec.options = 60;
  spec.reservation = 1.0;  // nothing is acceptable: every candidate is evaluated
  Scenario big = synthetic_scenario(spec);
  CompiledModel mb = compile(big);
  Repair rb = smallest_repair(big, mb, Choice(12, 0), 3);
  EXPECT_FALSE(rb.found);
  EXPECT_FALSE(rb.complete);
  EXPECT_EQ(rb.searched_changes, 2);
  EXPECT_GT(estimate_repairs(mb, 1, 3).seconds, 0);
}

}  // namespace
}  // namespace parley
