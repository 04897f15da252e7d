// Mediation (docs/mediate.md): the `mediation` section (values, paths, round trip), the single
// text's guarantees, the minimum inducement against brute force, and Kydd's credibility.
#include "analyses/mediate/mediate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "scenario/params.h"

namespace parley {
namespace {

const char* kGood = PARLEY_SOURCE_DIR "/tests/data/good/31-mediation.yaml";

TEST(mediate_test, section_values_paths_and_round_trip) {
  Scenario a = load_scenario_file(kGood);
  ASSERT_EQ(a.mediation.size(), 1u);
  const Mediation& md = a.mediation[0];
  EXPECT_EQ(a.actors[md.mediator].id, "M");
  ASSERT_EQ(md.bias.size(), 2u);
  EXPECT_EQ(md.bias[1].second.value, 0.6);
  EXPECT_EQ(md.cost_of_failure.value, 0.2);
  EXPECT_EQ(md.cost_of_failure.evidence.size(), 1u);
  EXPECT_TRUE(md.observes_reservations);
  ASSERT_EQ(md.inducements.size(), 2u);
  EXPECT_EQ(a.actors[md.inducements[1].funder].id, "P");
  EXPECT_TRUE(md.inducements[1].budget.dist);
  std::vector<std::string> paths;
  for (const auto& ref : list_params(a))
    if (ref.path.rfind("M.", 0) == 0 && ref.path.find(".bias") != std::string::npos) paths.push_back(ref.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"M.bias.A", "M.bias.B"}));
  ASSERT_TRUE(find_param(a, "M.cost_of_failure"));
  ASSERT_TRUE(find_param(a, "M.inducement.aid.budget"));
  EXPECT_EQ(find_param(a, "M.inducement.aid.B")->value, 0.03);
  apply_overrides(a, {{"M.bias.A", 0.9}});
  EXPECT_EQ(a.mediation[0].bias[0].second.value, 0.9);
  std::string yaml = scenario_to_yaml(a);
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  auto pa = list_params(a), pb = list_params(b);
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].path, pb[i].path);
    EXPECT_EQ(pa[i].param->value, pb[i].param->value);
    EXPECT_EQ(pa[i].param->evidence.size(), pb[i].param->evidence.size());
  }
}

// A random additive scenario: `n` parties, issues with 2..4 options, random scores and
// reservations, and a mediator with the given bias and inducements text.
std::string random_scenario(std::mt19937_64& g, int parties, int issues, const std::string& mediation) {
  std::uniform_int_distribution<int> opts(2, 4), score(0, 100), sal(1, 5), res(20, 60);
  std::string t = "parley: 1\nid: r\ntitle: {en: r, zh-TW: r}\ndate: 2020-01-01\nactors:\n";
  for (int p = 0; p < parties; ++p) t += "  - {id: P" + std::to_string(p) + ", name: p, role: party, capability: 10}\n";
  t += "  - {id: M, name: m, role: mediator, capability: 10}\nissues:\n";
  std::vector<int> n(issues);
  for (int i = 0; i < issues; ++i) {
    n[i] = opts(g);
    t += "  - id: i" + std::to_string(i) + "\n    name: i\n    options:\n";
    for (int o = 0; o < n[i]; ++o) t += "      - {id: o" + std::to_string(o) + ", name: o}\n";
  }
  t += "preferences:\n";
  for (int p = 0; p < parties; ++p) {
    t += "  P" + std::to_string(p) + ":\n    reservation: 0." + std::to_string(res(g)) + "\n    issues:\n";
    for (int i = 0; i < issues; ++i) {
      t += "      i" + std::to_string(i) + ": {salience: " + std::to_string(sal(g)) + ", scores: {";
      for (int o = 0; o < n[i]; ++o) t += (o ? ", o" : "o") + std::to_string(o) + ": " + std::to_string(score(g));
      t += "}}\n";
    }
  }
  return t + mediation;
}

