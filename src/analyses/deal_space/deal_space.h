// Deal-space analysis over the Cartesian product of all issues' options (C1 in THEORY.md):
//  - the ZOPA: packages every party values at least at its reservation (compared exactly in
//    model units, see model/compiled.h);
//  - the Pareto frontier among parties, overall and within the ZOPA (the ZOPA packages no other
//    ZOPA package dominates; when parties have no ratification rule this is the overall
//    frontier's part inside the ZOPA, since the ZOPA is then closed upwards);
//  - the Nash bargaining solution: argmax over the ZOPA of Π_i (u_i − d_i)  (Nash 1950);
//  - the Kalai–Smorodinsky solution: argmax over the ZOPA of min_i (u_i − d_i)/(I_i − d_i), with
//    I_i the best utility party i gets within the ZOPA (Kalai & Smorodinsky 1975, finite form);
//  - when the ZOPA is empty, the closest package: argmin of the largest shortfall below
//    reservation;
//  - on the ZOPA's part of the Pareto frontier (when the frontier is computed): the egalitarian
//    package, argmax of min_i (u_i − d_i) (Kalai 1977's egalitarian solution, NegMAS's "kalai"),
//    and the package of maximal welfare, argmax of Σ_i u_i.
// d_i is party i's disagreement value (DealSpaceOptions::disagreement): its reservation (GENIUS,
// ANL), or the larger of its reservation and the least utility any package gives it (NegMAS).
// The ZOPA is the same under both (no package is worth less than the least utility); the gains
// u_i − d_i of Nash, Kalai–Smorodinsky and egalitarian differ when a reservation lies below the
// least utility.
// The space is streamed, never materialised: issues are split into two halves (issues linked by
// an interaction term stay together), each half's utility table is built once, and every
// package is a pair (row of half A, row of half B) whose utilities are sums. Rows are pruned by
// bounds (the best any package of a row can reach). The Pareto frontier is found by divide and
// conquer: the frontier of the whole space lies within the sums of the frontiers of two halves.
//
// Ties (exactly equal values) are broken deterministically:
//   Nash     larger product of gains, then lower package index;
//   KS       larger smallest normalised gain, then leximin (larger sorted gain vector), then
//            lower package index; a party whose best ZOPA utility equals its reservation has
//            normalised gain 1 everywhere in the ZOPA;
//   closest  fewer requirements of the parties broken, then smaller largest shortfall, then
//            smaller ratification deficit (the approving share missing below thresholds plus
//            the number of vetoes), then smaller total shortfall, then larger total gain over
//            no deal (Σ_i max(0, u_i − d_i)), then lower index;
//   egalitarian  larger sorted vector of gains u_i − d_i (leximin), then lower index;
//   max welfare  larger Σ_i u_i, then lower index (the last two compare on the 0..1 scale, values
//            within 1e-12 counting as equal).
//
// Two-level games (C3 in THEORY.md, Putnam 1988): when a party has a ratification rule, a
// package must also pass it (weighted-majority: the capability-weighted share of its
// constituents who prefer the package to no deal reaches a threshold, and every veto player
// approves; audience-cost: the leader's utility falls by cost × the weighted opposing share, and
// the package is ratifiable when what is left still beats no deal and no veto player objects).
// A party's win-set is the set of packages it can ratify.
// The ZOPA is then the intersection of the parties' win-sets with their own acceptability; such
// scenarios are evaluated package by package (O(packages × (parties + constituents))), and the
// Pareto frontier (over effective utilities) is computed when the space has at most 2·10^6
// packages.
//
// Requirements (hard constraints, scenario/scenario.h): a party never accepts a package that
// breaks one of its requirements, and a constituent's broken requirement is a veto at home.
// Scenarios with requirements are evaluated package by package too (each row of the half tables
// carries its count of broken requirements per utility function, which add up as utilities
// do). The closest package then has the fewest broken requirements of the parties first. The
// overall Pareto frontier is over every package; the ZOPA's is over the ZOPA.
// The package index is lexicographic in the options' order, first issue most significant.
// Results do not depend on the thread count.
//
// Credible packages (credible.h, docs/deal-space.md): with `commitments`, the analysis also counts
// the credible ZOPA, the ZOPA packages every party accepts when the package is carried out as
// one simultaneous stage from the status quo under the scenario's trust, verification,
// clawbacks and lapses, and marks each solution credible or not. The evaluation is additive
// over blocks: its columns join the half tables, and the scan evaluates each ZOPA package once.
//
// Parameters (DealSpaceOptions):
//   threads      worker threads; 0 = all cores                       default 0
//   pareto       compute the Pareto frontier                           default true
//   max_listed   frontier packages, and frontier utility vectors,      default 1000
//                listed in the result (all counted)
//   zopa_listed  ZOPA packages listed in the result, the first by       default 0
//                package index (all counted; `parley analyze` passes --max-listed)
//   disagreement reservation | floor (see above)                       default reservation
//   commitments  the credible evaluation's inputs (compile_commitments) default none
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyses/deal_space/credible.h"
#include "core/cancel.h"
#include "core/cost.h"
#include "model/compiled.h"

