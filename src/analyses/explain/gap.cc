#include "analyses/explain/gap.h"

#include <tuple>

namespace parley {

std::optional<IssueGap> gap_in_issue_terms(const Scenario& s, const CompiledModel& m, int fn, const Choice& x, double gap) {
  if (!(gap > 0) || fn < 0 || static_cast<std::size_t>(fn) >= m.utilities.size()) return std::nullopt;
  const UtilityFn& u = m.utilities[static_cast<std::size_t>(fn)];
  const double base = m.utility(fn, x);
  std::optional<IssueGap> best;
  Choice y = x;
  for (std::size_t i = 0; i < m.n_options.size() && i < x.size() && i < s.issues.size(); ++i) {
    const Issue& is = s.issues[i];
    const int from = x[i];
    // The options by their gain to the party: lo the best below the gap (the package's own
    // option, gain 0, at worst), hi the least that reaches it; ties by option id.
    int lo = from, hi = -1, passed = 0;
    double glo = 0, ghi = 0;
    for (int o = 0; o < m.n_options[i]; ++o) {
      if (o == from) continue;
      y[i] = o;
      const double gain = u.to_utility(m.utility(fn, y) - base);
      if (gain >= gap) {
        if (hi < 0 || gain < ghi || (gain == ghi && is.options[o].id < is.options[hi].id)) hi = o, ghi = gain;
      } else if (gain > 0) {
        ++passed;
        if (gain > glo || (gain == glo && is.options[o].id < is.options[lo].id)) lo = o, glo = gain;
      }
    }
    y[i] = from;
    if (hi < 0) continue;
    IssueGap g;
    g.issue = static_cast<int>(i);
    g.from = from;
    g.lo = lo;
    g.hi = hi;
    g.fraction = (gap - glo) / (ghi - glo);
    g.steps = passed + g.fraction;
    // The smallest move; ties by issue id, so the answer does not depend on the file's order.
    if (!best || std::make_tuple(g.steps, is.id) < std::make_tuple(best->steps, s.issues[best->issue].id)) best = g;
  }
  return best;
}

}  // namespace parley
