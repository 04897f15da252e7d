// Evaluating a scenario "as of" a date and under a what-if: parameter overrides (--set), then
// the events dated on or before the date in file order (minus those removed with --without),
// then the deadlines' effects at that date; requirements named by --without-requirement are
// dropped. Every change goes through the parameter paths of
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
  // Requirements dropped (counterfactuals), as ACTOR.REQUIREMENT (--without-requirement).
  std::vector<std::string> without_requirements;
};

// Checks the what-if against the scenario (unknown event ids, unknown requirements, paths,
// ranges): InputError.
void validate_what_if(const Scenario& s, const WhatIf& w);

// The scenario as of the what-if's date. Throws InputError on unknown ids or paths.
Scenario apply_what_if(const Scenario& base, const WhatIf& w);
// Removes the requirements the what-if drops (part of apply_what_if; for callers that apply the
// dated changes themselves, as a sweep does). Unknown names are skipped (validate_what_if
// reports them).
void drop_requirements(Scenario& s, const WhatIf& w);

// The changes a what-if's date brings (events on or before it in file order, minus those
// removed, then the deadlines' effects), resolved once so that they can be re-applied cheaply
// to many samples of a Monte Carlo sweep: parameters and amounts are list_params indices, and
// amounts are read when applied (an event's amount may itself be sampled).
struct ChangeStep {
  enum class Op { set, add, multiply, add_scaled, restore };
  Op op = Op::set;
  int param = -1;      // the parameter changed
  int amount = -1;     // the parameter holding the amount (set/add/multiply/add_scaled)
  double factor = 1;   // add_scaled: the deadline's effect at the date
  int slot = -1;       // where the value before the step is saved (events), or -1
  int from_slot = -1;  // restore: the slot to restore from (reverting an earlier event)
};
struct ChangeProgram {
  std::vector<ChangeStep> steps;
  int slots = 0;
  std::vector<int> slot_step;  // per slot: the step that fills it
  std::vector<int> touched() const;  // parameters changed, sorted, unique
};
// Resolves the what-if's date and removed events against `s` (overrides are not part of it).
ChangeProgram compile_changes(Scenario& s, const WhatIf& w);
// compile_changes for many dates of one scenario (a process stepping through a calendar): the
// events' steps are resolved once per set of events that apply, only the deadlines' factors per
// date. at(d) equals compile_changes(s, w with at = d), step for step. `s` must outlive it and
// keep its structure (parameter values may change).
class DatedChanges {
 public:
  DatedChanges(Scenario& s, const WhatIf& w);
  const ChangeProgram& at(Date d);

 private:
  Scenario& s_;
  WhatIf w_;
  std::vector<int> deadline_amount_;  // per deadline: list_params index of its change
  int epoch_ = -1;                    // events dated on or before the last date asked
  ChangeProgram events_, prog_;
};

// Applies the changes in place to the parameters `refs` (list_params of the scenario they were
// compiled from, or of a copy of it); `slots` is scratch space, reused across calls.
void apply_changes(const ChangeProgram& prog, const std::vector<ParamRef>& refs, std::vector<double>& slots);

// Fraction (0..1) of a deadline's change in effect on `date`.
double deadline_effect(const Deadline& d, Date date);

// Parses a what-if item as used by `parley compare`: "at=YYYY-MM-DD", "without=EVENT_ID",
// "without-requirement=ACTOR.REQUIREMENT" or "PATH=VALUE" (an override). Throws UsageError.
void add_what_if_item(WhatIf& w, const std::string& item);

}  // namespace parley
