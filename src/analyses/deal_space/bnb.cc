// Branch and bound over blocks (bnb.h): the Nash package, the ideal point, the Kalai–Smorodinsky
// package and the closest package, each by a depth-first search with a good first incumbent
// (a few weighted greedy packages improved by local search), weighted bounds (bnb_bounds.h) and
// per-party bounds. Every candidate is compared with the tables method's own orders (Best, Ks,
// Closest of deal_space_internal.h); a subtree is discarded only when it provably holds nothing
// that compares better, so the answer is the tables method's.
#include "analyses/deal_space/bnb.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analyses/deal_space/bnb_bounds.h"
#include "core/exact.h"

namespace parley::deal_space_detail {

double Linear::root() const {
  double b = 0;
  for (std::size_t p = 0; p < w.size(); ++p) b += w[p] * (0 - d[p]);
  return b + suf[0];
}

Linear make_linear(const SearchSpace& s, std::vector<double> w, std::size_t from) {
  Linear lin;
  lin.w = std::move(w);
  lin.d = s.d;
  const int P = s.P;
  const std::size_t L = s.L();
  lin.score.resize(L);
  lin.order.resize(L);
  lin.suf.assign(L + 1, 0.0);
  double magnitude = 0;
  for (int p = 0; p < P; ++p) magnitude += lin.w[p] * std::abs(s.d[p]);
  // Levels above `from` only contribute to the partial sums: their weighted value is at most
  // Σ_p w_p max |v|, counted in the rounding allowance.
  for (std::size_t k = 0; k < std::min(from, L); ++k) {
    double a = 0;
    for (int p = 0; p < P; ++p) a += lin.w[p] * std::max(std::abs(s.levels[k].lo[p]), std::abs(s.levels[k].hi[p]));
    magnitude += a;
  }
  std::vector<double> best(L, 0.0);
  for (std::size_t k = from; k < L; ++k) {
    const Level& lv = s.levels[k];
    auto& sc = lin.score[k];
    sc.resize(lv.n);
    double largest_abs = 0;
    for (std::size_t r = 0; r < lv.n; ++r) {
      double x = 0, a = 0;
      for (int p = 0; p < P; ++p) {
        x += lin.w[p] * lv.v[r * P + p];
        a += lin.w[p] * std::abs(lv.v[r * P + p]);
      }
      sc[r] = x;
      largest_abs = std::max(largest_abs, a);
    }
    magnitude += largest_abs;
    auto& ord = lin.order[k];
    ord.resize(lv.n);
    std::iota(ord.begin(), ord.end(), std::uint32_t{0});
    // Rows are stored by index, so a stable sort keeps ties in index order.
    std::stable_sort(ord.begin(), ord.end(), [&](std::uint32_t a, std::uint32_t b) { return sc[a] > sc[b]; });
    best[k] = lv.n ? sc[ord[0]] : 0.0;
  }
  for (std::size_t k = L; k-- > from;) lin.suf[k] = lin.suf[k + 1] + best[k];
  double log_sum = 0;
  for (int p = 0; p < P; ++p) log_sum += std::log(lin.w[p]);
  lin.geo_mean = P > 0 ? std::exp(log_sum / P) : 0.0;
  // Each value is a sum of about P + 2L rounded terms no larger than `magnitude`.
  lin.tol = 4.0 * static_cast<double>(2 * L + P + 8) * 0x1.0p-52 * magnitude;
  return lin;
}

namespace {

constexpr int kMaxP = 64;
// Steps of the weights' optimisations (each costs one pass over the blocks' rows).
constexpr int kDualSteps = 400;
// Re-weighing below a node: the optimisation's steps, and the last levels, where it is skipped.
constexpr int kReweighSteps = 15;
constexpr std::size_t kReweighLast = 3;
// Random paths estimating a search the pilot stopped.
constexpr int kProbes = 200;

// The rows maximising Σ_p w_p v per level (lowest index among equals).
std::vector<std::uint32_t> argmax_rows(const SearchSpace& s, const std::vector<double>& w) {
  std::vector<std::uint32_t> rows(s.L(), 0);
  for (std::size_t k = 0; k < s.L(); ++k) {
    const Level& lv = s.levels[k];
    double best = kNegInf;
    for (std::size_t r = 0; r < lv.n; ++r) {
      double x = 0;
      for (int p = 0; p < s.P; ++p) x += w[p] * lv.v[r * s.P + p];
      if (x > best) {
        best = x;
        rows[k] = static_cast<std::uint32_t>(r);
      }
    }
  }
  return rows;
}

std::vector<double> utilities_of(const SearchSpace& s, const std::vector<std::uint32_t>& rows) {
  std::vector<double> u(s.P, 0.0);
  for (std::size_t k = 0; k < s.L(); ++k)
    for (int p = 0; p < s.P; ++p) u[p] += s.levels[k].v[rows[k] * s.P + p];
  return u;
}

std::uint64_t index_of_rows(const SearchSpace& s, const std::vector<std::uint32_t>& rows) {
  std::uint64_t x = 0;
  for (std::size_t k = 0; k < s.L(); ++k) x += s.levels[k].idx[rows[k]];
  return x;
}

bool acceptable(const SearchSpace& s, const std::vector<double>& u) {
  for (int p = 0; p < s.P; ++p)
    if (u[p] < s.d[p]) return false;
  return true;
}

// The grid step of party p's utilities (model units are integers times 2^-e), or 0 when some
// value is off the grid (then searches for the ideal point keep exact ties).
double grain_of(const SearchSpace& s, const Exactness& x, int p) {
  if (!x.grid) return 0;
  std::uint64_t k = 0;
  auto on_grid = [&](double v) { return exact::to_scaled_integer(std::abs(v), x.e[p], k); };
  if (!on_grid(s.d[p])) return 0;
  for (const Level& lv : s.levels)
    for (std::size_t r = 0; r < lv.n; ++r)
      if (!on_grid(lv.v[r * s.P + p])) return 0;
  return std::ldexp(1.0, -x.e[p]);
}

// Improves a package one level at a time while `better(candidate rows, utilities)` accepts a
// change (first improvement, until none is left or `passes` sweeps).
template <class Better>
void local_search(const SearchSpace& s, std::vector<std::uint32_t>& rows, Better better, int passes = 50) {
  std::vector<double> u = utilities_of(s, rows), u2(s.P);
  for (int pass = 0; pass < passes; ++pass) {
    bool moved = false;
    for (std::size_t k = 0; k < s.L(); ++k) {
      const Level& lv = s.levels[k];
      for (std::size_t r = 0; r < lv.n; ++r) {
        if (r == rows[k]) continue;
        for (int p = 0; p < s.P; ++p) u2[p] = u[p] - lv.v[rows[k] * s.P + p] + lv.v[r * s.P + p];
        const std::uint32_t old = rows[k];
        rows[k] = static_cast<std::uint32_t>(r);
        if (better(rows, u2)) {
          // Recomputed from the rows: sums in a fixed order, so the same package always has
          // bit-identical utilities.
          u = utilities_of(s, rows);
          moved = true;
        } else {
          rows[k] = old;
        }
      }
    }
    if (!moved) break;
  }
}

// Depth-first search shared by the searches (CRTP): partial sums and index per depth, the walk
// over children best first, and Knuth's estimate of the walk's size. A search provides
//   lin                 its weights (children come in order of decreasing weighted value)
//   discards(Gt, k)     true when a child of a depth-k node with weighted bound Gt (weights of
//                       depth k; and every later child) holds
//                       nothing better than the incumbent
//   kFeasible           whether children below some party's reservation are skipped
//   may_hold_better(k)  per-party bounds of a node of depth k (< L)
//   leaf()              a complete package (partial sums at depth L)
template <class Self>
struct Dfs {
  const SearchSpace& S;
  const int P;
  const std::size_t L;
  std::vector<double> s;          // s[k * P + p]: sums over levels < k
  std::vector<std::uint64_t> ix;  // index contributions of levels < k
  // Work, in operations (a party's value added or weighed): P per node, and a re-weighing's
  // steps over the rows below; `limit` (> 0) stops the walk beyond it.
  double nodes = 0, work = 0, limit = 0;
  bool stopped = false;
  const CancelToken* cancel = nullptr;
  std::vector<double> rows_below;  // Σ_{l >= k} rows of level l

