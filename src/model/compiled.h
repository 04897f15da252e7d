// The compiled model: the dense numeric form of a scenario that analyses read. Each actor with
// preferences becomes a utility function given as per-issue option values (already weighted and
// normalised, so an additive utility is a plain sum) plus interaction terms and box terms.
// Issues linked by an interaction, a box (all the boxes of a min, max or capped term together)
// or a requirement form one "block"; utilities are additive across blocks, which the deal-space
// algorithms exploit (divide and conquer over blocks, bounds per block).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace parley {

// A package as one option index per issue.
using Choice = std::vector<int>;

struct CompiledInteraction {
  std::vector<std::pair<int, std::uint64_t>> when;  // issue -> bit mask of allowed options
  double bonus = 0;
  // Where it comes from: the actor (the utility's own, or an adviser mixed into it) and its
  // position in that actor's Preferences::interactions.
  int actor = -1;
  int index = -1;
};

// Conditions as bit masks: issue -> allowed options.
using CompiledConditions = std::vector<std::pair<int, std::uint64_t>>;

// A box of a utility (Box in scenario/scenario.h): it holds when the package's option of every
// listed issue is in its mask (`excludes`: when some is not; no issue listed: always).
struct CompiledBox {
  CompiledConditions when;
  bool excludes = false;
  double value = 0;  // model units: the value divided by the term's scale, times the source's weight
  int index = -1;    // position in the actor's Boxes::terms
  bool holds(const Choice& x) const {
    bool inside = true;
    for (const auto& [issue, mask] : when)
      if (!((mask >> x[issue]) & 1u)) {
        inside = false;
        break;
      }
    return excludes ? !inside : inside;
  }
};

// An actor's boxes as one term of a utility: B(x) = min(cap, A(x)), A aggregating over the
// boxes each one's value when it holds and 0 when it does not (sum, min or max). A joint term
// (min, max, or capped) is one function of all its boxes' issues, which are linked into one
// block; a sum without a cap splits: each box adds its value in the block of its own issues,
// as an interaction does.
struct CompiledBoxes {
  Boxes::Aggregate aggregate = Boxes::Aggregate::sum;
  std::vector<CompiledBox> boxes;
  bool capped = false;
  double cap = 0;   // model units
  int actor = -1;   // whose boxes (the utility's own actor, or an adviser mixed into it)
  bool joint() const { return aggregate != Boxes::Aggregate::sum || capped; }
  // The issue whose block holds the term (joint: its smallest listed issue; 0 when it lists none).
  int anchor() const;
  // The issue whose block holds box k of a split term (its first issue; 0 when it lists none).
  int anchor(std::size_t k) const { return boxes[k].when.empty() ? 0 : boxes[k].when.front().first; }
  // The term's value at package x (model units).
  double value(const Choice& x) const;
  // The aggregate of box values given which boxes hold (`held[k]`), capped: the one formula
  // every evaluation of the term uses.
  template <class Held>
  double combine(Held held) const {
    double a = 0;
    const std::size_t n = boxes.size();
    if (aggregate == Boxes::Aggregate::sum) {
      for (std::size_t k = 0; k < n; ++k)
        if (held(k)) a += boxes[k].value;
    } else {
      for (std::size_t k = 0; k < n; ++k) {
        const double v = held(k) ? boxes[k].value : 0.0;
        a = k == 0 ? v : aggregate == Boxes::Aggregate::min ? std::min(a, v) : std::max(a, v);
      }
    }
    return capped ? std::min(cap, a) : a;
  }
};

// A state requirement of the utility's actor (Requirement in scenario/scenario.h): a package
// breaks it when `when` holds and `then` does not. Its issues are linked into one block (as an
// interaction's), so whether a package breaks it is decided by one block's options.
struct CompiledRequirement {
  int index = -1;  // position in the actor's Preferences::requirements
  CompiledConditions when, then;
};
// An order requirement (plans only): whenever a stage makes `move` hold, `after` must hold
// already at the end of the stage before, its moves completed.
struct CompiledOrder {
  int index = -1;  // position in the actor's Preferences::requirements
  CompiledConditions move, after;
};

// Whether package x meets every condition (each listed issue at one of its allowed options).
bool holds(const CompiledConditions& when, const Choice& x);
// Whether carrying out package x in one stage from `start` breaks order requirement o: the stage
// makes `move` hold while `after` did not hold at the start.
bool breaks_in_one_stage(const CompiledOrder& o, const Choice& start, const Choice& x);

// An actor's utility in exact "model units". Utility u = Σ salience·score/(100·Σ salience) +
// bonuses is stored multiplied by a per-actor positive constant 1/unit, chosen so that every
// term is an integer multiple of 1e-6 (in salience×score units) times a power of two. Sums of
// such terms are exact in double precision whatever the order, so mathematically equal
// utilities compare equal (ties are real ties) and every algorithm sees identical numbers.
// Comparisons, Nash products and normalised gains are invariant under this scaling; multiply by
// `unit` to get the utility on the 0..1 scale.
// Utilities mixed with advisers' (influence) and the utilities of parties with an audience
// cost use another integer scale: per_utility is then the least common multiple Z of the
// denominators of every term (the mixing weights times each source's terms, the reservation,
// the audience-cost terms; see compile), so that these too are exact integers (times 2^-exponent)
// whenever Z·(largest utility) stays below 2^53 (docs/deal-space.md, "Exact arithmetic").
struct UtilityFn {
  int actor = -1;
  double unit = 1;                // model units -> utility
  int exponent = 0;               // model units are integers times 2^-exponent
  double per_utility = 1;         // integers per unit of utility (100·Σ salience·10^6, or Z)
  double reservation = 0;         // in model units
  double reservation_utility = 0; // as given, 0..1
  // value[issue][option] in model units; an additive utility is a plain sum.
  std::vector<std::vector<double>> value;
  std::vector<CompiledInteraction> interactions;
  std::vector<CompiledBoxes> boxes;  // the actor's own term, then its advisers' (in their order)
  std::vector<CompiledRequirement> requirements;  // the actor's own state requirements, file order
  std::vector<CompiledOrder> orders;              // the actor's own order requirements, file order
  double to_utility(double model_units) const { return model_units * unit; }
  // The utility of package x in model units: option values, interactions and boxes.
  double evaluate(const Choice& x) const;
};

