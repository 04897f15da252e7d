// The disagreement conventions (reservation, NegMAS's floor) and the solutions read off the
// frontier (egalitarian, maximal welfare), against brute force over every package of small
// random scenarios (with interaction terms, so that issues form blocks, and with reservations
// below the least utility, where the two conventions differ).
#include "analyses/deal_space/deal_space.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "scenario/synthetic.h"

namespace parley {
namespace {

struct Expected {
  std::vector<double> d;  // disagreement point (0..1)
  std::uint64_t zopa = 0;
  double nash_product = -1;
  double egalitarian_min = -1e300;
  double welfare = -1e300;
};

// By brute force on the 0..1 scale: under `floor`, d_i = max(reservation_i, least utility).
Expected brute(const CompiledModel& m, Disagreement conv) {
  const std::size_t P = m.parties.size();
  const std::uint64_t n = m.package_count();
  std::vector<std::vector<double>> u(n, std::vector<double>(P));
  std::vector<bool> accepted(n, true);  // compared exactly, in model units
  std::vector<double> least(P, 1e300), r(P);
  for (std::size_t p = 0; p < P; ++p) r[p] = m.utilities[m.parties[p]].to_utility(m.utilities[m.parties[p]].reservation);
  for (std::uint64_t x = 0; x < n; ++x)
    for (std::size_t p = 0; p < P; ++p) {
      const UtilityFn& f = m.utilities[m.parties[p]];
      const double units = m.utility(m.parties[p], m.choice_of(x));
      accepted[x] = accepted[x] && units >= f.reservation;
      u[x][p] = f.to_utility(units);
      least[p] = std::min(least[p], u[x][p]);
    }
  Expected e;
  for (std::size_t p = 0; p < P; ++p) e.d.push_back(conv == Disagreement::floor ? std::max(r[p], least[p]) : r[p]);
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!accepted[x]) continue;
    ++e.zopa;
    double prod = 1, mn = 1e300, w = 0;
    for (std::size_t p = 0; p < P; ++p) {
      prod *= std::max(0.0, u[x][p] - e.d[p]);
      mn = std::min(mn, u[x][p] - e.d[p]);
      w += u[x][p];
    }
    e.nash_product = std::max(e.nash_product, prod);
    e.egalitarian_min = std::max(e.egalitarian_min, mn);
    e.welfare = std::max(e.welfare, w);
  }
  return e;
}

double product(const PackageValue& v, const std::vector<double>& d) {
  double prod = 1;
  for (std::size_t p = 0; p < d.size(); ++p) prod *= std::max(0.0, v.effective[p] - d[p]);
  return prod;
}

TEST(disagreement_test, floor_and_frontier_solutions_match_brute_force) {
  int differing = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    SyntheticSpec spec;
    spec.parties = 2 + static_cast<int>(seed % 3);
    spec.issues = 4;
    spec.options = 3 + static_cast<int>(seed % 2);
    spec.interactions = static_cast<int>(seed % 2);
    // Low reservations lie below some parties' least utility: there the conventions differ.
    spec.reservation = seed % 3 == 0 ? 0.0 : 0.3;
    spec.seed = seed;
    CompiledModel m = compile(synthetic_scenario(spec));
    for (Disagreement conv : {Disagreement::reservation, Disagreement::floor}) {
      SCOPED_TRACE(testing::Message() << "seed " << seed << ", " << to_string(conv));
      DealSpaceOptions opt;
      opt.threads = 1;
      opt.disagreement = conv;
      DealSpaceResult r = analyze_deal_space(m, opt);
      Expected e = brute(m, conv);
      EXPECT_EQ(r.disagreement, conv);
      ASSERT_EQ(r.disagreement_point.size(), e.d.size());
      for (std::size_t p = 0; p < e.d.size(); ++p) EXPECT_NEAR(r.disagreement_point[p], e.d[p], 1e-12);
      EXPECT_EQ(r.zopa_size, e.zopa);  // the same ZOPA under both conventions
      if (e.zopa == 0) {
        EXPECT_FALSE(r.egalitarian);
        EXPECT_FALSE(r.max_welfare);
        continue;
      }
      ASSERT_TRUE(r.nash && r.egalitarian && r.max_welfare);
      EXPECT_NEAR(product(*r.nash, e.d), e.nash_product, 1e-12);
      double mn = 1e300, w = 0;
      for (std::size_t p = 0; p < e.d.size(); ++p) {
        mn = std::min(mn, r.egalitarian->effective[p] - e.d[p]);
        w += r.max_welfare->effective[p];
      }
      EXPECT_NEAR(mn, e.egalitarian_min, 1e-12);
      EXPECT_NEAR(w, e.welfare, 1e-12);
      if (conv == Disagreement::floor) {
        DealSpaceOptions ro = opt;
        ro.disagreement = Disagreement::reservation;
        DealSpaceResult rr = analyze_deal_space(m, ro);
        differing += rr.disagreement_point != r.disagreement_point;
      }
    }
  }
  EXPECT_GT(differing, 0) << "no case where the conventions differ: the test would not see a wrong floor";
}

TEST(disagreement_test, results_do_not_depend_on_threads) {
  SyntheticSpec spec;
  spec.parties = 3;
  spec.issues = 6;
  spec.options = 4;
  spec.reservation = 0;
  CompiledModel m = compile(synthetic_scenario(spec));
  DealSpaceOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.disagreement = two.disagreement = Disagreement::floor;
  DealSpaceResult a = analyze_deal_space(m, one), b = analyze_deal_space(m, two);
  ASSERT_TRUE(a.egalitarian && b.egalitarian && a.max_welfare && b.max_welfare);
  EXPECT_EQ(a.egalitarian->index, b.egalitarian->index);
  EXPECT_EQ(a.max_welfare->index, b.max_welfare->index);
  EXPECT_EQ(a.nash->index, b.nash->index);
}

}  // namespace
}  // namespace parley
