// The Pareto frontier on spaces where many packages share a utility vector (issues that every
// party values alike, so permuting their options changes nothing; coarse scores), against brute
// force from the definition, on every method (tables, search, and package by package in two-level
// scenarios): the count of every Pareto-optimal package, the listing of the first ones by index,
// the ZOPA's part, egalitarian and maximal welfare as the package-by-package rule picks them, and
// Nash and Kalai–Smorodinsky unaffected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

using namespace deal_space_detail;

// A scenario whose parties value some issues alike (the same scores and salience on each of
// them, so that permuting those issues' options leaves every utility unchanged) and score on a
// coarse grid (more ties still).
Scenario tied_scenario(SplitMix64& rng, int parties, int issues, int options, int interactions) {
  SyntheticSpec spec;
  spec.parties = parties;
  spec.issues = issues;
  spec.options = options;
  spec.interactions = interactions;
  spec.reservation = 0.1 + 0.6 * rng.uniform();
  spec.seed = rng.next();
  Scenario s = synthetic_scenario(spec);
  std::vector<bool> alike(issues);  // the same issues for every party
  for (int i = 0; i < issues; ++i) alike[i] = rng.uniform() < 0.8;
  for (auto& pref : s.preferences) {
    std::vector<double> shared(options);
    for (double& v : shared) v = 25.0 * rng.uniform_int(0, 4);
    const double salience = rng.uniform_int(1, 3);
    for (auto& ip : pref.issues) {
      if (alike[ip.issue]) {
        ip.salience.value = salience;
        for (int k = 0; k < options; ++k) ip.scores[k].value = shared[k];
      } else {
        for (auto& sc : ip.scores) sc.value = 50.0 * rng.uniform_int(0, 2);
      }
    }
  }
  return s;
}

// The frontier by the definition, package by package, over the given utilities (one vector per
// package, indexed by package); `in` marks the ZOPA.
struct BruteFront {
  std::vector<std::uint64_t> overall;  // ascending
  std::vector<std::uint64_t> zopa;     // the ZOPA's frontier (ZOPA packages no ZOPA package dominates)
  std::size_t distinct = 0;            // distinct vectors on the overall frontier
};

bool dominates(const std::vector<double>& y, const std::vector<double>& x) {
  bool ge = true, gt = false;
  for (std::size_t p = 0; p < x.size(); ++p) {
    ge = ge && y[p] >= x[p];
    gt = gt || y[p] > x[p];
  }
  return ge && gt;
}

BruteFront brute_front(const std::vector<std::vector<double>>& u, const std::vector<bool>& in) {
  BruteFront b;
  std::set<std::vector<double>> vectors;
  for (std::uint64_t x = 0; x < u.size(); ++x) {
    bool dom_all = false, dom_zopa = false;
    for (std::uint64_t y = 0; y < u.size() && !(dom_all && dom_zopa); ++y) {
      if (!dominates(u[y], u[x])) continue;
      dom_all = true;
      dom_zopa = dom_zopa || in[y];
    }
    if (!dom_all) {
      b.overall.push_back(x);
      vectors.insert(u[x]);
    }
    if (in[x] && !dom_zopa) b.zopa.push_back(x);
  }
  b.distinct = vectors.size();
  return b;
}