  Dfs(const SearchSpace& sp, double work_limit, const CancelToken* c)
      : S(sp), P(sp.P), L(sp.L()), s((sp.L() + 1) * sp.P, 0.0), ix(sp.L() + 1, 0), limit(work_limit), cancel(c),
        rows_below(sp.L() + 1, 0.0) {
    for (std::size_t k = L; k-- > 0;) rows_below[k] = rows_below[k + 1] + static_cast<double>(sp.levels[k].n);
  }
  Self& self() { return static_cast<Self&>(*this); }
  bool tick() {
    nodes += 1;
    work += P;
    if (limit > 0 && work > limit) stopped = true;
    if ((static_cast<std::uint64_t>(nodes) & 0xFFFF) == 0 && cancel && cancel->cancelled()) stopped = true;
    return !stopped;
  }
  double reweigh_work(std::size_t k) const { return (kReweighSteps + 2) * rows_below[k] * P; }
  // The child's partial sums into depth k + 1; false when some party cannot reach d below it.
  bool child(std::size_t k, std::uint32_t r, bool feasibility) {
    const Level& lv = S.levels[k];
    const double* sp = &s[k * P];
    double* c = &s[(k + 1) * P];
    const double* v = &lv.v[static_cast<std::size_t>(r) * P];
    const double* rmax = &S.rmax[(k + 1) * P];
    bool ok = true;
    for (int p = 0; p < P; ++p) {
      c[p] = sp[p] + v[p];
      if (feasibility && c[p] + rmax[p] < S.d[p]) ok = false;
    }
    ix[k + 1] = ix[k] + lv.idx[r];
    return ok;
  }
  std::uint64_t min_index(std::size_t k) const { return ix[k] + S.rmin_idx[k]; }

