// Every word the report shows, in English and Traditional Chinese (labels.cc). Scenario names
// come from the scenario file; these are the report's own headings, axis titles and sentences
// (fmt format strings where they take values).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace parley {

class Labels {
 public:
  explicit Labels(std::string lang) : zh_(lang == "zh-TW") {}
  // The label `key` in the report's language; throws std::out_of_range on an unknown key.
  const std::string& operator()(const std::string& key) const;
  // Every label, for the page's script (chart fallbacks).
  nlohmann::ordered_json all() const;

 private:
  bool zh_;
};

}  // namespace parley
