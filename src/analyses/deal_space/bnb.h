// The deal-space analysis without enumeration, for additive scenarios (no ratification rule):
// branch and bound over the blocks of issues (docs/deal-space.md, "Past enumeration").
//
// A package is one row per block (a row: one option per issue of the block, with every party's
// utility of those options); utilities are sums over blocks. A depth-first search assigns one
// block per level, best child first, and discards a subtree when a bound proves that nothing in
// it can beat (or, for ties, precede) the best package found so far:
//   - per-party bounds: the suffix sums of each block's largest (smallest) utility;
//   - a weighted bound: for weights w >= 0, Σ_p w_p (u_p − d_p) is at most the weighted partial
//     sum plus the suffix sum of each block's largest weighted row (separable, so exact and
//     cheap); with w = 1/g* it bounds the Nash product by AM–GM, with w in the simplex it bounds
//     the smallest normalised gain (Kalai–Smorodinsky) and the largest shortfall (closest), with
//     w = e_q + μ (multipliers of the other parties' reservations) party q's best utility in
//     the ZOPA (the ideal point). Each node re-optimises w for its own subtree, from its parent's.
// Exactly the answers of the tables method (same model units, same exact comparisons, same
// tie-breaking by package index), tested against it and against brute force. Blocks' rows that
// cannot be part of the answer are dropped first: a row some other row of the block matches or
// beats for every party with a lower index (every objective is monotone in every utility), and,
// for Kalai–Smorodinsky, the ideal point and a Nash product above 0, every dominated row.
//
// The ZOPA is counted exactly by a sweep for one or two parties; otherwise by the same tree: a
// subtree whose packages are all acceptable is counted whole, one with none is skipped. That is
// exact when the boundary is small; when it would take more than kCountNodes nodes the count is
// given as bounds (packages proven in; proven in plus those undecided) with a sampled estimate
// (docs/deal-space.md).
//
// Limits: spaces of at most 2^64 − 1 packages (the package index), blocks of at most 2^24 rows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analyses/deal_space/classes.h"
#include "analyses/deal_space/deal_space_internal.h"

