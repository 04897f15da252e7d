// Phased agreements under mistrust (M5, M6, M13, M14): is a plan that delivers a package in
// stages self-enforcing, what is it worth to each party given its trust in the others, how much
// trust would make it acceptable, and which split of a package into stages works best.
// The model, its sources and its worked example are in docs/sequencing.md. In short:
//
//  * A plan moves the issues from a start package to a final one in stages; each stage's items
//    are shares of issue moves or named actions, delivered by one party each, simultaneously or
//    in a stated order. An item is worth to each party its share of the move's marginal utility
//    along the plan (or the action's stated value).
//  * One "no deal" for every command (docs/no-deal.md): each party compares the agreement with
//    its no-deal value d, as `analyze` does. Completing the plan is worth the final package's
//    value in `analyze` (its effective utility, after any audience cost) plus the actions'
//    values; walking away at any point is worth d plus what was delivered and kept.
//  * A breakdown (someone stops delivering) leaves every party d plus the value of what was
//    delivered and kept; each party undoes (by the item's claw-back share) its own reversible
//    deliveries that cost it.
//  * Self-enforcement: backward induction over the moves (Lockwood & Thomas 2002): a mover's
//    deviation gain is its breakdown payoff minus the continuation payoff. Cheating is caught
//    in time, before the parties moving at the same time or later in the stage deliver, with
//    the lowest verification among the cheater's items of the stage (an item's own, from its
//    option or issue, else the stage's).
//  * Commitments per option (docs/scenario-format.md): an item's clawback and verification
//    are its option's when stated, else its issue's; a move that lapses after L counts for
//    w = min(1, L / horizon) of its value, in the breakdowns and in the completed plan.
//  * Trust (Kydd 2005): party i's prior that j is a trustworthy type, who follows the plan. An
//    untrustworthy j cheats, with probability `cheat_rate`, at each of its moves where cheating
//    pays it (positive deviation gain). Beliefs are updated by Bayes' rule after each stage
//    (odds' = odds / (1 − χ·v) when j could have cheated). Expected utilities are exact over the
//    others' types; the minimum trust is closed-form for two parties.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyses/deal_space/credible.h"
#include "analyses/deal_space/deal_space.h"
#include "core/cancel.h"
#include "model/compiled.h"
#include "scenario/scenario.h"

