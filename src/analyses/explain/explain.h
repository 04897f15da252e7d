// Why a party rejects a package, and the smallest change that makes every party accept it
// (docs/no-deal.md, "Why a package is rejected"). For each party that rejects a package:
//
//  * the requirements it breaks (scenario/scenario.h, Requirement);
//  * the ratification outcome: who at home opposes it and by how much (each opposing
//    constituent's weight, its shortfall below its own no-deal value, the requirements of its
//    that the package breaks, and whether its opposition blocks alone);
//  * its loss against its own ideal, decomposed into terms. The party's utility (model units,
//    model/compiled.h) is Σ_i v_i(x_i) + Σ_k b_k·[interaction k holds] + Σ_g B_g(x) (box
//    terms; with any advisers' terms mixed in), less the audience cost c(x) under an
//    audience-cost rule. Its ideal is the best each term can be on its own,
//        I = Σ_i max_o v_i(o) + Σ_k max(0, b_k) + Σ_g top_g,
//    which no package may reach when its terms pull apart; top_g bounds a box term from its
//    values alone (sum: Σ max(0, v); max: max(0, max v); min: min max(0, v); capped at the cap;
//    it is B_g's maximum when the boxes can all hold together). The terms, each ≥ 0, are
//        issue i          max_o v_i(o) − v_i(x_i)        (the weighted loss on that issue)
//        interaction k    max(0, b_k) − b_k·[k holds]    (a bonus missed, or a penalty incurred)
//        boxes g          top_g − B_g(x)
//        audience cost    c(x)
//    and sum to I − u_eff(x) exactly in model units (to about 1e-12 on the 0..1 scale). The
//    shortfall is the part of that loss below the reservation d: max(0, d − u_eff(x)) =
//    max(0, Σ terms − (I − d)).
//
// The smallest repair: the fewest option changes (at most `max_changes`, default 2) after which
// every party accepts; among those, the smallest loss to the parties that accepted the package
// (Σ of their drops in effective utility, gains counting 0), then the changes in the order of
// their issue and option ids (so the answer does not depend on the order of the file). The
// search evaluates Σ_{c ≤ max_changes} (packages at c changes) candidates, each costing the
// parties' and their constituents' utilities; it stops short (`complete` false) beyond
// kMaxRepairWork utility-term evaluations.
//
// Parameters:
//   max_changes   largest number of option changes searched      default 2, range 0..3
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyses/deal_space/deal_space.h"
#include "analyses/explain/gap.h"
#include "core/cost.h"
#include "model/compiled.h"
#include "scenario/scenario.h"

namespace parley {

struct LossTerm {
  enum class Kind { issue, interaction, boxes, audience_cost };
  Kind kind = Kind::issue;
  int issue = -1;  // Kind::issue
  int actor = -1;  // Kind::interaction, Kind::boxes: whose preferences hold it (the party or an adviser of it)
  int index = -1;  //   and (interaction) its position in that actor's Preferences::interactions
  double units = 0;  // the loss in the party's model units (exact)
  double value = 0;  // the loss on the 0..1 utility scale, >= 0
};

// A constituent opposing the package at home.
struct Opponent {
  int actor = -1;
  double weight = 0;         // its share of the party's constituents' weight
  double shortfall = 0;      // its reservation minus its utility, when below (0..1 scale)
  std::vector<int> broken;   // its requirements the package breaks (Preferences::requirements positions)
  bool blocks = false;       // its opposition blocks alone (a veto player, or a broken requirement)
};

struct PartyWhy {
  std::size_t party = 0;     // CompiledModel::parties position
  double ideal = 0;          // I (0..1 scale)
  double utility = 0;        // effective utility u_eff(x): after any audience cost
  double reservation = 0;    // d
  double shortfall = 0;      // max(0, d − u_eff(x))
  std::optional<IssueGap> in_issue_terms;  // the shortfall on one issue's options (explain/gap.h)
  std::vector<int> broken;   // its own broken requirements (Preferences::requirements positions)
  std::vector<LossTerm> terms;  // the non-zero terms, largest first (ties: kind, then ids)
  bool ratification = false;    // the party has a ratification rule
  bool at_home = false;         // it is blocked at home (Reason::ratification)
  bool ratified = true;
  double approval = 1;          // weighted share of its constituents approving
  std::vector<Opponent> opposed_by;  // in the order of the scenario's actors
};

// One entry per party that rejects package v (CompiledModel::parties order).
std::vector<PartyWhy> explain_rejections(const Scenario& s, const CompiledModel& m, const PackageValue& v);

// The id of a term for output: the issue id, the interaction id, or "audience-cost".
std::string term_id(const Scenario& s, const LossTerm& t);

// Utility-term evaluations (candidates × utility functions read × terms) a repair search may do.
inline constexpr double kMaxRepairWork = 2e8;

struct Repair {
  struct Change {
    int issue = -1;
    int option = -1;
  };
  int max_changes = 2;
  bool zopa_empty = false;      // no package is acceptable to every party: nothing was searched
  bool complete = true;         // every candidate up to max_changes was evaluated
  int searched_changes = 0;     // the changes fully searched (max_changes when complete)
  bool found = false;
  std::vector<Change> changes;  // in issue order; empty when the package is already accepted
  Choice package;               // the repaired package
  double loss = 0;              // to the parties that accepted the package (0..1 scale)
  std::uint64_t candidates = 0; // packages evaluated
};

// The smallest repair of package x (see above). With `zopa_empty` (the deal space's answer)
// nothing is searched: no package can be a repair.
Repair smallest_repair(const Scenario& s, const CompiledModel& m, const Choice& x, int max_changes = 2,
                       bool zopa_empty = false);

// The cost of `packages` repair searches (docs/budgets.md): at most kMaxRepairWork term
// evaluations each, fewer when the space has fewer candidates.
CostEstimate estimate_repairs(const CompiledModel& m, std::size_t packages, int max_changes = 2);

}  // namespace parley
