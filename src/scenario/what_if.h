// Evaluating a scenario "as of" a date and under a what-if: parameter overrides (--set), then
// the events dated on or before the date in file order (minus those removed with --without),
// then the deadlines' effects at that date. Every change goes through the parameter paths of
// scenario/params.h and is clamped to the parameter's valid range.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario/params.h"
#include "scenario/scenario.h"

namespace parley {

struct WhatIf {
  std::optional<Date> at;              // default: the scenario's date
  std::vector<std::string> without;    // event ids removed (counterfactuals)
  std::vector<Override> overrides;     // applied to the base values, before events
};

// Checks the what-if against the scenario (unknown event ids, paths, ranges): InputError.
void validate_what_if(const Scenario& s, const WhatIf& w);

// The scenario as of the what-if's date. Throws InputError on unknown ids or paths.
Scenario apply_what_if(const Scenario& base, const WhatIf& w);

// Fraction (0..1) of a deadline's change in effect on `date`.
double deadline_effect(const Deadline& d, Date date);

// Parses a what-if item as used by `parley compare`: "at=YYYY-MM-DD", "without=EVENT_ID" or
// "PATH=VALUE" (an override). Throws UsageError.
void add_what_if_item(WhatIf& w, const std::string& item);

}  // namespace parley
