// Renders a timeline (analyses/timeline) as JSON (`parley timeline --format json`) or a table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyses/timeline/timeline.h"
#include "render/deal_space_render.h"

namespace parley {

nlohmann::ordered_json timeline_json(const Scenario& s, const TimelineResult& t, const RunInfo& info);
std::string timeline_text(const Scenario& s, const TimelineResult& t, const RunInfo& info);

}  // namespace parley
