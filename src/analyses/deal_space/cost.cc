// The deal-space analysis's cost model (docs/budgets.md). Constants measured on the machine of
// docs/performance.md ("Cost model"): a process with a small scenario loaded peaks at about
// 8 MiB; scanning costs about 1.5 ns per package and party when the bounds skip nothing
// (2 parties, 2.56e10 packages: 77 s), 4 ns per package and utility function for two-level
// scenarios, which evaluate every package.
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/deal_space_internal.h"

namespace parley {

namespace {
constexpr double kBaseBytes = 8.0 * (1 << 20);
constexpr double kScanSeconds = 1.5e-9;      // per package and party (additive scenarios)
constexpr double kGeneralSeconds = 4e-9;     // per package and utility function (two-level)
constexpr double kTabulateSeconds = 3e-9;    // per row, column and issue of a half table
}  // namespace

CostEstimate estimate_deal_space(const CompiledModel& m, const DealSpaceOptions& opt) {
  using namespace deal_space_detail;
  (void)opt;
  CostEstimate e;
  const bool general = m.has_ratification();
  const double cols = static_cast<double>(general ? m.utilities.size() : m.parties.size());
  std::vector<int> all(m.blocks.size());
  for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
  auto [A, B] = split_blocks(m, all);
  auto rows = [&](const std::vector<int>& blocks) {
    std::uint64_t n = blocks_size(m, blocks);
    return n == std::numeric_limits<std::uint64_t>::max() ? std::numeric_limits<double>::infinity()
                                                          : static_cast<double>(n);
  };
  double nA = rows(A), nB = rows(B);
  if (nA < nB) std::swap(nA, nB);
  const double row_bytes = cols * 8 + 8;
  // A and B, plus the sorted copy of B (values, index, permutation) while B is sorted.
  e.bytes = kBaseBytes + nA * row_bytes + nB * (2 * row_bytes + 8);
  const double packages = nA * nB;
  const double issues = static_cast<double>(m.n_options.size());
  e.seconds = (nA + nB) * cols * issues * kTabulateSeconds +
              packages * cols * (general ? kGeneralSeconds : kScanSeconds);
  e.what = fmt::format("{:.3g} packages x {} {}; half tables of {:.3g} and {:.3g} rows", packages,
                       static_cast<long long>(cols), general ? "utility functions (two-level)" : "parties", nA, nB);
  return e;
}

}  // namespace parley
