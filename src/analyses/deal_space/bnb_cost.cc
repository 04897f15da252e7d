// Choosing between the tables method and the search (bnb.h), and the search's cost estimate:
// a pilot run of the search itself, limited in operations (docs/budgets.md).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>
#include <set>

#include "analyses/deal_space/bnb.h"
#include "core/error.h"
#include "core/exact.h"

namespace parley {

const char* to_string(DealSpaceMethod m) {
  switch (m) {
    case DealSpaceMethod::automatic: return "automatic";
    case DealSpaceMethod::tables: return "tables";
    case DealSpaceMethod::search: return "search";
    case DealSpaceMethod::classes: return "classes";
  }
  return "?";
}

namespace deal_space_detail {
namespace {

// The pilot: each search stops after this many operations (about 0.05 s) and is then estimated.
constexpr double kPilotWork = 3e7;
// Per operation of the searches, per node of the count and per party (calibrated in
// docs/performance.md).
constexpr double kWorkSeconds = 1.3e-9;
constexpr double kCountSeconds = 4e-9;
constexpr double kCountPartySeconds = 0.9e-9;
constexpr double kBuildSeconds = 1e-6;  // per block row and party (reductions, weights' optimisation)
constexpr double kSweepSeconds = 10e-9;  // per row and log2(rows): sorts and the Fenwick tree
constexpr double kTabulateRowSeconds = 3e-9;  // per row, issue and party of a half table

bool searchable(const CompiledModel& m) {
  if (m.package_count() == std::numeric_limits<std::uint64_t>::max() || m.parties.size() > 64) return false;
  for (std::size_t b = 0; b < m.blocks.size(); ++b)
    if (blocks_size(m, {static_cast<int>(b)}) > (std::uint64_t{1} << 24)) return false;
  return true;
}

// Method classes: per class tuple, the walk's step, the evaluation (per table byte read) and
// the merge into the hash of vectors; per merged row and party, everything after (levels,
// reductions, the searches' weights, the count) (docs/performance.md, "Cost model").
constexpr double kTupleSeconds = 25e-9;
constexpr double kTupleByteSeconds = 2e-9;
constexpr double kMergedRowSeconds = 1.2e-6;
// Up to this many class tuples the estimate builds the levels and runs the search's pilot on them.
constexpr double kClassPilotTuples = 1 << 21;
// Random class tuples drawn to estimate a block's distinct utility vectors.
constexpr std::size_t kClassSample = 1 << 15;

// Every block either tabulated (at most 2^24 packages) or built by classes.
bool classable(const CompiledModel& m, const ClassPlan& plan) {
  if (m.package_count() == std::numeric_limits<std::uint64_t>::max() || m.parties.size() > 64) return false;
  (void)plan;  // every block of more than one package is built by classes
  return true;
}

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// At most how many distinct utility vectors a block's rows can have: per function, the values
// of its block utility lie between the sums of its terms' extremes, on the grid of the greatest
// common divisor of its terms (model units are integers times 2^-e); the product over functions
// (infinite when some value is off the grid).
double grid_bound(const CompiledModel& m, const BlockTerms& t) {
  double bound = 1;
  for (int p = 0; p < t.P; ++p) {
    const int e = m.utilities[m.parties[p]].exponent;
    std::uint64_t g = 0, k = 0;
    bool on_grid = true;
    auto grid = [&](double v) {
      if (!exact::to_scaled_integer(std::abs(v), e, k)) on_grid = false;
      else g = std::gcd(g, k);
    };
    double lo = 0, hi = 0;
    for (std::size_t d = 0; d < t.add.size(); ++d) {
      double a = kInf, b = kNegInf;
      for (std::size_t c = 0; c < t.mult[d].size(); ++c) {
        const double v = t.add[d][c * t.P + p];
        a = std::min(a, v);
        b = std::max(b, v);
        grid(v);
      }
      lo += a;
      hi += b;
    }
    for (const auto& part : t.parts) {
      if (part.p != p) continue;
      double a = 0, b = 0;
      bool first = true;
      for (const auto& [pos, table] : part.bytes) {
        const double x = *std::min_element(table.begin(), table.end());
        const double y = *std::max_element(table.begin(), table.end());
        for (double v : table) grid(v);
        if (part.aggregate == Boxes::Aggregate::sum) {
          a += x;
          b += y;
        } else {
          a = first ? x : std::min(a, x);
          b = first ? y : std::max(b, y);
        }
        first = false;
      }
      if (part.capped) {
        grid(part.cap);
        a = std::min(a, part.cap);
        b = std::min(b, part.cap);
      }
      lo += a;
      hi += b;
    }
    if (!on_grid) return kInf;
    if (g == 0) continue;  // a constant
    bound *= std::ldexp(hi - lo, e) / static_cast<double>(g) + 1;
  }
  return bound;
}

}  // namespace

ClassSample sample_classes(const CompiledModel& m, const ClassPlan& plan) {
  ClassSample out;
  const int P = static_cast<int>(m.parties.size());
  out.rows.assign(m.blocks.size(), 0.0);
  out.points.resize(m.blocks.size());
  for (std::size_t b = 0; b < m.blocks.size(); ++b) {
    const int block = static_cast<int>(b);
    out.rows[b] = plan.tuples[b];
    if (!plan.by_classes[b]) continue;
    const BlockTerms t = block_terms(m, plan.classes, block, m.parties);
    for (const auto& part : t.parts) out.bytes_per_tuple += static_cast<double>(part.bytes.size());
    const double tuples = plan.tuples[b];
    std::vector<double>& pts = out.points[b];
    std::set<std::vector<double>> seen, half;
    std::vector<double> u(P);
    if (tuples <= static_cast<double>(kClassSample)) {  // every tuple
      auto visit = [&](const double* v, std::uint64_t, std::uint64_t, const int*) {
        seen.emplace(v, v + P);
        return true;
      };
      auto prune = [](int, const int*) { return false; };
      walk_terms(t, {}, visit, prune);
      out.rows[b] = static_cast<double>(seen.size());
    } else {
      // Random tuples (fixed seed); the distinct vectors among the first half and all of them
      // extrapolated by a power law, exponent in [0, 1].
      std::uint64_t seed = 0x434C4153534553ULL + b;
      const std::size_t K = t.issues.size();
      std::vector<int> cls(K);
      auto visit = [&](const double* v, std::uint64_t, std::uint64_t, const int*) {
        u.assign(v, v + P);
        return false;
      };
      auto prune = [](int, const int*) { return false; };
      for (std::size_t k = 0; k < kClassSample; ++k) {
        for (std::size_t d = 0; d < K; ++d) cls[d] = static_cast<int>(splitmix(seed) % t.mult[d].size());
        walk_terms(t, cls, visit, prune);
        seen.insert(u);
        if (k + 1 == kClassSample / 2) half = seen;
      }
      const double gamma = std::clamp(std::log(static_cast<double>(seen.size()) / std::max<double>(1, half.size())) /
                                          std::log(2.0), 0.0, 1.0);
      out.rows[b] = std::min({tuples, grid_bound(m, t),
                              static_cast<double>(seen.size()) *
                                  std::pow(tuples / static_cast<double>(kClassSample), gamma)});
    }
    for (const auto& v : seen) pts.insert(pts.end(), v.begin(), v.end());
  }
  return out;
}

SearchGuess estimate_classes_method(const CompiledModel& m, const ClassPlan& plan, const ClassSample& sample,
                                    const DealSpaceOptions& opt) {
  SearchGuess g;
  const double P = static_cast<double>(m.parties.size());
  double tuples = 0, rows = 0, packages = 0;
  std::size_t varying = 0;  // levels of more than one row
  for (std::size_t b = 0; b < m.blocks.size(); ++b) {
    if (plan.by_classes[b]) {
      tuples += plan.tuples[b];
      packages += static_cast<double>(blocks_size(m, {static_cast<int>(b)}));
    }
    rows += sample.rows[b];
    varying += sample.rows[b] > 1;
  }
  const double walk_s = tuples * (kTupleSeconds + sample.bytes_per_tuple * kTupleByteSeconds);
  // The listings walk the tuples again until their lists are full: the ZOPA's (dense, it stops
  // early: a quarter of a walk counted) and the frontier's (rare members: half a walk).
  const double walks = 1 + (opt.zopa_listed > 0 ? 0.25 : 0) + (opt.pareto && opt.max_listed > 0 ? 0.5 : 0);
  const double enumerate_s = walk_s * walks;
  g.what = fmt::format("classes: {:.3g} tuples of option classes for {:.3g} packages in {} block{} built by classes, "
                       "about {:.3g} distinct utility vectors",
                       tuples, packages, std::count(plan.by_classes.begin(), plan.by_classes.end(), true),
                       std::count(plan.by_classes.begin(), plan.by_classes.end(), true) == 1 ? "" : "s", rows);
  // The hashes of vectors (one per worker and their union) and the levels (a few copies).
  g.bytes = rows * (8 * P + 24) * 6;
  if (tuples <= kClassPilotTuples) {
    ZopaCount zc;
    SearchWork w;
    SearchSpace space;
    search_additive(m, 1, {}, nullptr, &zc, &w, kPilotWork, 0, &plan, &space);
    double built = 0;
    for (const Level& lv : space.levels) built += static_cast<double>(lv.n);
    const double work = w.nash + w.ideal + w.ks + w.closest;
    const double count_nodes = w.sweep_rows > 0 ? 0 : w.count_nodes;
    g.seconds = enumerate_s + built * P * kBuildSeconds + work * kWorkSeconds +
                count_nodes * (kCountSeconds + kCountPartySeconds * P) + w.sweep_rows * kSweepSeconds;
    g.exact = w.closest > 0 || w.sweep_rows > 0 || w.count_exact;
    g.what += fmt::format("; a pilot search took {:.3g} operations", work);
    return g;
  }
  g.seconds = enumerate_s + rows * P * kMergedRowSeconds;
  // One level that varies: the count decides each row at once (exact); more: bounds possible.
  g.exact = varying <= 1;
  return g;
}

SearchGuess estimate_search_method(const CompiledModel& m) {
  SearchGuess g;
  const double P = static_cast<double>(m.parties.size());
  double rows = 0;
  for (std::size_t b = 0; b < m.blocks.size(); ++b) rows += static_cast<double>(blocks_size(m, {static_cast<int>(b)}));
  ZopaCount zc;
  SearchWork w;
  search_additive(m, 1, {}, nullptr, &zc, &w, kPilotWork);
  const double work = w.nash + w.ideal + w.ks + w.closest;
  const double count_nodes = w.sweep_rows > 0 ? 0 : w.count_nodes;
  const double sweep_s = w.sweep_rows * (std::log2(std::max(2.0, w.sweep_rows)) * kSweepSeconds +
                                         static_cast<double>(m.n_options.size()) * P * kTabulateRowSeconds);
  g.seconds = rows * P * kBuildSeconds + work * kWorkSeconds + count_nodes * (kCountSeconds + kCountPartySeconds * P) +
              sweep_s;
  // The levels (a few copies), and the sweep's two halves with their orders and tree.
  g.bytes = rows * (8 * P + 24) * 4 + w.sweep_rows * (8 * P + 32);
  g.exact = w.closest > 0 || w.sweep_rows > 0 || w.count_exact;
  g.what = fmt::format("search over {} blocks: {} {:.3g} operations (Nash {:.3g}, ideal point {:.3g}, {} {:.3g})",
                       m.blocks.size(), w.complete ? "a pilot search took" : "a pilot search predicts", work, w.nash,
                       w.ideal, w.closest > 0 ? "closest" : "Kalai-Smorodinsky", w.closest > 0 ? w.closest : w.ks);
  if (w.closest == 0)
    g.what += w.sweep_rows > 0 ? fmt::format(", the ZOPA counted by a sweep of {:.3g} rows", w.sweep_rows)
              : w.count_exact  ? fmt::format(", the ZOPA counted in {:.3g} nodes", count_nodes)
                               : fmt::format(", the ZOPA bounded in {:.3g} nodes", count_nodes);
  return g;
}

MethodChoice choose_method(const CompiledModel& m, const DealSpaceOptions& opt, double tables_seconds) {
  MethodChoice c;
  if (opt.method == DealSpaceMethod::tables) return c;
  if (opt.method == DealSpaceMethod::classes) {
    const ClassPlan plan = plan_classes(m);
    if (!classable(m, plan))
      throw AnalysisError("the search over option classes handles spaces of at most 2^64 - 1 packages and 64 parties");
    c.method = DealSpaceMethod::classes;
    c.search = estimate_classes_method(m, plan, sample_classes(m, plan), opt);
    return c;
  }
  // A block too large to tabulate: classes when they make it smaller.
  if (opt.method == DealSpaceMethod::automatic && !searchable(m)) {
    const ClassPlan plan = plan_classes(m);
    if (!plan.gains() || !classable(m, plan)) return c;
    c.method = DealSpaceMethod::classes;
    c.search = estimate_classes_method(m, plan, sample_classes(m, plan), opt);
    return c;
  }
  if (opt.method == DealSpaceMethod::search) {
    if (!searchable(m))
      throw AnalysisError("the search handles spaces of at most 2^64 - 1 packages, 64 parties and blocks of at most "
                          "2^24 rows");
    c.method = DealSpaceMethod::search;
    c.search = estimate_search_method(m);
    return c;
  }
  if (!searchable(m) || tables_seconds <= kTablesFirst) return c;
  SearchGuess g = estimate_search_method(m);
  if (g.seconds < tables_seconds && (g.exact || tables_seconds > kTablesExact)) {
    c.method = DealSpaceMethod::search;
    c.search = std::move(g);
  }
  // Blocks with far fewer class tuples than packages: classes when expected faster still.
  const ClassPlan plan = plan_classes(m);
  if (plan.gains()) {
    const double best = c.method == DealSpaceMethod::search ? c.search.seconds : tables_seconds;
    SearchGuess gc = estimate_classes_method(m, plan, sample_classes(m, plan), opt);
    // An inexact ZOPA count only where the alternative's is inexact too, or past kTablesExact.
    const bool count_ok =
        gc.exact || (c.method == DealSpaceMethod::search ? !c.search.exact : tables_seconds > kTablesExact);
    if (gc.seconds < best && count_ok) {
      c.method = DealSpaceMethod::classes;
      c.search = std::move(gc);
    }
  }
  return c;
}

DealSpaceMethod choose_deal_space_method(const CompiledModel& m, const DealSpaceOptions& opt) {
  if (opt.method == DealSpaceMethod::search && searchable(m)) return opt.method;
  if (opt.method == DealSpaceMethod::classes && classable(m, plan_classes(m))) return opt.method;
  if (opt.method != DealSpaceMethod::automatic) return choose_method(m, opt, 0).method;
  return choose_method(m, opt, tables_scan_seconds(m)).method;
}

DealSpaceResult with_method(DealSpaceResult r, const char* method, const ZopaCount* count) {
  r.method = method;
  if (count) {
    r.zopa_exact = count->exact;
    r.zopa_upper = std::max(count->upper, r.zopa_size);
    r.zopa_estimate = std::clamp(count->estimate, static_cast<double>(r.zopa_size), static_cast<double>(r.zopa_upper));
    r.zopa_margin = count->half_width;
  } else {
    r.zopa_exact = true;
    r.zopa_upper = r.zopa_size;
    r.zopa_estimate = static_cast<double>(r.zopa_size);
    r.zopa_margin = 0;
  }
  return r;
}

}  // namespace deal_space_detail
}  // namespace parley