// Egalitarian and maximal welfare as frontier_solutions picked them when it saw every frontier
// package of the ZOPA in index order (values within 1e-12 equal; a later package wins only when
// strictly better).
std::pair<std::uint64_t, std::uint64_t> brute_solutions(const CompiledModel& m,
                                                        const std::vector<std::vector<double>>& u,
                                                        const std::vector<std::uint64_t>& zopa_front) {
  auto tied = [](double a, double b) {
    return std::abs(a - b) <= 1e-12 * std::max(1.0, std::max(std::abs(a), std::abs(b)));
  };
  std::uint64_t egal = kNoIndex, welfare = kNoIndex;
  std::vector<double> best_gains;
  double best_welfare = 0;
  for (std::uint64_t x : zopa_front) {
    std::vector<double> gains;
    double w = 0;
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      const UtilityFn& f = m.utilities[m.parties[p]];
      gains.push_back(f.to_utility(u[x][p] - f.reservation));
      w += f.to_utility(u[x][p]);
    }
    if (welfare == kNoIndex || (!tied(w, best_welfare) && w > best_welfare)) {
      welfare = x;
      best_welfare = w;
    }
    std::sort(gains.begin(), gains.end());
    bool better = egal == kNoIndex;
    for (std::size_t k = 0; !better && k < gains.size(); ++k) {
      if (tied(gains[k], best_gains[k])) continue;
      better = gains[k] > best_gains[k];
      break;
    }
    if (better) {
      egal = x;
      best_gains = gains;
    }
  }
  return {egal, welfare};
}

// The distinct vectors of both frontiers with their packages counted, by first package index,
// checked against the result's (at most max_listed of them).
void expect_vectors(const CompiledModel& m, const std::vector<std::vector<double>>& u, const BruteFront& b,
                    const DealSpaceResult& r, std::size_t max_listed) {
  struct Want {
    std::uint64_t all = 0, zopa = 0, first = kNoIndex;
  };
  std::map<std::vector<double>, Want> by_vector;
  for (std::uint64_t x : b.overall) {
    ++by_vector[u[x]].all;
    by_vector[u[x]].first = std::min(by_vector[u[x]].first, x);
  }
  for (std::uint64_t x : b.zopa) {
    ++by_vector[u[x]].zopa;
    by_vector[u[x]].first = std::min(by_vector[u[x]].first, x);
  }
  std::vector<std::pair<std::vector<double>, Want>> want(by_vector.begin(), by_vector.end());
  std::sort(want.begin(), want.end(), [](const auto& a, const auto& c) { return a.second.first < c.second.first; });
  EXPECT_EQ(r.pareto_vectors_size, want.size());
  ASSERT_EQ(r.pareto_vectors.size(), std::min(want.size(), max_listed));
  for (std::size_t k = 0; k < r.pareto_vectors.size(); ++k) {
    const FrontierVector& got = r.pareto_vectors[k];
    EXPECT_EQ(got.first, want[k].second.first);
    EXPECT_EQ(got.package, m.choice_of(got.first));
    EXPECT_EQ(got.packages, want[k].second.all);
    EXPECT_EQ(got.zopa_packages, want[k].second.zopa);
    ASSERT_EQ(got.utilities.size(), m.parties.size());
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      EXPECT_EQ(got.utilities[p], m.utilities[m.parties[p]].to_utility(want[k].first[p]));
  }
}

std::optional<std::uint64_t> index_of(const std::optional<PackageValue>& v) {
  if (!v) return std::nullopt;
  return v->index;
}