// Whether some one-issue change of x makes no party worse and one better (a Pareto-local move).
bool one_issue_improvement(const CompiledModel& m, const Choice& x) {
  const PackageValue cur = evaluate_package(m, x);
  for (std::size_t i = 0; i < x.size(); ++i)
    for (int o = 0; o < m.n_options[i]; ++o) {
      if (o == x[i]) continue;
      Choice y = x;
      y[i] = o;
      const PackageValue v = evaluate_package(m, y);
      bool worse = false, better = false;
      for (std::size_t p = 0; p < m.parties.size(); ++p) {
        worse = worse || v.effective[p] < cur.effective[p] - 1e-12;
        better = better || v.effective[p] > cur.effective[p] + 1e-12;
      }
      if (better && !worse) return true;
    }
  return false;
}

TEST(mediate_test, single_text_never_hurts_and_stops_at_a_pareto_local_optimum) {
  std::mt19937_64 g(7);
  for (int trial = 0; trial < 40; ++trial) {
    const int parties = 2 + trial % 2;
    Scenario s = load_scenario_text(random_scenario(g, parties, 2 + trial % 3, ""), "r.yaml");
    const CompiledModel m = compile(s);
    for (bool anneal : {false, true}) {
      MediateOptions o;
      o.anneal = anneal;
      o.seed = static_cast<std::uint64_t>(trial);
      const MediateResult r = mediate(s, m, o);
      // Along the adopted drafts, the hill climb never makes a party worse off.
      std::vector<double> cur = evaluate_package(m, r.start).effective;
      for (const Draft& d : r.drafts) {
        if (!d.adopted) {
          // A rejected draft is vetoed by a party it makes worse off (no requirements here).
          ASSERT_FALSE(d.vetoed_by.empty());
          continue;
        }
        if (!anneal) {
          for (std::size_t p = 0; p < cur.size(); ++p) EXPECT_GE(d.utilities[p], cur[p] - 1e-12);
        }
        cur = d.utilities;
      }
      EXPECT_EQ(cur, r.proposal.effective);
      EXPECT_FALSE(one_issue_improvement(m, r.proposal.choice)) << "trial " << trial << " anneal " << anneal;
    }
  }
}

// Single issue, additive: the hill climb reaches the Pareto frontier (every one-issue move is a
// move along the only issue). With two issues a trade across issues can be needed (logrolling):
// each one-issue change hurts someone, so the text stops off the frontier.
TEST(mediate_test, frontier_on_one_issue_and_the_logrolling_limit) {
  std::mt19937_64 g(11);
  for (int trial = 0; trial < 20; ++trial) {
    Scenario s = load_scenario_text(random_scenario(g, 2 + trial % 2, 1, ""), "r.yaml");
    const CompiledModel m = compile(s);
    const MediateResult r = mediate(s, m, {});
    ASSERT_TRUE(r.distance_to_pareto);
    EXPECT_LT(*r.distance_to_pareto, 1e-12) << "trial " << trial;
  }
  const std::string logroll = R"(parley: 1
id: logroll
title: {en: l, zh-TW: l}
date: 2020-01-01
actors:
  - {id: A, name: a, role: party, capability: 1}
  - {id: B, name: b, role: party, capability: 1}
  - {id: M, name: m, role: mediator, capability: 1}
issues:
  - {id: x, name: x, options: [{id: a, name: a}, {id: b, name: b}]}
  - {id: y, name: y, options: [{id: a, name: a}, {id: b, name: b}]}
preferences:
  A: {reservation: 0, issues: {x: {salience: 2, scores: {a: 0, b: 100}}, y: {salience: 1, scores: {a: 100, b: 0}}}}
  B: {reservation: 0, issues: {x: {salience: 1, scores: {a: 100, b: 0}}, y: {salience: 2, scores: {a: 0, b: 100}}}}
)";
  Scenario s = load_scenario_text(logroll, "l.yaml");
  const CompiledModel m = compile(s);
  const MediateResult r = mediate(s, m, {});
  EXPECT_EQ(r.proposal.choice, (Choice{0, 0}));
  ASSERT_TRUE(r.distance_to_pareto);
  EXPECT_GT(*r.distance_to_pareto, 0.1);
  EXPECT_FALSE(one_issue_improvement(m, r.proposal.choice));
  // The welfare criterion finds the trade.
  MediateOptions o;
  o.method = MediateMethod::welfare;
  EXPECT_EQ(mediate(s, m, o).proposal.choice, (Choice{1, 1}));
}

