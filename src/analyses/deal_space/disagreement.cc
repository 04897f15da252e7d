// The disagreement point (reservation or NegMAS's floor) and the solutions read off the
// frontier: egalitarian and maximal welfare (deal_space.h).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

#include "analyses/deal_space/bnb.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "core/error.h"

namespace parley {

const char* to_string(Disagreement d) { return d == Disagreement::floor ? "floor" : "reservation"; }

namespace deal_space_detail {

CompiledModel with_disagreement(const CompiledModel& m, Disagreement d) {
  CompiledModel out = m;
  if (d == Disagreement::reservation) return out;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    const CompiledRatification& r = m.ratification[p];
    if (r.active && r.rule == Ratification::Rule::audience_cost)
      throw AnalysisError("the floor disagreement point needs each party's least utility, which parley does not compute "
                          "for a party with an audience-cost ratification rule; use the reservation disagreement point");
  }
  // A party's least utility: the sum over blocks (utilities are additive across blocks) of the
  // block's least; exact, as every value is on the party's integer grid.
  // Blocks of many packages with fewer class tuples are read by classes (classes.h): the same
  // values.
  std::vector<double> least(m.parties.size(), 0);
  const OptionClasses classes = option_classes(m, m.parties);
  for (std::size_t b = 0; b < m.blocks.size(); ++b) {
    const int block = static_cast<int>(b);
    const double packages = static_cast<double>(blocks_size(m, {block}));
    if (packages > static_cast<double>(kClassFrom) && class_tuples(m, classes, block) < packages) {
      const MergedRows rows = merged_rows_by_classes(m, classes, block, m.parties, 1, nullptr);
      for (std::size_t p = 0; p < m.parties.size(); ++p) {
        double lo = kInf;
        for (std::size_t r = 0; r < rows.size(); ++r) lo = std::min(lo, rows.v[r * rows.P + p]);
        least[p] += lo;
      }
      continue;
    }
    Table t = tabulate(m, {block}, m.parties);
    for (std::size_t p = 0; p < m.parties.size(); ++p) least[p] += t.lo[p];
  }
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    UtilityFn& u = out.utilities[m.parties[p]];
    u.reservation = std::max(u.reservation, least[p]);
  }
  return out;
}

namespace {

constexpr double kTie = 1e-12;
bool tied(double a, double b) { return std::abs(a - b) <= kTie * std::max(1.0, std::max(std::abs(a), std::abs(b))); }

}  // namespace

FrontierSolutions frontier_solutions(const CompiledModel& m, const Front& f) {
  FrontierSolutions out;
  const std::size_t P = m.parties.size();
  std::vector<std::size_t> order(f.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return f.idx[a] < f.idx[b]; });
  std::vector<double> best_gains, gains(P);
  double best_welfare = 0;
  for (std::size_t i : order) {
    bool in = true;
    double welfare = 0;
    for (std::size_t p = 0; p < P; ++p) {
      const UtilityFn& u = m.utilities[m.parties[p]];
      const double v = f.v[i * P + p];
      in = in && v >= u.reservation;
      gains[p] = u.to_utility(v - u.reservation);
      welfare += u.to_utility(v);
    }
    if (!in) continue;
    // Points come in index order: a later point wins only when strictly better.
    if (out.max_welfare == kNoIndex || (!tied(welfare, best_welfare) && welfare > best_welfare)) {
      out.max_welfare = f.idx[i];
      best_welfare = welfare;
    }
    std::vector<double> sorted = gains;
    std::sort(sorted.begin(), sorted.end());
    bool better = out.egalitarian == kNoIndex;
    for (std::size_t k = 0; !better && k < P; ++k) {
      if (tied(sorted[k], best_gains[k])) continue;
      if (sorted[k] > best_gains[k]) better = true;
      break;
    }
    if (better) {
      out.egalitarian = f.idx[i];
      best_gains = std::move(sorted);
    }
  }
  return out;
}

}  // namespace deal_space_detail
}  // namespace parley
