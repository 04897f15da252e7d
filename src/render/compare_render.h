// Renders a comparison of two what-ifs (analyses/compare) as JSON or a side-by-side table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyses/compare/compare.h"
#include "render/deal_space_render.h"

namespace parley {

nlohmann::ordered_json compare_json(const CompareResult& r, const std::string& lang);
std::string compare_text(const CompareResult& r, const std::string& lang);

}  // namespace parley
