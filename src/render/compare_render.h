// Renders a comparison of two what-ifs (analyses/compare) as JSON or a side-by-side table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyses/compare/compare.h"
#include "analyses/levers/robustness.h"
#include "render/deal_space_render.h"

namespace parley {

// With robustness (baseline, variant; docs/levers.md): each side's JSON gets `robustness` and
// the table a row.
nlohmann::ordered_json compare_json(const CompareResult& r, const std::string& lang,
                                    const std::pair<Robustness, Robustness>* robustness = nullptr);
std::string compare_text(const CompareResult& r, const std::string& lang,
                         const std::pair<Robustness, Robustness>* robustness = nullptr);

}  // namespace parley
