// Deal space over time: the scenario evaluated at each date of a range (events up to the date,
// deadlines' effects at it), giving the ZOPA size, the Nash package and each party's win-set
// size per date, and the first date the ZOPA is non-empty. Dates whose parameter values are
// identical to the previous date's reuse its result.
//
// Parameters: from, to (inclusive), step (Nd | Nw | Nm); the what-if (--set, --without) applies
// at every date.
#pragma once

#include <optional>
#include <vector>

#include "analyses/deal_space/deal_space.h"
#include "core/cancel.h"
#include "scenario/what_if.h"

namespace parley {

struct TimelineRow {
  Date date;
  std::uint64_t zopa_size = 0;
  bool zopa_exact = true;  // false: zopa_size is a lower bound (DealSpaceResult, method search)
  std::optional<PackageValue> nash;
  std::vector<std::uint64_t> win_set_size;  // per party
  bool reused = false;                     // same parameters as the previous date
};

struct TimelineResult {
  std::vector<TimelineRow> rows;
  std::optional<Date> first_zopa_date;
  std::vector<int> parties;  // actor indices, in the order of win_set_size
  bool cancelled = false;
};

// Throws UsageError when `to` is before `from` or the range has more than 100000 dates.
TimelineResult run_timeline(const Scenario& base, const WhatIf& what_if, Date from, Date to, DateStep step,
                            int threads = 0, const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

}  // namespace parley
