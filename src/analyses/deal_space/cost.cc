// The deal-space analysis's cost model (docs/budgets.md). Memory from the sizes alone; time from
// a pilot: the additive scan (scan_additive, the code the analysis runs) over a deterministic
// sample of rows of each half table, and the frontier's filter (skyline) over samples of each
// merge's candidates; the work they count, scaled to the full sizes, times constants measured on
// the machine of docs/performance.md ("Cost model"). Two-level scenarios and scenarios with
// requirements evaluate every package.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <optional>
#include <tuple>
#include <unordered_set>

#include "analyses/deal_space/bnb.h"
#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "core/cost.h"
#include "core/count.h"

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
constexpr double kRequirementShare = 1.5;    // the same with requirements' counts beside the values
constexpr double kTabulateSeconds = 3e-9;    // per row, column and issue of a half table
// A listed ZOPA package (--max-listed), per value it carries (an option per issue, a utility per
// actor): evaluating it and writing its JSON (measured: 10^5 packages of 8 issues and 4 actors,
// 0.72 s of CPU and 342 MiB, docs/performance.md).
constexpr double kListedSeconds = 1e-6;
constexpr double kListedBytes = 250;
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


// The Pareto frontier (pareto_frontier): per merge, the candidates (every sum of a distinct
// vector of each half's frontier) are sorted and filtered, at a cost set by the comparisons the
// filter makes (one per run of equal candidates and distinct vector kept). A node's frontier is
// computed exactly while its candidates are few; beyond, the filter runs on random samples of
// s/2 and s candidates, and the comparisons and the frontier's distinct vectors are extrapolated
// from those two runs by a power law. The points a node passes up are then the sample's
// frontier, standing for the real one, each weighted by the packages it stands for.
constexpr std::size_t kFrontExact = 4096;
constexpr std::size_t kFrontSample = 8192;
constexpr double kSortSeconds = 2e-9;     // per candidate and log2(candidates)
// Per comparison of two points (most stop at the first coordinate): bound by memory, one cache
// line per frontier point read beyond 8 parties (64 bytes), less below.
constexpr double kCompareSeconds = 2.5e-9;   // up to 8 parties
constexpr double kCompareWideSeconds = 7.5e-9;  // more than 8 parties
constexpr double kReadSeconds2 = 0.3e-9;   // per further coordinate a comparison reads
constexpr double kSumSeconds = 1e-9;      // per candidate and party (the sums)
constexpr double kListSeconds = 1e-8;     // per package index carried for the listing (a heap)

struct FrontGuess {
  Front points;                // distinct vectors: the frontier's, or a sample's standing for them
  std::vector<double> weight;  // packages per point (adding up to `packages`)
  double size = 0;             // the frontier's distinct vectors (estimated unless exact)
  double packages = 0;         // its packages, ties included (estimated unless exact)
  double seconds = 0;
  double peak_values = 0;  // largest candidate set, in doubles
  bool refused = false;    // over the frontier's cap: the analysis skips it
};

double skyline_seconds(double n, const SkylineWork& w, int P) {
  return n * std::log2(std::max(2.0, n)) * kSortSeconds + w.comparisons * (P > 8 ? kCompareWideSeconds : kCompareSeconds) +
         std::max(0.0, w.reads - w.comparisons) * kReadSeconds2 + n * P * kSumSeconds;
}

// The distinct vectors of a skyline's output (equal vectors are adjacent in it), with the summed
// weights of their candidates (a candidate's index is its position in `weight`).
void distinct_points(const Front& kept, const std::vector<double>& weight, Front& points, std::vector<double>& w) {
  const int P = kept.P;
  points = Front{};
  points.P = P;
  w.clear();
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const double* x = &kept.v[k * P];
    if (k == 0 || !std::equal(x, x + P, &kept.v[(k - 1) * P])) {
      points.push(x, kept.idx[k]);
      w.push_back(0);
    }
    w.back() += weight[kept.idx[k]];
  }
}

// k distinct numbers below `pool`, in random order (all of them when pool <= k), the same every run.
std::vector<std::uint64_t> distinct_sample(std::uint64_t pool, std::size_t k, std::uint64_t seed) {
  std::vector<std::uint64_t> out;
  if (pool <= k) {
    for (std::uint64_t r = 0; r < pool; ++r) out.push_back(r);
    for (std::size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[splitmix(seed) % i]);
    return out;
  }
  std::unordered_set<std::uint64_t> seen;
  while (out.size() < k) {
    const std::uint64_t r = splitmix(seed) % pool;
    if (seen.insert(r).second) out.push_back(r);
  }
  return out;
}