namespace parley::deal_space_detail {

// Method `classes`: the search whose blocks are built by option classes (classes.h) instead of
// by tabulating their packages: each block of more than one package has its rows merged by
// utility vector from its class tuples. Every result is the one tabulation would give (the same
// merged rows); it pays where a block of more than kClassFrom packages has far fewer class
// tuples, and it is the only way for blocks past tabulation (2^24 packages).
inline constexpr std::uint64_t kClassFrom = 4096;
struct ClassPlan {
  OptionClasses classes;
  std::vector<bool> by_classes;    // per block
  std::vector<double> tuples;      // per block: class tuples (by_classes) or packages (otherwise)
  std::vector<double> packages;    // per block
  int threads = 1;                 // workers of the enumerations
  const CancelToken* cancel = nullptr;
  // The blocks' merged rows once enumerated (by the search's levels), for the frontier's leaves.
  mutable std::vector<std::shared_ptr<const MergedRows>> rows;
  bool any() const { return std::find(by_classes.begin(), by_classes.end(), true) != by_classes.end(); }
  // Some block of more than kClassFrom packages has fewer class tuples than packages.
  bool gains() const {
    for (std::size_t b = 0; b < tuples.size(); ++b)
      if (packages[b] > static_cast<double>(kClassFrom) && tuples[b] < packages[b]) return true;
    return false;
  }
};
// The plan for the parties' utilities of m (threads and cancel left to the caller).
ClassPlan plan_classes(const CompiledModel& m);

// One level of the search: a block with its rows (identical rows merged into the lowest-index
// one, `mult` counting the packages it stands for).
struct Level {
  int block = 0;
  std::size_t n = 0;
  std::vector<double> v;            // v[row * P + p], model units
  std::vector<std::uint64_t> idx;   // the row's contribution to the package index
  std::vector<std::uint64_t> mult;  // identical rows merged into this one (counting)
  std::vector<double> lo, hi;       // per party
  std::uint64_t min_idx = 0;
  std::uint64_t size = 0;           // Σ mult: the block's rows before merging
};

// The levels in search order with their suffix bounds (index k: levels k.. still open).
struct SearchSpace {
  int P = 0;
  std::vector<double> d;              // reservations, model units
  std::vector<Level> levels;
  std::vector<double> rmax, rmin;     // rmax[k * P + p] = Σ_{l >= k} levels[l].hi[p]; (L + 1) × P
  std::vector<std::uint64_t> rmin_idx;  // Σ_{l >= k} min_idx
  std::vector<std::uint64_t> rsize;     // Π_{l >= k} size (packages below a node of depth k)
  std::size_t L() const { return levels.size(); }
};

// Which rows a search may drop (see the header comment).
enum class Reduce { none, index_dominated, dominated };

// Every block of the model as a level, rows by index, identical rows merged (unless `merge` is
// false), levels ordered by the share of the parties' utility ranges they span (largest first),
// or in the blocks' order (by first issue) when `block_order`.
// With a plan, the blocks it marks are built by classes (merged whatever `merge` says).
SearchSpace build_search_space(const CompiledModel& m, bool merge = true, bool block_order = false,
                               const ClassPlan* plan = nullptr);
// A copy without the rows the reduction drops (suffix bounds recomputed).
SearchSpace reduced(const SearchSpace& s, Reduce r);

// The ZOPA's size: exact, or bounds and an estimate when the count would take more than
// `node_cap` nodes.
struct ZopaCount {
  bool exact = true;
  std::uint64_t lower = 0, upper = 0;  // equal when exact
  double estimate = 0;                 // = lower when exact
  double half_width = 0;               // 95% interval of the estimate (0 when exact)
  double nodes = 0;                    // work done
};
inline constexpr double kCountNodes = 3e7;
ZopaCount count_zopa(const SearchSpace& s, const std::vector<double>& weights, double node_cap,
                     const CancelToken* cancel);
// The first `cap` ZOPA packages by index, ascending (listing, DealSpaceOptions::zopa_listed):
// a depth-first search over the blocks in order, rows by index, discarding a node when no
// package below is acceptable (per-party and weighted bounds, as the count) or when its smallest
// index cannot enter the list. `complete` is false when it stopped at `node_cap` nodes (the list
// is then not returned: empty); `all` is true when every ZOPA package was listed (fewer than
// `cap`: the list is then the whole ZOPA).
std::vector<std::uint64_t> first_zopa(const CompiledModel& m, std::size_t cap, const std::vector<double>& weights,
                                      double node_cap, bool* complete, bool* all);

// Knuth's estimate (random paths, fixed seed) of the nodes an exact count visits.
double count_tree_nodes(const SearchSpace& s, const std::vector<double>& weights, int probes);

// The ZOPA's exact size for one or two parties, by a sweep over the two half tables of the
// tables method (sorted by the first party; a Fenwick tree over the second party's values):
// O(n log n) for halves of n rows. False (nothing done) for more parties or halves of more than
// `max_rows` rows.
inline constexpr std::uint64_t kSweepRows = std::uint64_t{1} << 22;
bool count_zopa_by_sweep(const CompiledModel& m, std::uint64_t max_rows, ZopaCount& out);
// The rows of the two halves the sweep would read (0 when it does not apply).
double sweep_rows(const CompiledModel& m, std::uint64_t max_rows);

// Work done by a search, for the cost model.
struct SearchWork {
  double nodes = 0;         // nodes visited by the optimisation searches
  // Operations of each search (Nash, ideal point, KS, closest: P per node, and the re-weighing
  // of nodes' weights): done, or for a search the work limit stopped, the larger of those done
  // and Knuth's estimate of its total.
  double nash = 0, ideal = 0, ks = 0, closest = 0;
  bool complete = true;     // false: some search stopped at the work limit
  double count_nodes = 0;   // nodes of the ZOPA count by the tree
  bool count_exact = true;  // the tree's count (within its cap) was exact
  double sweep_rows = 0;    // rows of the sweep counting the ZOPA (0: the tree counts it)
};

// The whole additive analysis by search: ZOPA size (AdditiveScan::zopa_size, with the bounds
// in `count`), Nash, ideal point, Kalai–Smorodinsky or the closest package. `work_limit` > 0
// makes it the cost model's pilot: each search stops after that many operations (SearchWork)
// and is estimated, the ZOPA count too (the sweep is not run); the results are then incumbents.
// With `list` > 0 it also lists the first `list` ZOPA packages by index (AdditiveScan::zopa_first,
// first_zopa; none when that search stops at its cap). The parties' ideal-point searches are
// shared among `threads` threads; the rest runs on the calling thread. Results do not depend on
// the thread count.
// With a plan (method `classes`), its blocks are built by classes and the ZOPA listed by
// first_listed; `space`, when given, receives the levels.
AdditiveScan search_additive(const CompiledModel& m, int threads, const ProgressFn& progress,
                             const CancelToken* cancel, ZopaCount* count, SearchWork* work = nullptr,
                             double work_limit = 0, std::size_t list = 0, const ClassPlan* plan = nullptr,
                             SearchSpace* space = nullptr);

// ---- method `classes`: the ZOPA's listing (classes_front.cc; the frontier's is pareto.cc's,
// with class_leaf) ----

// The first `cap` packages by index (ascending) whose parties' utility vector `member` accepts,
// by a depth-first search over the blocks, the plan's blocks walked by class tuples in order of
// their smallest package index and the others by rows in index order, a node left when
// `may_hold(s, k)` (partial sums s over the first k levels of the walk; S's bounds per block
// come in `lo`/`hi`, the sums over the levels not yet assigned) says no member lies below, and
// the walk of a level ended when the smallest index below cannot enter the list. A leaf (a
// class tuple or row per block) stands for the product of its classes' options: its packages
// are listed in index order while they can enter the list. `complete` is false when the walk
// stopped at `node_cap` nodes (the list is then empty); `all` is true when fewer than `cap`
// members exist (the list is every member).
struct ListTarget {
  std::function<bool(const double* s, const double* lo, const double* hi)> may_hold;
  std::function<bool(const double* u)> member;
};
std::vector<std::uint64_t> first_listed(const CompiledModel& m, const ClassPlan& plan, const SearchSpace& S,
                                        std::size_t cap, const ListTarget& target, double node_cap, bool* complete,
                                        bool* all);
// The ZOPA as a listing target (u >= d for every party).
ListTarget zopa_target(const SearchSpace& S);
// ---- choosing the method (bnb_cost.cc) -------------------------------------------------------

// The tables method's estimated time (tabulating the halves and the scan, from cost.cc's pilot;
// infinite when a half exceeds 2^24 rows); `what` gets the pilot's description.
double tables_scan_seconds(const CompiledModel& m, std::string* what = nullptr);

// The search method's estimate: a pilot search (at most kPilotNodes nodes); when it does not
// finish, the rest is extrapolated (bnb_cost.cc).
struct SearchGuess {
  double seconds = 0, bytes = 0;
  std::string what;
  bool exact = true;  // the ZOPA's size is expected exact (else bounds and an estimate)
};
SearchGuess estimate_search_method(const CompiledModel& m);

// The method analyze_deal_space uses for an additive model (DealSpaceOptions::method; for
// `automatic`, from the tables method's estimated time, infinite when it cannot tabulate the
// halves): tables up to kTablesFirst seconds; beyond, the search when it is expected faster,
// except that an inexact ZOPA count is only accepted when the tables method would take more
// than kTablesExact seconds. Deterministic: it depends on the model only.
inline constexpr double kTablesFirst = 1.0;
inline constexpr double kTablesExact = 10.0;
struct MethodChoice {
  DealSpaceMethod method = DealSpaceMethod::tables;
  SearchGuess search;  // estimated when the search is chosen
};
MethodChoice choose_method(const CompiledModel& m, const DealSpaceOptions& opt, double tables_seconds);

// Method classes' estimate (docs/budgets.md): the class tuples are counted exactly; each block
// built by classes is sampled (2^15 random class tuples, fixed seed) for its distinct utility
// vectors, extrapolated by a power law; up to 2^21 tuples the levels are built and the search's
// pilot runs on them.
struct ClassSample {
  std::vector<double> rows;                 // per block: merged rows (estimated for class blocks)
  std::vector<std::vector<double>> points;  // per class block: the sample's distinct vectors (P per point)
  double bytes_per_tuple = 0;               // table bytes an evaluation of a tuple reads
};
ClassSample sample_classes(const CompiledModel& m, const ClassPlan& plan);
// The listings (`zopa_listed`, `max_listed` with the frontier) may walk the tuples again.
SearchGuess estimate_classes_method(const CompiledModel& m, const ClassPlan& plan, const ClassSample& sample,
                                    const DealSpaceOptions& opt);
DealSpaceMethod choose_deal_space_method(const CompiledModel& m, const DealSpaceOptions& opt);

// Sets r.method and the ZOPA's bounds (exact from r.zopa_size when `count` is null).
DealSpaceResult with_method(DealSpaceResult r, const char* method, const ZopaCount* count);

}  // namespace parley::deal_space_detail
