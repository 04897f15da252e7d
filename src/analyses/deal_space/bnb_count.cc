// The ZOPA's size by the search tree (bnb.h): a node whose every package is acceptable (each
// party's partial sum plus the suffix of the blocks' smallest values reaches d) is counted
// whole, a node with none (some party's partial sum plus the suffix of largest values stays
// below d, or a weighted bound below 0) is skipped, and the rest are opened. The tree is opened
// one more level per pass (iterative deepening) while the work stays within the node cap; the
// last complete pass gives exact bounds (proven in; proven in plus undecided), equal when
// nothing is left undecided. The undecided packages are then sampled (uniformly, fixed seed)
// for an estimate.
#include <algorithm>
#include <cmath>

#include "analyses/deal_space/bnb.h"
#include "analyses/deal_space/bnb_bounds.h"

namespace parley::deal_space_detail {
namespace {

constexpr std::size_t kSamples = 1 << 15;

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

struct CountPass {
  const SearchSpace& S;
  const Linear& lin;
  const int P;
  const std::size_t L, depth;  // nodes at `depth` (< L) left open are undecided
  std::vector<double> s;
  std::uint64_t in = 0, undecided = 0;
  double nodes = 0, cap;
  bool stopped = false;
  const CancelToken* cancel;
  // Sampling (second run of a complete pass): sorted positions among the undecided packages.
  const std::vector<std::uint64_t>* targets = nullptr;
  std::size_t next_target = 0;
  std::uint64_t hits = 0, rng = 0x5A4F5041;
  std::vector<std::vector<std::uint64_t>> cumulative;  // per level: Σ mult of rows before r

  CountPass(const SearchSpace& sp, const Linear& l, std::size_t d, double c, const CancelToken* cn)
      : S(sp), lin(l), P(sp.P), L(sp.L()), depth(d), s((sp.L() + 1) * sp.P, 0.0), cap(c), cancel(cn) {}

  // A uniformly drawn package below a node of depth k (partial sums c): acceptable?
  bool sample_below(std::size_t k, const double* c) {
    std::vector<double> u(c, c + P);
    for (std::size_t l = k; l < L; ++l) {
      const Level& lv = S.levels[l];
      const auto& cum = cumulative[l];
      const std::uint64_t x = splitmix(rng) % lv.size;
      const std::size_t r = static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), x) - cum.begin()) - 1;
      for (int p = 0; p < P; ++p) u[p] += lv.v[r * P + p];
    }
    for (int p = 0; p < P; ++p)
      if (u[p] < S.d[p]) return false;
    return true;
  }

  void dfs(std::size_t k, double base, std::uint64_t mult) {
    const Level& lv = S.levels[k];
    const double* sp = &s[k * P];
    double* c = &s[(k + 1) * P];
    const double* rmax = &S.rmax[(k + 1) * P];
    const double* rmin = &S.rmin[(k + 1) * P];
    const double suf = lin.suf[k + 1];
    const auto& sc = lin.score[k];
    for (std::uint32_t r : lin.order[k]) {
      const double G = base + sc[r];
      if (G + suf + lin.tol < 0) break;  // Σ w_p (u_p − d_p) < 0 below: nothing acceptable
      const double* v = &lv.v[static_cast<std::size_t>(r) * P];
      bool some = true, all = true;
      for (int p = 0; p < P; ++p) {
        c[p] = sp[p] + v[p];
        if (c[p] + rmax[p] < S.d[p]) some = false;
        if (c[p] + rmin[p] < S.d[p]) all = false;
      }
      nodes += 1;
      if (nodes > cap || ((static_cast<std::uint64_t>(nodes) & 0xFFFF) == 0 && cancel && cancel->cancelled())) {
        stopped = true;
        return;
      }
      if (!some) continue;
      const std::uint64_t below = mult * lv.mult[r] * S.rsize[k + 1];
      if (all) {
        in += below;
        continue;
      }
      if (k + 1 == depth) {
        if (targets) {
          while (next_target < targets->size() && (*targets)[next_target] < undecided + below) {
            hits += sample_below(k + 1, c);
            ++next_target;
          }
        }
        undecided += below;
        continue;
      }
      dfs(k + 1, G, mult * lv.mult[r]);
      if (stopped) return;
    }
  }
  // One random path of the exact count's tree (Knuth 1975; see Dfs::probe in bnb.cc).
  double probe(std::uint64_t& seed) {
    if (L == 0) return 0;
    std::size_t k = 0;
    double base = weighted_base(lin, s.data(), P), weight = 1, total = 0;
    std::vector<std::pair<std::uint32_t, double>> open;
    for (;;) {
      const Level& lv = S.levels[k];
      const double* sp = &s[k * P];
      const double* rmax = &S.rmax[(k + 1) * P];
      const double* rmin = &S.rmin[(k + 1) * P];
      open.clear();
      double counted = 0;
      for (std::uint32_t r : lin.order[k]) {
        const double G = base + lin.score[k][r];
        if (G + lin.suf[k + 1] + lin.tol < 0) break;
        const double* v = &lv.v[static_cast<std::size_t>(r) * P];
        bool some = true, all = true;
        for (int p = 0; p < P; ++p) {
          const double c = sp[p] + v[p];
          if (c + rmax[p] < S.d[p]) some = false;
          if (c + rmin[p] < S.d[p]) all = false;
        }
        counted += 1;
        if (some && !all && k + 1 < L) open.emplace_back(r, G);
      }
      total += weight * counted;
      if (open.empty()) return total;
      const auto& [r, G] = open[splitmix(seed) % open.size()];
      for (int p = 0; p < P; ++p) s[(k + 1) * P + p] = sp[p] + lv.v[static_cast<std::size_t>(r) * P + p];
      base = G;
      weight *= static_cast<double>(open.size());
      ++k;
    }
  }
  void run() {
    if (L == 0) {
      bool ok = true;
      for (int p = 0; p < P; ++p) ok = ok && 0 >= S.d[p];
      in = ok ? 1 : 0;
      return;
    }
    dfs(0, weighted_base(lin, s.data(), P), 1);
  }
};

}  // namespace