// Estimates the filter over n candidates standing for `mass` packages. draw(r, c, w), for r below
// `pool` (the candidates the children's points give: all n when they are exact), adds candidate
// r to c, with index c.size(), and the packages it stands for to w. Samples are drawn without
// replacement, so that their distinct vectors are those of distinct candidates.
template <class Draw>
void filter_estimate(double n, std::uint64_t pool, double mass, int P, Draw draw, FrontGuess& g) {
  g.peak_values = std::max(g.peak_values, n * P);
  Front c;
  c.P = P;
  std::vector<double> cw;
  if (n <= kFrontExact || pool < 16) {
    for (std::uint64_t r = 0; r < pool; ++r) draw(r, c, cw);
    SkylineWork w;
    distinct_points(skyline(c, nullptr, &w), cw, g.points, g.weight);
    g.size = static_cast<double>(g.points.size());
    g.packages = 0;
    for (double x : g.weight) g.packages += x;
    const double grow = n / std::max<double>(1, static_cast<double>(pool));
    g.seconds += skyline_seconds(n, SkylineWork{w.comparisons * grow, w.reads * grow}, P);
    return;
  }
  for (std::uint64_t r : distinct_sample(pool, kFrontSample, 0x50415245544F)) draw(r, c, cw);
  const std::size_t n2 = c.size(), n1 = n2 / 2;
  Front small;
  small.P = P;
  for (std::size_t i = 0; i < n1; ++i) small.push(&c.v[i * P], c.idx[i]);
  SkylineWork w1, w2;
  Front f1;
  std::vector<double> w1s;
  distinct_points(skyline(small, nullptr, &w1), cw, f1, w1s);
  distinct_points(skyline(c, nullptr, &w2), cw, g.points, g.weight);
  const double s2 = static_cast<double>(n2), s1 = static_cast<double>(n1);
  // Comparisons grow as n^beta, 1 <= beta <= 2 (each candidate meets at least one point, at
  // most all of them); reads per comparison stay as in the sample.
  const double beta = std::clamp(std::log(std::max(w2.comparisons, 1.0) / std::max(w1.comparisons, 1.0)) /
                                     std::log(s2 / s1), 1.0, 2.0);
  const double gamma = std::clamp(std::log(static_cast<double>(g.points.size()) / std::max<double>(1, f1.size())) /
                                      std::log(s2 / s1), 0.0, 1.0);
  const double scale = n / s2;
  g.size = std::min(n, static_cast<double>(g.points.size()) * std::pow(scale, gamma));
  // The packages the frontier holds: the share of the candidates' packages on the sample's
  // frontier, extrapolated by the same power law (with equal weights, packages = vectors).
  auto kept = [&](const std::vector<double>& w, std::size_t s) {  // s × (kept weight / drawn weight)
    double k = 0, all = 0;
    for (double x : w) k += x;
    for (std::size_t i = 0; i < s; ++i) all += cw[i];
    return all > 0 ? static_cast<double>(s) * k / all : 0.0;
  };
  const double k1 = kept(w1s, n1), k2 = kept(g.weight, n2);
  const double gamma_p =
      std::clamp(std::log(std::max(k2, 1e-300) / std::max(k1, 1e-300)) / std::log(s2 / s1), 0.0, 1.0);
  g.packages = std::max(g.size, std::min(mass, mass / n * k2 * std::pow(scale, gamma_p)));
  double sampled = 0;
  for (double x : g.weight) sampled += x;
  for (double& x : g.weight) x *= g.packages / std::max(sampled, 1e-300);
  const double grow = std::pow(scale, beta);
  g.seconds += skyline_seconds(n, SkylineWork{w2.comparisons * grow, w2.reads * grow}, P);
}

