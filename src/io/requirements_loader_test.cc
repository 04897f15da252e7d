// Requirements and plan items' `after` in the format: every form read as written (the good
// example), written back by the writer and read again unchanged.
#include <gtest/gtest.h>

#include "io/scenario_loader.h"
#include "io/scenario_writer.h"

namespace parley {
namespace {

using Conditions = std::vector<std::pair<int, std::vector<int>>>;

Conditions plain(const std::vector<Interaction::Condition>& cs) {
  Conditions out;
  for (const auto& c : cs) out.emplace_back(c.issue, c.options);
  return out;
}

TEST(requirements_loader_test, every_form_is_read_as_written) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/16-requirements.yaml");
  const int security = s.issue_index("security"), denuc = s.issue_index("denuclearization"), relief = s.issue_index("relief");
  const auto& dprk = s.preferences_of(s.actor_index("DPRK"))->requirements;
  ASSERT_EQ(dprk.size(), 3u);
  EXPECT_EQ(dprk[0].id, "security-first");
  EXPECT_EQ(dprk[0].name.at("zh-TW"), "安全優先");
  EXPECT_EQ(dprk[0].kind, Requirement::Kind::state);
  EXPECT_TRUE(dprk[0].when.empty());
  EXPECT_EQ(plain(dprk[0].then), (Conditions{{security, {1, 2}}}));
  EXPECT_EQ(dprk[0].evidence.size(), 1u);
  EXPECT_EQ(plain(dprk[1].when), (Conditions{{denuc, {1, 2}}}));
  EXPECT_EQ(plain(dprk[1].then), (Conditions{{relief, {1, 2}}}));
  EXPECT_EQ(dprk[2].kind, Requirement::Kind::order);
  EXPECT_EQ(plain(dprk[2].move), (Conditions{{denuc, {1, 2}}}));
  EXPECT_EQ(plain(dprk[2].after), (Conditions{{security, {1, 2}}}));
  const auto& hawks = s.preferences_of(s.actor_index("HAWKS"))->requirements;
  ASSERT_EQ(hawks.size(), 1u);
  EXPECT_EQ(plain(hawks[0].then), (Conditions{{relief, {0, 1}}}));
  const Plan& p = s.plans[s.plan_index("guarantees-first")];
  EXPECT_EQ(plain(p.stages[1].items[0].after), (Conditions{{security, {1, 2}}}));
  EXPECT_EQ(plain(p.stages[1].items[1].after), (Conditions{{security, {1}}}));
  EXPECT_TRUE(p.stages[0].items[0].after.empty());
  // `breaks` reads the state form only.
  EXPECT_TRUE(breaks(dprk[0], {0, 0, 0}));
  EXPECT_FALSE(breaks(dprk[0], {1, 0, 0}));
  EXPECT_FALSE(breaks(dprk[1], {1, 0, 0}));  // `if` does not hold
  EXPECT_TRUE(breaks(dprk[1], {1, 1, 0}));
  EXPECT_FALSE(breaks(dprk[2], {0, 2, 0}));  // an order requirement never breaks a package
}

TEST(requirements_loader_test, the_writer_keeps_requirements_and_after) {
  Scenario a = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/16-requirements.yaml");
  const std::string yaml = scenario_to_yaml(a);
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  ASSERT_EQ(a.preferences.size(), b.preferences.size());
  for (std::size_t k = 0; k < a.preferences.size(); ++k) {
    const auto &ra = a.preferences[k].requirements, &rb = b.preferences[k].requirements;
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t q = 0; q < ra.size(); ++q) {
      EXPECT_EQ(ra[q].id, rb[q].id);
      EXPECT_EQ(ra[q].name, rb[q].name);
      EXPECT_EQ(ra[q].kind, rb[q].kind);
      EXPECT_EQ(plain(ra[q].when), plain(rb[q].when));
      EXPECT_EQ(plain(ra[q].then), plain(rb[q].then));
      EXPECT_EQ(plain(ra[q].move), plain(rb[q].move));
      EXPECT_EQ(plain(ra[q].after), plain(rb[q].after));
      EXPECT_EQ(ra[q].evidence.size(), rb[q].evidence.size());
    }
  }
  for (std::size_t p = 0; p < a.plans.size(); ++p)
    for (std::size_t t = 0; t < a.plans[p].stages.size(); ++t)
      for (std::size_t k = 0; k < a.plans[p].stages[t].items.size(); ++k)
        EXPECT_EQ(plain(a.plans[p].stages[t].items[k].after), plain(b.plans[p].stages[t].items[k].after));
}

}  // namespace
}  // namespace parley
