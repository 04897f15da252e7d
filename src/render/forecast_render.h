// Renders spatial forecasts (analyses/forecast) and their validation against recorded outcomes:
// JSON (the `parley forecast` and `parley validate` contracts) and terminal tables.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyses/forecast/spatial.h"
#include "analyses/forecast/validate.h"
#include "render/deal_space_render.h"

namespace parley {

// `names` gives each problem actor's display name (same order as problem.actors); `issue_name`
// the issue's name in info.lang (the Chinese text shows it with the id; empty: the id alone).
nlohmann::ordered_json forecast_json(const SpatialProblem& p, const ForecastResult& r, nlohmann::ordered_json header);
std::string forecast_text(const SpatialProblem& p, const ForecastResult& r, const std::vector<std::string>& names,
                          const std::string& title, const RunInfo& info, const std::string& issue_name = {});

nlohmann::ordered_json validation_json(const ValidationReport& r);
std::string validation_text(const ValidationReport& r);

}  // namespace parley