// `cap`: the frontier packages listed (each node carries the first `cap` indices of its vectors).
// With `classes` (method classes), a block built by classes is a leaf of its estimated distinct
// vectors, the sample's standing for them, each for an equal share of the block's packages.
FrontGuess estimate_front(const CompiledModel& m, const std::vector<int>& blocks, double cap,
                          const ClassSample* classes = nullptr) {
  const int P = static_cast<int>(m.parties.size());
  FrontGuess g;
  if (blocks.size() == 1 && classes && !classes->points[blocks[0]].empty()) {
    const std::vector<double>& pts = classes->points[blocks[0]];
    const std::uint64_t pool = pts.size() / static_cast<std::size_t>(std::max(1, P));
    const double n = classes->rows[blocks[0]], mass = static_cast<double>(blocks_size(m, blocks));
    filter_estimate(n, pool, mass, P, [&](std::uint64_t r, Front& c, std::vector<double>& w) {
      c.push(&pts[r * P], c.size());
      w.push_back(mass / n);
    }, g);
    return g;
  }
  if (blocks.size() <= 1) {
    const double n = static_cast<double>(blocks_size(m, blocks));
    const double issues = static_cast<double>(blocks.empty() ? 0 : m.blocks[blocks[0]].size());
    g.seconds = n * P * issues * kTabulateSeconds;
    filter_estimate(n, blocks_size(m, blocks), n, P, [&](std::uint64_t r, Front& c, std::vector<double>& w) {
      Table t = tabulate_rows(m, blocks, m.parties, {r});
      c.push(front_of_table(t).v.data(), c.size());
      w.push_back(1);
    }, g);
    return g;
  }
  auto [A, B] = split_blocks(m, blocks);
  FrontGuess a = estimate_front(m, A, cap, classes);
  if (a.refused) return a;
  FrontGuess b = estimate_front(m, B, cap, classes);
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
  filter_estimate(n, static_cast<std::uint64_t>(na) * nb, a.packages * b.packages, P,
                  [&](std::uint64_t r, Front& c, std::vector<double>& w) {
    const std::size_t i = r / nb, j = r % nb;
    std::vector<double> x(P);
    for (int p = 0; p < P; ++p) x[p] = a.points.v[i * P + p] + b.points.v[j * P + p];
    c.push(x.data(), c.size());
    w.push_back(a.weight[i] * b.weight[j]);
  }, g);
  g.seconds += std::min(cap * g.size, g.packages) * kListSeconds;
  return g;
}

// The two halves of the tables method, the larger first, with their row counts (infinite when
// they saturate).
struct Halves {
  std::vector<int> A, B;
  double nA = 0, nB = 0;
};
Halves halves_of(const CompiledModel& m) {
  std::vector<int> all(m.blocks.size());
  for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
  Halves h;
  std::tie(h.A, h.B) = split_blocks(m, all);
  const std::uint64_t saturated = std::numeric_limits<std::uint64_t>::max();
  auto rows = [&](const std::vector<int>& blocks) {
    std::uint64_t n = blocks_size(m, blocks);
    return n == saturated ? std::numeric_limits<double>::infinity() : static_cast<double>(n);
  };
  h.nA = rows(h.A);
  h.nB = rows(h.B);
  if (h.nA < h.nB) {
    std::swap(h.nA, h.nB);
    std::swap(h.A, h.B);
  }
  return h;
}

// Beyond 2^62 rows a half cannot be counted; the formula's answer, astronomic, stands.
constexpr double kCountable = 4.6e18;

