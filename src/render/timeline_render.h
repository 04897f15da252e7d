// Renders a timeline (analyses/timeline) as JSON (`parley timeline --format json`) or a table.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analyses/bargain/bargain.h"
#include "analyses/timeline/timeline.h"
#include "render/deal_space_render.h"

namespace parley {

// The simulated talks a timeline marks (`parley timeline --bargain`): the result of `parley
// bargain` over the same range (docs/two-level.md).
struct TimelineProcess {
  std::string result;           // agreement | breakdown | no_agreement
  std::optional<Date> date;     // agreement or breakdown date
  int round = -1;
  std::optional<Choice> package;  // agreement
  std::string party;            // breakdown: the actor id that walked away
  std::string reason;           // breakdown: deadline | no_expected_package
  Date from, to;
  std::string step;
};

// What a timeline marks of a `parley bargain` run.
TimelineProcess timeline_process(const Scenario& s, const BargainResult& b);

nlohmann::ordered_json timeline_json(const Scenario& s, const TimelineResult& t, const RunInfo& info,
                                     const std::optional<TimelineProcess>& process = std::nullopt);
std::string timeline_text(const Scenario& s, const TimelineResult& t, const RunInfo& info,
                          const std::optional<TimelineProcess>& process = std::nullopt);

}  // namespace parley
