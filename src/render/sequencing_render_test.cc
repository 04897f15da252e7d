// The plan renderers say where audience costs are left out: only the completed plan's value is
// net of them (ratification concerns the final package); the stage values are not.
#include "render/sequencing_render.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "io/scenario_loader.h"

namespace parley {
namespace {

struct Evaluated {
  Scenario s;
  CompiledModel m;
  SeqPlan plan;
  PlanResult result;
};

Evaluated evaluate(const std::string& rel, const std::string& plan_id) {
  Evaluated e{load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/" + rel), {}, {}, {}};
  e.m = compile(e.s);
  e.plan = compile_plan(e.s, e.m, e.s.plan_index(plan_id));
  e.result = evaluate_plan(e.m, e.plan);
  return e;
}

RunInfo info(const std::string& lang) {
  RunInfo i;
  i.command = "sequence";
  i.lang = lang;
  return i;
}

TEST(sequencing_render_test, audience_costs_left_out_of_stage_values_are_said) {
  // Hanoi: the US ratifies under an audience-cost rule.
  Evaluated e = evaluate("scenarios/hanoi-2019.yaml", "dprk-phased");
  std::size_t us = 0;
  while (e.s.actors[e.m.utilities[e.m.parties[us]].actor].id != "US") ++us;
  const double cost = audience_cost(e.m, e.result.final_value, us);
  EXPECT_GT(cost, 0.0);
  // The completed value is the final package's net utility (own utility less the cost).
  EXPECT_NEAR(e.result.completion[us] + cost, e.result.final_value.utilities[e.m.parties[us]] +
                                                  (e.plan.actions.empty() ? 0.0 : e.plan.actions[us]),
              1e-12);
  auto j = sequence_json(e.s, e.m, &e.plan, &e.result, std::nullopt, info("en"));
  ASSERT_TRUE(j["audience_cost"].contains("US"));
  EXPECT_NEAR(j["audience_cost"]["US"].get<double>(), cost, 1e-9);
  EXPECT_FALSE(j["audience_cost"].contains("DPRK"));
  ASSERT_TRUE(j["audience_cost_note"].is_string());
  const std::string note = j["audience_cost_note"];
  EXPECT_NE(note.find(fmt::format("United States {:.3f}", cost)), std::string::npos) << note;
  EXPECT_NE(note.find("leave them out"), std::string::npos) << note;
  const std::string en = sequence_text(e.s, e.m, &e.plan, &e.result, std::nullopt, info("en"));
  EXPECT_NE(en.find("\n" + note + "\n"), std::string::npos) << en;
  const std::string zh = sequence_text(e.s, e.m, &e.plan, &e.result, std::nullopt, info("zh-TW"));
  EXPECT_NE(zh.find("觀眾成本（最終方案：美國"), std::string::npos) << zh;
  EXPECT_NE(zh.find("未扣除觀眾成本"), std::string::npos) << zh;
}

TEST(sequencing_render_test, no_audience_cost_rule_no_note) {
  Evaluated e = evaluate("tests/data/good/11-plans.yaml", "phased");
  auto j = sequence_json(e.s, e.m, &e.plan, &e.result, std::nullopt, info("en"));
  EXPECT_TRUE(j["audience_cost"].empty());
  EXPECT_TRUE(j["audience_cost_note"].is_null());
  const std::string en = sequence_text(e.s, e.m, &e.plan, &e.result, std::nullopt, info("en"));
  EXPECT_EQ(en.find("Audience costs"), std::string::npos) << en;
}

}  // namespace
}  // namespace parley
