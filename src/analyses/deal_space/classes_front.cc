// Method `classes` (bnb.h): a block's Pareto frontier from its class tuples (the leaf of
// pareto_frontier for the blocks built by classes), and the ZOPA's listing (first packages by
// index), both expanding class tuples back into packages.
#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#include <numeric>
#include <string>
#include <unordered_map>

#include "analyses/deal_space/bnb.h"
#include "core/error.h"

namespace parley::deal_space_detail {
namespace {

// A utility vector as a hashable key (its exact bits; -0.0 made +0.0).
std::string key_of(const double* v, int P) {
  std::string k(static_cast<std::size_t>(P) * sizeof(double), '\0');
  for (int p = 0; p < P; ++p) {
    const double x = v[p] + 0.0;
    std::memcpy(&k[static_cast<std::size_t>(p) * sizeof(double)], &x, sizeof(double));
  }
  return k;
}

// The packages of a class tuple (the classes of the block's issues, in the block's order) in
// increasing index: visit(index) for each, until it returns false.
template <class Visit>
void tuple_packages(const CompiledModel& m, const OptionClasses& c, const std::vector<int>& issues,
                    const std::vector<int>& cls, Visit&& visit) {
  const std::size_t K = issues.size();
  std::vector<std::size_t> pos(K, 0);
  for (;;) {
    std::uint64_t index = 0;
    for (std::size_t d = 0; d < K; ++d)
      index += static_cast<std::uint64_t>(c.members[issues[d]][cls[d]][pos[d]]) * m.stride[issues[d]];
    if (!visit(index)) return;
    std::size_t d = K;
    while (d > 0) {
      --d;
      if (++pos[d] < c.members[issues[d]][cls[d]].size()) break;
      pos[d] = 0;
      if (d == 0) return;
    }
    if (K == 0) return;
  }
}

}  // namespace

// The block's merged rows (distinct vectors, their packages and smallest indices) filtered as
// pareto.cc's leaf filters its table's rows; the first `cap` indices of each frontier vector
// come from its class tuples in lexicographic order (the order of their smallest packages: a
// vector's first `cap` packages lie in its first `cap` tuples), each expanded in index order.
TiedFront class_leaf(const CompiledModel& m, const ClassPlan& plan, int block, std::size_t cap,
                     const CancelToken* cancel, bool top) {
  std::shared_ptr<const MergedRows> rows = plan.rows.size() > static_cast<std::size_t>(block) ? plan.rows[block] : nullptr;
  if (!rows)
    rows = std::make_shared<const MergedRows>(
        merged_rows_by_classes(m, plan.classes, block, m.parties, plan.threads, plan.cancel));
  const int P = rows->P;
  Front in;
  in.P = P;
  for (std::size_t r = 0; r < rows->size(); ++r) in.push(&rows->v[r * P], r);  // idx: the row
  const Front kept = skyline(in, cancel);
  TiedFront f;
  f.P = P;
  std::unordered_map<std::string, std::size_t> point;  // vector -> point
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const std::size_t r = kept.idx[k];
    point.emplace(key_of(&rows->v[r * P], P), f.size());
    f.v.insert(f.v.end(), &rows->v[r * P], &rows->v[(r + 1) * P]);
    f.count.push_back(rows->mult[r]);
    f.idx.push_back(rows->idx[r]);
  }
  // Each point's first `cap` package indices: the class tuples walked in lexicographic order (of
  // their smallest index), each tuple's packages added in index order while its point's list
  // wants them; a point is done at the first tuple whose smallest index its full list does not
  // want (no later tuple's can enter), and the walk ends when every point is done. At the top
  // (`top`: the frontier is this block's alone) only the first `cap` of all points together are
  // wanted: one list, and the walk ends at the first tuple it does not want.
  const BlockTerms terms = block_terms(m, plan.classes, block, m.parties);
  std::vector<FirstIndices> first(top ? 1 : f.size());
  std::vector<char> done(f.size(), 0);
  std::size_t finished = 0;
  std::uint64_t total = 0;
  for (std::uint64_t c : f.count) total += c;
  if (top) first[0].cap = static_cast<std::size_t>(std::min<std::uint64_t>(cap, total));
  for (std::size_t g = 0; !top && g < f.size(); ++g) {
    first[g].cap = static_cast<std::size_t>(std::min<std::uint64_t>(cap, f.count[g]));
    if (first[g].cap == 0) {
      done[g] = 1;
      ++finished;
    }
  }
  std::unordered_map<std::uint64_t, std::size_t> point_of;  // top: each listed index's point
  if (top ? first[0].cap > 0 : finished < f.size()) {
    std::vector<int> cls;
    auto visit = [&](const double* u, std::uint64_t idx, std::uint64_t, const int* c) {
      auto it = point.find(key_of(u, P));
      if (it == point.end() || done[it->second]) return true;
      FirstIndices& list = first[top ? 0 : it->second];
      if (!list.wants(idx)) {
        if (top) return false;
        done[it->second] = 1;
        return ++finished < f.size();
      }
      cls.assign(c, c + terms.issues.size());
      tuple_packages(m, plan.classes, terms.issues, cls, [&](std::uint64_t index) {
        if (!list.wants(index)) return false;
        list.add(index);
        if (top) point_of[index] = it->second;
        return true;
      });
      return !(cancel && cancel->cancelled());
    };
    auto prune = [](int, const int*) { return false; };
    walk_terms(terms, {}, visit, prune);
  }
  if (top) {  // the one list, split by point
    std::vector<std::vector<std::uint64_t>> by_point(f.size());
    for (std::uint64_t index : first[0].heap) by_point[point_of[index]].push_back(index);
    first.assign(f.size(), FirstIndices{});
    for (std::size_t g = 0; g < f.size(); ++g) first[g].heap = std::move(by_point[g]);
  }
  for (std::size_t g = 0; g < f.size(); ++g) {
    std::vector<std::uint64_t> list = first[g].heap;
    std::sort(list.begin(), list.end());
    f.first.insert(f.first.end(), list.begin(), list.end());
    f.at.push_back(f.first.size());
  }
  return f;
}