// The tables method on an additive model: tabulating the halves, then the scan, whose upper
// estimate (every package once per party) is refined by the pilot when it is worth it. `zopa`,
// when given, gets a bound of the ZOPA's size (the pilot's sampled ZOPA scaled, rounded up so
// that a ZOPA seen in the sample is never estimated empty; else every package).
double scan_seconds(const CompiledModel& m, const Halves& h, std::string* what, double* zopa = nullptr,
                    const DealSpaceOptions* opt = nullptr) {
  const double cols = static_cast<double>(m.parties.size());
  const double nA = h.nA, nB = h.nB;
  const double issues = static_cast<double>(m.n_options.size());
  const double tabulate_s = (nA + nB) * cols * issues * kTabulateSeconds;
  // The credible columns: two more half tables (and B's permuted copy), and at most one
  // evaluation per package (the pilot counts the ZOPA packages it evaluates).
  const bool credible = opt && credible_scan_needed(*opt);
  const double W = credible ? static_cast<double>(credible_width(*opt->commitments, m.parties.size())) : 0;
  const double credible_rows_s = (nA + nB) * W * kCredibleRowSeconds;
  const double upper = nA * nB * cols * kUpperSeconds + nA * nB * W * kCredibleSeconds;
  if (zopa) *zopa = nA * nB;
  if (upper < kPilotFrom || !(nA < kCountable && nB < kCountable)) return tabulate_s + credible_rows_s + upper;
  Table a = sampled_table(m, h.A, static_cast<std::uint64_t>(nA), kPilotRowsA, 0x5041524C4559A);
  Table b = sampled_table(m, h.B, static_cast<std::uint64_t>(nB), kPilotRowsB, 0x5041524C4559B);
  const auto perm = sort_by_first_column(b);
  CredTable ca, cb;
  if (credible) {
    const auto rows_a = sample_rows(static_cast<std::uint64_t>(nA), kPilotRowsA, 0x5041524C4559A);
    const auto rows_b = sample_rows(static_cast<std::uint64_t>(nB), kPilotRowsB, 0x5041524C4559B);
    ca = tabulate_credible(m, *opt->commitments, h.A, &rows_a);
    cb = tabulate_credible(m, *opt->commitments, h.B, &rows_b);
    permute_rows(cb, perm);
  }
  const CredibleScan cs{credible ? opt->commitments : nullptr, &ca, &cb};
  AdditiveScan pilot = scan_additive(m, a, b, 1, {}, nullptr, 0, credible ? &cs : nullptr);
  const double scale = (nA / static_cast<double>(a.n)) * (nB / static_cast<double>(b.n));
  const double scan_pairs = pilot.scan_pairs * scale, closest_pairs = pilot.closest_pairs * scale;
  const double closest_reads = pilot.closest_reads * scale;
  const double credible_evaluations = pilot.credible_evaluations * scale;
  if (what) {
    *what = fmt::format("; a pilot scan of {} x {} rows predicts {:.3g} row pairs read", a.n, b.n,
                        scan_pairs + closest_pairs);
    if (credible) *what += fmt::format(" and {:.3g} credible evaluations", credible_evaluations);
  }
  if (zopa) *zopa = std::ceil(static_cast<double>(pilot.zopa_size) * scale);
  return tabulate_s + credible_rows_s + nA * cols * 3 * kRowSeconds + (scan_pairs + closest_pairs) * kPairSeconds +
         scan_pairs * cols * kScanSeconds + closest_reads * kReadSeconds + credible_evaluations * W * kCredibleSeconds;
}

bool tables_possible(const Halves& h) {
  constexpr double kMaxHalf = 16777216;  // tabulate's limit, 2^24 rows
  return h.nA <= kMaxHalf && h.nB <= kMaxHalf;
}

}  // namespace

double deal_space_detail::tables_scan_seconds(const CompiledModel& m, std::string* what) {
  const Halves h = halves_of(m);
  return tables_possible(h) ? scan_seconds(m, h, what) : std::numeric_limits<double>::infinity();
}

