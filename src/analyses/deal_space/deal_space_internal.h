// Internals shared by the deal-space algorithms (not part of the public API): utility tables of
// groups of issue blocks, the parallel row loop, the orders used to pick solutions, and the
// Pareto skyline.
#pragma once

#include <algorithm>
#include <cmath>
#include <atomic>
#include <cstdint>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "analyses/deal_space/deal_space.h"
#include "core/log_product.h"
#include "core/workers.h"

namespace parley::deal_space_detail {

inline constexpr double kNegInf = -std::numeric_limits<double>::infinity();
inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr std::uint64_t kNoIndex = std::numeric_limits<std::uint64_t>::max();

// The utility table of a set of blocks: one row per combination of their issues' options, one
// column per utility function in `fns` (model units).
struct Table {
  int P = 0;                        // number of columns
  std::size_t n = 0;                // rows
  std::vector<double> val;          // val[p * n + row]
  std::vector<std::uint64_t> idx;   // canonical index contribution of the row
  std::vector<double> lo, hi;       // per column: min and max over rows
  const double* col(int p) const { return val.data() + static_cast<std::size_t>(p) * n; }
};

std::uint64_t blocks_size(const CompiledModel& m, const std::vector<int>& blocks);
// Tabulates the utilities `fns` (indices into CompiledModel::utilities) over the given blocks.
// Throws AnalysisError when the group spans more than 2^24 rows.
Table tabulate(const CompiledModel& m, const std::vector<int>& blocks, const std::vector<int>& fns);
// The given rows (numbered as in tabulate) of the same table, in the given order; lo and hi
// are over these rows only.
Table tabulate_rows(const CompiledModel& m, const std::vector<int>& blocks, const std::vector<int>& fns,
                    const std::vector<std::uint64_t>& rows);
// Reorders rows by the first column, descending (ties by index); returns the permutation
// (new row r is old row perm[r]).
std::vector<std::size_t> sort_by_first_column(Table& t);

// The credible evaluation's columns (credible.h) of a group of blocks, row-major, one row per
// row of the utility table of the same blocks (same order): V (per deliverer), L (per party),
// E (deliverer × party).
struct CredTable {
  std::size_t n = 0, W = 0;
  std::vector<double> v;  // v[row * W + w]
  const double* row(std::size_t r) const { return v.data() + r * W; }
};
// All rows (rows == nullptr) or the given ones, numbered as in tabulate.
CredTable tabulate_credible(const CompiledModel& m, const Commitments& c, const std::vector<int>& blocks,
                            const std::vector<std::uint64_t>* rows = nullptr);
// Applies a permutation from sort_by_first_column.
void permute_rows(CredTable& t, const std::vector<std::size_t>& perm);
// The credible row of two groups of blocks together: V is the minimum, the rest add.
inline void combine_credible(std::size_t D, std::size_t P, const double* a, const double* b, double* out) {
  const std::size_t W = D + P + D * P;
  for (std::size_t w = 0; w < W; ++w) out[w] = w < D ? std::min(a[w], b[w]) : a[w] + b[w];
}
// The scan's credible inputs: the commitments and the two halves' columns (B in the order of
// the sorted utility table).
struct CredibleScan {
  const Commitments* c = nullptr;
  const CredTable* A = nullptr;
  const CredTable* B = nullptr;
};
// Splits blocks into two groups with balanced table sizes.
std::pair<std::vector<int>, std::vector<int>> split_blocks(const CompiledModel& m, std::vector<int> blocks);

// Values closer than this (relative) are compared exactly when possible.
inline constexpr double kNearTie = 1e-9;
inline bool near(double a, double b) { return std::abs(a - b) <= kNearTie * std::max(std::abs(a), std::abs(b)); }

// What exact comparison needs per party: model units are integers times 2^-e (`grid`: false
// under audience costs, whose effective utilities leave the grid), and one unit of utility is M
// integers (`integral_M`: needed to compare shortfalls across parties). Decided once per model,
// so orders stay transitive.
struct Exactness {
  std::vector<int> e;
  std::vector<std::uint64_t> M;
  bool grid = true;
  bool integral_M = true;
};
Exactness exactness_of(const CompiledModel& m);

// Nash products are kept as logarithms, sums of log gains: a product of many parties' gains in
// model units overflows or underflows a double (64 parties with gains near 10^6, or near 10^-6),
// its logarithm does not. A zero gain gives kNegInf.
inline double log_gain(double g) { return g > 0 ? std::log(g) : kNegInf; }

struct Best {  // Nash: larger product of gains (its logarithm), then lower index
  double log_prod = kNegInf;  // kNegInf: a zero product, or no candidate yet (index kNoIndex)
  std::uint64_t index = kNoIndex;
  std::vector<std::uint64_t> k;  // gains as integers (empty when not exact)
  bool better_than(const Best& o) const;
  // The smallest log product that may still beat this one (a near tie is compared exactly).
  double floor() const { return log_prod - kNearTie; }
  // Whether a log product above floor() is clearly larger (no exact comparison needed).
  bool clearly_beaten_by(double lp) const { return lp > log_prod + kNearTie; }
};
// A Nash candidate from the logarithm of its product and its gains in model units.
Best make_best(double log_prod, std::uint64_t index, const double* gains, const Exactness& x);

// Fewer broken requirements, smaller largest shortfall, ratification deficit, total shortfall,
// larger total gain, index.
struct Closest {
  int broken = std::numeric_limits<int>::max();  // the parties' own requirements broken
  double worst = kInf, total = kInf;
  double gain = 0;                  // Σ of the parties' gains over no deal (0..1 scale)
  std::vector<std::uint64_t> g;     // the gains as fractions g_p / M_p (empty when not exact)
  double ratification = 0;  // ratification deficit (0 when it does not apply)
  std::uint64_t index = kNoIndex;
  std::vector<std::uint64_t> k, M;  // shortfalls as fractions k_p / M_p (empty when not exact)
  std::size_t worst_party = 0;
  bool better_than(const Closest& o) const;
};
// A closest-package candidate from its shortfalls in model units (d − u, clamped at 0), and its
// gains (u − d, clamped at 0) in model units with their sum on the 0..1 scale, when given.
Closest make_closest(const double* shortfall_units, double worst, double total, double ratification,
                     std::uint64_t index, const Exactness& x, int broken = 0, const double* gain_units = nullptr,
                     double gain = 0);

struct Ks {  // larger sorted vector of normalised gains (leximin), then lower index
  std::vector<double> sorted_gains;  // ascending; empty = none yet
  // The same gains as exact fractions (gain / range in integers), sorted; empty when not exact.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> fractions;
  std::uint64_t index = kNoIndex;
  double min() const { return sorted_gains.empty() ? kNegInf : sorted_gains.front(); }
  bool better_than(const Ks& o) const;
};
// A Kalai–Smorodinsky candidate from gains and ranges (ideal − reservation) in model units.
Ks make_ks(const double* gains, const double* ranges, std::size_t P, std::uint64_t index, const Exactness& x);

// Runs body(row, state) over rows of A on `threads` workers with dynamic chunks; returns the
// per-worker states for a deterministic merge (every merge below is order-independent).
template <class State, class Body>
std::vector<State> parallel_rows(std::size_t rows, int threads, const State& init, Body body,
                                 const ProgressFn& progress, const CancelToken* cancel,
                                 std::uint64_t progress_base, std::uint64_t progress_total, std::size_t row_weight) {
  threads = std::max(1, std::min<int>(threads, static_cast<int>(std::max<std::size_t>(1, rows / 16))));
  std::vector<State> states(threads, init);
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0};
  constexpr std::size_t kChunk = 32;
  auto work = [&](int w) {
    State& st = states[w];
    for (;;) {
      if (cancel && cancel->cancelled()) return;
      std::size_t start = next.fetch_add(kChunk, std::memory_order_relaxed);
      if (start >= rows) return;
      std::size_t end = std::min(rows, start + kChunk);
      for (std::size_t r = start; r < end; ++r) body(r, st);
      auto d = done.fetch_add(end - start, std::memory_order_relaxed) + (end - start);
      if (w == 0 && progress) progress(progress_base + d * row_weight, progress_total);
    }
  };
  run_workers(static_cast<unsigned>(threads), [&](unsigned w) { work(static_cast<int>(w)); });
  return states;
}

