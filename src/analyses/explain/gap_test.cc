// A gap in the issue's terms (gap.h): by hand on the toy, and on random scenarios with
// interactions against the definition (the interpolated gain equals the gap between the options
// that bracket it, the smallest move over the issues by brute force, nothing found when no
// option of any issue is worth it, the same answer whatever the order of the options).
#include "analyses/explain/gap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "analyses/explain/explain.h"
#include "io/scenario_loader.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

Scenario toy() { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/scenarios/toy-two-party.yaml"); }
Choice package(const Scenario& s, const std::string& id) { return s.packages[s.package_index(id)].options; }
int party_fn(const Scenario& s, const CompiledModel& m, const std::string& id) {
  for (int f : m.parties)
    if (s.actors[m.utilities[f].actor].id == id) return f;
  return -1;
}

TEST(gap_test, toy_by_hand) {
  const Scenario s = toy();
  const CompiledModel m = compile(s);
  // Seller and buyer-opening (low / fast / long), short by 0.300. Price low → mid is worth
  // 0.6 · 0.6 = 0.36 to the Seller: 0.3 / 0.36 = 5/6 of the step. Warranty long → short is worth
  // 0.3 plus the penalty of express with a long warranty, 0.05: 0.3 / 0.35 = 6/7, a longer move.
  // Delivery fast → slow is worth 0.1 + 0.05 < 0.3.
  auto g = gap_in_issue_terms(s, m, party_fn(s, m, "SELLER"), package(s, "buyer-opening"), 0.3);
  ASSERT_TRUE(g);
  EXPECT_EQ(s.issues[g->issue].id, "price");
  EXPECT_EQ(g->from, 0);
  EXPECT_EQ(g->lo, 0);
  EXPECT_EQ(g->hi, 1);
  EXPECT_NEAR(g->fraction, 0.3 / 0.36, 1e-12);
  EXPECT_NEAR(g->steps, 0.3 / 0.36, 1e-12);
  // Buyer and seller-opening (high / slow / short), short by 0.350: price high → mid is worth
  // 0.25, mid → low 0.25 more, so the gap closes 0.10 / 0.25 = 40% of the way from mid to low;
  // delivery (0.2) and warranty (0.3) are worth less than the gap.
  g = gap_in_issue_terms(s, m, party_fn(s, m, "BUYER"), package(s, "seller-opening"), 0.35);
  ASSERT_TRUE(g);
  EXPECT_EQ(s.issues[g->issue].id, "price");
  EXPECT_EQ(g->from, 2);
  EXPECT_EQ(g->lo, 1);
  EXPECT_EQ(g->hi, 0);
  EXPECT_NEAR(g->fraction, 0.4, 1e-12);
  EXPECT_NEAR(g->steps, 1.4, 1e-12);
  // More than any issue is worth (price at most 0.5), and no gap at all.
  EXPECT_FALSE(gap_in_issue_terms(s, m, party_fn(s, m, "BUYER"), package(s, "seller-opening"), 0.51));
  EXPECT_FALSE(gap_in_issue_terms(s, m, party_fn(s, m, "BUYER"), package(s, "seller-opening"), 0));
  // The explanation carries it for every rejecting party with a shortfall.
  const auto why = explain_rejections(s, m, evaluate_package(m, package(s, "seller-opening")));
  ASSERT_EQ(why.size(), 1u);
  ASSERT_TRUE(why[0].in_issue_terms);
  EXPECT_NEAR(why[0].in_issue_terms->steps, 1.4, 1e-12);
}

TEST(gap_test, definition_on_random_scenarios) {
  SplitMix64 rng(7);
  int found = 0, none = 0;
  for (int trial = 0; trial < 60; ++trial) {
    SyntheticSpec spec;
    spec.parties = 2;
    spec.issues = rng.uniform_int(1, 4);
    spec.options = rng.uniform_int(2, 5);
    spec.interactions = rng.uniform_int(0, 2);
    spec.seed = rng.next();
    Scenario s = synthetic_scenario(spec);
    for (auto& pref : s.preferences)
      for (auto& in : pref.interactions) in.bonus.value = std::round((rng.uniform() - 0.5) * 0.4 * 1000) / 1000;
    const CompiledModel m = compile(s);
    const int fn = m.parties[0];
    const UtilityFn& u = m.utilities[fn];
    Choice x(s.issues.size());
    for (auto& o : x) o = rng.uniform_int(0, spec.options - 1);
    const double gap = 0.02 + 0.4 * rng.uniform();
    auto gain = [&](int issue, int option) {
      Choice y = x;
      y[issue] = option;
      return u.to_utility(m.utility(fn, y) - m.utility(fn, x));
    };
    const auto g = gap_in_issue_terms(s, m, fn, x, gap);
    if (!g) {
      // No option of any issue is worth the gap.
      ++none;
      for (std::size_t i = 0; i < x.size(); ++i)
        for (int o = 0; o < spec.options; ++o) EXPECT_LT(gain(static_cast<int>(i), o), gap);
      continue;
    }
    ++found;
    ASSERT_GE(g->issue, 0);
    ASSERT_LT(g->issue, static_cast<int>(x.size()));
    EXPECT_EQ(g->from, x[g->issue]);
    EXPECT_NE(g->hi, g->from);
    EXPECT_GT(g->fraction, 0);
    EXPECT_LE(g->fraction, 1);
    // The interpolated gain is the gap; lo is the most valuable option below it (or the
    // package's own), hi the least valuable at or above it.
    const double glo = gain(g->issue, g->lo), ghi = gain(g->issue, g->hi);
    EXPECT_LT(glo, gap);
    EXPECT_GE(ghi, gap);
    EXPECT_NEAR(glo + g->fraction * (ghi - glo), gap, 1e-9);
    for (int o = 0; o < spec.options; ++o) {
      const double v = gain(g->issue, o);
      EXPECT_FALSE(v > glo && v < gap) << "trial " << trial << ": an option between lo and the gap";
      EXPECT_FALSE(v >= gap && v < ghi) << "trial " << trial << ": an option between the gap and hi";
    }
    // Brute force: every issue's move, the smallest taken.
    double smallest = 1e9;
    for (std::size_t i = 0; i < x.size(); ++i) {
      double below = 0, above = -1;
      int passed = 0;
      for (int o = 0; o < spec.options; ++o) {
        if (o == x[i]) continue;
        const double v = gain(static_cast<int>(i), o);
        if (v >= gap) above = above < 0 ? v : std::min(above, v);
        else if (v > 0) ++passed, below = std::max(below, v);
      }
      if (above >= 0) smallest = std::min(smallest, passed + (gap - below) / (above - below));
    }
    EXPECT_NEAR(g->steps, smallest, 1e-12) << "trial " << trial;
    // Reordering the issue's options (all but the first) changes nothing but the positions.
    if (spec.options > 2) {
      Scenario r = s;
      Issue& is = r.issues[static_cast<std::size_t>(g->issue)];
      std::reverse(is.options.begin() + 1, is.options.end());
      auto back = [&](int o) { return o == 0 ? 0 : spec.options - o; };
      for (auto& pref : r.preferences) {
        for (auto& ip : pref.issues)
          if (ip.issue == g->issue) std::reverse(ip.scores.begin() + 1, ip.scores.end());
        for (auto& in : pref.interactions)
          for (auto& c : in.when)
            if (c.issue == g->issue) {
              for (int& o : c.options) o = back(o);
              std::sort(c.options.begin(), c.options.end());
              c.range = false;
            }
      }
      const CompiledModel rm = compile(r);
      Choice rx = x;
      rx[g->issue] = back(x[g->issue]);
      const auto rg = gap_in_issue_terms(r, rm, rm.parties[0], rx, gap);
      ASSERT_TRUE(rg);
      EXPECT_EQ(rg->issue, g->issue);
      EXPECT_EQ(back(rg->lo), g->lo);
      EXPECT_EQ(back(rg->hi), g->hi);
      EXPECT_NEAR(rg->fraction, g->fraction, 1e-12);
    }
  }
  EXPECT_GT(found, 10);
  EXPECT_GT(none, 0);
}

}  // namespace
}  // namespace parley
