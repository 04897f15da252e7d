// The registry, the shared baselines, and the single-shot models (mean, median, anchored) on the
// canonical emissions case (tests/data/validation/ec-emissions-bdm94.csv; BDM94, SCZ Table 1):
// weighted mean 7.389955686853767 and weighted median 7 (validation README, three replications
// agree); plus contract checks (relabelling, parameters, presets).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "analyses/forecast/spatial.h"
#include "core/error.h"

namespace parley {
namespace {

SpatialProblem emissions() {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/data/validation/ec-emissions-bdm94.csv");
  EXPECT_TRUE(in.good());
  SpatialProblem p;
  p.id = "emissions";
  SpatialIssue is;
  is.id = "position";
  is.lo = 4;
  is.hi = 10;
  std::string line;
  std::getline(in, line);  // header: actor,capability,position,salience
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream row(line);
    std::string actor, cap, pos, sal;
    std::getline(row, actor, ',');
    std::getline(row, cap, ',');
    std::getline(row, pos, ',');
    std::getline(row, sal, ',');
    p.actors.push_back(actor);
    is.capability.push_back(std::stod(cap));
    is.position.push_back(std::stod(pos));
    is.salience.push_back(std::stod(sal) / 100);
  }
  p.issues.push_back(is);
  return p;
}

ForecastResult run(const std::string& model, const SpatialProblem& p, std::map<std::string, double> sets = {},
                   const std::string& preset = "") {
  const SpatialModel* m = find_model(model);
  EXPECT_NE(m, nullptr) << model;
  ModelOptions opt;
  opt.params = resolve_params(*m, preset, sets);
  return m->run(p, 0, opt);
}

TEST(forecast_test, registry_lists_every_builtin_model) {
  for (const char* name : {"mean", "median", "eum", "exchange", "anchored"}) EXPECT_NE(find_model(name), nullptr) << name;
  EXPECT_EQ(find_model("nope"), nullptr);
}

TEST(forecast_test, emissions_weighted_mean_and_median) {
  SpatialProblem p = emissions();
  ASSERT_EQ(p.actors.size(), 10u);
  EXPECT_NEAR(run("mean", p).forecast, 7.389955686853767, 1e-12);
  EXPECT_EQ(run("median", p).forecast, 7.0);
  ForecastResult r = run("mean", p);
  EXPECT_NEAR(r.baseline_mean, 7.389955686853767, 1e-12);
  EXPECT_EQ(r.baseline_median, 7.0);
  EXPECT_EQ(r.stopped_by, "single-shot");
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_EQ(r.rounds[0].positions, p.issues[0].position);
}

TEST(forecast_test, exponent_zero_gives_the_unweighted_mean) {
  SpatialProblem p = emissions();
  double plain = 0;
  for (double x : p.issues[0].position) plain += x;
  EXPECT_NEAR(run("mean", p, {{"exponent", 0}}).forecast, plain / 10, 1e-12);
}

TEST(forecast_test, relabelling_actors_changes_nothing) {
  SpatialProblem p = emissions(), q = p;
  std::vector<std::size_t> order{9, 3, 0, 7, 1, 5, 2, 8, 4, 6};
  for (std::size_t k = 0; k < order.size(); ++k) {
    q.actors[k] = p.actors[order[k]];
    q.issues[0].position[k] = p.issues[0].position[order[k]];
    q.issues[0].salience[k] = p.issues[0].salience[order[k]];
    q.issues[0].capability[k] = p.issues[0].capability[order[k]];
  }
  EXPECT_NEAR(run("mean", q).forecast, run("mean", p).forecast, 1e-12);
  EXPECT_EQ(run("median", q).forecast, run("median", p).forecast);
}

TEST(forecast_test, median_is_the_condorcet_winner_among_positions) {
  // V(a, b) = Σ c s (|x − b| − |x − a|) ≥ 0 for every other position b.
  SpatialProblem p = emissions();
  const auto& is = p.issues[0];
  double m = run("median", p).forecast;
  for (double b : is.position) {
    double v = 0;
    for (std::size_t k = 0; k < is.position.size(); ++k)
      v += is.capability[k] * is.salience[k] * (std::abs(is.position[k] - b) - std::abs(is.position[k] - m));
    EXPECT_GE(v, -1e-12) << b;
  }
}

TEST(forecast_test, anchored_pulls_the_mean_towards_the_reference_point) {
  SpatialProblem p = emissions();
  EXPECT_NEAR(run("anchored", p, {{"alpha", 0.5}}).forecast, 7.389955686853767, 1e-12);  // no reference
  p.issues[0].reference = 10;
  EXPECT_NEAR(run("anchored", p, {{"alpha", 0.5}}).forecast, (7.389955686853767 + 10) / 2, 1e-12);
  EXPECT_NEAR(run("anchored", p, {{"alpha", 0}}).forecast, 7.389955686853767, 1e-12);
}

TEST(forecast_test, unknown_parameters_and_presets_are_refused) {
  const SpatialModel& m = *find_model("mean");
  EXPECT_THROW(resolve_params(m, "", {{"alpha", 1}}), UsageError);
  EXPECT_THROW(resolve_params(m, "nope", {}), UsageError);
  EXPECT_THROW(resolve_params(m, "", {{"exponent", -1}}), UsageError);
  EXPECT_EQ(resolve_params(m, "", {{"exponent", 2}}).at("exponent"), 2.0);
}

}  // namespace
}  // namespace parley