// The smallest `cap` package indices added so far (a max-heap), for listing the first ZOPA
// packages by index. Each worker keeps its own; the smallest `cap` of their union are the first
// `cap` of the whole space whatever the split of rows among workers. `wants` is monotone in the
// index (once full, only indices below the largest kept are wanted), so a caller scanning
// indices in increasing order may stop at the first one it does not want.
struct FirstIndices {
  std::size_t cap = 0;
  std::vector<std::uint64_t> heap;
  bool wants(std::uint64_t index) const { return heap.size() < cap || (!heap.empty() && index < heap.front()); }
  void add(std::uint64_t index) {  // call only when wants(index)
    if (heap.size() == cap) {
      std::pop_heap(heap.begin(), heap.end());
      heap.pop_back();
    }
    heap.push_back(index);
    std::push_heap(heap.begin(), heap.end());
  }
};
// The smallest `cap` indices of the given sets, ascending.
std::vector<std::uint64_t> first_of(const std::vector<const FirstIndices*>& parts, std::size_t cap);

// Pareto frontier points: P utilities per point (row-major) and the package index.
struct Front {
  int P = 0;
  std::vector<double> v;            // v[r * P + p]
  std::vector<std::uint64_t> idx;
  std::size_t size() const { return idx.size(); }
  void push(const double* x, std::uint64_t index) {
    v.insert(v.end(), x, x + P);
    idx.push_back(index);
  }
};

