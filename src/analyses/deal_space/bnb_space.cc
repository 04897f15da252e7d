// The levels of the branch-and-bound search (bnb.h): one per block, identical rows merged,
// rows that cannot be part of an answer dropped, suffix bounds.
#include <algorithm>
#include <numeric>

#include "analyses/deal_space/bnb.h"

namespace parley::deal_space_detail {
namespace {

// Above this many rows a block keeps its dominated rows (the quadratic filter would cost more
// than it saves); the search stays exact either way.
constexpr std::size_t kMaxFilteredRows = 4096;

Level level_of(const CompiledModel& m, int block, bool merge) {
  const Table t = tabulate(m, {block}, m.parties);
  const int P = t.P;
  std::vector<std::size_t> ord(t.n);
  std::iota(ord.begin(), ord.end(), std::size_t{0});
  auto value = [&](std::size_t r, int p) { return t.col(p)[r]; };
  std::sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) {
    for (int p = 0; p < P; ++p)
      if (value(a, p) != value(b, p)) return value(a, p) < value(b, p);
    return t.idx[a] < t.idx[b];
  });
  // Runs of equal rows become one row: the lowest index, counting the run.
  std::vector<std::pair<std::size_t, std::uint64_t>> kept;  // row of t, multiplicity
  for (std::size_t i = 0; i < ord.size(); ++i) {
    bool same = merge && !kept.empty();
    for (int p = 0; same && p < P; ++p) same = value(ord[i], p) == value(kept.back().first, p);
    if (same) ++kept.back().second;
    else kept.emplace_back(ord[i], 1);
  }
  std::sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) { return t.idx[a.first] < t.idx[b.first]; });
  Level lv;
  lv.block = block;
  lv.n = kept.size();
  lv.size = t.n;
  for (const auto& [r, k] : kept) {
    for (int p = 0; p < P; ++p) lv.v.push_back(value(r, p));
    lv.idx.push_back(t.idx[r]);
    lv.mult.push_back(k);
  }
  return lv;
}

// The level of a block built by classes: its merged rows as they are.
Level level_by_classes(const CompiledModel& m, int block, const ClassPlan& plan) {
  MergedRows rows = merged_rows_by_classes(m, plan.classes, block, m.parties, plan.threads, plan.cancel);
  if (plan.rows.size() == m.blocks.size()) plan.rows[block] = std::make_shared<const MergedRows>(rows);
  Level lv;
  lv.block = block;
  lv.n = rows.size();
  lv.size = blocks_size(m, {block});
  lv.v = std::move(rows.v);
  lv.idx = std::move(rows.idx);
  lv.mult = std::move(rows.mult);
  return lv;
}

void level_bounds(Level& lv, int P) {
  lv.lo.assign(P, kInf);
  lv.hi.assign(P, kNegInf);
  lv.min_idx = kNoIndex;
  for (std::size_t r = 0; r < lv.n; ++r) {
    for (int p = 0; p < P; ++p) {
      lv.lo[p] = std::min(lv.lo[p], lv.v[r * P + p]);
      lv.hi[p] = std::max(lv.hi[p], lv.v[r * P + p]);
    }
    lv.min_idx = std::min(lv.min_idx, lv.idx[r]);
  }
}

void suffixes(SearchSpace& s) {
  const int P = s.P;
  const std::size_t L = s.L();
  s.rmax.assign((L + 1) * P, 0.0);
  s.rmin.assign((L + 1) * P, 0.0);
  s.rmin_idx.assign(L + 1, 0);
  s.rsize.assign(L + 1, 1);
  for (std::size_t k = L; k-- > 0;) {
    const Level& lv = s.levels[k];
    for (int p = 0; p < P; ++p) {
      s.rmax[k * P + p] = s.rmax[(k + 1) * P + p] + lv.hi[p];
      s.rmin[k * P + p] = s.rmin[(k + 1) * P + p] + lv.lo[p];
    }
    s.rmin_idx[k] = s.rmin_idx[k + 1] + lv.min_idx;
    s.rsize[k] = s.rsize[k + 1] * lv.size;  // at most the package count, which fits
  }
}

}  // namespace