double sweep_rows(const CompiledModel& m, std::uint64_t max_rows) {
  if (m.parties.size() > 2) return 0;
  std::vector<int> all(m.blocks.size());
  for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
  auto [ga, gb] = split_blocks(m, all);
  const std::uint64_t na = blocks_size(m, ga), nb = blocks_size(m, gb);
  if (na > max_rows || nb > max_rows) return 0;
  return static_cast<double>(na) + static_cast<double>(nb);
}

bool count_zopa_by_sweep(const CompiledModel& m, std::uint64_t max_rows, ZopaCount& out) {
  const int P = static_cast<int>(m.parties.size());
  if (sweep_rows(m, max_rows) == 0) return false;
  std::vector<int> all(m.blocks.size());
  for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
  auto [ga, gb] = split_blocks(m, all);
  const Table A = tabulate(m, ga, m.parties), B = tabulate(m, gb, m.parties);
  std::vector<double> d(2, kNegInf);
  for (int p = 0; p < P; ++p) d[p] = m.utilities[m.parties[p]].reservation;
  // Second coordinate (−inf for one party: every row passes).
  auto second = [&](const Table& t, std::size_t r) { return P == 2 ? t.col(1)[r] : 0.0; };
  // B's rows by first coordinate, descending; A's by the first threshold d0 − a0, descending
  // (a0 ascending): the B rows with b0 >= d0 − a0 then only grow.
  std::vector<std::size_t> ob(B.n), oa(A.n);
  for (std::size_t r = 0; r < B.n; ++r) ob[r] = r;
  for (std::size_t r = 0; r < A.n; ++r) oa[r] = r;
  std::sort(ob.begin(), ob.end(), [&](std::size_t x, std::size_t y) { return B.col(0)[x] > B.col(0)[y]; });
  std::sort(oa.begin(), oa.end(), [&](std::size_t x, std::size_t y) { return A.col(0)[x] < A.col(0)[y]; });
  // Fenwick tree over B's second coordinates (distinct values, ascending), counting inserted
  // rows at or above a value.
  std::vector<double> keys(B.n);
  for (std::size_t r = 0; r < B.n; ++r) keys[r] = second(B, r);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const std::size_t K = keys.size();
  std::vector<std::uint64_t> tree(K + 1, 0);  // over reversed ranks: prefix = values >= key
  auto rank_desc = [&](double v) {  // 1-based position of v among keys, largest first
    return K - static_cast<std::size_t>(std::lower_bound(keys.begin(), keys.end(), v) - keys.begin());
  };
  std::uint64_t total = 0;
  std::size_t next = 0;
  for (std::size_t i = 0; i < A.n; ++i) {
    const std::size_t r = oa[i];
    const double t0 = d[0] - A.col(0)[r];  // exact: values on the model's grid
    while (next < B.n && B.col(0)[ob[next]] >= t0) {
      for (std::size_t x = rank_desc(second(B, ob[next])); x <= K; x += x & (~x + 1)) ++tree[x];
      ++next;
    }
    if (P == 1) {
      total += next;
      continue;
    }
    // Rows with b1 >= d1 − a1: the keys from the first one at or above the threshold.
    const double t1 = d[1] - A.col(1)[r];
    const std::size_t first = static_cast<std::size_t>(std::lower_bound(keys.begin(), keys.end(), t1) - keys.begin());
    std::uint64_t c = 0;
    for (std::size_t x = K - first; x > 0; x -= x & (~x + 1)) c += tree[x];
    total += c;
  }
  out = ZopaCount{};
  out.lower = out.upper = total;
  out.estimate = static_cast<double>(total);
  out.nodes = static_cast<double>(A.n + B.n);
  return true;
}

double count_tree_nodes(const SearchSpace& S, const std::vector<double>& weights, int probes) {
  const Linear lin = make_linear(S, weights);
  CountPass pass(S, lin, S.L() + 1, kInf, nullptr);
  std::uint64_t seed = 0x434F554E54;
  double sum = 0;
  for (int i = 0; i < probes; ++i) sum += pass.probe(seed);
  return probes > 0 ? sum / probes : 0;
}

