#include "analyses/deal_space/status_quo.h"

#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"

namespace parley {

std::optional<Diagnostic> status_quo_warning(const Scenario& s, const CompiledModel& m) {
  if (s.issues.empty() || m.parties.size() < 2) return std::nullopt;
  // The status quo: the plans' common start, else every issue's first option.
  std::vector<int> start(s.issues.size(), 0);
  for (std::size_t k = 0; k < s.plans.size(); ++k) {
    if (k == 0) start = s.plans[k].start;
    else if (s.plans[k].start != start) return std::nullopt;  // plans disagree: no one status quo
  }
  int named = -1;
  for (std::size_t k = 0; k < s.packages.size(); ++k)
    if (s.packages[k].options == start) named = static_cast<int>(k);
  if (named < 0) return std::nullopt;
  const PackageValue v = evaluate_package(m, start);
  std::string parties;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    if (v.shortfall[p] <= 0) return std::nullopt;  // this party prefers the status quo to no deal
    const int actor = m.utilities[m.parties[p]].actor;
    parties += fmt::format("{}{} (short by {:.3f})", parties.empty() ? "" : ", ", s.actors[actor].id, v.shortfall[p]);
  }
  const Package& pkg = s.packages[named];
  return Diagnostic{pkg.loc,
                    fmt::format("every party rejects package '{}', the status quo: {}; each party's value of no deal "
                                "is above its utility there, so no deal is not a return to the status quo (if it is, "
                                "write `fallback: {}` instead of a reservation; docs/no-deal.md)",
                                pkg.id, parties, pkg.id)};
}

}  // namespace parley