ListTarget zopa_target(const SearchSpace& S) {
  const std::vector<double> d = S.d;
  ListTarget t;
  t.may_hold = [d](const double* s, const double*, const double* hi) {
    for (std::size_t p = 0; p < d.size(); ++p)
      if (s[p] + hi[p] < d[p]) return false;
    return true;
  };
  t.member = [d](const double* u) {
    for (std::size_t p = 0; p < d.size(); ++p)
      if (u[p] < d[p]) return false;
    return true;
  };
  return t;
}

namespace {

// The listing's walk (first_listed).
struct Lister {
  const CompiledModel& m;
  const ClassPlan& plan;
  const ListTarget& target;
  int P = 0;
  struct Lv {
    int block = 0;
    bool classes = false;
    BlockTerms terms;  // classes
    Table rows;        // otherwise: every row, in index order
  };
  std::vector<Lv> levels;
  std::vector<double> suf_lo, suf_hi;  // (L + 1) × P: sums over levels k..
  std::vector<double> s;               // partial sums per depth
  std::vector<std::vector<int>> chosen;  // per level: classes of its issues, or {row}
  FirstIndices first;
  double nodes = 0, node_cap = 0;
  bool stopped = false;

  Lister(const CompiledModel& model, const ClassPlan& p, const SearchSpace& S, const ListTarget& t, std::size_t cap,
         double cap_nodes)
      : m(model), plan(p), target(t), P(S.P), node_cap(cap_nodes) {
    first.cap = cap;
    std::vector<const Level*> by_block(m.blocks.size(), nullptr);
    for (const Level& lv : S.levels) by_block[lv.block] = &lv;
    // Blocks walked by classes first (their walks are the long ones: once, at the top).
    std::vector<int> order;
    for (std::size_t b = 0; b < m.blocks.size(); ++b)
      if (plan.by_classes[b]) order.push_back(static_cast<int>(b));
    for (std::size_t b = 0; b < m.blocks.size(); ++b)
      if (!plan.by_classes[b]) order.push_back(static_cast<int>(b));
    const std::size_t L = order.size();
    suf_lo.assign((L + 1) * P, 0.0);
    suf_hi.assign((L + 1) * P, 0.0);
    for (int b : order) {
      Lv lv;
      lv.block = b;
      lv.classes = plan.by_classes[b];
      if (lv.classes) lv.terms = block_terms(m, plan.classes, b, m.parties);
      else lv.rows = tabulate(m, {b}, m.parties);
      levels.push_back(std::move(lv));
    }
    for (std::size_t k = L; k-- > 0;) {
      const Level& lv = *by_block[levels[k].block];
      for (int p = 0; p < P; ++p) {
        suf_lo[k * P + p] = suf_lo[(k + 1) * P + p] + lv.lo[p];
        suf_hi[k * P + p] = suf_hi[(k + 1) * P + p] + lv.hi[p];
      }
    }
    s.assign((L + 1) * P, 0.0);
    chosen.resize(L);
  }

