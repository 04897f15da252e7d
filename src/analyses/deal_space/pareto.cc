#include <algorithm>
#include <fmt/format.h>

#include "analyses/deal_space/bnb.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "core/error.h"

namespace parley::deal_space_detail {

namespace {

// The sort-filter over n points (row-major in v, P coordinates each). In order of decreasing sum
// (ties: lexicographically larger first, then `tie`, a strict order) a point can only be
// dominated by points before it, and points with exactly equal utilities are adjacent: each such
// run is compared once with the distinct vectors kept so far, and keep(order, begin, end) is
// called for the runs no point dominates (order[begin..end) are their points, in that order).
template <class Tie, class Keep>
void filter_runs(std::size_t n, int P, const double* v, Tie tie, Keep keep, const CancelToken* cancel,
                 SkylineWork* work) {
  std::vector<std::size_t> order(n);
  std::vector<double> sum(n, 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    order[r] = r;
    for (int p = 0; p < P; ++p) sum[r] += v[r * P + p];
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (sum[a] != sum[b]) return sum[a] > sum[b];
    for (int p = 0; p < P; ++p)
      if (v[a * P + p] != v[b * P + p]) return v[a * P + p] > v[b * P + p];
    return tie(a, b);
  });
  std::vector<double> kept;  // the distinct vectors kept so far, row-major
  std::size_t compared = 0, reads = 0, runs = 0;
  for (std::size_t k = 0; k < n; ++runs) {
    if ((runs & 4095) == 0 && cancel && cancel->cancelled()) break;
    const double* x = &v[order[k] * P];
    std::size_t end = k + 1;
    while (end < n && std::equal(x, x + P, &v[order[end] * P])) ++end;
    bool dominated = false;
    std::size_t s = 0;
    const std::size_t n_kept = kept.size() / static_cast<std::size_t>(std::max(1, P));
    for (; s < n_kept && !dominated; ++s) {
      const double* y = &kept[s * P];
      bool ge = true, gt = false;
      int p = 0;
      for (; p < P; ++p) {
        if (y[p] < x[p]) { ge = false; break; }
        if (y[p] > x[p]) gt = true;
      }
      reads += static_cast<std::size_t>(p);
      dominated = ge && gt;
    }
    compared += s;
    if (!dominated) {
      kept.insert(kept.end(), x, x + P);
      keep(order, k, end);
    }
    k = end;
  }
  if (work) {
    work->comparisons += static_cast<double>(compared);
    work->reads += static_cast<double>(reads);
  }
}

// The smallest `cap` values pushed (a max-heap of (package index, point); indices are distinct).
struct Smallest {
  std::size_t cap = 0;
  std::vector<std::pair<std::uint64_t, std::size_t>> heap;
  bool full() const { return heap.size() >= cap; }
  bool wants(std::uint64_t index) const { return !full() || (!heap.empty() && index < heap.front().first); }
  void add(std::uint64_t index, std::size_t point) {  // call only when wants(index)
    if (full()) {
      std::pop_heap(heap.begin(), heap.end());
      heap.pop_back();
    }
    heap.emplace_back(index, point);
    std::push_heap(heap.begin(), heap.end());
  }
  std::vector<std::pair<std::uint64_t, std::size_t>> sorted() && {
    std::sort(heap.begin(), heap.end());
    return std::move(heap);
  }
};

// The points of a merge of two tied frontiers a and b: the runs of equal candidate sums no
// candidate dominates, each with its pairs (candidate r = i · |b| + j sums a's point i and b's
// point j) in pairs[run_at[g] .. run_at[g + 1]).
struct Merged {
  TiedFront f;  // without index lists
  std::vector<std::size_t> pairs;
  std::vector<std::size_t> run_at{0};
};

Merged merge(const TiedFront& a, const TiedFront& b, const CancelToken* cancel) {
  const int P = a.P;
  const std::size_t na = a.size(), nb = b.size();
  const long double cand = static_cast<long double>(na) * static_cast<long double>(nb);
  if (cand * std::max(1, P) > kMaxParetoValues)
    throw AnalysisError(fmt::format("the Pareto frontier needs {:.0f} candidate utility vectors (sums of two halves' "
                                    "distinct frontier vectors) × {} parties, more than {:.0f} values; skip it with "
                                    "--no-pareto",
                                    static_cast<double>(cand), P, static_cast<double>(kMaxParetoValues)));
  const std::size_t n = na * nb;
  std::vector<double> v(n * P);
  for (std::size_t i = 0; i < na; ++i)
    for (std::size_t j = 0; j < nb; ++j)
      for (int p = 0; p < P; ++p) v[(i * nb + j) * P + p] = a.v[i * P + p] + b.v[j * P + p];
  Merged out;
  out.f.P = P;
  filter_runs(
      n, P, v.data(), [](std::size_t x, std::size_t y) { return x < y; },
      [&](const std::vector<std::size_t>& order, std::size_t begin, std::size_t end) {
        std::uint64_t count = 0, idx = kNoIndex;
        for (std::size_t k = begin; k < end; ++k) {
          const std::size_t i = order[k] / nb, j = order[k] % nb;
          count += a.count[i] * b.count[j];
          idx = std::min(idx, a.idx[i] + b.idx[j]);
          out.pairs.push_back(order[k]);
        }
        out.run_at.push_back(out.pairs.size());
        out.f.v.insert(out.f.v.end(), &v[order[begin] * P], &v[order[begin] * P] + P);
        out.f.count.push_back(count);
        out.f.idx.push_back(idx);
      },
      cancel, nullptr);
  return out;
}

// Adds to `s` (as point g) the sums x + y, x from a's list of point i and y from b's of point j,
// that it wants: both lists ascending, so each stops at the first sum not wanted.
void add_sums(Smallest& s, const TiedFront& a, std::size_t i, const TiedFront& b, std::size_t j, std::size_t g) {
  for (std::size_t x = a.at[i]; x < a.at[i + 1]; ++x) {
    if (!s.wants(a.first[x] + b.first[b.at[j]])) return;
    for (std::size_t y = b.at[j]; y < b.at[j + 1]; ++y) {
      const std::uint64_t index = a.first[x] + b.first[y];
      if (!s.wants(index)) break;
      s.add(index, g);
    }
  }
}

// The merge's pairs in increasing order of their smallest package index, so that a listing can
// stop at the first pair whose smallest index it no longer wants.
void by_smallest_index(std::vector<std::size_t>& pairs, const TiedFront& a, const TiedFront& b) {
  const std::size_t nb = b.size();
  std::sort(pairs.begin(), pairs.end(), [&](std::size_t x, std::size_t y) {
    return a.idx[x / nb] + b.idx[x % nb] < a.idx[y / nb] + b.idx[y % nb];
  });
}

TiedFront tied_front(const CompiledModel& m, const std::vector<int>& blocks, std::size_t cap,
                     const CancelToken* cancel, const ClassPlan* plan);

// A single group of blocks: its table's rows, equal rows merged (a block the plan builds by
// classes: from its class tuples).
TiedFront leaf(const CompiledModel& m, const std::vector<int>& blocks, std::size_t cap, const CancelToken* cancel,
               const ClassPlan* plan, bool top = false) {
  if (plan && blocks.size() == 1 && plan->by_classes[blocks[0]])
    return class_leaf(m, *plan, blocks[0], cap, cancel, top);
  const Front in = front_of_table(tabulate(m, blocks, m.parties));
  TiedFront f;
  f.P = in.P;
  filter_runs(
      in.size(), in.P, in.v.data(), [&](std::size_t x, std::size_t y) { return in.idx[x] < in.idx[y]; },
      [&](const std::vector<std::size_t>& order, std::size_t begin, std::size_t end) {
        f.v.insert(f.v.end(), &in.v[order[begin] * in.P], &in.v[order[begin] * in.P] + in.P);
        f.count.push_back(end - begin);
        f.idx.push_back(in.idx[order[begin]]);
        for (std::size_t k = begin; k < std::min(end, begin + cap); ++k) f.first.push_back(in.idx[order[k]]);
        f.at.push_back(f.first.size());
      },
      cancel, nullptr);
  return f;
}

// A group of blocks below the top: its halves' frontiers merged, each point with its first `cap`
// package indices (the smallest of the sums of its pairs' lists: the first `cap` sums of two
// ascending lists only involve the first `cap` of each).
TiedFront tied_front(const CompiledModel& m, const std::vector<int>& blocks, std::size_t cap,
                     const CancelToken* cancel, const ClassPlan* plan) {
  if (blocks.size() <= 1) return leaf(m, blocks, cap, cancel, plan);
  auto [A, B] = split_blocks(m, blocks);
  const TiedFront a = tied_front(m, A, cap, cancel, plan);
  const TiedFront b = tied_front(m, B, cap, cancel, plan);
  Merged g = merge(a, b, cancel);
  const std::size_t nb = b.size();
  std::vector<std::size_t> pairs;
  Smallest s;  // one heap, emptied for each point
  for (std::size_t r = 0; r < g.f.size(); ++r) {
    pairs.assign(g.pairs.begin() + static_cast<std::ptrdiff_t>(g.run_at[r]),
                 g.pairs.begin() + static_cast<std::ptrdiff_t>(g.run_at[r + 1]));
    by_smallest_index(pairs, a, b);
    s.heap.clear();
    s.cap = static_cast<std::size_t>(std::min<std::uint64_t>(cap, g.f.count[r]));
    for (std::size_t pair : pairs) {
      if (!s.wants(a.idx[pair / nb] + b.idx[pair % nb])) break;
      add_sums(s, a, pair / nb, b, pair % nb, r);
    }
    std::sort(s.heap.begin(), s.heap.end());
    for (const auto& [index, point] : s.heap) g.f.first.push_back(index);
    g.f.at.push_back(g.f.first.size());
  }
  return std::move(g.f);
}

Frontier without_lists(TiedFront f) {
  Frontier out;
  for (std::uint64_t c : f.count) out.packages += c;
  f.at.assign(1, 0);
  f.first.clear();
  out.points = std::move(f);
  return out;
}

}  // namespace

