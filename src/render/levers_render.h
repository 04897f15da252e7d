// Renders levers (analyses/levers) as JSON (the `parley levers --format json` contract,
// docs/levers.md, schema/levers.schema.json) or as a terminal table in English or Chinese, and
// the robustness paragraph `analyze`, `compare` and `sequence` add to their verdicts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyses/levers/levers.h"
#include "analyses/levers/robustness.h"
#include "render/deal_space_render.h"

namespace parley {

nlohmann::ordered_json levers_json(const Scenario& s, const LeversResult& r, const RunInfo& info, std::size_t top);
std::string levers_text(const Scenario& s, const LeversResult& r, const RunInfo& info, std::size_t top);

// {label, nearest_lever, share_of_range, p_holds, p_holds_ci, varied, fixed, sources, …}.
nlohmann::ordered_json robustness_json(const Robustness& r);
// One line, e.g. "Robustness: fragile: the nearest lever is DPRK.reservation 0.585 → 0.5725
// (8.3% of its plausible range); the verdict holds in 60.1% of 1000 sampled inputs (simulation
// precision 57.0% to 63.1%); 12 numbers varied, 140 fixed, 9 sources."
std::string robustness_text(const Scenario& s, const Robustness& r, const std::string& lang);
// A table cell: "fragile: North Korea (DPRK): reservation value 0.585 → 0.5725 (8.3%); holds in
// 60.1%" (the parameter or event by name).
std::string robustness_cell(const Scenario& s, const Robustness& r, const std::string& lang);

}  // namespace parley