  enum class Step { opened, skipped, pruned, stop };
  // Child r of a node of depth k whose weighted partial value is `base`: its partial sums are
  // set when it is not skipped; G gets its weighted partial value.
  Step step(std::size_t k, std::uint32_t r, double base, double& G) {
    const Linear& lin = self().linear(k);
    G = base + lin.score[k][r];
    if (self().discards(G + lin.suf[k + 1] + lin.tol, k)) return Step::stop;
    if (!child(k, r, Self::kFeasible)) return Step::skipped;
    if (k + 1 == L) return Step::opened;
    return self().may_hold_better(k + 1) ? Step::opened : Step::pruned;
  }
  // Weights per depth: a node may re-optimise its search's weights for the packages below it
  // (Self::reweigh(k, w), from the weights of its parent; false keeps them), which tightens
  // the weighted bound in its subtree.
  std::vector<Linear> local;
  std::vector<const Linear*> at;
  std::vector<std::vector<double>> weights;  // per depth
  bool reweighing = true;
  const Linear& linear(std::size_t k) const { return *at[k]; }
  void enter(std::size_t k, double& base) {
    if (at.empty()) {
      at.assign(L + 1, &self().lin);
      local.resize(L + 1);
      weights.assign(L + 1, self().lin.w);
    }
    if (k == 0) {
      at[0] = &self().lin;
      weights[0] = self().lin.w;
      return;
    }
    weights[k] = weights[k - 1];
    at[k] = at[k - 1];
    // The last levels are cheaper to open than to re-weigh.
    if (!reweighing || k + kReweighLast >= L) return;
    work += reweigh_work(k);
    if (!self().reweigh(k, weights[k])) return;
    local[k] = make_linear(S, weights[k], k);
    at[k] = &local[k];
    base = weighted_base(local[k], &s[k * P], P);
  }
  void dfs(std::size_t k, double base) {
    self().enter(k, base);
    for (std::uint32_t r : self().linear(k).order[k]) {
      double G;
      const Step st = step(k, r, base, G);
      if (st == Step::stop) break;
      if (st == Step::skipped) continue;
      if (!tick()) return;
      if (st == Step::pruned) continue;
      if (k + 1 == L) {
        self().leaf();
        continue;
      }
      dfs(k + 1, G);
      if (stopped) return;
    }
  }
  void run() {
    if (L == 0) {
      self().leaf();
      return;
    }
    dfs(0, weighted_base(self().lin, s.data(), P));
  }
  // One random path from the root (Knuth 1975): the work dfs would do with the incumbent
  // fixed, estimated as Σ over the path's depths of (work at the node there) × Π (children
  // opened above). Its mean over paths is the walk's work.
  double probe(std::uint64_t& rng) {
    if (L == 0) return 0;
    std::size_t k = 0;
    double base = weighted_base(self().lin, s.data(), P), weight = 1, total = 0;
    std::vector<std::pair<std::uint32_t, double>> open;
    for (;;) {
      open.clear();
      const double before = work;
      self().enter(k, base);
      double counted = (work - before) / P;  // the re-weighing, in nodes' worth of operations
      work = before;
      for (std::uint32_t r : self().linear(k).order[k]) {
        double G;
        const Step st = step(k, r, base, G);
        if (st == Step::stop) break;
        if (st == Step::skipped) continue;
        counted += 1;
        if (st == Step::opened) open.emplace_back(r, G);
      }
      total += weight * counted * P;
      if (open.empty() || k + 1 == L) return total;
      rng += 0x9E3779B97F4A7C15ULL;
      std::uint64_t z = rng;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      const auto& [r, G] = open[(z ^ (z >> 31)) % open.size()];
      child(k, r, Self::kFeasible);
      base = G;
      weight *= static_cast<double>(open.size());
      ++k;
    }
  }
};

// The package below a node of depth k (partial sums s) maximising Σ_p w_p u_p: its utilities
// into u; returns Σ_p w_p (u_p − d_p), the node's weighted bound.
double best_below(const SearchSpace& S, const std::vector<double>& w, std::size_t k, const double* s,
                  std::vector<double>& u) {
  const int P = S.P;
  u.assign(s, s + P);
  for (std::size_t l = k; l < S.L(); ++l) {
    const Level& lv = S.levels[l];
    double best = kNegInf;
    std::size_t arg = 0;
    for (std::size_t r = 0; r < lv.n; ++r) {
      double x = 0;
      for (int p = 0; p < P; ++p) x += w[p] * lv.v[r * P + p];
      if (x > best) {
        best = x;
        arg = r;
      }
    }
    for (int p = 0; p < P; ++p) u[p] += lv.v[arg * P + p];
  }
  double g = 0;
  for (int p = 0; p < P; ++p) g += w[p] * (u[p] - S.d[p]);
  return g;
}

// Simplex weights c (w_p = c_p σ_p) minimising the weighted bound of the packages below a node,
// by `iters` steps of exponentiated gradient from the given c.
std::vector<double> simplex_below(const SearchSpace& S, const std::vector<double>& sigma, int iters, std::size_t k,
                                  const double* s, std::vector<double> c) {
  const int P = S.P;
  std::vector<double> w(P), best_c = c, u, grad(P);
  double best_phi = kInf;
  for (int t = 0; t < iters; ++t) {
    for (int p = 0; p < P; ++p) w[p] = c[p] * sigma[p];
    const double phi = best_below(S, w, k, s, u);
    double gmax = 0;
    for (int p = 0; p < P; ++p) {
      grad[p] = sigma[p] > 0 ? sigma[p] * (u[p] - S.d[p]) : 0.0;
      gmax = std::max(gmax, std::abs(grad[p]));
    }
    if (phi < best_phi) {
      best_phi = phi;
      best_c = c;
    }
    if (gmax == 0) break;
    const double eta = 1.0 / std::sqrt(t + 1.0);
    double sum = 0;
    for (int p = 0; p < P; ++p) {
      if (sigma[p] <= 0) continue;
      c[p] = std::max(c[p] * std::exp(-eta * grad[p] / gmax), 1e-12);
      sum += c[p];
    }
    for (double& x : c) x /= sum;
  }
  return best_c;
}

// ---- Nash ---------------------------------------------------------------------------------

struct NashSearch : Dfs<NashSearch> {
  const Exactness& X;
  Linear lin;
  // Children with G + tol below P · thr^(1/P) · (Π w)^(1/P) are discarded (AM–GM; thr the
  // threshold product): cut_root is P · thr^(1/P), from the log threshold, 0 before a first
  // incumbent with a positive product.
  double cut_root = 0;
  Best best;