  bool tick() {
    if (++nodes > node_cap) stopped = true;
    return !stopped;
  }

  // Lists the packages of the leaf's product, in index order, while the list wants them.
  void expand() {
    const std::size_t I = m.n_options.size();
    std::vector<std::vector<int>> options(I);
    for (std::size_t k = 0; k < levels.size(); ++k) {
      const Lv& lv = levels[k];
      const auto& issues = m.blocks[lv.block];
      for (std::size_t d = 0; d < issues.size(); ++d) {
        const int i = issues[d];
        if (lv.classes) {
          options[i] = plan.classes.members[i][chosen[k][d]];
        } else {
          const std::uint64_t idx = lv.rows.idx[chosen[k][0]];
          options[i] = {static_cast<int>((idx / m.stride[i]) % static_cast<std::uint64_t>(m.n_options[i]))};
        }
      }
    }
    std::vector<std::size_t> pos(I, 0);
    for (;;) {
      std::uint64_t index = 0;
      for (std::size_t i = 0; i < I; ++i) index += static_cast<std::uint64_t>(options[i][pos[i]]) * m.stride[i];
      if (!first.wants(index)) return;
      first.add(index);
      std::size_t i = I;
      while (i > 0) {
        --i;
        if (++pos[i] < options[i].size()) break;
        pos[i] = 0;
        if (i == 0) return;
      }
      if (I == 0) return;
    }
  }

  // Level k with partial index ix.
  void go(std::size_t k, std::uint64_t ix) {
    const std::size_t L = levels.size();
    if (k == L) {
      if (target.member(&s[L * P])) expand();
      return;
    }
    Lv& lv = levels[k];
    const double* sp = &s[k * P];
    double* c = &s[(k + 1) * P];
    const double* lo = &suf_lo[(k + 1) * P];
    const double* hi = &suf_hi[(k + 1) * P];
    if (!lv.classes) {
      for (std::size_t r = 0; r < lv.rows.n; ++r) {
        if (!first.wants(ix + lv.rows.idx[r]) || !tick()) return;
        for (int p = 0; p < P; ++p) c[p] = sp[p] + lv.rows.col(p)[r];
        if (!target.may_hold(c, lo, hi)) continue;
        chosen[k] = {static_cast<int>(r)};
        go(k + 1, ix + lv.rows.idx[r]);
        if (stopped) return;
      }
      return;
    }
    const std::size_t K = lv.terms.issues.size();
    auto visit = [&](const double* u, std::uint64_t idx, std::uint64_t, const int* cls) {
      if (!first.wants(ix + idx) || !tick()) return false;
      for (int p = 0; p < P; ++p) c[p] = sp[p] + u[p];
      if (!target.may_hold(c, lo, hi)) return true;
      chosen[k].assign(cls, cls + K);
      go(k + 1, ix + idx);
      return !stopped;
    };
    auto prune = [](int, const int*) { return false; };
    walk_terms(lv.terms, {}, visit, prune);
  }
};

}  // namespace

std::vector<std::uint64_t> first_listed(const CompiledModel& m, const ClassPlan& plan, const SearchSpace& S,
                                        std::size_t cap, const ListTarget& target, double node_cap, bool* complete,
                                        bool* all) {
  *complete = true;
  *all = false;
  if (cap == 0) return {};
  Lister w(m, plan, S, target, cap, node_cap);
  if (target.may_hold(w.s.data(), w.suf_lo.data(), w.suf_hi.data())) w.go(0, 0);
  if (w.stopped) {
    *complete = false;
    return {};
  }
  std::vector<std::uint64_t> out = w.first.heap;
  std::sort(out.begin(), out.end());
  *all = out.size() < cap;
  return out;
}

}  // namespace parley::deal_space_detail
