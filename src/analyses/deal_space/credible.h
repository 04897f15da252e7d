// Credible packages (docs/deal-space.md, "Credible packages"): can a package be carried out
// without trusting the other side? A package is evaluated as `parley sequence` evaluates a plan
// (docs/sequencing.md) of one simultaneous stage from the status quo (every issue's first
// option) to the package:
//  * every issue that moves is one item, delivered by the issue's `delivered_by`, with its
//    option's clawback, verification and lapse (else its issue's; a verification neither states
//    is `default_verification`, the plan search's default);
//  * a party that stops delivering is caught in time, before the others deliver, with the lowest
//    verification among its items; if not, it keeps what the others delivered, less what they
//    claw back; an untrustworthy party (1 − the scenario's trust) cheats where that pays it;
//  * a lapsing move counts for min(1, lapses_after / horizon) of its value.
// A package is credible when it is in the ZOPA and every party accepts that one-stage plan: the
// completed plan (the package as `analyze` values it, less what its lapsing moves lose) is worth
// at least the party's no-deal value d, and so is its expected utility under its trust. The
// credible ZOPA is the set of credible packages; a grand bargain whose one side can cheat
// unseen (verification 0) and walk away with what it received is not credible unless the other
// trusts it enough.
//
// The evaluation is additive over issue blocks (issues linked by interaction terms; a stage's
// interaction terms are shared among its moves by the Shapley value, within each block): per
// package it needs, for each deliverer a and party i, what i keeps of the items the others than
// a deliver, after their clawbacks (E[a][i]), the lowest verification among a's items (V[a])
// and what each party's lapsing moves lose (L[i]), all sums (V a minimum) over the blocks. The
// deal-space scan adds them as columns of its half tables (deal_space_internal.h) and reads
// E[a][i] for i other than a only for the packages where some deliverer gains by cheating.
//
// Parameters:
//   default_verification  verification of moves whose option and issue state none   0.5 (0..1)
#pragma once

#include <string>
#include <vector>

#include "model/compiled.h"
#include "scenario/scenario.h"

namespace parley {

struct PackageValue;  // deal_space.h

// The commitments of a scenario in the numeric form the evaluation reads. Parties are indices
// into CompiledModel::parties.
struct Commitments {
  // False when some issue has no `delivered_by` party or the scenario has more than 20 parties:
  // the credible evaluation is then not made (`why_not` says why).
  bool evaluable = false;
  std::string why_not;
  std::vector<int> issues_without_deliverer;  // issue indices, in file order
  std::vector<int> deliverer;                 // per issue: its party
  std::vector<int> deliverers;                // the parties that deliver some issue, ascending
  std::vector<int> slot;                      // per party: its place in `deliverers`, -1 if none
  std::vector<std::vector<double>> clawback, verification, in_force;  // [issue][option]
  std::vector<std::vector<double>> trust;     // [i][j]: i's prior that j is trustworthy
  std::vector<double> trust_flat;             // the same, row-major (i * parties + j)
  std::vector<int> order;                     // the parties in canonical order (by actor id)
  std::vector<int> deliverer_order;           // places in `deliverers`, in that order
  std::vector<double> reservation;            // per party: d on the 0..1 scale
  std::vector<double> unit;                   // per party: model units -> utility
  bool lapses = false;                        // some move of the space lapses
  // False when every party fully trusts every other, nothing lapses and no order requirement
  // exists: every ZOPA package is then credible (an untrustworthy type never occurs), and the
  // scan needs no extra work.
  bool needs_evaluation = false;
  double default_verification = 0.5;
};

// Throws nothing: a scenario the evaluation cannot read is returned with evaluable = false.
Commitments compile_commitments(const Scenario& s, const CompiledModel& m, double default_verification = 0.5);

// Each party's prior trust in each other party (1 where the scenario states none).
std::vector<std::vector<double>> trust_matrix(const Scenario& s, const CompiledModel& m);

// One package's credible verdict, with each party's values in the one-stage plan.
enum class Reason;  // deal_space.h

struct CredibleVerdict {
  bool credible = false;
  std::vector<bool> accepted;        // per party: accepts the one-stage plan (false outside the ZOPA)
  // per party: why it rejects the plan, as `sequence` says it (rejection_reasons of the package
  // with what lapses, then mistrust); empty when it accepts
  std::vector<std::vector<Reason>> reasons;
  std::vector<double> completion;    // per party: the completed plan's value
  std::vector<double> expected;      // per party: its expected utility under its trust
};
// Carried out in one stage from the status quo (each issue's first option), a package breaks an
// order requirement whose `move` it makes hold while `after` did not hold at the start (as
// sequence's plans, analyses/sequencing/order.h): the reasons party p then rejects it for
// (`requirement` for its own, `ratification` for a ratifying constituent's), empty when none.
std::vector<Reason> one_stage_order_reasons(const CompiledModel& m, std::size_t p, const Choice& x);
// Whether some party or ratifying constituent has an order requirement.
bool has_one_stage_orders(const CompiledModel& m);
// Whether package x, carried out in one stage, breaks an order requirement of some party.
bool one_stage_breaks_orders(const CompiledModel& m, const Choice& x);

// `v` is the package's evaluation (evaluate_package). Needs c.evaluable; a package breaking an
// order requirement in one stage is not credible.
CredibleVerdict evaluate_credible(const CompiledModel& m, const Commitments& c, const PackageValue& v);

// A credible row: per deliverer g, the lowest verification among its items (V[g], 2 when it
// has none); per party, what lapses cost it (L); per deliverer g and party i, what i keeps of
// the items the others than g deliver, after their clawbacks (E[g][i]: i's breakdown value, less
// d, when g cheats unseen). Layout V | L | E, width D + P + D·P. add_block_credible adds the
// columns of one block's options in `x` to `row` (V the minimum, the rest summed; `row` starts
// from credible_row_init).
std::size_t credible_width(const Commitments& c, std::size_t parties);
void credible_row_init(const Commitments& c, std::size_t parties, double* row);
void add_block_credible(const CompiledModel& m, const Commitments& c, int block, const Choice& x, double* row);

// The verdict from a package's credible row, given each party's effective utility (after any
// audience cost, 0..1 scale) of a package in the ZOPA. `expected` and `completion` (per party)
// are filled when given.
bool credible_from_row(const Commitments& c, std::size_t parties, const double* effective, const double* row,
                       double* expected = nullptr, double* completion = nullptr, bool* accepted = nullptr);
// (credible_eval.h, internal: the same from the rows of a package's two halves.)

}  // namespace parley