  NashSearch(const SearchSpace& sp, const Exactness& x, double work_limit, const CancelToken* c)
      : Dfs(sp, work_limit, c), X(x) {}

  double threshold() const { return best.floor(); }  // log
  void set_cut() { cut_root = best.log_prod > kNegInf ? P * std::exp(threshold() / P) * (1 - 1e-12) : 0.0; }
  void set_weights(std::vector<double> w) {
    lin = make_linear(S, std::move(w));
    set_cut();
  }
  bool consider(const double* u, std::uint64_t index) {
    double g[kMaxP];
    LogProduct product;
    for (int p = 0; p < P; ++p) {
      g[p] = u[p] - S.d[p];
      if (g[p] < 0) return false;
      product.times(g[p]);
    }
    const double prod = product.log();
    if (prod < threshold()) return false;
    Best cand = make_best(prod, index, g, X);
    if (!cand.better_than(best)) return false;
    best = std::move(cand);
    set_cut();
    return true;
  }
  // Per-party bound of the product below the node at depth k (exact comparison near a tie).
  bool may_hold_better(std::size_t k) const {
    if (best.log_prod == kNegInf) return true;
    const double* c = &s[k * P];
    const double* rmax = &S.rmax[k * P];
    double g[kMaxP];
    LogProduct bound;
    for (int p = 0; p < P; ++p) {
      g[p] = c[p] + rmax[p] - S.d[p];
      bound.times(std::max(0.0, g[p]));
    }
    const double ub = bound.log();
    if (ub < threshold()) return false;
    if (best.clearly_beaten_by(ub)) return true;
    return !best.better_than(make_best(ub, min_index(k), g, X));
  }
  static constexpr bool kFeasible = true;
  bool discards(double Gt, std::size_t k) const { return Gt < cut_root * linear(k).geo_mean; }
  void leaf() { consider(&s[L * P], ix[L]); }
  // λ moved towards 1/g of the best weighted package below (the fixed point of the bound's
  // minimisation over λ), keeping the λ with the smallest bound.
  bool reweigh(std::size_t k, std::vector<double>& w) {
    std::vector<double> lam = w, best_lam = w, u;
    double best_b = kInf;
    for (int t = 0; t < kReweighSteps; ++t) {
      const double G = best_below(S, lam, k, &s[k * P], u);
      if (G <= 0) return false;  // nothing acceptable below: the parent's weights discard it
      double b = P * std::log(G / P);
      for (double x : lam) b -= std::log(x);
      if (b < best_b) {
        best_b = b;
        best_lam = lam;
      }
      for (int p = 0; p < P; ++p) {
        const double g = u[p] - S.d[p];
        lam[p] = g > 0 ? std::sqrt(lam[p] / g) : lam[p] * 2;
      }
    }
    w = best_lam;
    return true;
  }
};

// First incumbent and weights of the Nash search: weighted greedy packages, the weights moved
// towards 1/g of the last acceptable one (the normal of the product's level set there), then
// local search.
void nash_start(NashSearch& ns) {
  const SearchSpace& S = ns.S;
  const int P = S.P;
  std::vector<double> w(P), tiny(P);
  for (int p = 0; p < P; ++p) {
    tiny[p] = std::max(1e-300, 1e-9 * (S.rmax[p] - S.rmin[p]));
    w[p] = 1 / std::max(S.rmax[p] - S.d[p], tiny[p]);
  }
  std::vector<std::uint32_t> best_rows;
  for (int it = 0; it < 60; ++it) {
    auto rows = argmax_rows(S, w);
    auto u = utilities_of(S, rows);
    bool ok = acceptable(S, u);
    if (ok && ns.consider(u.data(), index_of_rows(S, rows))) best_rows = rows;
    for (int p = 0; p < P; ++p) {
      const double g = u[p] - S.d[p];
      if (!ok) {
        if (g < 0) w[p] *= 2;
      } else {
        w[p] = std::sqrt(w[p] / std::max(g, tiny[p]));  // geometric mean of w and 1/g
      }
    }
  }
  if (!best_rows.empty()) {
    local_search(S, best_rows, [&](const std::vector<std::uint32_t>& rows, const std::vector<double>& u) {
      return acceptable(S, u) && ns.consider(u.data(), index_of_rows(S, rows));
    });
    std::vector<double> g = utilities_of(S, best_rows);
    for (int p = 0; p < P; ++p) w[p] = 1 / std::max(g[p] - S.d[p], tiny[p]);
  }
  ns.set_weights(w);
}

// ---- simplex weights ------------------------------------------------------------------------

// Weights c on the simplex of the parties with sigma_p > 0 minimising
//   Φ(c) = Σ_levels max_row Σ_p c_p σ_p v − Σ_p c_p σ_p d_p
// (exponentiated gradient; any c gives a valid bound, a good one a tight bound). `visit` sees
// each maximising package.
template <class Visit>
std::vector<double> simplex_weights(const SearchSpace& S, const std::vector<double>& sigma, int iters, Visit visit) {
  const int P = S.P;
  std::vector<double> c(P, 0.0), w(P), best_c;
  int active = 0;
  for (int p = 0; p < P; ++p) active += sigma[p] > 0;
  if (active == 0) return c;
  for (int p = 0; p < P; ++p) c[p] = sigma[p] > 0 ? 1.0 / active : 0.0;
  double best_phi = kInf;
  for (int t = 0; t < iters; ++t) {
    for (int p = 0; p < P; ++p) w[p] = c[p] * sigma[p];
    auto rows = argmax_rows(S, w);
    auto u = utilities_of(S, rows);
    visit(rows, u);
    double phi = 0, gmax = 0;
    std::vector<double> grad(P, 0.0);
    for (int p = 0; p < P; ++p) {
      if (sigma[p] <= 0) continue;
      grad[p] = sigma[p] * (u[p] - S.d[p]);
      phi += c[p] * grad[p];
      gmax = std::max(gmax, std::abs(grad[p]));
    }
    if (phi < best_phi) {
      best_phi = phi;
      best_c = c;
    }
    if (gmax == 0) break;
    const double eta = 2.0 / std::sqrt(t + 1.0);
    double sum = 0;
    for (int p = 0; p < P; ++p) {
      if (sigma[p] <= 0) continue;
      c[p] *= std::exp(-eta * grad[p] / gmax);
      c[p] = std::max(c[p], 1e-12);
      sum += c[p];
    }
    for (double& x : c) x /= sum;
  }
  return best_c;
}

// ---- ideal point ----------------------------------------------------------------------------

struct IdealSearch : Dfs<IdealSearch> {
  int q;
  double grain;
  Linear lin;
  double best = kNegInf;  // best utility of q in the ZOPA so far (model units)

