// The conversion of a scenario's continuous issues into the spatial models' problem.
#include "model/spatial.h"

#include <gtest/gtest.h>

#include <cmath>

#include "io/scenario_loader.h"

namespace parley {
namespace {

TEST(spatial_test, continuous_issues_become_spatial_issues) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/13-continuous.yaml");
  SpatialProblem p = spatial_problem(s);
  EXPECT_EQ(p.id, "continuous");
  EXPECT_EQ(p.actors, (std::vector<std::string>{"US", "DPRK", "PRC", "ROK"}));  // every actor, file order
  ASSERT_EQ(p.issues.size(), 2u);

  const SpatialIssue& relief = p.issues[0];
  EXPECT_EQ(relief.id, "relief_scope");
  EXPECT_EQ(relief.lo, 0);
  EXPECT_EQ(relief.hi, 100);
  ASSERT_EQ(relief.position.size(), 4u);
  ASSERT_EQ(relief.salience.size(), 4u);
  ASSERT_EQ(relief.capability.size(), 4u);
  EXPECT_EQ(relief.position[0], 20);
  EXPECT_EQ(relief.position[1], 90);
  EXPECT_EQ(relief.position[2], 70);
  EXPECT_TRUE(std::isnan(relief.position[3]));  // ROK takes no position
  EXPECT_FALSE(relief.has(3));
  EXPECT_TRUE(relief.has(0));
  EXPECT_DOUBLE_EQ(relief.salience[0], 0.8);  // salience / 100
  EXPECT_DOUBLE_EQ(relief.salience[1], 0.9);
  EXPECT_DOUBLE_EQ(relief.salience[2], 0.4);
  EXPECT_EQ(relief.capability[0], 90);  // the entry's own capability
  EXPECT_EQ(relief.capability[1], 40);  // the actor's capability
  EXPECT_EQ(relief.capability[2], 60);  // the entry's own (the actor has 70)
  EXPECT_EQ(relief.reference, 0);
  EXPECT_EQ(relief.outcome, 0);
  // Capability × salience weighted mean: (90·0.8·20 + 40·0.9·90 + 60·0.4·70) / (72 + 36 + 24).
  EXPECT_DOUBLE_EQ(weighted_mean(relief, relief.position), 6360.0 / 132);

  const SpatialIssue& insp = p.issues[1];
  EXPECT_EQ(insp.id, "inspections");
  EXPECT_EQ(insp.lo, -10);
  EXPECT_EQ(insp.hi, 365.5);
  EXPECT_TRUE(std::isnan(insp.reference));
  EXPECT_TRUE(std::isnan(insp.outcome));
  EXPECT_TRUE(std::isnan(insp.position[2]));
  EXPECT_EQ(insp.position[0], 365.5);
  EXPECT_EQ(insp.position[1], -10);
}

TEST(spatial_test, scenario_without_continuous_issues) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/01-minimal.yaml");
  SpatialProblem p = spatial_problem(s);
  EXPECT_EQ(p.actors.size(), 2u);
  EXPECT_TRUE(p.issues.empty());
}

// What-ifs reach the problem: the conversion reads the parameters' current values.
TEST(spatial_test, reads_current_values) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/13-continuous.yaml");
  s.continuous[0].positions[1].position.value = 55;
  s.actors[1].capability.value = 10;
  SpatialProblem p = spatial_problem(s);
  EXPECT_EQ(p.issues[0].position[1], 55);
  EXPECT_EQ(p.issues[0].capability[1], 10);
}

}  // namespace
}  // namespace parley