namespace parley {

// A plan in numeric form. Parties are indices into CompiledModel::parties.
struct SeqItem {
  int by = 0;                  // delivering party
  std::vector<double> value;   // per party, on the 0..1 utility scale
  double clawback = 0;         // share the deliverer can undo after a breakdown
  double verification = -1;    // chance that withholding it is caught in time; < 0: the stage's
  double in_force = 1;         // share of the horizon it stays in force (1: it does not lapse)
  int issue = -1, option = -1; // an issue move (share of it), or
  double share = 1;
  int action = -1;             // a named action (Scenario::actions index)
};

struct SeqStage {
  std::string id;
  std::vector<SeqItem> items;
  std::vector<int> order;      // parties moving first, in order; the rest move last together
  double verification = 0;
};

struct SeqPlan {
  std::string id;
  Choice start, final_package;
  std::vector<SeqStage> stages;
  double cheat_rate = 1;
  std::vector<double> completion;   // per party: the completed plan's value, u*(final) + actions
  std::vector<double> reservation;  // per party: the no-deal value d (with patron support)
  // per party: the completed plan's value is u*(final) + actions, u* being analyze's effective
  // utility; without actions (0) the plan's package test is analyze's exact one
  std::vector<double> actions;
  // per party: the value the plan's lapsing moves lose, Σ (1 − in_force) · share · the move's
  // value; the completed plan is worth u*(final) + actions − lapsed
  std::vector<double> lapsed;
  std::vector<std::vector<double>> trust;  // trust[i][j]: i's prior that j is trustworthy
  // Canonical places of the parties and issues (by id), so that every floating-point sum runs in
  // the same order whatever the order of actors and issues in the file; empty: index order.
  std::vector<int> party_rank, issue_rank;
};

// Compiles plan `plan` of the scenario (the what-if already applied) against the model.
// Throws InputError when a parameter change broke the plan (shares of a move no longer 1).
SeqPlan compile_plan(const Scenario& s, const CompiledModel& m, int plan);

// Each party's prior trust in each other party: trust_matrix (analyses/deal_space/credible.h).

struct StageResult {
  std::string id;
  std::vector<bool> moves;              // per party: delivers something in this stage
  std::vector<double> deviation_gain;   // per party (0 where it does not move)
  std::vector<double> cumulative;       // per party: breakdown value right after the stage
  std::vector<std::vector<double>> trust_after;  // [i][j] after the stage, by Bayes' rule
};

struct PlanResult {
  bool self_enforcing = false;
  int unravels_at = -1;        // first stage where a party gains by defecting on the solved path
  int unravels_by = -1;        // that party
  // Self-enforcement margin: minus the largest deviation gain over every move and mover (how
  // much the most tempted party would still lose by defecting); positive when strictly
  // self-enforcing.
  double margin = 0;
  std::vector<StageResult> stages;
  std::vector<double> completion, reservation;
  std::vector<double> expected;      // per party: expected utility under its trust
  std::vector<double> cheated;       // per party: expected utility if every other party is untrustworthy
  std::vector<std::optional<double>> min_trust;  // per party; nullopt: no trust level suffices
  std::vector<bool> accepted;
  std::vector<double> shortfall;     // per party, 0 when accepted
  std::vector<std::vector<Reason>> reasons;  // per party: why it rejects (empty when accepted)
  PackageValue final_value;          // the final package's analyze verdict (ratification)
  // Per utility function: the order requirements the plan's stages break (positions in
  // UtilityFn::orders; analyses/sequencing/order.h).
  std::vector<std::vector<int>> broken_orders;
};

// Evaluates a compiled plan.
PlanResult evaluate_plan(const CompiledModel& m, const SeqPlan& plan);

// Plan search: split the moves from `start` to `target` (one item per issue that changes,
// delivered by the issue's `delivered_by`, with the option's or the issue's clawback,
// verification and lapse) into at most
// `max_stages` stages, each simultaneous or with one party moving first, all with verification
// `verification` (for the items whose option and issue state none). Exhaustive over that family. Among the self-enforcing plans it returns the one
// with the largest smallest gain (expected utility minus reservation), then the largest
// self-enforcement margin (the most robust), then the fewest stages, then the first in
// enumeration order. (In a self-enforcing plan nobody gains by cheating, so expected utility is
// the completed plan's value whatever the trust: the smallest gain ties between plans reaching
// the same package and the margin decides.) Plans breaking an order requirement of a party (or of
// a constituent of a party with a ratification rule) are not candidates (order.h).
struct SearchOptions {
  int max_stages = 4;
  double verification = 0.5;
  int threads = 0;  // 0 = all cores; the result does not depend on it
  // The search refuses (UsageError, core/cost.h) when its estimate exceeds this budget.
  Budget budget;
};

// At most this many moves are searched (the cost model refuses long before in practice).
inline constexpr int kMaxSearchMoves = 16;  // a stage splits at most 16 moves (finish_plan)

// The size and cost of a search (docs/sequencing.md, docs/budgets.md): the exact number of
// candidate plans with at most `max_stages` stages (gapless splits of the moves times each
// stage's orders), and the estimated time on one thread: a constant per candidate, plus the
// Shapley split of each stage's moves (2^moves-in-the-stage subsets, times parties and moves),
// plus the enumeration of every split (docs/performance.md "Cost model").
// Throws InputError when a move has no `delivered_by`, like search_plan.
struct SearchSize {
  int moves = 0;
  int stages = 0;          // min(max_stages, moves), at least 1
  double candidates = 0;
  CostEstimate cost;
};
SearchSize estimate_search(const Scenario& s, const CompiledModel& m, const Choice& start, const Choice& target,
                           int max_stages);
struct SearchResult {
  std::optional<SeqPlan> plan;
  std::optional<PlanResult> result;
  std::uint64_t evaluated = 0;        // candidate plans evaluated
  std::uint64_t self_enforcing = 0;   // of which self-enforcing
  std::uint64_t ordered_out = 0;      // candidates left out: they break an order requirement
  bool cancelled = false;
};
// Throws InputError when an issue to move has no `delivered_by`.
SearchResult search_plan(const Scenario& s, const CompiledModel& m, const Choice& start, const Choice& target,
                         const SearchOptions& opt, const CancelToken* cancel = nullptr);

}  // namespace parley