  IdealSearch(const SearchSpace& sp, int party, double g, double work_limit, const CancelToken* c)
      : Dfs(sp, work_limit, c), q(party), grain(g) {}
  double need() const { return best + grain; }  // a better package reaches at least this
  static constexpr bool kFeasible = true;
  // G bounds u_q − d_q (w_q = 1, the other weights multiply non-negative gains).
  bool discards(double Gt, std::size_t) const { return Gt < need() - S.d[q]; }
  // Multipliers μ (w_p = μ_p, w_q = 1) by projected subgradient steps on the bound below.
  std::vector<double> range;
  bool reweigh(std::size_t k, std::vector<double>& w) {
    if (range.empty())
      for (int p = 0; p < P; ++p) range.push_back(std::max(S.rmax[p] - S.rmin[p], 1e-300));
    std::vector<double> mu = w, best_w = w, u, gr(P);
    double best_D = kInf, step = 1;
    for (int t = 0; t < kReweighSteps; ++t) {
      const double D = best_below(S, mu, k, &s[k * P], u);
      if (D < best_D) {
        best_D = D;
        best_w = mu;
      } else {
        step *= 0.7;
      }
      const double gap = D - (need() - S.d[q]);
      if (gap < 0) break;  // the bound already discards this node
      double norm = 0;
      for (int p = 0; p < P; ++p) {
        gr[p] = p == q ? 0.0 : (u[p] - S.d[p]) / range[p];
        if (p != q && (mu[p] > 0 || gr[p] < 0)) norm += gr[p] * gr[p];
      }
      if (norm == 0) break;
      for (int p = 0; p < P; ++p)
        if (p != q) mu[p] = std::max(0.0, mu[p] - step * gap / range[q] / norm * gr[p] * range[q] / range[p]);
    }
    w = best_w;
    return true;
  }
  bool may_hold_better(std::size_t k) const { return s[k * P + q] + S.rmax[k * P + q] >= need(); }
  void leaf() {
    if (L == 0 && !acceptable(S, std::vector<double>(P, 0.0))) return;
    best = std::max(best, s[L * P + q]);
  }
};

// Multipliers μ >= 0 of the other parties' constraints u_p >= d_p for the ideal point of q
// (projected subgradient, Polyak steps towards the best known value), weights e_q + μ.
std::vector<double> ideal_weights(const SearchSpace& S, int q, double known, std::vector<std::uint32_t>* found,
                                  double* found_u) {
  const int P = S.P;
  std::vector<double> mu(P, 0.0), w(P), best_w;
  std::vector<double> range(P);
  for (int p = 0; p < P; ++p) range[p] = std::max(S.rmax[p] - S.rmin[p], 1e-300);
  double best_D = kInf;
  double step = 1;
  for (int t = 0; t < kDualSteps; ++t) {
    for (int p = 0; p < P; ++p) w[p] = (p == q ? 1.0 : 0.0) + mu[p];
    auto rows = argmax_rows(S, w);
    auto u = utilities_of(S, rows);
    if (acceptable(S, u) && u[q] > *found_u) {
      *found_u = u[q];
      *found = rows;
      known = std::max(known, u[q] - S.d[q]);
    }
    double D = 0;
    for (int p = 0; p < P; ++p) D += w[p] * (u[p] - S.d[p]);
    if (D < best_D) {
      best_D = D;
      best_w = w;
    } else {
      step *= 0.9;
    }
    // Subgradient of D in μ_p: u_p − d_p; in units of each party's range.
    double norm = 0;
    std::vector<double> gr(P, 0.0);
    for (int p = 0; p < P; ++p) {
      if (p == q) continue;
      gr[p] = (u[p] - S.d[p]) / range[p];
      if (mu[p] > 0 || gr[p] < 0) norm += gr[p] * gr[p];
    }
    if (norm == 0) break;
    const double gap = std::isfinite(known) ? std::max(D - known, 0.0) / range[q] : 0.1;
    if (gap == 0) break;
    for (int p = 0; p < P; ++p) {
      if (p == q) continue;
      mu[p] = std::max(0.0, mu[p] - step * gap / norm * gr[p] * range[q] / range[p]);
    }
  }
  return best_w;
}

// ---- Kalai–Smorodinsky ----------------------------------------------------------------------

struct KsSearch : Dfs<KsSearch> {
  const Exactness& X;
  std::vector<double> ideal, range, inv_range;
  bool any_range = false;
  Linear lin;
  Ks best;

