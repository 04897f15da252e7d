// Incremental compile of reservations alone (implemented in compiled.cc beside compile and
// recompile). A process's deadlines move the parties' reservations at every date while nothing
// else changes; recompile would rewrite every utility on an exact scale each time. Here only the
// reservations are rewritten, when that leaves the model exactly as recompile would.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/compiled.h"
#include "scenario/scenario.h"

namespace parley {

// Built once per scenario structure: `s` must outlive it, and only its parameter values may
// change (as for recompile).
class ReservationRecompiler {
 public:
  explicit ReservationRecompiler(const Scenario& s);
  ~ReservationRecompiler();
  ReservationRecompiler(const ReservationRecompiler&) = delete;
  ReservationRecompiler& operator=(const ReservationRecompiler&) = delete;

  // Records how each utility function's reservation enters its exact scale (the reservation's
  // denominator): call after every compile or recompile of `m` from `s`.
  void snapshot(const CompiledModel& m);
  // Since the last snapshot, `m` was changed by update alone and only reservation parameters of
  // `s` changed (Preferences::reservation, a patron's support level or effect), each read by
  // one of the utility functions `fns` (their actors' own reservations). Rewrites those
  // reservations without allocating, leaving `m` exactly as recompile would, and returns true;
  // returns false, changing nothing, when a reservation's denominator differs from the
  // snapshot's (a scale could move: call recompile, then snapshot).
  bool update(CompiledModel& m, const std::vector<int>& fns) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