// The additive model's scan (deal_space.cc): every row of A against B (B sorted by its first
// column), pruned by the row bounds. Pass 1 counts the ZOPA and finds Nash and the ideal point;
// pass 2 finds Kalai–Smorodinsky when the ZOPA is not empty, else the closest package. Also
// counts its work, which is what the cost model's pilot (cost.cc) measures on sampled tables.
// With `list` > 0 it also finds the first `list` ZOPA packages by index: rows whose packages are
// all in the ZOPA (counted without visiting them) are visited in increasing package index only
// while they can still hold one of the first `list`, so the listing costs at most about 2·list
// visits per such row, and none once the list is full below the row's smallest index.
struct AdditiveScan {
  std::uint64_t zopa_size = 0;
  std::vector<std::uint64_t> zopa_first;  // the first ZOPA packages by index, ascending
  std::uint64_t credible_size = 0;  // with CredibleScan: ZOPA packages that are credible
  double credible_evaluations = 0;  // packages whose credible verdict the scan computed
  Best nash;
  std::vector<double> ideal;  // model units
  Ks ks;
  Closest closest;
  double scan_pairs = 0;     // row pairs read by the ZOPA, Nash and KS loops
  double closest_pairs = 0;  // row pairs read by the closest-package loop
  double closest_reads = 0;  // (pair, party) values it read (it stops early on most pairs)
};
AdditiveScan scan_additive(const CompiledModel& m, const Table& A, const Table& B, int threads,
                           const ProgressFn& progress, const CancelToken* cancel, std::size_t list = 0,
                           const CredibleScan* cred = nullptr);

// Whether the ZOPA's packages need a credible verdict each (evaluable commitments with some
// mistrust or lapse; otherwise the credible ZOPA is the ZOPA).
bool credible_scan_needed(const DealSpaceOptions& opt);
// Fills the result's credible fields: the count (when evaluated) and the solutions' verdicts.
void finish_credible(const CompiledModel& m, const DealSpaceOptions& opt, std::uint64_t counted, DealSpaceResult& res);

// Sort-filter skyline: keeps the points no other point weakly dominates with one strict gain
// (points with equal utilities do not dominate one another: every one of them is kept). Points
// are visited by decreasing sum; a run of points with exactly equal utilities is decided once,
// against the distinct vectors kept so far, so ties cost no comparisons. Its work, added to *work
// when given (for the cost model): vector-to-vector comparisons, and coordinates read by them (a
// comparison stops at the first coordinate that rules out dominance).
struct SkylineWork {
  double comparisons = 0;
  double reads = 0;
};
Front skyline(const Front& in, const CancelToken* cancel, SkylineWork* work = nullptr);
// The table of the given blocks as a point set (one point per row).
Front front_of_table(const Table& t);

