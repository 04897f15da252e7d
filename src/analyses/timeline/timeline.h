// Deal space over time: the scenario evaluated at each date of a range (events up to the date,
// deadlines' effects at it), giving the ZOPA size, the Nash package and each party's win-set
// size per date, and the first date the ZOPA is non-empty. Dates whose parameter values are
// identical to the previous date's reuse its result.
//
// With an agreement (`--agreement PACKAGE --signed DATE`), each date from the signing on also
// gives the package in force: the signed package with every move that has lapsed by then
// (`lapses_after` of its option or issue, counted from the signing date on the calendar) back at
// the first option, the status quo, and its value and verdicts at that date.
//
// Parameters: from, to (inclusive), step (Nd | Nw | Nm); the what-if (--set, --without) applies
// at every date.
#pragma once

#include <optional>
#include <string>
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
  // With an agreement, from its signing date on: the package in force and the issues whose
  // moves have lapsed (reverted to their first option), in issue order.
  std::optional<PackageValue> in_force;
  std::vector<int> lapsed;
};

struct TimelineAgreement {
  std::string id;  // the named package's id, for output
  Choice package;  // one option per issue
  Date signed_on;
};

struct TimelineResult {
  std::vector<TimelineRow> rows;
  std::optional<Date> first_zopa_date;
  // The first date the ZOPA is empty after a date it was not: when the zone of agreement closes.
  std::optional<Date> zopa_close_date;
  std::vector<int> parties;  // actor indices, in the order of win_set_size
  std::optional<TimelineAgreement> agreement;
  bool cancelled = false;
};

// The dates of a range: `from`, then `from` + k steps (each computed from `from`, so month ends
// do not drift) up to `to`. Throws UsageError when `to` is before `from` or the range has more
// than 100000 dates. The timeline and the negotiation process (analyses/bargain) step alike.
std::vector<Date> timeline_dates(Date from, Date to, DateStep step);

// Throws UsageError when `to` is before `from` or the range has more than 100000 dates.
TimelineResult run_timeline(const Scenario& base, const WhatIf& what_if, Date from, Date to, DateStep step,
                            int threads = 0, const ProgressFn& progress = {}, const CancelToken* cancel = nullptr,
                            const std::optional<TimelineAgreement>& agreement = std::nullopt);

// The package in force on `date` of an agreement signed on `signed_on`: every issue whose move
// (from the first option) has lapsed by then is back at its first option. `lapsed` receives
// those issues, in issue order.
Choice in_force_on(const Scenario& s, const Choice& package, Date signed_on, Date date, std::vector<int>* lapsed = nullptr);

}  // namespace parley