  KsSearch(const SearchSpace& sp, const Exactness& x, const std::vector<double>& I, double work_limit,
           const CancelToken* c)
      : Dfs(sp, work_limit, c), X(x), ideal(I) {
    for (int p = 0; p < P; ++p) {
      range.push_back(ideal[p] - S.d[p]);
      inv_range.push_back(range[p] > 0 ? 1 / range[p] : 0.0);
      any_range = any_range || range[p] > 0;
    }
  }
  // Children whose bound on the smallest normalised gain is below this are discarded.
  double cut() const {
    const double m = best.min();
    return std::isfinite(m) ? m - kNearTie * std::abs(m) : 0.0;
  }
  bool consider(const double* u, std::uint64_t index) {
    double g[kMaxP], mn = kInf;
    for (int p = 0; p < P; ++p) {
      g[p] = u[p] - S.d[p];
      if (g[p] < 0) return false;
      mn = std::min(mn, range[p] > 0 ? g[p] / range[p] : 1.0);
    }
    if (mn < best.min() * (1 - kNearTie)) return false;
    Ks cand = make_ks(g, range.data(), P, index, X);
    if (!cand.better_than(best)) return false;
    best = std::move(cand);
    return true;
  }
  bool may_hold_better(std::size_t k) const {
    if (best.sorted_gains.empty()) return true;
    const double* c = &s[k * P];
    const double* rmax = &S.rmax[k * P];
    double g[kMaxP], mn = 1;
    for (int p = 0; p < P; ++p) {
      g[p] = std::min(c[p] + rmax[p], ideal[p]) - S.d[p];
      if (range[p] > 0) mn = std::min(mn, g[p] * inv_range[p]);
    }
    if (mn * (1 + 1e-15) < cut()) return false;
    if (mn > best.min() + kNearTie * std::abs(best.min())) return true;
    return !best.better_than(make_ks(g, range.data(), P, min_index(k), X));
  }
  static constexpr bool kFeasible = true;
  bool discards(double Gt, std::size_t) const { return any_range && Gt < cut(); }
  bool reweigh(std::size_t k, std::vector<double>& w) {
    if (!any_range) return false;
    std::vector<double> c(P);
    for (int p = 0; p < P; ++p) c[p] = w[p] * range[p];
    c = simplex_below(S, inv_range, kReweighSteps, k, &s[k * P], c);
    for (int p = 0; p < P; ++p) w[p] = c[p] * inv_range[p];
    return true;
  }
  void leaf() { consider(&s[L * P], ix[L]); }
};

// ---- closest package ------------------------------------------------------------------------

struct ClosestSearch : Dfs<ClosestSearch> {
  const Exactness& X;
  std::vector<double> unit;
  Linear lin;
  Closest best;

