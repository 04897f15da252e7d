// Renders a negotiation process (analyses/bargain) as JSON (`parley bargain --format json`) or as
// a table: the result (agreement, breakdown or none by the horizon), the ANAC measures and the
// offer trace.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/bargain_sweep.h"
#include "render/deal_space_render.h"

namespace parley {

nlohmann::ordered_json bargain_json(const Scenario& s, const BargainResult& r, const RunInfo& info);
std::string bargain_text(const Scenario& s, const BargainResult& r, const RunInfo& info);
// `parley sweep --bargain`: P(agreement by a date) and its companions (docs/bargain.md).
nlohmann::ordered_json bargain_sweep_json(const Scenario& s, const BargainSweepResult& r, const RunInfo& info);
std::string bargain_sweep_text(const Scenario& s, const BargainSweepResult& r, const RunInfo& info);

}  // namespace parley