// The minimum inducement against a brute-force grid over units, package by package.
TEST(mediate_test, minimum_inducement_against_brute_force) {
  std::mt19937_64 g(3);
  std::uniform_int_distribution<int> val(0, 9);
  for (int trial = 0; trial < 6; ++trial) {
    const std::string med = "mediation:\n  M:\n    inducements:\n"
                            "      - {id: u, funder: M, budget: 30, value: {P0: 0.0" + std::to_string(1 + val(g)) +
                            ", P1: 0.0" + std::to_string(val(g)) + "}}\n"
                            "      - {id: v, funder: M, budget: 12, value: {P0: 0.0" + std::to_string(val(g)) +
                            ", P1: 0.0" + std::to_string(1 + val(g)) + "}}\n";
    Scenario s = load_scenario_text(random_scenario(g, 2, 2, med), "r.yaml");
    const CompiledModel m = compile(s);
    const auto& inds = s.mediation[0].inducements;
    double w[2][2];
    for (int k = 0; k < 2; ++k)
      for (int p = 0; p < 2; ++p) w[k][p] = inds[k].value[p].second.value;
    const double step = 0.02;
    for (std::uint64_t i = 0; i < m.package_count(); ++i) {
      const PackageValue v = evaluate_package(m, m.choice_of(i));
      for (bool budgets : {true, false}) {
        double grid = INFINITY;
        const double cap0 = budgets ? 30 : 120, cap1 = budgets ? 12 : 120;
        for (double a = 0; a <= cap0 + 1e-9; a += step)
          for (double b = 0; b <= cap1 + 1e-9; b += step) {
            if (a + b >= grid) break;
            if (a * w[0][0] + b * w[1][0] >= v.shortfall[0] - 1e-12 && a * w[0][1] + b * w[1][1] >= v.shortfall[1] - 1e-12)
              grid = a + b;
          }
        const auto lp = min_inducement(s, m, inds, v.shortfall, budgets);
        if (!lp) {
          EXPECT_TRUE(std::isinf(grid)) << "package " << i;
          continue;
        }
        const double cost = (*lp)[0] + (*lp)[1];
        for (int p = 0; p < 2; ++p)
          EXPECT_GE((*lp)[0] * w[0][p] + (*lp)[1] * w[1][p], v.shortfall[p] - 1e-9);
        if (budgets) {
          EXPECT_TRUE((*lp)[0] <= 30 + 1e-9 && (*lp)[1] <= 12 + 1e-9);
        }
        EXPECT_LE(cost, grid + 1e-9) << "package " << i;
        if (std::isfinite(grid)) {
          EXPECT_GE(cost, grid - 2 * step - 1e-9) << "package " << i;
        }
      }
    }
  }
}

// An inducement changes no verdict unless funded: the proposal's own verdict is the parties'.
TEST(mediate_test, leverage_on_the_example) {
  Scenario s = load_scenario_file(kGood);
  const CompiledModel m = compile(s);
  MediateOptions o;
  o.method = MediateMethod::nash;
  const MediateResult r = mediate(s, m, o);
  if (r.in_zopa) {
    EXPECT_FALSE(r.inducement.needed);
    EXPECT_EQ(r.inducement.cost, 0);
  }
  ASSERT_TRUE(r.inducement.cheapest);
  // The cheapest package to buy costs no more than the proposal.
  EXPECT_LE(r.inducement.cheapest_cost, r.inducement.cost + 1e-12);
  // Raising the bar: reservations above every package; nothing is in the ZOPA, the
  // inducement must cover the shortfall, and the budget decides whether it is funded.
  apply_overrides(s, {{"A.reservation", 0.95}});
  const CompiledModel m2 = compile(s);
  const MediateResult r2 = mediate(s, m2, {});
  EXPECT_FALSE(r2.in_zopa);
  EXPECT_TRUE(r2.inducement.needed);
  if (r2.inducement.possible) {
    double a_gain = 0;
    for (const auto& u : r2.inducement.offers)
      for (const auto& [party, v] : s.mediation[0].inducements[u.inducement].value)
        if (s.actors[party].id == "A") a_gain += u.units * v.value;
    EXPECT_GE(a_gain, r2.proposal.shortfall[0] - 1e-9);
  }
}

