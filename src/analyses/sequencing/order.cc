#include "analyses/sequencing/order.h"

#include <cmath>

namespace parley {
namespace {

// started[t + 1] and completed[t + 1] for t = −1 .. T − 1 (index 0: the start). Consecutive items
// moving an issue to the same option form one move until their shares reach 1 (as finish_plan).
void stage_packages(const SeqPlan& plan, std::vector<Choice>& started, std::vector<Choice>& completed) {
  const std::size_t T = plan.stages.size(), I = plan.start.size();
  started.assign(T + 1, plan.start);
  completed.assign(T + 1, plan.start);
  for (std::size_t i = 0; i < I; ++i) {
    int option = -1;
    std::size_t first = 0, last = 0;
    double share = 0;
    auto close = [&] {
      if (option < 0) return;
      for (std::size_t t = first; t < T; ++t) started[t + 1][i] = option;
      for (std::size_t t = last; t < T; ++t) completed[t + 1][i] = option;
      option = -1;
    };
    for (std::size_t t = 0; t < T; ++t)
      for (const auto& it : plan.stages[t].items) {
        if (it.issue != static_cast<int>(i)) continue;
        if (option != it.option || share >= 1 - 1e-9) {
          close();
          option = it.option;
          first = t;
          share = 0;
        }
        share += it.share;
        last = t;
      }
    close();
  }
}

bool broken(const CompiledOrder& o, const std::vector<Choice>& started, const std::vector<Choice>& completed) {
  for (std::size_t k = 1; k < started.size(); ++k)
    if (holds(o.move, started[k]) && !holds(o.move, started[k - 1]) && !holds(o.after, completed[k - 1])) return true;
  return false;
}

// The utility functions whose order requirements a verdict reads.
std::vector<int> read_by_verdicts(const CompiledModel& m) {
  std::vector<int> out(m.parties.begin(), m.parties.end());
  for (const auto& r : m.ratification)
    if (r.active) out.insert(out.end(), r.constituents.begin(), r.constituents.end());
  return out;
}

}  // namespace

std::vector<std::vector<int>> broken_orders(const CompiledModel& m, const SeqPlan& plan) {
  std::vector<std::vector<int>> out(m.utilities.size());
  std::vector<Choice> started, completed;
  bool filled = false;
  for (std::size_t f = 0; f < m.utilities.size(); ++f) {
    const auto& orders = m.utilities[f].orders;
    if (orders.empty()) continue;
    if (!filled) stage_packages(plan, started, completed);
    filled = true;
    for (std::size_t k = 0; k < orders.size(); ++k)
      if (broken(orders[k], started, completed)) out[f].push_back(static_cast<int>(k));
  }
  return out;
}

bool breaks_order(const CompiledModel& m, const SeqPlan& plan) {
  std::vector<Choice> started, completed;
  bool filled = false;
  for (int f : read_by_verdicts(m))
    for (const auto& o : m.utilities[f].orders) {
      if (!filled) stage_packages(plan, started, completed);
      filled = true;
      if (broken(o, started, completed)) return true;
    }
  return false;
}

bool has_orders(const CompiledModel& m) {
  for (int f : read_by_verdicts(m))
    if (!m.utilities[f].orders.empty()) return true;
  return false;
}

}  // namespace parley