ClassPlan plan_classes(const CompiledModel& m) {
  ClassPlan plan;
  plan.classes = option_classes(m, m.parties);
  for (std::size_t b = 0; b < m.blocks.size(); ++b) {
    const double packages = static_cast<double>(blocks_size(m, {static_cast<int>(b)}));
    const double tuples = class_tuples(m, plan.classes, static_cast<int>(b));
    const bool by = packages > 1;
    plan.by_classes.push_back(by);
    plan.tuples.push_back(by ? tuples : packages);
    plan.packages.push_back(packages);
  }
  plan.rows.resize(m.blocks.size());
  return plan;
}

SearchSpace build_search_space(const CompiledModel& m, bool merge, bool block_order, const ClassPlan* plan) {
  SearchSpace s;
  s.P = static_cast<int>(m.parties.size());
  for (int f : m.parties) s.d.push_back(m.utilities[f].reservation);
  std::vector<Level> levels;
  for (std::size_t b = 0; b < m.blocks.size(); ++b) {
    const int block = static_cast<int>(b);
    levels.push_back(plan && plan->by_classes[b] ? level_by_classes(m, block, *plan) : level_of(m, block, merge));
    level_bounds(levels.back(), s.P);
  }
  // Search order: the blocks spanning the largest shares of the parties' ranges first (they
  // decide most, so the bounds tighten fastest); ties by block.
  std::vector<double> total(s.P, 0.0);
  for (const Level& lv : levels)
    for (int p = 0; p < s.P; ++p) total[p] += lv.hi[p] - lv.lo[p];
  std::vector<double> spread(levels.size(), 0.0);
  for (std::size_t k = 0; k < levels.size(); ++k)
    for (int p = 0; p < s.P; ++p)
      if (total[p] > 0) spread[k] += (levels[k].hi[p] - levels[k].lo[p]) / total[p];
  std::vector<std::size_t> ord(levels.size());
  std::iota(ord.begin(), ord.end(), std::size_t{0});
  if (!block_order)
    std::stable_sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) { return spread[a] > spread[b]; });
  for (std::size_t k : ord) s.levels.push_back(std::move(levels[k]));
  suffixes(s);
  return s;
}

SearchSpace reduced(const SearchSpace& in, Reduce how) {
  SearchSpace s = in;
  if (how == Reduce::none) return s;
  const int P = s.P;
  for (Level& lv : s.levels) {
    if (lv.n > kMaxFilteredRows) continue;
    std::vector<bool> drop(lv.n, false);
    for (std::size_t r = 0; r < lv.n; ++r) {
      const double* x = &lv.v[r * P];
      for (std::size_t q = 0; q < lv.n && !drop[r]; ++q) {
        if (q == r) continue;
        const double* y = &lv.v[q * P];
        bool ge = true, gt = false;
        for (int p = 0; p < P && ge; ++p) {
          ge = y[p] >= x[p];
          gt = gt || y[p] > x[p];
        }
        // Rows are distinct (merged), so y >= x means y beats x somewhere.
        if (!ge) continue;
        drop[r] = how == Reduce::dominated ? gt : lv.idx[q] < lv.idx[r];
      }
    }
    Level out;
    out.block = lv.block;
    out.size = lv.size;
    for (std::size_t r = 0; r < lv.n; ++r) {
      if (drop[r]) continue;
      out.v.insert(out.v.end(), lv.v.begin() + static_cast<std::ptrdiff_t>(r * P),
                   lv.v.begin() + static_cast<std::ptrdiff_t>((r + 1) * P));
      out.idx.push_back(lv.idx[r]);
      out.mult.push_back(lv.mult[r]);
    }
    out.n = out.idx.size();
    level_bounds(out, P);
    lv = std::move(out);
  }
  suffixes(s);
  return s;
}

}  // namespace parley::deal_space_detail