CostEstimate estimate_deal_space(const CompiledModel& m, const DealSpaceOptions& options, DealSpaceMethod* chosen) {
  const DealSpaceOptions opt = options;  // `chosen` may point into `options`
  CostEstimate e;
  if (m.package_count() == std::numeric_limits<std::uint64_t>::max()) {
    // Every method numbers packages with 64 bits (ties go to the lowest index): refused.
    double packages = 1;
    for (int k : m.n_options) packages *= k;
    e.seconds = std::numeric_limits<double>::infinity();
    e.bytes = kBaseBytes;
    e.what = fmt::format("{} packages (about {:.3g}) x {} parties: more than a 64-bit package index can number",
                         count_text(m.package_count()), packages, m.parties.size());
    return e;
  }
  if (chosen) *chosen = opt.method == DealSpaceMethod::search ? opt.method : DealSpaceMethod::tables;
  const bool general = m.has_ratification() || m.has_requirements();
  const double cols = static_cast<double>(general ? m.utilities.size() : m.parties.size());
  std::vector<int> all(m.blocks.size());
  for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
  const Halves h = halves_of(m);
  const double nA = h.nA, nB = h.nB;
  // With requirements every row also carries each column's count of broken requirements (a
  // second table of the same shape), and each package adds them up (kRequirementShare).
  const bool requirements = m.has_requirements();
  const double row_bytes = (cols * 8 + 8) * (requirements ? 2 : 1);
  // A and B, plus the sorted copy of B (values, index, permutation) while B is sorted.
  e.bytes = kBaseBytes + nA * row_bytes + nB * (2 * row_bytes + 8);
  const double packages = nA * nB;
  const double issues = static_cast<double>(m.n_options.size());
  const double tabulate_s = (nA + nB) * cols * issues * kTabulateSeconds;
  const double upper =
      packages * cols * (general ? kGeneralSeconds : kUpperSeconds) * (requirements ? kRequirementShare : 1);
  e.seconds = tabulate_s * (requirements ? 2 : 1) + upper;
  if (general && credible_scan_needed(opt)) {  // the credible columns, as in scan_seconds
    const double W = static_cast<double>(credible_width(*opt.commitments, m.parties.size()));
    e.bytes += (nA + 2 * nB) * W * 8;
    e.seconds += packages * W * kCredibleSeconds + (nA + nB) * W * kCredibleRowSeconds;
  }
  e.what = fmt::format("{:.3g} packages x {} {}", packages, static_cast<long long>(cols),
                       !general       ? "parties"
                       : requirements ? "utility functions (package by package: requirements)"
                                      : "utility functions (two-level)");
  const std::string halves = fmt::format("; half tables of {:.3g} and {:.3g} rows", nA, nB);
  // The listed ZOPA packages: at most --max-listed, and at most the ZOPA (the pilot's estimate of
  // it when there is one, else the whole space).
  auto listing = [&](double listed, const char* what) {
    if (!(listed >= 1)) return;
    const double values = issues + static_cast<double>(m.utilities.size());
    e.seconds += listed * values * kListedSeconds;
    e.bytes += listed * (values + 4) * kListedBytes;
    e.what += fmt::format("; {:.3g} {} packages listed at most", listed, what);
  };
  const double zopa_listed = static_cast<double>(opt.zopa_listed);
  if (general || m.parties.size() > 64) {
    e.what += halves;
    listing(std::min(zopa_listed, packages), "ZOPA");
    return e;
  }
  std::string scan_what;
  double zopa_bound = packages;
  const double scan_s = scan_seconds(m, h, &scan_what, &zopa_bound, &opt);
  const MethodChoice choice =
      choose_method(m, opt, tables_possible(h) ? scan_s : std::numeric_limits<double>::infinity());
  if (chosen) *chosen = choice.method;
  // The frontier, whichever the method (pareto_frontier; blocks built by classes from their
  // sampled distinct vectors), and the listing of its first packages.
  double frontier_s = 0, frontier_bytes = 0, frontier_listed = 0;
  std::string frontier_what;
  const bool classes = choice.method == DealSpaceMethod::classes;
  std::optional<ClassSample> sample;
  if (classes) sample = sample_classes(m, plan_classes(m));
  if (opt.pareto && (classes || (nA < kCountable && nB < kCountable))) {
    const double cap = static_cast<double>(opt.max_listed);
    FrontGuess f = estimate_front(m, all, cap, sample ? &*sample : nullptr);
    frontier_s = f.seconds;
    // The candidates with their index, sums and order (8·P + 24 bytes each), next to the tables.
    frontier_bytes = f.peak_values / std::max<double>(1, cols) * (8 * cols + 24);
    // Over the cap, the merges below the refused one still run: say what they cost.
    frontier_what = f.refused ? fmt::format("; the Pareto frontier over its cap (skipped after {} of merges; "
                                            "--no-pareto skips them)",
                                            format_seconds(f.seconds))
                              : fmt::format("; a Pareto frontier of about {:.3g} packages with {:.3g} distinct utility "
                                            "vectors ({}; --no-pareto skips it)",
                                            f.packages, f.size, format_seconds(f.seconds));
    if (!f.refused) frontier_listed = std::min(cap, std::ceil(f.packages));
  }
  if (choice.method != DealSpaceMethod::tables) {
    e.seconds = choice.search.seconds + frontier_s;
    e.bytes = kBaseBytes + choice.search.bytes + frontier_bytes;
    e.what += "; " + choice.search.what + frontier_what;
  } else {
    e.seconds = scan_s + frontier_s;
    e.bytes += frontier_bytes;
    if (credible_scan_needed(opt))
      e.bytes += (nA + 2 * nB) * static_cast<double>(credible_width(*opt.commitments, m.parties.size())) * 8;
    e.what += halves + frontier_what + scan_what;
  }
  listing(std::min(zopa_listed, choice.method != DealSpaceMethod::tables ? packages : zopa_bound), "ZOPA");
  listing(frontier_listed, "frontier");
  return e;
}

}  // namespace parley
