// `parley bargain`: the negotiation process on a scenario (THEORY.md C6, C7, C9, C10;
// docs/bargain.md). From `from` to `to`, one round per date of the step: the scenario as of the
// round's date (events, deadlines, patrons: scenario/what_if.h, as the timeline applies them) is
// compiled, every package is evaluated once per date whose numbers change (the deal space's
// evaluate_package: effective utility, ratification, requirements) and the process
// (process.h) runs on it. Dates whose numbers other than the parties' own reservations repeat
// reuse the evaluation; the parties' reservations are read at every date.
//
// Parties, their tactics and deadlines (docs/bargain.md, "Defaults"):
//   tactic    --tactic PARTY=SPEC, else the party's `tactic` key, else linear
//   deadline  the party's `deadline` key (a deadline of the scenario: its date), else `to`; the
//             party's clock runs from `from` to it, and it walks away after it
//   beliefs   the party's `beliefs` key (a distribution per other party), else the other's
//             reservation's distribution when it has one (`dist`), else uniform on 0..1
//   first     --first PARTY, else the first party in file order
// Parameters (BargainOptions): from (default: the scenario date), to (default: the last
// deadline's date, or one year after `from` without deadlines), step (default 1d), protocol
// (alternating), seed (recorded; the built-in tactics draw no random numbers).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyses/bargain/process.h"
#include "core/cancel.h"
#include "core/date.h"
#include "model/compiled.h"
#include "scenario/what_if.h"

namespace parley {

struct BargainOptions {
  std::optional<Date> from, to;
  DateStep step{1, 'd'};
  Protocol protocol = Protocol::alternating;
  std::map<std::string, TacticSpec> tactics;  // party id -> tactic (overrides the scenario's)
  std::string first;                          // party id; empty: the first party
  // Mediated protocol (mediated.h): the mediator's actor id; empty: the first actor with role
  // mediator, or a neutral one (equal weights, observes reservations) when there is none.
  std::string mediator;
  std::uint64_t seed = 0;
  WhatIf what_if;                             // --set, --without (its `at` is ignored)
  // Check of the incremental path (tests): every round applies the what-if as of its date to a
  // fresh copy (apply_what_if), compiles it and evaluates every package again.
  bool fresh_every_round = false;
};

struct BargainParty {
  int actor = -1;
  TacticSpec tactic;
  std::string tactic_from;   // "flag", "scenario" or "default"
  std::string deadline;      // deadline id, empty: `to`
  Date deadline_date;
  std::string beliefs_from;  // "scenario", "distribution" or "default" (about each other party)
};

struct BargainResult {
  Date from, to;
  DateStep step;
  Protocol protocol = Protocol::alternating;
  std::uint64_t seed = 0;
  int first = 0;                   // index into parties
  std::vector<BargainParty> parties;
  std::vector<Date> dates;         // one per round
  ProcessOutcome outcome;
  std::vector<Choice> packages;    // the packages of the trace (and the agreement), by trace order
  // Agreement only: distances in utility space at the agreement's date (C10), each party's
  // concession from its opening offer (own utility of its first offer minus the agreement's).
  std::optional<double> distance_to_nash, distance_to_pareto;
  std::vector<double> nash_utilities;
  std::vector<double> concessions;
  std::vector<double> reservations_at_end;  // per party, at the last round played
  // Mediated protocol: the mediator (actor index, −1: neutral), its normalised weights (per
  // party) and whether it observes the reservations.
  int mediator = -1;
  std::vector<double> bias;
  bool observes_reservations = true;
};

// Throws UsageError (bad dates, unknown party, tactic, --mediator not a mediator or without the
// mediated protocol), InputError (a tactic or deadline in the
// file that the registry refuses, with its position), AnalysisError (fewer than two parties, a
// space too large to list: more than 2^32 packages), and AnalysisError when `cancel` is set while
// it runs (checked at every round and every 65536 packages evaluated).
BargainResult run_bargain(const Scenario& base, const BargainOptions& opt, const CancelToken* cancel = nullptr);

// One process prepared once and run many times with other values of some parameters (`parley
// sweep --bargain`: one session per thread). The constructor does what does not depend on the
// values: the dates, the parties' setup, a working copy of the scenario, its compiled model and
// the changes of every date (consecutive dates with the same changes share one program). A run
// sets the varied parameters, and at each date whose changes differ from the previous date's
// restores and re-applies only the parameters that changes or varied values touch, recompiles
// only the utility functions that read them, and re-evaluates the packages only when a number
// other than the parties' reservations changed. run() gives the same result as run_bargain on a
// copy of the scenario with those values (bargain_test checks it).
class BargainSession {
 public:
  // `varied`: list_params paths of the parameters that runs may set (unknown paths: UsageError).
  BargainSession(const Scenario& base, const BargainOptions& opt, const std::vector<std::string>& varied = {});
  ~BargainSession();
  BargainSession(const BargainSession&) = delete;
  BargainSession& operator=(const BargainSession&) = delete;

  // The values of the varied parameters (in `varied` order) for the next runs.
  void set_values(const std::vector<double>& values);
  // The header of every run (dates, parties, tactics); outcome and details are empty.
  const BargainResult& header() const;
  // Runs the process. Without `details` only the outcome's kind, round, package and utilities
  // are filled (no trace, no distances or concessions).
  // `cancel`: checked at every round (AnalysisError when set).
  BargainResult run(bool details = true, const CancelToken* cancel = nullptr);
  // Runs the process for the outcome alone (no trace): the cheap path of a sweep's sample.
  const ProcessOutcome& run_outcome();
  Choice choice_of(std::uint64_t package) const;
  // The dates whose changes differ from the previous date's (the first included): where a run
  // may restore, apply and recompile.
  std::size_t changing_dates() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
