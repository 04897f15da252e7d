// Requirements in the deal space: each form on a hand-checked scenario, the --without-requirement
// what-if, and every path (analyze_deal_space, the sweep's summariser, evaluate_package,
// every_party_accepts, rejection_reasons) against brute force on random scenarios whose parties
// and constituents have requirements.
#include <gtest/gtest.h>

#include <algorithm>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "analyses/deal_space/summary.h"
#include "io/scenario_loader.h"
#include "scenario/synthetic.h"
#include "scenario/what_if.h"

namespace parley {
namespace {

Scenario good() { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/tests/data/good/16-requirements.yaml"); }

Choice package(const Scenario& s, const std::string& id) { return s.packages[s.package_index(id)].options; }

std::size_t party(const CompiledModel& m, const Scenario& s, const std::string& id) {
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (s.actors[m.utilities[m.parties[p]].actor].id == id) return p;
  return m.parties.size();
}

bool has(const std::vector<Reason>& reasons, Reason r) { return std::find(reasons.begin(), reasons.end(), r) != reasons.end(); }

TEST(requirements_test, then_alone_rules_out_every_package_without_it) {
  Scenario s = good();
  CompiledModel m = compile(s);
  const std::size_t dprk = party(m, s, "DPRK");
  // security-first: security must be partial or full. The status quo (none) breaks it; DPRK's
  // utility there (0.4) is above its reservation (0.3), so only the requirement decides.
  PackageValue v = evaluate_package(m, package(s, "status-quo"));
  EXPECT_FALSE(v.accepted[dprk]);
  EXPECT_GE(v.utilities[m.parties[dprk]], 0.3);
  EXPECT_EQ(v.shortfall[dprk], 0);
  const auto reasons = rejection_reasons(m, v, dprk);
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(reasons.front(), Reason::requirement);
  EXPECT_FALSE(has(reasons, Reason::package));
  ASSERT_EQ(v.broken[m.parties[dprk]].size(), 1u);
  EXPECT_EQ(m.utilities[m.parties[dprk]].requirements[v.broken[m.parties[dprk]][0]].index, 0);  // security-first
}

TEST(requirements_test, if_then_binds_only_when_if_holds) {
  Scenario s = good();
  CompiledModel m = compile(s);
  const std::size_t dprk = party(m, s, "DPRK");
  // no-relief-no-dismantlement: denuclearization yongbyon/complete needs relief partial/full.
  PackageValue freeze = evaluate_package(m, package(s, "freeze"));  // yongbyon, no relief
  EXPECT_FALSE(freeze.accepted[dprk]);
  EXPECT_TRUE(has(rejection_reasons(m, freeze, dprk), Reason::requirement));
  PackageValue step = evaluate_package(m, package(s, "step"));  // yongbyon, partial relief
  EXPECT_TRUE(step.accepted[dprk]);
  // `if` false: no denuclearization, no relief, partial guarantees: the requirement is silent.
  Choice x = package(s, "freeze");
  x[s.issue_index("denuclearization")] = 0;
  PackageValue quiet = evaluate_package(m, x);
  EXPECT_TRUE(quiet.broken[m.parties[dprk]].empty());
}

TEST(requirements_test, a_constituents_requirement_is_a_veto_at_home) {
  Scenario s = good();
  CompiledModel m = compile(s);
  const std::size_t us = party(m, s, "US");
  // big-deal gives full relief, which HAWKS' no-full-relief forbids: a veto, although the
  // approving share (DOVES, 0.6) reaches the threshold (0.5).
  PackageValue v = evaluate_package(m, package(s, "big-deal"));
  EXPECT_NEAR(v.approval[us], 0.6, 1e-12);
  EXPECT_FALSE(v.ratified[us]);
  EXPECT_TRUE(v.vetoed[us]);
  EXPECT_EQ(v.blocking[us], std::vector<int>{s.actor_index("HAWKS")});
  const auto reasons = rejection_reasons(m, v, us);
  EXPECT_EQ(reasons, std::vector<Reason>{Reason::ratification});
  // Without the requirement the package is ratified.
  WhatIf w;
  w.without_requirements = {"HAWKS.no-full-relief"};
  Scenario s2 = apply_what_if(s, w);
  PackageValue v2 = evaluate_package(compile(s2), package(s2, "big-deal"));
  EXPECT_TRUE(v2.ratified[us]);
}

TEST(requirements_test, without_requirement_drops_one_and_checks_names) {
  Scenario s = good();
  DealSpaceResult before = analyze_deal_space(compile(s));
  WhatIf w;
  w.without_requirements = {"DPRK.security-first"};
  Scenario s2 = apply_what_if(s, w);
  const Preferences* pref = s2.preferences_of(s2.actor_index("DPRK"));
  ASSERT_EQ(pref->requirements.size(), 2u);
  EXPECT_EQ(pref->requirements[0].id, "no-relief-no-dismantlement");
  DealSpaceResult after = analyze_deal_space(compile(s2));
  EXPECT_GE(after.zopa_size, before.zopa_size);
  EXPECT_LT(after.ruled_out[party(compile(s2), s2, "DPRK")], before.ruled_out[party(compile(s), s, "DPRK")]);
  for (const char* bad : {"DPRK.nope", "NOBODY.security-first", "security-first", "US.security-first"}) {
    WhatIf b;
    b.without_requirements = {bad};
    EXPECT_THROW(validate_what_if(s, b), InputError) << bad;
  }
}

TEST(requirements_test, ruled_out_counts_the_packages_breaking_a_partys_own_requirements) {
  Scenario s = good();
  CompiledModel m = compile(s);
  DealSpaceResult r = analyze_deal_space(m);
  ASSERT_EQ(r.ruled_out.size(), m.parties.size());
  std::vector<std::uint64_t> count(m.parties.size(), 0);
  for (std::uint64_t x = 0; x < m.package_count(); ++x) {
    Choice c = m.choice_of(x);
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      const Preferences* pref = s.preferences_of(m.utilities[m.parties[p]].actor);
      bool any = false;
      for (const auto& q : pref->requirements) any = any || breaks(q, c);
      count[p] += any;
    }
  }
  EXPECT_EQ(r.ruled_out, count);
  // DPRK: security none (9 packages) plus yongbyon/complete without relief with guarantees (2·2·1 = 4).
  EXPECT_EQ(r.ruled_out[party(m, s, "DPRK")], 13u);
}

// Random scenarios: the synthetic generator's parties, constituents with a random rule, and
// random requirements (both forms) for parties and constituents.
std::vector<Interaction::Condition> random_condition(SplitMix64& rng, const Scenario& s) {
  std::vector<Interaction::Condition> out;
  const int n = rng.uniform_int(1, std::min<int>(2, static_cast<int>(s.issues.size())));
  std::vector<int> issues(s.issues.size());
  for (std::size_t i = 0; i < issues.size(); ++i) issues[i] = static_cast<int>(i);
  for (int k = 0; k < n; ++k) {
    std::swap(issues[k], issues[k + rng.uniform_int(0, static_cast<int>(issues.size()) - 1 - k)]);
    Interaction::Condition c;
    c.issue = issues[k];
    const int K = static_cast<int>(s.issues[c.issue].options.size());
    for (int o = 0; o < K; ++o)
      if (rng.uniform() < 0.6) c.options.push_back(o);
    if (c.options.empty()) c.options.push_back(rng.uniform_int(0, K - 1));
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.issue < b.issue; });
  return out;
}

void add_requirements(SplitMix64& rng, Scenario& s, Preferences& pref) {
  const int n = rng.uniform_int(0, 2);
  for (int k = 0; k < n; ++k) {
    Requirement q;
    q.id = fmt::format("r{}", k);
    q.then = random_condition(rng, s);
    if (rng.uniform() < 0.5) q.when = random_condition(rng, s);
    pref.requirements.push_back(std::move(q));
  }
}

Scenario random_scenario(SplitMix64& rng) {
  SyntheticSpec spec;
  spec.parties = rng.uniform_int(2, 3);
  spec.issues = rng.uniform_int(1, 4);
  spec.options = rng.uniform_int(2, 3);
  spec.interactions = rng.uniform_int(0, 1);
  spec.reservation = 0.1 + 0.4 * rng.uniform();
  spec.seed = rng.next();
  Scenario s = synthetic_scenario(spec);
  for (int p = 0; p < spec.parties; ++p) add_requirements(rng, s, s.preferences[p]);
  for (int p = 0; p < spec.parties; ++p) {
    if (rng.uniform() < 0.4) continue;
    Ratification rat;
    rat.party = p;
    rat.rule = rng.uniform() < 0.5 ? Ratification::Rule::weighted_majority : Ratification::Rule::audience_cost;
    rat.threshold.value = 0.3 + 0.5 * rng.uniform();
    rat.threshold.hi = rat.cost.hi = 1;
    rat.cost.value = 0.5 * rng.uniform();
    for (int k = 0, n = rng.uniform_int(1, 3); k < n; ++k) {
      Actor c;
      c.id = fmt::format("C{}_{}", p + 1, k + 1);
      c.role = Role::constituent;
      c.parent = s.actors[p].id;
      c.capability.value = rng.uniform_int(1, 100);
      c.capability.hi = 100;
      const int idx = static_cast<int>(s.actors.size());
      s.actors.push_back(c);
      Preferences pref = s.preferences[p];
      pref.actor = idx;
      pref.interactions.clear();
      pref.requirements.clear();
      pref.reservation.value = 0.6 * rng.uniform();
      for (auto& ip : pref.issues)
        for (auto& sc : ip.scores) sc.value = rng.uniform_int(0, 100);
      add_requirements(rng, s, pref);
      s.preferences.push_back(pref);
      if (rng.uniform() < 0.2) rat.veto.push_back(idx);
    }
    s.ratification.push_back(rat);
  }
  return s;
}

// A package's verdicts from the scenario's requirements (scenario/scenario.h `breaks`) and the
// utility-only verdict: a party's broken requirement rejects, a constituent's is a veto.
struct Brute {
  bool all = true;
  std::vector<bool> accepted, ratified;
  std::vector<int> broken;  // per party: its own
  std::vector<double> effective;
};
Brute brute(const Scenario& s, const CompiledModel& m, const Choice& c) {
  using namespace deal_space_detail;
  std::vector<double> v(m.utilities.size());
  for (std::size_t f = 0; f < v.size(); ++f) v[f] = m.utility(static_cast<int>(f), c);
  auto breaks_any = [&](int f) {
    int n = 0;
    for (const auto& q : s.preferences_of(m.utilities[f].actor)->requirements) n += breaks(q, c);
    return n;
  };
  Brute b;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    PartyVerdict pv = party_verdict(m, p, v.data());
    bool vetoed = false;
    if (m.ratification[p].active)
      for (int f : m.ratification[p].constituents) vetoed = vetoed || breaks_any(f) > 0;
    const int own = breaks_any(m.parties[p]);
    // Without a veto from a requirement the verdict is the utilities'; with one, nothing passes.
    const bool ratified = pv.ratified && !vetoed;
    b.ratified.push_back(ratified);
    b.broken.push_back(own);
    b.accepted.push_back(ratified && pv.accepted && own == 0);
    b.effective.push_back(pv.effective);
    b.all = b.all && b.accepted.back();
  }
  return b;
}