ZopaCount count_zopa(const SearchSpace& S, const std::vector<double>& weights, double node_cap,
                     const CancelToken* cancel) {
  const Linear lin = make_linear(S, weights);
  ZopaCount out;
  const std::size_t L = S.L();
  double used = 0;
  std::size_t last_depth = 0;
  bool have = false;
  // Depth L decides every package; shallower passes leave undecided nodes at their depth.
  for (std::size_t depth = std::min<std::size_t>(1, L); depth <= L; ++depth) {
    CountPass pass(S, lin, depth == L ? L + 1 : depth, node_cap - used, cancel);
    pass.run();
    used += pass.nodes;
    if (pass.stopped) break;
    have = true;
    last_depth = depth;
    out.lower = pass.in;
    out.upper = pass.in + pass.undecided;
    if (pass.undecided == 0) break;
    if (L == 0) break;
  }
  out.nodes = used;
  if (!have) {  // not even one level within the cap: nothing is decided
    out.lower = 0;
    out.upper = S.rsize.empty() ? 0 : S.rsize[0];
  }
  out.exact = out.lower == out.upper;
  out.estimate = static_cast<double>(out.lower);
  if (out.exact) return out;

  // Estimate: sample the undecided packages of the last complete pass.
  const std::uint64_t undecided = out.upper - out.lower;
  std::vector<std::uint64_t> targets(kSamples);
  std::uint64_t seed = 0x5A4F50412D4553ULL;
  for (auto& t : targets) t = splitmix(seed) % undecided;
  std::sort(targets.begin(), targets.end());
  std::uint64_t hits = 0;
  if (have) {
    CountPass pass(S, lin, last_depth == L ? L + 1 : last_depth, kInf, cancel);
    pass.targets = &targets;
    pass.cumulative.resize(L);
    for (std::size_t l = 0; l < L; ++l) {
      std::uint64_t acc = 0;
      for (std::uint64_t m : S.levels[l].mult) {
        pass.cumulative[l].push_back(acc);
        acc += m;
      }
    }
    pass.run();
    out.nodes += pass.nodes;
    hits = pass.hits;
  }
  const double p = static_cast<double>(hits) / kSamples;
  const double u = static_cast<double>(undecided);
  out.estimate = static_cast<double>(out.lower) + u * p;
  out.half_width = 1.96 * u * std::sqrt(std::max(p * (1 - p), 1.0 / kSamples) / kSamples);
  return out;
}

}  // namespace parley::deal_space_detail

namespace parley::deal_space_detail {

std::vector<std::uint64_t> first_zopa(const CompiledModel& m, std::size_t cap, const std::vector<double>& weights,
                                      double node_cap, bool* complete, bool* all) {
  *complete = true;
  *all = false;
  if (cap == 0) return {};
  const SearchSpace S = build_search_space(m, false, true);
  if (S.L() == 0) {  // one package, of no issue
    *all = true;
    for (int p = 0; p < S.P; ++p)
      if (0 < S.d[p]) return {};
    return {0};
  }
  const Linear lin = make_linear(S, weights);
  const int P = S.P;
  const std::size_t L = S.L();
  FirstIndices first;
  first.cap = cap;
  std::vector<double> s((L + 1) * P, 0.0);
  double nodes = 0;
  bool stopped = false;
  // Depth-first over levels in block order, rows by index: children's smallest indices grow
  // with the row, so the first child that cannot enter the list ends the loop.
  auto walk = [&](auto&& self, std::size_t k, double base, std::uint64_t ix) -> void {
    if (k == L) {
      first.add(ix);  // reached only when acceptable (rmax at depth L is 0) and wanted
      return;
    }
    const Level& lv = S.levels[k];
    const double* sp = &s[k * P];
    double* c = &s[(k + 1) * P];
    const double* rmax = &S.rmax[(k + 1) * P];
    for (std::size_t r = 0; r < lv.n; ++r) {
      if (!first.wants(ix + lv.idx[r] + S.rmin_idx[k + 1])) break;
      if (++nodes > node_cap) {
        stopped = true;
        return;
      }
      const double G = base + lin.score[k][r];
      if (G + lin.suf[k + 1] + lin.tol < 0) continue;
      bool some = true;
      for (int p = 0; p < P; ++p) {
        c[p] = sp[p] + lv.v[r * P + p];
        if (c[p] + rmax[p] < S.d[p]) some = false;
      }
      if (!some) continue;
      self(self, k + 1, G, ix + lv.idx[r]);
      if (stopped) return;
    }
  };
  walk(walk, 0, weighted_base(lin, s.data(), P), 0);
  if (stopped) {
    *complete = false;
    return {};
  }
  std::vector<std::uint64_t> out = first.heap;
  std::sort(out.begin(), out.end());
  *all = out.size() < cap;
  return out;
}

}  // namespace parley::deal_space_detail
