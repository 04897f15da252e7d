#include "scenario/names.h"

#include <gtest/gtest.h>

#include "io/scenario_loader.h"
#include "scenario/params.h"

namespace parley {
namespace {

Scenario hanoi() { return load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml"); }

TEST(names_test, parameter_paths_read_as_names) {
  Scenario s = hanoi();
  EXPECT_EQ(param_display_name(s, "US.reservation", "en"), "United States: reservation value");
  EXPECT_EQ(param_display_name(s, "US.sanctions_relief.partial", "en"),
            "United States: score of Sanctions relief: Partial (civilian economy and livelihoods)");
  EXPECT_EQ(param_display_name(s, "US.reservation", "zh-TW"), "美國：保留值");
  // Unknown paths come back as they are.
  EXPECT_EQ(param_display_name(s, "nobody.reservation", "en"), "nobody.reservation");
  EXPECT_EQ(param_display_name(s, "US.sanctions_relief.nothing", "en"), "US.sanctions_relief.nothing");
}

TEST(names_test, every_parameter_of_every_shipped_scenario_has_a_name) {
  for (const char* file : {"/scenarios/hanoi-2019.yaml", "/scenarios/germany-coalition-2021.yaml",
                           "/scenarios/toy-two-party.yaml"}) {
    Scenario s = load_scenario_file(std::string(PARLEY_SOURCE_DIR) + file);
    for (const auto& ref : list_params(s)) {
      for (const char* lang : {"en", "zh-TW"}) {
        const std::string name = param_display_name(s, ref.path, lang);
        EXPECT_NE(name, ref.path) << file << " " << ref.path << " " << lang;
        EXPECT_FALSE(name.empty());
      }
    }
  }
}

TEST(names_test, events_plans_and_options_by_name) {
  Scenario s = hanoi();
  ASSERT_FALSE(s.events.empty());
  EXPECT_NE(event_display_name(s, s.events[0].id, "en"), s.events[0].id);
  EXPECT_EQ(event_display_name(s, "no-such-event", "en"), "no-such-event");
  if (!s.plans.empty()) {
    EXPECT_NE(plan_display_name(s, s.plans[0].id, "en"), s.plans[0].id);
  }
  EXPECT_EQ(option_display_name(s, 1, 2, "en"), "Sanctions relief: Full");
}

}  // namespace
}  // namespace parley