TEST(pareto_test, skyline_keeps_every_tie_in_sorted_order) {
  SplitMix64 rng(14031);
  for (int trial = 0; trial < 300; ++trial) {
    const int P = rng.uniform_int(1, 4);
    const int n = rng.uniform_int(0, 120);
    const int grid = rng.uniform_int(1, 4);  // coordinates in 0..grid: many equal points
    Front in;
    in.P = P;
    std::vector<std::vector<double>> pts;
    for (int r = 0; r < n; ++r) {
      std::vector<double> x(P);
      for (double& c : x) c = rng.uniform_int(0, grid);
      in.push(x.data(), static_cast<std::uint64_t>(1000 - r));  // indices not in input order
      pts.push_back(x);
    }
    // By the definition, then sorted as the filter visits points (decreasing sum, then
    // lexicographically larger, then lower index).
    std::vector<std::size_t> want;
    for (int r = 0; r < n; ++r) {
      bool dom = false;
      for (int q = 0; q < n && !dom; ++q) dom = dominates(pts[q], pts[r]);
      if (!dom) want.push_back(static_cast<std::size_t>(r));
    }
    auto sum = [&](std::size_t r) {
      double s = 0;
      for (double c : pts[r]) s += c;
      return s;
    };
    std::sort(want.begin(), want.end(), [&](std::size_t a, std::size_t b) {
      if (sum(a) != sum(b)) return sum(a) > sum(b);
      if (pts[a] != pts[b]) return pts[a] > pts[b];
      return in.idx[a] < in.idx[b];
    });
    SkylineWork work;
    Front out = skyline(in, nullptr, &work);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    ASSERT_EQ(out.size(), want.size());
    std::set<std::vector<double>> distinct;
    for (std::size_t k = 0; k < want.size(); ++k) {
      EXPECT_EQ(out.idx[k], in.idx[want[k]]);
      EXPECT_EQ(std::vector<double>(out.v.begin() + k * P, out.v.begin() + (k + 1) * P), pts[want[k]]);
      distinct.insert(pts[want[k]]);
    }
    // Ties are decided once: at most one comparison per distinct input vector and kept vector.
    std::set<std::vector<double>> inputs(pts.begin(), pts.end());
    EXPECT_LE(work.comparisons, static_cast<double>(inputs.size() * distinct.size()));
  }
}

TEST(pareto_test, tied_frontiers_match_brute_force_with_tables_and_search) {
  SplitMix64 rng(20261214);
  int heavy = 0, truncated = 0;
  for (int trial = 0; trial < 240; ++trial) {
    const int parties = rng.uniform_int(2, 4);
    const int issues = trial % 10 == 0 ? 1 : rng.uniform_int(2, 5);  // a few degenerate spaces too
    const int options = trial % 7 == 0 ? 1 : rng.uniform_int(2, 4);
    Scenario s = tied_scenario(rng, parties, issues, options, rng.uniform_int(0, 1));
    CompiledModel m = compile(s);
    const std::size_t P = m.parties.size();
    const std::uint64_t n = m.package_count();
    std::vector<std::vector<double>> u(n, std::vector<double>(P));
    std::vector<bool> in(n);
    for (std::uint64_t x = 0; x < n; ++x) {
      const Choice c = m.choice_of(x);
      bool ok = true;
      for (std::size_t p = 0; p < P; ++p) {
        u[x][p] = m.utility(m.parties[p], c);
        ok = ok && u[x][p] >= m.utilities[m.parties[p]].reservation;
      }
      in[x] = ok;
    }
    const BruteFront b = brute_front(u, in);
    heavy += b.overall.size() >= 2 * b.distinct;
    const auto [egal, welfare] = brute_solutions(m, u, b.zopa);
    const std::size_t caps[] = {0, 1, 3, 17, b.overall.size(), b.overall.size() + 5, 1000};
    DealSpaceOptions opt;
    opt.threads = rng.uniform_int(1, 3);
    opt.max_listed = caps[rng.uniform_int(0, 6)];
    opt.method = trial % 2 ? DealSpaceMethod::search : DealSpaceMethod::tables;
    SCOPED_TRACE(testing::Message() << "trial " << trial << ", " << to_string(opt.method) << ", cap " << opt.max_listed
                                    << ", threads " << opt.threads);
    DealSpaceResult r = analyze_deal_space(m, opt);
    ASSERT_TRUE(r.pareto_computed);
    EXPECT_EQ(r.method, to_string(opt.method));
    EXPECT_EQ(r.pareto_size, b.overall.size());
    EXPECT_EQ(r.pareto_zopa_size, b.zopa.size());
    std::vector<std::uint64_t> listed, want(b.overall.begin(),
                                            b.overall.begin() + std::min(b.overall.size(), opt.max_listed));
    for (const auto& v : r.pareto) listed.push_back(v.index);
    EXPECT_EQ(listed, want);
    ASSERT_EQ(r.pareto_in_zopa.size(), listed.size());
    for (std::size_t k = 0; k < listed.size(); ++k) {
      EXPECT_EQ(r.pareto_in_zopa[k], static_cast<bool>(in[listed[k]])) << listed[k];
      EXPECT_TRUE(r.pareto_overall[k]);
    }
    truncated += listed.size() < r.pareto_size;
    expect_vectors(m, u, b, r, opt.max_listed);
    EXPECT_EQ(index_of(r.egalitarian), r.zopa_size > 0 ? std::optional<std::uint64_t>(egal) : std::nullopt);
    EXPECT_EQ(index_of(r.max_welfare), r.zopa_size > 0 ? std::optional<std::uint64_t>(welfare) : std::nullopt);
    // Nash and Kalai–Smorodinsky do not depend on the frontier.
    DealSpaceOptions no = opt;
    no.pareto = false;
    DealSpaceResult q = analyze_deal_space(m, no);
    EXPECT_EQ(index_of(r.nash), index_of(q.nash));
    EXPECT_EQ(index_of(r.kalai_smorodinsky), index_of(q.kalai_smorodinsky));
    EXPECT_EQ(index_of(r.closest), index_of(q.closest));
    EXPECT_EQ(r.zopa_size, q.zopa_size);
  }
  EXPECT_GT(heavy, 40) << "too few spaces with many tied frontier packages to test the merging of ties";
  EXPECT_GT(truncated, 40) << "too few listings cut short";
}