TEST(mediate_test, unbiased_advice_is_never_credible_and_bias_toward_the_listener_makes_it_so) {
  std::mt19937_64 g(5);
  std::uniform_real_distribution<double> u(0, 1);
  int became = 0;
  for (int trial = 0; trial < 500; ++trial) {
    const std::size_t n = 2 + trial % 3;
    std::vector<double> gains(n);
    for (double& x : gains) x = u(g) * 0.5;
    const double best = gains[0] + u(g) * 0.5, c = u(g) * 0.3, rho = u(g) * 0.3;
    const std::vector<double> equal(n, 1.0 / static_cast<double>(n));
    EXPECT_FALSE(kydd_credibility(0, equal, gains, best, c, rho).credible);
    bool was = false;
    for (int k = 0; k <= 100; ++k) {
      const double w = 1.0 / static_cast<double>(n) + (1 - 1.0 / static_cast<double>(n)) * k / 100.0;
      std::vector<double> b(n, (1 - w) / static_cast<double>(n - 1));
      b[0] = w;
      const Credibility cr = kydd_credibility(0, b, gains, best, c, rho);
      if (was) {
        EXPECT_TRUE(cr.credible) << "credibility lost as the bias grew, trial " << trial;
      }
      // The reported threshold separates the two verdicts.
      if (!cr.weight_needed) {
        EXPECT_FALSE(cr.credible);
      } else if (std::fabs(w - *cr.weight_needed) > 1e-9) {
        EXPECT_EQ(cr.credible, w > *cr.weight_needed);
      }
      was = cr.credible;
    }
    if (was) ++became;
  }
  EXPECT_GT(became, 0);
  // A higher cost of failure never makes advice more credible.
  const std::vector<double> gains{0.1, 0.2}, b{0.9, 0.1};
  EXPECT_TRUE(kydd_credibility(0, b, gains, 0.3, 0, 0.3).credible);
  EXPECT_FALSE(kydd_credibility(0, b, gains, 0.3, 1, 0.3).credible);
  // Nor does a higher risk of holding out; with no risk, any bias toward the listener will do.
  EXPECT_FALSE(kydd_credibility(0, b, gains, 0.3, 0, 0.9).credible);
  const Credibility free = kydd_credibility(0, {0.5, 0.5}, gains, 0.3, 0.5, 0);
  EXPECT_FALSE(free.credible);
  ASSERT_TRUE(free.weight_needed);
  EXPECT_NEAR(*free.weight_needed, 0.5, 1e-12);
}

TEST(mediate_test, a_mediator_that_does_not_observe_reservations_is_never_credible) {
  Scenario s = load_scenario_file(kGood);
  apply_overrides(s, {{"M.bias.A", 1}, {"M.bias.B", 0}, {"M.cost_of_failure", 0}});
  const CompiledModel m = compile(s);
  const MediateResult seen = mediate(s, m, {});
  s.mediation[0].observes_reservations = false;
  const MediateResult blind = mediate(s, m, {});
  for (const auto& c : blind.credibility) EXPECT_FALSE(c.credible);
  EXPECT_EQ(seen.credibility.size(), blind.credibility.size());
}

TEST(mediate_test, deterministic_and_seeded) {
  Scenario s = load_scenario_file(kGood);
  const CompiledModel m = compile(s);
  MediateOptions o;
  o.anneal = true;
  o.seed = 42;
  const MediateResult a = mediate(s, m, o), b = mediate(s, m, o);
  ASSERT_EQ(a.drafts.size(), b.drafts.size());
  for (std::size_t k = 0; k < a.drafts.size(); ++k) EXPECT_EQ(a.drafts[k].package, b.drafts[k].package);
}

}  // namespace
}  // namespace parley