TEST(requirements_test, every_path_matches_brute_force_on_random_scenarios) {
  SplitMix64 rng(1313);
  int with_requirements = 0, empty_zopa = 0;
  for (int trial = 0; trial < 300; ++trial) {
    Scenario s = random_scenario(rng);
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    with_requirements += m.has_requirements();
    const std::size_t P = m.parties.size();
    std::uint64_t zopa = 0;
    std::vector<std::uint64_t> win(P, 0), ruled(P, 0);
    std::optional<std::uint64_t> nash;
    double best = -1;
    int fewest = std::numeric_limits<int>::max();
    for (std::uint64_t x = 0; x < m.package_count(); ++x) {
      Choice c = m.choice_of(x);
      Brute b = brute(s, m, c);
      PackageValue v = evaluate_package(m, c);
      for (std::size_t p = 0; p < P; ++p) {
        win[p] += b.ratified[p];
        ruled[p] += b.broken[p] > 0;
        ASSERT_EQ(static_cast<bool>(v.accepted[p]), b.accepted[p]) << "package " << x << " party " << p;
        ASSERT_EQ(static_cast<bool>(v.ratified[p]), b.ratified[p]) << "package " << x << " party " << p;
        ASSERT_EQ(has(rejection_reasons(m, v, p), Reason::requirement), b.broken[p] > 0);
        ASSERT_EQ(static_cast<int>(v.broken[m.parties[p]].size()), b.broken[p]);
      }
      ASSERT_EQ(every_party_accepts(m, c), b.all);
      int total = 0;
      for (int n : b.broken) total += n;
      fewest = std::min(fewest, total);
      if (!b.all) continue;
      ++zopa;
      double prod = 1;
      for (std::size_t p = 0; p < P; ++p) prod *= std::max(0.0, b.effective[p] - m.utilities[m.parties[p]].reservation);
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
    if (m.has_requirements()) {
      EXPECT_EQ(r.ruled_out, ruled);
    }
    ASSERT_EQ(r.closest.has_value(), zopa == 0);
    if (r.closest) {
      ++empty_zopa;
      // The closest package breaks the fewest of the parties' requirements.
      int total = 0;
      for (std::size_t p = 0; p < P; ++p) total += static_cast<int>(r.closest->broken[m.parties[p]].size());
      EXPECT_EQ(total, fewest);
    }
    // The sweep's summariser agrees.
    DealSummarizer summary(m);
    const DealSummary& d = summary.run(m);
    EXPECT_EQ(d.zopa_size, zopa);
    EXPECT_EQ(d.nash == DealSummary::kNone ? std::nullopt : std::optional<std::uint64_t>(d.nash), nash);
  }
  EXPECT_GT(with_requirements, 150);  // the generator exercises what it is meant to
  EXPECT_GT(empty_zopa, 20);
}

TEST(requirements_test, requirements_link_their_issues_into_one_block) {
  Scenario s = good();
  CompiledModel m = compile(s);
  // security-first (security), no-relief-no-dismantlement (denuclearization, relief): two
  // blocks; HAWKS' no-full-relief is on relief alone.
  ASSERT_EQ(m.blocks.size(), 2u);
  EXPECT_EQ(m.blocks[0], std::vector<int>{0});
  EXPECT_EQ(m.blocks[1], (std::vector<int>{1, 2}));
  EXPECT_TRUE(m.has_requirements());
  // Order requirements do not link issues: they do not bear on one package.
  ASSERT_EQ(m.utilities[m.parties[party(m, s, "DPRK")]].orders.size(), 1u);
}

}  // namespace
}  // namespace parley