// Two-level scenarios evaluate every package and filter the frontier of effective utilities in
// the same skyline: ties there too.
TEST(pareto_test, tied_frontiers_match_brute_force_package_by_package) {
  SplitMix64 rng(4141);
  int heavy = 0;
  for (int trial = 0; trial < 120; ++trial) {
    // One draw per declarator (sequenced): argument evaluation order is unspecified.
    const int parties = rng.uniform_int(2, 3), issues = rng.uniform_int(2, 4), options = rng.uniform_int(2, 3);
    Scenario s = tied_scenario(rng, parties, issues, options, 0);
    // A weighted-majority or audience-cost rule for the first party, with two constituents
    // scoring on the same coarse grid.
    Ratification rat;
    rat.party = 0;
    rat.rule = trial % 2 ? Ratification::Rule::weighted_majority : Ratification::Rule::audience_cost;
    rat.threshold.value = 0.5;
    rat.threshold.hi = rat.cost.hi = 1;
    rat.cost.value = 0.25;
    for (int k = 0; k < 2; ++k) {
      Actor c;
      c.id = fmt::format("C{}", k + 1);
      c.role = Role::constituent;
      c.parent = s.actors[0].id;
      c.capability.value = 10 * (k + 1);
      c.capability.hi = 100;
      const int idx = static_cast<int>(s.actors.size());
      s.actors.push_back(c);
      Preferences pref = s.preferences[0];
      pref.actor = idx;
      pref.interactions.clear();
      pref.reservation.value = 0.25 * rng.uniform_int(0, 3);
      for (auto& ip : pref.issues)
        for (auto& sc : ip.scores) sc.value = 50.0 * rng.uniform_int(0, 2);
      s.preferences.push_back(pref);
    }
    s.ratification.push_back(rat);
    CompiledModel m = compile(s);
    ASSERT_TRUE(m.has_ratification());
    const std::size_t P = m.parties.size();
    const std::uint64_t n = m.package_count();
    std::vector<std::vector<double>> u(n, std::vector<double>(P));
    std::vector<bool> in(n);
    for (std::uint64_t x = 0; x < n; ++x) {
      const Choice c = m.choice_of(x);
      std::vector<double> v(m.utilities.size());
      for (std::size_t f = 0; f < v.size(); ++f) v[f] = m.utility(static_cast<int>(f), c);
      bool all = true;
      for (std::size_t p = 0; p < P; ++p) {
        PartyVerdict pv = party_verdict(m, p, v.data());
        u[x][p] = pv.effective;
        all = all && pv.accepted;
      }
      in[x] = all;
    }
    const BruteFront b = brute_front(u, in);
    heavy += b.overall.size() >= 2 * b.distinct;
    DealSpaceOptions opt;
    opt.threads = rng.uniform_int(1, 3);
    opt.max_listed = trial % 3 ? 1000 : 4;
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    DealSpaceResult r = analyze_deal_space(m, opt);
    ASSERT_TRUE(r.pareto_computed);
    EXPECT_EQ(r.method, "every_package");
    EXPECT_EQ(r.pareto_size, b.overall.size());
    EXPECT_EQ(r.pareto_zopa_size, b.zopa.size());
    std::vector<std::uint64_t> both;
    std::set_union(b.overall.begin(), b.overall.end(), b.zopa.begin(), b.zopa.end(), std::back_inserter(both));
    both.resize(std::min(both.size(), opt.max_listed));
    std::vector<std::uint64_t> listed;
    for (const auto& v : r.pareto) listed.push_back(v.index);
    EXPECT_EQ(listed, both);
    expect_vectors(m, u, b, r, opt.max_listed);
  }
  EXPECT_GT(heavy, 20) << "too few spaces with many tied frontier packages";
}

