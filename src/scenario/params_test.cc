#include "scenario/params.h"

#include <gtest/gtest.h>

#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "model/compiled.h"

namespace parley {
namespace {

Scenario toy() { return load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/03-interactions.yaml"); }

TEST(params_test, every_number_has_one_path) {
  Scenario s = toy();
  auto refs = list_params(s);
  std::set<std::string> paths;
  for (const auto& r : refs) EXPECT_TRUE(paths.insert(r.path).second) << r.path;
  EXPECT_TRUE(paths.count("Buyer.reservation"));
  EXPECT_TRUE(paths.count("Buyer.price.salience"));
  EXPECT_TRUE(paths.count("Buyer.price.low"));
  EXPECT_TRUE(paths.count("Buyer.cheap_and_fast.bonus"));
  EXPECT_TRUE(paths.count("Seller.capability"));
  EXPECT_EQ(find_param(s, "Buyer.price.low")->value, 100);
  EXPECT_EQ(find_param(s, "Nobody.reservation"), nullptr);
}

TEST(params_test, overrides_change_values_and_reject_bad_paths_and_ranges) {
  Scenario s = toy();
  apply_overrides(s, {{"Buyer.reservation", 0.5}, {"Seller.price.mid", 80}});
  EXPECT_EQ(s.preferences_of(s.actor_index("Buyer"))->reservation.value, 0.5);
  EXPECT_EQ(find_param(s, "Seller.price.mid")->value, 80);
  try {
    apply_overrides(s, {{"Buyer.nothing", 1}, {"Buyer.reservation", 2}});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);  // both problems, not just the first
    EXPECT_NE(e.diagnostics()[0].message.find("unknown parameter path 'Buyer.nothing'"), std::string::npos);
    EXPECT_EQ(e.diagnostics()[1].message, "value 2 is out of range; expected 0 to 1");
  }
}

TEST(params_test, parse_override_accepts_path_value_only) {
  auto o = parse_override("US.reservation=0.25");
  EXPECT_EQ(o.path, "US.reservation");
  EXPECT_EQ(o.value, 0.25);
  EXPECT_THROW(parse_override("US.reservation"), UsageError);
  EXPECT_THROW(parse_override("=3"), UsageError);
  EXPECT_THROW(parse_override("US.reservation=abc"), UsageError);
  EXPECT_THROW(parse_override("US.reservation=0.5x"), UsageError);
}

TEST(params_test, saved_scenarios_load_back_identically) {
  for (const char* name : {"01-minimal", "02-evidence-everywhere", "03-interactions", "04-roles-and-parents",
                           "05-package-options", "06-text-forms", "09-domestic-politics", "10-events-and-deadlines"}) {
    SCOPED_TRACE(name);
    Scenario a = load_scenario_file(std::string(PARLEY_SOURCE_DIR "/tests/data/good/") + name + ".yaml");
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
}

}  // namespace
}  // namespace parley