  ClosestSearch(const SearchSpace& sp, const Exactness& x, std::vector<double> units, double work_limit,
                const CancelToken* c)
      : Dfs(sp, work_limit, c), X(x), unit(std::move(units)) {}
  double limit_worst() const { return best.worst * (1 + kNearTie); }
  bool consider(const double* u, std::uint64_t index) {
    double sf[kMaxP], gains[kMaxP], worst = 0, total = 0, gain = 0;
    for (int p = 0; p < P; ++p) {
      sf[p] = std::max(0.0, S.d[p] - u[p]);
      const double x = sf[p] * unit[p];
      worst = std::max(worst, x);
      total += x;
      gains[p] = std::max(0.0, u[p] - S.d[p]);
      gain += gains[p] * unit[p];
    }
    if (worst > limit_worst()) return false;
    Closest cand = make_closest(sf, worst, total, 0.0, index, X, 0, gains, gain);
    if (!cand.better_than(best)) return false;
    best = std::move(cand);
    return true;
  }
  bool may_hold_better(std::size_t k) const {
    if (best.index == kNoIndex) return true;
    const double* c = &s[k * P];
    const double* rmax = &S.rmax[k * P];
    // Every component at its most favourable in the subtree (the least shortfalls, the largest
    // gains, the lowest index): the closest order is monotone in each.
    double sf[kMaxP], gains[kMaxP], worst = 0, total = 0, gain = 0;
    for (int p = 0; p < P; ++p) {
      sf[p] = std::max(0.0, S.d[p] - c[p] - rmax[p]);
      const double x = sf[p] * unit[p];
      worst = std::max(worst, x);
      total += x;
      gains[p] = std::max(0.0, c[p] + rmax[p] - S.d[p]);
      gain += gains[p] * unit[p];
    }
    if (worst * (1 - 1e-15) > limit_worst()) return false;
    if (worst < best.worst * (1 - kNearTie)) return true;
    return !best.better_than(make_closest(sf, worst, total, 0.0, min_index(k), X, 0, gains, gain));
  }
  static constexpr bool kFeasible = false;
  // −G bounds the largest shortfall from below (weights c_p·unit_p, c on the simplex).
  bool discards(double Gt, std::size_t) const { return -Gt > limit_worst(); }
  bool reweigh(std::size_t k, std::vector<double>& w) {
    std::vector<double> c(P);
    for (int p = 0; p < P; ++p) c[p] = w[p] / unit[p];
    c = simplex_below(S, unit, kReweighSteps, k, &s[k * P], c);
    for (int p = 0; p < P; ++p) w[p] = c[p] * unit[p];
    return true;
  }
  void leaf() { consider(&s[L * P], ix[L]); }
};

}  // namespace

AdditiveScan search_additive(const CompiledModel& m, int threads, const ProgressFn& progress,
                             const CancelToken* cancel, ZopaCount* count, SearchWork* work, double work_limit,
                             std::size_t list, const ClassPlan* plan, SearchSpace* space) {
  const int P = static_cast<int>(m.parties.size());
  const Exactness X = exactness_of(m);
  AdditiveScan out;
  out.ideal.assign(P, kNegInf);
  ZopaCount zc;
  SearchWork sw;
  if (plan && !plan->any()) plan = nullptr;
  const SearchSpace full = build_search_space(m, true, false, plan);
  if (space) *space = full;
  const double total_steps = 4;
  auto step = [&](double k) {
    if (progress) progress(static_cast<std::uint64_t>(k), static_cast<std::uint64_t>(total_steps));
  };
  auto finish = [&] {
    if (count) *count = zc;
    if (work) *work = sw;
    return out;
  };
  // A search stopped by the work limit (the cost model's pilot) is estimated by random paths
  // with its incumbent fixed, and the next searches start from its incumbent; one stopped
  // otherwise was cancelled, and the analysis stops.
  const bool pilot = work_limit > 0;
  // The work of a finished search, or the estimate of a stopped one (`probes` random paths).
  auto work_of = [&](auto& d, int probes) {
    if (!d.stopped || !pilot) return d.work;
    d.stopped = false;
    d.limit = 0;
    std::uint64_t rng = 0x4B4E555448;
    double sum = 0;
    for (int i = 0; i < probes; ++i) sum += d.probe(rng);
    return std::max(d.work, sum / probes);
  };
  auto stopped = [&](auto& d, double& phase) {
    sw.nodes += d.nodes;
    if (d.stopped && !pilot) return true;
    if (d.stopped) sw.complete = false;
    phase += work_of(d, kProbes);
    return false;
  };
  auto remaining = [&] { return work_limit; };

  // Nash, on the non-dominated rows: exact when the best product is positive (a dominated row
  // can then be replaced by its dominator for a larger product); a zero product is searched
  // again with only the index-dominated rows dropped.
  const SearchSpace dominated = reduced(full, Reduce::dominated);
  NashSearch nash(dominated, X, remaining(), cancel);
  nash_start(nash);
  nash.run();
  if (stopped(nash, sw.nash)) return finish();
  const SearchSpace index_dominated = reduced(full, Reduce::index_dominated);
  std::vector<double> nash_w = nash.lin.w;
  if (nash.best.index != kNoIndex && nash.best.log_prod == kNegInf) {
    NashSearch again(index_dominated, X, remaining(), cancel);
    nash_start(again);
    again.run();
    if (stopped(again, sw.nash)) return finish();
    nash.best = again.best;
  }
  step(1);
  out.nash = nash.best;
  if (nash.best.index == kNoIndex) {
    // Empty ZOPA: the closest package.
    zc = ZopaCount{};
    const SearchSpace& S = index_dominated;
    std::vector<double> unit(P);
    for (int p = 0; p < P; ++p) unit[p] = m.utilities[m.parties[p]].unit;
    ClosestSearch cs(S, X, unit, remaining(), cancel);
    auto try_rows = [&](const std::vector<std::uint32_t>& rows, const std::vector<double>& u) {
      return cs.consider(u.data(), index_of_rows(S, rows));
    };
    std::vector<std::uint32_t> start;
    std::vector<double> c = simplex_weights(S, unit, kDualSteps, [&](const std::vector<std::uint32_t>& rows,
                                                              const std::vector<double>& u) {
      if (try_rows(rows, u)) start = rows;
    });
    if (!start.empty()) local_search(S, start, try_rows);
    for (int p = 0; p < P; ++p) c[p] *= unit[p];
    cs.lin = make_linear(S, c);
    cs.run();
    if (stopped(cs, sw.closest)) return finish();
    out.closest = cs.best;
    step(total_steps);
    return finish();
  }

  // Ideal point: each party's best utility within the ZOPA.
  const SearchSpace& S = dominated;
  const std::vector<double> nash_u = [&] {
    std::vector<double> u(P);
    Choice x = m.choice_of(nash.best.index);
    for (int p = 0; p < P; ++p) u[p] = m.utility(m.parties[p], x);
    return u;
  }();
  // One search per party, independent: shared among the threads (each party's result and work
  // are its own, summed in party order).
  struct IdealOut {
    double best = kNegInf, work = 0, nodes = 0;
    bool stopped = false, cancelled = false;
  };
  std::vector<IdealOut> ideals(P);
  const int T = std::max(1, std::min(threads, P));
  run_workers(static_cast<unsigned>(T), [&](unsigned t) {
    for (int q = static_cast<int>(t); q < P; q += T) {
      IdealSearch is(S, q, grain_of(S, X, q), pilot ? std::max(1e6, work_limit / P) : 0.0, cancel);
      double found_u = nash_u[q];
      std::vector<std::uint32_t> found;
      std::vector<double> w = ideal_weights(S, q, nash_u[q] - S.d[q], &found, &found_u);
      if (!found.empty()) {
        local_search(S, found, [&](const std::vector<std::uint32_t>&, const std::vector<double>& u) {
          if (!acceptable(S, u) || u[q] <= found_u) return false;
          found_u = u[q];
          return true;
        });
      }
      is.best = found_u;
      is.lin = make_linear(S, w);
      // The pilot walks without re-weighing (cheap nodes: many more of them, so a good best
      // package within its budget), then estimates the real walk by random paths from there.
      if (pilot) is.reweighing = false;
      is.run();
      IdealOut& o = ideals[q];
      o.nodes = is.nodes;
      o.stopped = is.stopped;
      o.cancelled = is.stopped && !pilot;
      if (pilot) {
        is.reweighing = true;
        is.stopped = true;  // estimated whether or not the cheap walk finished
      }
      o.work = work_of(is, std::max(20, kProbes / P));
      o.best = is.best;
    }
  });
  std::vector<double> ideal(P);
  for (int q = 0; q < P; ++q) {
    sw.nodes += ideals[q].nodes;
    sw.ideal += ideals[q].work;
    if (ideals[q].cancelled) return finish();
    if (ideals[q].stopped) sw.complete = false;
    ideal[q] = ideals[q].best;
  }
  out.ideal = ideal;
  step(2);

  // Kalai–Smorodinsky.
  KsSearch ks(S, X, ideal, remaining(), cancel);
  {
    auto try_rows = [&](const std::vector<std::uint32_t>& rows, const std::vector<double>& u) {
      return acceptable(S, u) && ks.consider(u.data(), index_of_rows(S, rows));
    };
    ks.consider(nash_u.data(), nash.best.index);
    std::vector<std::uint32_t> start;
    std::vector<double> c = simplex_weights(S, ks.inv_range, kDualSteps, [&](const std::vector<std::uint32_t>& rows,
                                                                    const std::vector<double>& u) {
      if (try_rows(rows, u)) start = rows;
    });
    if (!start.empty()) local_search(S, start, try_rows);
    for (int p = 0; p < P; ++p) c[p] *= ks.inv_range[p];
    ks.lin = make_linear(S, c);
  }
  ks.run();
  if (stopped(ks, sw.ks)) return finish();
  out.ks = ks.best;
  step(3);

  // The ZOPA's size (the pilot leaves the sweep out: its cost follows from the sizes).
  if (sweep_rows(m, kSweepRows) > 0) {
    sw.sweep_rows = sweep_rows(m, kSweepRows);
    if (!pilot) count_zopa_by_sweep(m, kSweepRows, zc);
  } else if (pilot) {
    // The count's tree does not depend on the searches: estimated by random paths. Past the
    // cap it stops there, then samples (about a third more).
    const double nodes = count_tree_nodes(full, nash_w, kProbes);
    sw.count_exact = nodes <= kCountNodes;
    sw.count_nodes = sw.count_exact ? nodes : kCountNodes * 4 / 3;
  } else {
    zc = count_zopa(full, nash_w, kCountNodes, cancel);
    sw.count_nodes = zc.nodes;
    sw.count_exact = zc.exact;
  }
  // The listing; when it lists fewer than asked, it listed the whole ZOPA (an exact count).
  if (list > 0 && !pilot && !(cancel && cancel->cancelled())) {
    bool complete = true, all = false;
    out.zopa_first = plan ? first_listed(m, *plan, full, list, zopa_target(full), kCountNodes, &complete, &all)
                          : first_zopa(m, list, nash_w, kCountNodes, &complete, &all);
    if (all && !zc.exact) {
      zc = ZopaCount{};
      zc.lower = zc.upper = out.zopa_first.size();
      zc.estimate = static_cast<double>(zc.lower);
    }
    zc.lower = std::max<std::uint64_t>(zc.lower, out.zopa_first.size());
  }
  out.zopa_size = std::max<std::uint64_t>(zc.lower, 1);
  if (!zc.exact) zc.lower = std::max<std::uint64_t>(zc.lower, 1);
  step(total_steps);
  return finish();
}

}  // namespace parley::deal_space_detail
