// Loads and validates a scenario file (YAML, format v1: docs/scenario-format.md). Every
// problem is collected, with its FILE:LINE:COL, and thrown together as one InputError; the
// loader never crashes whatever the bytes (empty, binary, not YAML, deep nesting, huge files).
#pragma once

#include <string>
#include <string_view>

#include "scenario/scenario.h"

namespace parley {

// Largest scenario file accepted, in bytes.
inline constexpr std::size_t kMaxScenarioBytes = 16u << 20;

// Reads and validates `path`. Throws InputError.
Scenario load_scenario_file(const std::string& path);

// Validates YAML text; `file` is the name used in diagnostics. Throws InputError.
Scenario load_scenario_text(std::string_view text, const std::string& file);

}  // namespace parley
