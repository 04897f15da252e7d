// Renders a mediation (analyses/mediate) as JSON (the `parley mediate --format json` contract,
// docs/mediate.md) or as a terminal report in English or Chinese.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyses/mediate/mediate.h"
#include "render/deal_space_render.h"

namespace parley {

nlohmann::ordered_json mediate_json(const Scenario& s, const CompiledModel& m, const MediateResult& r,
                                    const RunInfo& info, std::uint64_t seed, bool anneal);
std::string mediate_text(const Scenario& s, const CompiledModel& m, const MediateResult& r, const RunInfo& info);

}  // namespace parley
