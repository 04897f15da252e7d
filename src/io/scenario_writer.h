// Writes a Scenario back to YAML (format v1): used by `parley generate`, importers and the
// load/save round-trip test. Evidence and names are kept; numbers without evidence are written
// bare.
#pragma once

#include <string>

#include "scenario/scenario.h"

namespace parley {

std::string scenario_to_yaml(const Scenario& s);

}  // namespace parley