namespace parley {

enum class Reason;  // below
// The disagreement point d of the Nash, Kalai–Smorodinsky and egalitarian solutions.
enum class Disagreement {
  reservation,  // d_i = the party's reservation value (GENIUS, ANL)
  floor,        // d_i = max(reservation_i, least utility of i over every package) (NegMAS)
};
const char* to_string(Disagreement d);
// How an additive space (no ratification rule, no requirement) is worked through
// (docs/deal-space.md):
//   tables     two half tables whose every pair of rows (package) is streamed, pruned by row
//              bounds; every result exact; halves of at most 2^24 rows
//   search     branch and bound over the blocks of issues, never enumerating the space: Nash,
//              Kalai–Smorodinsky, the ideal point and the closest package exact, the ZOPA's size
//              exact or, when its boundary is too large to walk, bounds and an estimate (the
//              credible ZOPA is not counted)
//   classes    the search whose blocks (issues linked by boxes or interactions) are built from
//              their option classes (options no utility tells apart merged, docs/deal-space.md
//              "Option classes") instead of their packages; every result exact (the credible
//              ZOPA is not counted)
//   automatic  tables when the cost model expects it to take at most a second (ten when the
//              search could only bound the ZOPA's size), otherwise the one it expects to be
//              faster (the choice depends on the scenario only, not on the machine or threads);
//              classes when a block is too large to tabulate (more than 2^24 packages) or when
//              it is expected faster than the others
// Two-level scenarios and scenarios with requirements are evaluated package by package whatever
// the option.
enum class DealSpaceMethod { automatic, tables, search, classes };
const char* to_string(DealSpaceMethod m);
struct DealSpaceOptions {
  int threads = 0;
  bool pareto = true;
  std::size_t max_listed = 1000;
  std::size_t zopa_listed = 0;
  Disagreement disagreement = Disagreement::reservation;
  DealSpaceMethod method = DealSpaceMethod::automatic;
  const Commitments* commitments = nullptr;  // not owned; nullptr: no credible evaluation
};

// One package with the utility (0..1 scale) of every actor that has preferences
// (CompiledModel::utilities), and each party's verdict. A party accepts a package when its
// effective utility (its utility, less any audience cost) reaches its reservation and the
// package is ratified at home (two-level game; see model/compiled.h).
struct PackageValue {
  Choice choice;
  std::uint64_t index = 0;
  std::vector<double> utilities;
  // Per party (CompiledModel::parties order):
  std::vector<double> effective;        // utility less audience cost
  std::vector<bool> ratified;           // Level II: passes the party's ratification rule
  std::vector<double> approval;         // weighted share of constituents approving (1 if none)
  // Actor indices of the constituents whose disapproval counts (a positive weight, or a veto).
  std::vector<std::vector<int>> blocking;
  std::vector<bool> vetoed;             // a veto player disapproves
  std::vector<bool> accepted;
  std::vector<bool> own_accepts;        // the leader's own utility (before audience cost) reaches d
  std::vector<double> shortfall;        // reservation minus effective utility when below, else 0
  // Per utility function (CompiledModel::utilities order): the requirements the package breaks,
  // as positions in UtilityFn::requirements (empty for every function when none is broken).
  std::vector<std::vector<int>> broken;
  // The credible evaluation (credible.h), when made: whether the package is credible and, per
  // party, why it rejects the package carried out as one simultaneous stage from the status quo
  // (empty when it accepts; `package` also when what lapses makes it worth less than no deal).
  std::optional<bool> credible;
  std::vector<std::vector<Reason>> credible_reasons;
};

// A utility vector of the Pareto frontier and the packages that share it (packages with equal
// utilities do not dominate one another: all of them are on the frontier).
struct FrontierVector {
  std::vector<double> utilities;    // per party, 0..1 (effective utilities in two-level scenarios)
  std::uint64_t packages = 0;       // on the overall frontier with these utilities
  std::uint64_t zopa_packages = 0;  // on the ZOPA's frontier with these utilities
  std::uint64_t first = 0;          // the smallest index among them
  Choice package;                   // that package
};

struct DealSpaceResult {
  // "tables", "search", "classes" (DealSpaceMethod) or "every_package" (two-level scenarios).
  std::string method;
  std::uint64_t packages_total = 0;
  // Method "classes": the class tuples enumerated (blocks built by classes; docs/deal-space.md).
  std::uint64_t class_tuples = 0;
  std::uint64_t zopa_size = 0;                 // a lower bound when !zopa_exact
  // The first ZOPA packages by package index, at most DealSpaceOptions::zopa_listed (the same
  // whatever the thread count); fewer than zopa_size when the list is truncated.
  std::vector<PackageValue> zopa;
  // When the search could not count the ZOPA exactly (method "search"): zopa_size packages are
  // proven in, zopa_upper at most; zopa_estimate ± zopa_margin (95%) from uniform samples of
  // the undecided packages. Exact counts have zopa_upper = zopa_estimate = zopa_size.
  bool zopa_exact = true;
  std::uint64_t zopa_upper = 0;
  double zopa_estimate = 0;
  double zopa_margin = 0;
  std::vector<std::uint64_t> win_set_size;     // per party: packages it can ratify
  // Per party: packages breaking one of its own requirements (empty when the model has none).
  std::vector<std::uint64_t> ruled_out;
  std::optional<PackageValue> nash;
  std::optional<PackageValue> kalai_smorodinsky;
  std::optional<PackageValue> closest;         // only when the ZOPA is empty
  // On the ZOPA's frontier; only when the frontier was computed and the ZOPA is not empty.
  std::optional<PackageValue> egalitarian;
  std::optional<PackageValue> max_welfare;
  Disagreement disagreement = Disagreement::reservation;
  std::vector<double> disagreement_point;      // per party: d_i (0..1)
  std::vector<double> ideal;                   // per party: best utility within the ZOPA (0..1)
  bool pareto_computed = false;
  std::uint64_t pareto_size = 0;
  std::uint64_t pareto_zopa_size = 0;
  std::vector<PackageValue> pareto;            // by index, at most max_listed
  std::vector<bool> pareto_in_zopa;            // parallel to `pareto`: on the ZOPA's frontier
  std::vector<bool> pareto_overall;            // parallel to `pareto`: on the overall frontier
  // The distinct utility vectors of the overall and the ZOPA's frontiers: how many, and the
  // first max_listed of them in order of their first package's index.
  std::uint64_t pareto_vectors_size = 0;
  std::vector<FrontierVector> pareto_vectors;
  std::string pareto_note;                     // why the frontier was not computed, if so
  // With DealSpaceOptions::commitments: whether the credible evaluation was asked for, the
  // credible ZOPA's size (nullopt when the scenario cannot be evaluated) and why not.
  bool credible_requested = false;
  std::optional<std::uint64_t> credible_zopa_size;
  std::string credible_note;
  bool cancelled = false;
};

// Runs the analysis. Throws AnalysisError when the space cannot be handled (a linked block of
// issues too large to tabulate).
DealSpaceResult analyze_deal_space(const CompiledModel& m, const DealSpaceOptions& opt = {},
                                   const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

// The cost model of analyze_deal_space (docs/budgets.md). Memory from the sizes: the two half
// tables (rows × columns × 8 bytes, columns = parties, or every utility function when a party
// has a ratification rule) and the Pareto frontier's largest candidate set. Time: for additive
// scenarios, a pilot runs the analysis's own scan and frontier filter on deterministic samples
// (at most a few tenths of a second) and scales the work they did; for two-level scenarios,
// every package once per column. For additive scenarios it also chooses the method (tables or
// search, DealSpaceOptions) and estimates the one chosen: the search's pilot runs each search
// for a limited number of nodes and estimates the rest by random paths (bnb_cost.cc).
// `chosen`, when given, gets the method the estimate is for (DealSpaceOptions::method resolved):
// passing it to analyze_deal_space spares the choice's pilots a second run.
CostEstimate estimate_deal_space(const CompiledModel& m, const DealSpaceOptions& opt = {},
                                 DealSpaceMethod* chosen = nullptr);

// A named package of the scenario, evaluated: utilities, and each party's verdict.
struct NamedVerdict {
  int package = -1;                                  // index into Scenario::packages
  PackageValue value;
  std::vector<int> accepted_by;                      // actor indices (parties), file order
  std::vector<std::pair<int, double>> rejected_by;   // actor index and shortfall
};
// With evaluable commitments, each package's credible verdict too.
std::vector<NamedVerdict> evaluate_named(const Scenario& s, const CompiledModel& m, const Commitments* c = nullptr);

// Sets v.credible and v.credible_reasons (evaluate_credible) when c is given and evaluable.
void mark_credible(const CompiledModel& m, const Commitments* c, PackageValue& v);

// The utilities of one package (every actor with preferences) and the parties' verdicts.
PackageValue evaluate_package(const CompiledModel& m, const Choice& x);

// Whether party p (CompiledModel::parties order) ratifies under an audience-cost rule: opposition
// at home does not block a package, it costs the leader cost × the opposing share.
bool has_audience_cost(const CompiledModel& m, std::size_t p);
// The audience cost party p pays for package v: its own utility less its effective utility (0
// without an audience-cost rule).
double audience_cost(const CompiledModel& m, const PackageValue& v, std::size_t p);
// Whether every party accepts package x, as evaluate_package decides, reading only the parties'
// and their ratifying constituents' utilities; `effective` (when given) receives each party's
// effective utility (0..1 scale, CompiledModel::parties order).
bool every_party_accepts(const CompiledModel& m, const Choice& x, std::vector<double>* effective = nullptr);

// Why a party turns an agreement down; one vocabulary for every command (docs/no-deal.md).
//   package       the leader itself prefers no deal: its own utility of the agreement (before
//                 any audience cost; for a plan, plus its actions' values) is below its no-deal
//                 value d
//   ratification  the agreement is blocked at home (Level II): not ratified under a
//                 weighted-majority rule, vetoed, or, under an audience-cost rule, worth d to
//                 the leader only before the audience cost
//   mistrust      (plans) the agreement is good enough, but expected cheating makes the plan
//                 worth less than d
//   requirement   the agreement breaks one of the party's own requirements (a hard constraint,
//                 whatever its utility; for a plan, also an order requirement of its stages);
//                 a constituent's broken requirement is a veto, so `ratification`
enum class Reason { package, ratification, mistrust, requirement };
const char* to_string(Reason r);

// The reasons party p (CompiledModel::parties order) rejects package v (plus `extra`, the value
// of a plan's actions to it), `requirement` first: empty exactly when it accepts. Exact for
// extra = 0.
std::vector<Reason> rejection_reasons(const CompiledModel& m, const PackageValue& v, std::size_t p, double extra = 0);

}  // namespace parley
