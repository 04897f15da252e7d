// Choosing between the tables method and the search (bnb.h), and the search's cost estimate:
// a pilot run of the search itself, limited in operations (docs/budgets.md).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "analyses/deal_space/bnb.h"
#include "core/error.h"

namespace parley {

const char* to_string(DealSpaceMethod m) {
  switch (m) {
    case DealSpaceMethod::automatic: return "automatic";
    case DealSpaceMethod::tables: return "tables";
    case DealSpaceMethod::search: return "search";
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

}  // namespace

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
  return c;
}

DealSpaceMethod choose_deal_space_method(const CompiledModel& m, const DealSpaceOptions& opt) {
  if (opt.method == DealSpaceMethod::search && searchable(m)) return opt.method;
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
