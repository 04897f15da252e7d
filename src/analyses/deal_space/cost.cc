// The deal-space analysis's cost model (docs/budgets.md). Memory from the sizes alone; time from
// a pilot: the additive scan (scan_additive, the code the analysis runs) over a deterministic
// sample of rows of each half table, and the frontier's filter (skyline) over samples of each
// merge's candidates; the work they count, scaled to the full sizes, times constants measured on
// the machine of docs/performance.md ("Cost model"). Two-level scenarios evaluate every package.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "core/cost.h"

namespace parley {

namespace {
using namespace deal_space_detail;

constexpr double kBaseBytes = 8.0 * (1 << 20);
constexpr double kUpperSeconds = 1.5e-9;     // per package and party: the scan when nothing is pruned
constexpr double kPairSeconds = 2.5e-9;       // per row pair read by a loop
constexpr double kScanSeconds = 0.4e-9;      // per row pair and party, ZOPA/Nash/KS loops
constexpr double kReadSeconds = 2.4e-9;      // per party value read by the closest-package loop
constexpr double kRowSeconds = 5e-9;         // per row of A, party and pass (bounds, prefix search)
constexpr double kGeneralSeconds = 4e-9;     // per package and utility function (two-level)
constexpr double kTabulateSeconds = 3e-9;    // per row, column and issue of a half table
// The credible evaluation (credible.h): per ZOPA package and credible column (the halves' rows
// combined, the deliverers' gains, the expected utilities), and per half-table row and column.
constexpr double kCredibleSeconds = 1.5e-9;
constexpr double kCredibleRowSeconds = 2e-9;
// The pilot: at most this many rows of A against this many of B (about 10^6 pairs, a few
// hundredths of a second); below kPilotFrom seconds of upper estimate the formula is kept.
constexpr std::size_t kPilotRowsA = 256;
constexpr std::size_t kPilotRowsB = 4096;
constexpr double kPilotFrom = 0.05;
constexpr std::size_t kExactBoundsBlock = std::size_t{1} << 16;

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Every row when n <= k, else k rows drawn with a fixed seed (the same estimate every run),
// ascending: the analysis visits rows in this order.
std::vector<std::uint64_t> sample_rows(std::uint64_t n, std::size_t k, std::uint64_t seed) {
  std::vector<std::uint64_t> rows;
  if (n <= k) {
    for (std::uint64_t r = 0; r < n; ++r) rows.push_back(r);
    return rows;
  }
  for (std::size_t i = 0; i < k; ++i) rows.push_back(splitmix(seed) % n);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// A sample of a half table whose column bounds are the full table's (the sum over its blocks
// of each block's extremes, exact for blocks up to kExactBoundsBlock combinations): the row
// bounds of the scan then prune exactly as in the analysis.
Table sampled_table(const CompiledModel& m, const std::vector<int>& blocks, std::uint64_t n, std::size_t k,
                    std::uint64_t seed) {
  Table t = tabulate_rows(m, blocks, m.parties, sample_rows(n, k, seed));
  if (t.n == n) return t;
  std::vector<double> lo(t.P, 0.0), hi(t.P, 0.0);
  for (int b : blocks) {
    if (blocks_size(m, {b}) > kExactBoundsBlock) return t;
    Table one = tabulate(m, {b}, m.parties);
    for (int p = 0; p < t.P; ++p) {
      lo[p] += one.lo[p];
      hi[p] += one.hi[p];
    }
  }
  t.lo = std::move(lo);
  t.hi = std::move(hi);
  return t;
}


// The Pareto frontier (pareto_of_blocks): per merge, the candidates (every sum of a point of each
// half's frontier) are sorted and filtered, at a cost set by the comparisons the filter makes.
// A node's frontier is computed exactly while its candidates are few; beyond, the filter runs on
// random samples of s/4 and s candidates, and the comparisons and the frontier's size are
// extrapolated from those two runs by a power law. The points a node passes up are then the
// sample's frontier, standing for the real one.
constexpr std::size_t kFrontExact = 4096;
constexpr std::size_t kFrontSample = 8192;
constexpr double kSortSeconds = 2e-9;     // per candidate and log2(candidates)
// Per comparison of two points (most stop at the first coordinate): bound by memory, one cache
// line per frontier point read beyond 8 parties (64 bytes), less below.
constexpr double kCompareSeconds = 2.5e-9;   // up to 8 parties
constexpr double kCompareWideSeconds = 7.5e-9;  // more than 8 parties
constexpr double kReadSeconds2 = 0.3e-9;   // per further coordinate a comparison reads
constexpr double kSumSeconds = 1e-9;      // per candidate and party (the sums)

struct FrontGuess {
  Front points;        // the frontier, or a sample's frontier standing for it
  double size = 0;     // the frontier's size (estimated unless exact)
  double seconds = 0;
  double peak_values = 0;  // largest candidate set, in doubles
  bool refused = false;    // over the frontier's cap: the analysis skips it
};

double skyline_seconds(double n, const SkylineWork& w, int P) {
  return n * std::log2(std::max(2.0, n)) * kSortSeconds + w.comparisons * (P > 8 ? kCompareWideSeconds : kCompareSeconds) +
         std::max(0.0, w.reads - w.comparisons) * kReadSeconds2 + n * P * kSumSeconds;
}

// Estimates the filter over n candidates drawn by `draw` (deterministic).
template <class Draw>
void filter_estimate(double n, int P, Draw draw, FrontGuess& g) {
  g.peak_values = std::max(g.peak_values, n * P);
  if (n <= kFrontExact) {
    Front c;
    c.P = P;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) draw(i, c);
    SkylineWork w;
    g.points = skyline(c, nullptr, &w);
    g.size = static_cast<double>(g.points.size());
    g.seconds += skyline_seconds(n, w, P);
    return;
  }
  std::uint64_t seed = 0x50415245544F;
  Front small, large;
  small.P = large.P = P;
  for (std::size_t i = 0; i < kFrontSample; ++i) {
    draw(splitmix(seed), large);
    if (i < kFrontSample / 2) small.push(&large.v[i * P], large.idx[i]);
  }
  SkylineWork w1, w2;
  Front f1 = skyline(small, nullptr, &w1);
  g.points = skyline(large, nullptr, &w2);
  const double s2 = kFrontSample, s1 = kFrontSample / 2.0;
  // Comparisons grow as n^beta, 1 <= beta <= 2 (each candidate meets at least one point, at
  // most all of them); reads per comparison stay as in the sample.
  const double beta = std::clamp(std::log(std::max(w2.comparisons, 1.0) / std::max(w1.comparisons, 1.0)) /
                                     std::log(s2 / s1), 1.0, 2.0);
  const double gamma = std::clamp(std::log(static_cast<double>(g.points.size()) / std::max<double>(1, f1.size())) /
                                      std::log(s2 / s1), 0.0, 1.0);
  const double scale = n / s2;
  g.size = std::min(n, static_cast<double>(g.points.size()) * std::pow(scale, gamma));
  const double grow = std::pow(scale, beta);
  g.seconds += skyline_seconds(n, SkylineWork{w2.comparisons * grow, w2.reads * grow}, P);
}

FrontGuess estimate_front(const CompiledModel& m, const std::vector<int>& blocks) {
  const int P = static_cast<int>(m.parties.size());
  FrontGuess g;
  if (blocks.size() <= 1) {
    const double n = static_cast<double>(blocks_size(m, blocks));
    const double issues = static_cast<double>(blocks.empty() ? 0 : m.blocks[blocks[0]].size());
    g.seconds = n * P * issues * kTabulateSeconds;
    filter_estimate(n, P, [&](std::uint64_t r, Front& c) {
      Table t = tabulate_rows(m, blocks, m.parties, {r % static_cast<std::uint64_t>(n)});
      c.push(front_of_table(t).v.data(), t.idx[0]);
    }, g);
    return g;
  }
  auto [A, B] = split_blocks(m, blocks);
  FrontGuess a = estimate_front(m, A);
  if (a.refused) return a;
  FrontGuess b = estimate_front(m, B);
  g.seconds = a.seconds + b.seconds;
  g.peak_values = std::max(a.peak_values, b.peak_values);
  if (b.refused) {
    g.refused = true;
    return g;
  }
  const double n = a.size * b.size;
  if (n * std::max(1, P) > kMaxParetoValues) {
    g.refused = true;
    return g;
  }
  const std::size_t na = a.points.size(), nb = b.points.size();
  filter_estimate(n, P, [&](std::uint64_t r, Front& c) {
    // Exact children and few candidates: r counts pairs in order; otherwise r is random.
    const std::size_t i = (r / nb) % na, j = r % nb;
    std::vector<double> x(P);
    for (int p = 0; p < P; ++p) x[p] = a.points.v[i * P + p] + b.points.v[j * P + p];
    c.push(x.data(), a.points.idx[i] + b.points.idx[j]);
  }, g);
  return g;
}

}  // namespace

CostEstimate estimate_deal_space(const CompiledModel& m, const DealSpaceOptions& opt) {
  CostEstimate e;
  const bool general = m.has_ratification();
  const double cols = static_cast<double>(general ? m.utilities.size() : m.parties.size());
  std::vector<int> all(m.blocks.size());
  for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
  auto [A, B] = split_blocks(m, all);
  const std::uint64_t saturated = std::numeric_limits<std::uint64_t>::max();
  auto rows = [&](const std::vector<int>& blocks) {
    std::uint64_t n = blocks_size(m, blocks);
    return n == saturated ? std::numeric_limits<double>::infinity() : static_cast<double>(n);
  };
  double nA = rows(A), nB = rows(B);
  if (nA < nB) {
    std::swap(nA, nB);
    std::swap(A, B);
  }
  const double row_bytes = cols * 8 + 8;
  // A and B, plus the sorted copy of B (values, index, permutation) while B is sorted.
  e.bytes = kBaseBytes + nA * row_bytes + nB * (2 * row_bytes + 8);
  const double packages = nA * nB;
  const double issues = static_cast<double>(m.n_options.size());
  const double tabulate_s = (nA + nB) * cols * issues * kTabulateSeconds;
  double upper = packages * cols * (general ? kGeneralSeconds : kUpperSeconds);
  // The credible columns: two more half tables (and B's permuted copy), and at most one
  // evaluation per package (the pilot below counts the ZOPA packages it evaluates).
  const bool credible = credible_scan_needed(opt);
  const double W = credible ? static_cast<double>(credible_width(*opt.commitments, m.parties.size())) : 0;
  if (credible) {
    e.bytes += (nA + 2 * nB) * W * 8;
    upper += packages * W * kCredibleSeconds;
  }
  e.seconds = tabulate_s + upper + (nA + nB) * W * kCredibleRowSeconds;
  e.what = fmt::format("{:.3g} packages x {} {}; half tables of {:.3g} and {:.3g} rows", packages,
                       static_cast<long long>(cols), general ? "utility functions (two-level)" : "parties", nA, nB);
  // The pilot, for additive scenarios whose upper estimate is worth refining (and whose halves
  // can be counted: beyond 2^62 rows the formula's answer, astronomic, stands).
  constexpr double kCountable = 4.6e18;
  if (general || m.parties.size() > 64 || !(nA < kCountable && nB < kCountable)) return e;
  if (opt.pareto) {
    FrontGuess f = estimate_front(m, all);
    e.seconds += f.seconds;
    // The candidates with their index, sums and order (8·P + 24 bytes each), next to the tables.
    e.bytes += f.peak_values / std::max<double>(1, cols) * (8 * cols + 24);
    e.what += f.refused ? "; the Pareto frontier over its cap (skipped)"
                        : fmt::format("; a Pareto frontier of about {:.3g} packages ({}; --no-pareto skips it)", f.size,
                                      format_seconds(f.seconds));
  }
  if (upper < kPilotFrom) return e;
  Table a = sampled_table(m, A, static_cast<std::uint64_t>(nA), kPilotRowsA, 0x5041524C4559A);
  Table b = sampled_table(m, B, static_cast<std::uint64_t>(nB), kPilotRowsB, 0x5041524C4559B);
  const auto perm = sort_by_first_column(b);
  CredTable ca, cb;
  if (credible) {
    const auto rows_a = sample_rows(static_cast<std::uint64_t>(nA), kPilotRowsA, 0x5041524C4559A);
    const auto rows_b = sample_rows(static_cast<std::uint64_t>(nB), kPilotRowsB, 0x5041524C4559B);
    ca = tabulate_credible(m, *opt.commitments, A, &rows_a);
    cb = tabulate_credible(m, *opt.commitments, B, &rows_b);
    permute_rows(cb, perm);
  }
  const CredibleScan cs{opt.commitments, &ca, &cb};
  AdditiveScan pilot = scan_additive(m, a, b, 1, {}, nullptr, credible ? &cs : nullptr);
  const double scale = (nA / static_cast<double>(a.n)) * (nB / static_cast<double>(b.n));
  const double scan_pairs = pilot.scan_pairs * scale, closest_pairs = pilot.closest_pairs * scale;
  const double closest_reads = pilot.closest_reads * scale;
  const double credible_evaluations = pilot.credible_evaluations * scale;
  e.seconds += nA * cols * 3 * kRowSeconds - upper +  // the pilot's prediction replaces the upper one
              (scan_pairs + closest_pairs) * kPairSeconds + scan_pairs * cols * kScanSeconds + closest_reads * kReadSeconds +
              credible_evaluations * W * kCredibleSeconds;
  e.what += fmt::format("; a pilot scan of {} x {} rows predicts {:.3g} row pairs read", a.n, b.n,
                        scan_pairs + closest_pairs);
  if (credible) e.what += fmt::format(" and {:.3g} credible evaluations", credible_evaluations);
  return e;
}

}  // namespace parley