// A Pareto frontier of distinct utility vectors, each standing for every package with exactly
// those utilities: `count` of them, the smallest index `idx`, and the smallest min(count, cap)
// indices, ascending, in first[at[r]] .. first[at[r + 1]] (`cap`: the packages to be listed).
struct TiedFront {
  int P = 0;
  std::vector<double> v;              // v[r * P + p]
  std::vector<std::uint64_t> count;   // packages with these utilities
  std::vector<std::uint64_t> idx;     // the smallest of their indices
  std::vector<std::size_t> at{0};
  std::vector<std::uint64_t> first;
  std::size_t size() const { return count.size(); }
};
// The frontier of the party utilities over the given blocks (additive model), by divide and
// conquer: the frontier of two groups of blocks lies within the sums of their frontiers. Every
// step works on distinct vectors (a vector's packages are counted, and only the first `cap` by
// index are carried), so a frontier of many tied packages costs as much as its distinct vectors.
struct Frontier {
  TiedFront points;       // the distinct vectors (no index lists: see `listed`)
  std::uint64_t packages = 0;  // Σ count: every Pareto-optimal package
  // The first `cap` frontier packages by index, ascending, each with its point.
  std::vector<std::pair<std::uint64_t, std::size_t>> listed;
  Front representatives() const;  // one point per vector, with its smallest index
};
// The frontier's memory cap: a merge whose candidates (sums of two frontiers' distinct vectors)
// would hold more values (candidates × parties) is refused, and the analysis reports the
// frontier as skipped.
inline constexpr double kMaxParetoValues = 160'000'000;
// Throws AnalysisError over the cap. With a plan (method classes, bnb.h), the blocks it builds by
// classes are leaves of their class tuples (class_leaf) instead of their tabulated packages.
struct ClassPlan;
Frontier pareto_frontier(const CompiledModel& m, const std::vector<int>& blocks, std::size_t cap,
                         const CancelToken* cancel, const ClassPlan* plan = nullptr);
// A block's frontier from its class tuples (classes_front.cc): the same points, counts, smallest
// indices and first `cap` package indices per point as the frontier of its tabulated rows; with
// `top` (the block is the whole space) only the first `cap` of all points together.
TiedFront class_leaf(const CompiledModel& m, const ClassPlan& plan, int block, std::size_t cap,
                     const CancelToken* cancel, bool top = false);

// A party's verdict on one package, given every utility function's value in model units
// (indexed like CompiledModel::utilities; only the party and its constituents are read) and,
// when the model has requirements, every utility function's count of broken requirements
// (`broken`, indexed the same way; nullptr: none broken). A constituent that breaks one of
// its requirements disapproves and vetoes; a party that breaks one of its own rejects.
struct PartyVerdict {
  double effective = 0;   // model units
  bool ratified = true;
  bool accepted = false;
  double approval = 1;    // weighted share of constituents approving
  double deficit = 0;     // ratification deficit (see Closest)
  int broken = 0;         // the party's own requirements the package breaks
};
PartyVerdict party_verdict(const CompiledModel& m, std::size_t party, const double* fn_values,
                           const double* broken = nullptr);

// Per row of a table of the given blocks (rows as in tabulate), each utility function's count of
// broken requirements (columns `fns`), as a Table whose sums over two halves give a package's.
Table tabulate_broken(const CompiledModel& m, const std::vector<int>& blocks, const std::vector<int>& fns);

// The model whose parties' reservations (model units) are their disagreement values under `d`:
// unchanged for `reservation`; raised to each party's least utility for `floor` (the ZOPA and
// every verdict stay the same: no package is worth less). Throws AnalysisError for `floor` when
// a party's rule is audience-cost (its least effective utility is not computed).
CompiledModel with_disagreement(const CompiledModel& m, Disagreement d);
// The egalitarian and maximal-welfare packages among the frontier points `f` (party utilities in
// model units) that every party accepts (u_p >= the reservation of `m`); kNoIndex when none.
struct FrontierSolutions {
  std::uint64_t egalitarian = kNoIndex;
  std::uint64_t max_welfare = kNoIndex;
};
FrontierSolutions frontier_solutions(const CompiledModel& m, const Front& f);

// The deal-space analysis for models with ratification rules: every package is evaluated.
DealSpaceResult analyze_general(const CompiledModel& m, const DealSpaceOptions& opt, const ProgressFn& progress,
                                const CancelToken* cancel);

}  // namespace parley::deal_space_detail