// A party's domestic ratification (Level II): constituents are utility functions with their own
// reservations; `weight` is each one's share of the total capability.
// Exact form (`exact`, when capabilities, threshold and cost are decimals with up to six places
// and the integers below stay under 2^53): each constituent has an integer number of `votes`
// (its capability in millionths, divided by the capabilities' common divisor), so approving
// shares are compared without rounding; under audience-cost, `penalty` is what each opposing
// constituent costs the leader, an integer in the party's model units (the party's scale is
// chosen for it), so effective utilities stay on the exact grid.
struct CompiledRatification {
  bool active = false;
  Ratification::Rule rule = Ratification::Rule::weighted_majority;
  double threshold = 0;  // weighted-majority: approving share needed
  double cost = 0;       // audience-cost: utility lost per unit of opposing share
  std::vector<int> constituents;  // indices into CompiledModel::utilities
  std::vector<double> weight;     // shares, sum to 1
  std::vector<bool> veto;
  bool exact = false;
  std::vector<double> votes;      // integers; share = votes / votes_total
  double votes_total = 0;
  // weighted-majority: approved when approving votes · threshold_den >= threshold_num
  // (threshold_num = threshold · threshold_den · votes_total, an integer).
  double threshold_num = 0, threshold_den = 1;
  std::vector<double> penalty;    // audience-cost, model units of the party (integers · 2^-e)
  // audience-cost: cost = cost_num / cost_den in lowest terms (cost_den = 0: no exact form).
  std::uint64_t cost_num = 0, cost_den = 0;
};

struct CompiledModel {
  std::vector<int> n_options;          // per issue
  std::vector<UtilityFn> utilities;    // every actor with preferences, in actor order
  std::vector<int> parties;            // indices into `utilities` of actors with role party
  std::vector<CompiledRatification> ratification;  // per party (parties order)
  std::vector<std::vector<int>> blocks;  // issues linked by interactions, boxes or requirements, sorted, by first issue
  std::vector<std::uint64_t> stride;   // canonical package index = Σ option·stride[issue]
  // Per actor: the advisers mixed into its utility and their influence (see compile).
  std::vector<std::vector<std::pair<int, double>>> pulled_by;

  bool has_ratification() const {
    for (const auto& r : ratification)
      if (r.active) return true;
    return false;
  }
  // Whether a verdict can turn on a requirement: a party's own, or a constituent's of a party
  // with a ratification rule. The deal space then evaluates every package (as for
  // ratification), with each utility function's count of broken requirements beside its value.
  bool has_requirements() const;
  // Number of packages (saturates at UINT64_MAX).
  std::uint64_t package_count() const;
  // Utility of one package in model units (exact; see UtilityFn).
  double utility(int fn, const Choice& x) const;
  // Utility of the issues of one block only (including the block's interactions and boxes).
  double block_utility(int fn, int block, const Choice& x) const;
  // The requirements of utility function `fn` that package x breaks (positions in
  // utilities[fn].requirements, ascending); the count of those of one block (each requirement
  // belongs to the block of its issues), so that counts add up over blocks as utilities do.
  std::vector<int> broken_requirements(int fn, const Choice& x) const;
  int block_broken(int fn, int block, const Choice& x) const;
  std::uint64_t index_of(const Choice& x) const;
  Choice choice_of(std::uint64_t index) const;
};

// Options are limited to 64 per issue (interaction masks are 64-bit).
// Saliences are limited to kMaxSalience so that model units stay exact integers.
inline constexpr int kMaxOptionsPerIssue = 64;
inline constexpr double kMaxSalience = 1e6;

struct CompileOptions {
  // Keep terms whose weight is 0 (advisers with influence 0 and their interactions): the
  // utilities are the same, and the structure then fits every value of the parameters, as
  // recompile needs. Blocks may be coarser.
  bool keep_zero_terms = false;
};

// Compiles the scenario. Throws InputError if an issue has more than kMaxOptionsPerIssue options.
CompiledModel compile(const Scenario& s, const CompileOptions& opt = {});

// Incremental compile, for Monte Carlo sweeps. `m` was compiled with keep_zero_terms from a
// scenario with the same structure as `s` (only parameter values differ). Rewrites the numbers
// of the utility functions `fns` (indices into m.utilities), every reservation, and the
// ratification weights, thresholds and costs, without allocating; the numbers are exactly
// those compile(s) gives, provided every utility function whose inputs changed is in `fns`.
// Utilities on an exact scale (mixed, or an audience-cost party's) are always rewritten, since
// their scale also depends on reservations and ratification numbers.
void recompile(const Scenario& s, CompiledModel& m, const std::vector<int>& fns);

// The utility functions (indices into m.utilities) whose numbers read any of `params` (the
// saliences, scores, bonuses and influences of the actor and of the advisers mixed into it).
std::vector<int> utilities_reading(const Scenario& s, const CompiledModel& m, const std::vector<const Param*>& params);

}  // namespace parley
