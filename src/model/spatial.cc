#include "model/spatial.h"

#include <cmath>

namespace parley {

SpatialProblem spatial_problem(const Scenario& s) {
  SpatialProblem p;
  p.id = s.id;
  for (const auto& a : s.actors) p.actors.push_back(a.id);
  const std::size_t n = s.actors.size();
  for (const auto& c : s.continuous) {
    SpatialIssue is;
    is.id = c.id;
    is.lo = c.lo;
    is.hi = c.hi;
    is.position.assign(n, std::nan(""));
    is.salience.assign(n, 0);
    is.capability.assign(n, 0);
    for (std::size_t a = 0; a < n; ++a) is.capability[a] = s.actors[a].capability.value;
    for (const auto& pos : c.positions) {
      auto a = static_cast<std::size_t>(pos.actor);
      is.position[a] = pos.position.value;
      is.salience[a] = pos.salience.value / 100;
      if (pos.has_capability) is.capability[a] = pos.capability.value;
    }
    if (c.has_reference) is.reference = c.reference.value;
    if (c.has_outcome) is.outcome = c.outcome.value;
    p.issues.push_back(std::move(is));
  }
  return p;
}

}  // namespace parley
