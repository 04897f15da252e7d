// Renders a Monte Carlo sweep (analyses/sweep) as JSON (the `parley sweep --format json`
// contract) or as a terminal report: the probability of a deal with its interval, the Nash
// packages found, expected utilities, the tornado of drivers and the Sobol indices.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyses/sweep/sweep.h"
#include "render/deal_space_render.h"

namespace parley {

nlohmann::ordered_json sweep_json(const Scenario& s, const SweepResult& r, const RunInfo& info);
std::string sweep_text(const Scenario& s, const SweepResult& r, const RunInfo& info);

}  // namespace parley