Front skyline(const Front& in, const CancelToken* cancel, SkylineWork* work) {
  Front out;
  out.P = in.P;
  filter_runs(
      in.size(), in.P, in.v.data(), [&](std::size_t a, std::size_t b) { return in.idx[a] < in.idx[b]; },
      [&](const std::vector<std::size_t>& order, std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k) out.push(&in.v[order[k] * in.P], in.idx[order[k]]);
      },
      cancel, work);
  return out;
}

Front front_of_table(const Table& t) {
  Front f;
  f.P = t.P;
  f.v.resize(t.n * t.P);
  f.idx = t.idx;
  for (std::size_t r = 0; r < t.n; ++r)
    for (int p = 0; p < t.P; ++p) f.v[r * t.P + p] = t.col(p)[r];
  return f;
}

Front Frontier::representatives() const {
  Front f;
  f.P = points.P;
  f.v = points.v;
  f.idx = points.idx;
  return f;
}

Frontier pareto_frontier(const CompiledModel& m, const std::vector<int>& blocks, std::size_t cap,
                         const CancelToken* cancel, const ClassPlan* plan) {
  Smallest s;
  s.cap = cap;
  if (blocks.size() <= 1) {
    TiedFront f = leaf(m, blocks, cap, cancel, plan, true);
    for (std::size_t r = 0; r < f.size(); ++r)
      for (std::size_t k = f.at[r]; k < f.at[r + 1]; ++k)
        if (s.wants(f.first[k])) s.add(f.first[k], r);
    Frontier out = without_lists(std::move(f));
    out.listed = std::move(s).sorted();
    return out;
  }
  // The top merge lists the first `cap` packages of the whole frontier at once (not per point).
  auto [A, B] = split_blocks(m, blocks);
  const TiedFront a = tied_front(m, A, cap, cancel, plan);
  const TiedFront b = tied_front(m, B, cap, cancel, plan);
  Merged g = merge(a, b, cancel);
  const std::size_t nb = b.size();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (candidate, point)
  pairs.reserve(g.pairs.size());
  for (std::size_t r = 0; r < g.f.size(); ++r)
    for (std::size_t k = g.run_at[r]; k < g.run_at[r + 1]; ++k) pairs.emplace_back(g.pairs[k], r);
  auto smallest = [&](std::size_t x) { return a.idx[x / nb] + b.idx[x % nb]; };
  std::sort(pairs.begin(), pairs.end(),
            [&](const auto& x, const auto& y) { return smallest(x.first) < smallest(y.first); });
  for (const auto& [pair, point] : pairs) {
    if (!s.wants(smallest(pair))) break;
    add_sums(s, a, pair / nb, b, pair % nb, point);
  }
  Frontier out = without_lists(std::move(g.f));
  out.listed = std::move(s).sorted();
  return out;
}

}  // namespace parley::deal_space_detail
