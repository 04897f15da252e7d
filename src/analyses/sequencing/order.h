// Order requirements on plans (Requirement::Kind::order in scenario/scenario.h: "move only after
// after"). A plan moves issues stage by stage; a move made of several items (shares) starts at
// its first item's stage and is completed at its last item's. After stage t:
//   started(t)    the start with every move begun by the end of stage t applied;
//   completed(t)  the start with every move completed by the end of stage t applied;
// with started(−1) = completed(−1) = the plan's start. An order requirement is broken when some
// stage t makes `move` hold (it holds in started(t), not in started(t − 1)) while `after` does
// not hold in completed(t − 1). A party rejects a plan that breaks one of its own order
// requirements (Reason::requirement); a constituent's is a veto at home (Reason::ratification).
// The plan search (sequencing.h) never proposes a plan breaking any of them.
#pragma once

#include <vector>

#include "analyses/sequencing/sequencing.h"

namespace parley {

// Per utility function (CompiledModel::utilities order): the order requirements the plan
// breaks, as positions in UtilityFn::orders.
std::vector<std::vector<int>> broken_orders(const CompiledModel& m, const SeqPlan& plan);

// Whether the plan breaks an order requirement that a verdict reads: a party's, or a
// constituent's of a party with a ratification rule.
bool breaks_order(const CompiledModel& m, const SeqPlan& plan);

// Whether any order requirement could matter (so the search checks its candidates).
bool has_orders(const CompiledModel& m);

}  // namespace parley