// A space too large for the package-by-package definition: 6 issues valued alike by 3 parties,
// 6^6 packages. The frontier's packages are counted from the distinct vectors (found by brute
// force over every package), and the first ones by index are listed.
TEST(pareto_test, a_larger_symmetric_space_counts_every_tied_package) {
  SplitMix64 rng(77);
  for (int trial = 0; trial < 3; ++trial) {
    Scenario s = tied_scenario(rng, 3, 6, 6, 0);
    // Every issue alike for each party; the first two parties opposed (option k: 20k and 100 − 20k).
    for (std::size_t a = 0; a < s.preferences.size(); ++a)
      for (auto& ip : s.preferences[a].issues) {
        ip.salience.value = 1;
        for (std::size_t k = 0; k < ip.scores.size(); ++k)
          ip.scores[k].value = a == 0 ? 20.0 * k : a == 1 ? 100 - 20.0 * k : s.preferences[a].issues[0].scores[k].value;
      }
    CompiledModel m = compile(s);
    const std::size_t P = m.parties.size();
    std::map<std::vector<double>, std::vector<std::uint64_t>> by_vector;
    for (std::uint64_t x = 0; x < m.package_count(); ++x) {
      const Choice c = m.choice_of(x);
      std::vector<double> v(P);
      for (std::size_t p = 0; p < P; ++p) v[p] = m.utility(m.parties[p], c);
      by_vector[v].push_back(x);
    }
    std::vector<std::uint64_t> front;
    std::size_t distinct = 0;
    for (const auto& [v, xs] : by_vector) {
      bool dom = false;
      for (auto it = by_vector.begin(); it != by_vector.end() && !dom; ++it) dom = dominates(it->first, v);
      if (dom) continue;
      front.insert(front.end(), xs.begin(), xs.end());
      ++distinct;
    }
    std::sort(front.begin(), front.end());
    ASSERT_GT(front.size(), 10 * distinct);  // many packages per frontier vector
    for (int threads : {1, 2}) {
      for (DealSpaceMethod method : {DealSpaceMethod::tables, DealSpaceMethod::search}) {
        DealSpaceOptions opt;
        opt.threads = threads;
        opt.max_listed = 100;
        opt.method = method;
        DealSpaceResult r = analyze_deal_space(m, opt);
        ASSERT_TRUE(r.pareto_computed);
        EXPECT_EQ(r.pareto_size, front.size());
        std::vector<std::uint64_t> listed;
        for (const auto& v : r.pareto) listed.push_back(v.index);
        const std::size_t first = std::min<std::size_t>(100, front.size());
        EXPECT_EQ(listed, std::vector<std::uint64_t>(front.begin(), front.begin() + static_cast<std::ptrdiff_t>(first)));
      }
    }
  }
}

}  // namespace
}  // namespace parley
