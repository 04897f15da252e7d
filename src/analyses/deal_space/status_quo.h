// A consistency check `parley check` runs: whether every party would refuse the scenario's status
// quo. The status quo is the package the plans start from (every plan's `start`, when they agree)
// or, without plans, a named package holding every issue's first option (the documented status
// quo, docs/scenario-format.md "Plans"). When each party's value of no deal is above its utility
// there, the reservations do not describe a no deal that leaves the parties at the status quo:
// worth a warning (it is not an error: no deal may be escalation, docs/no-deal.md).
#pragma once

#include <optional>

#include "core/error.h"
#include "model/compiled.h"
#include "scenario/scenario.h"

namespace parley {

// The warning (at the package's location), or nullopt when some party accepts the status quo,
// when the scenario names no status-quo package, or has fewer than two parties.
std::optional<Diagnostic> status_quo_warning(const Scenario& s, const CompiledModel& m);

}  // namespace parley
