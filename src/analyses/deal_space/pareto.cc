#include <algorithm>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space_internal.h"
#include "core/error.h"

namespace parley::deal_space_detail {


// Sort-filter skyline: in order of decreasing sum (ties: lexicographically larger first) a point
// can only be dominated by points before it.
Front skyline(const Front& in, const CancelToken* cancel, SkylineWork* work) {
  const int P = in.P;
  std::vector<std::size_t> order(in.size());
  std::vector<double> sum(in.size(), 0.0);
  for (std::size_t r = 0; r < in.size(); ++r) {
    order[r] = r;
    for (int p = 0; p < P; ++p) sum[r] += in.v[r * P + p];
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (sum[a] != sum[b]) return sum[a] > sum[b];
    for (int p = 0; p < P; ++p)
      if (in.v[a * P + p] != in.v[b * P + p]) return in.v[a * P + p] > in.v[b * P + p];
    return in.idx[a] < in.idx[b];
  });
  Front out;
  out.P = P;
  std::size_t compared = 0, reads = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if ((k & 4095) == 0 && cancel && cancel->cancelled()) break;
    const double* x = &in.v[order[k] * P];
    bool dominated = false;
    std::size_t s = 0;
    for (; s < out.size() && !dominated; ++s) {
      const double* y = &out.v[s * P];
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
      out.v.insert(out.v.end(), x, x + P);
      out.idx.push_back(in.idx[order[k]]);
    }
  }
  if (work) {
    work->comparisons += static_cast<double>(compared);
    work->reads += static_cast<double>(reads);
  }
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

Front sums(const Front& a, const Front& b) {
  Front c;
  c.P = a.P;
  c.v.reserve(a.size() * b.size() * c.P);
  c.idx.reserve(a.size() * b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) {
      for (int p = 0; p < c.P; ++p) c.v.push_back(a.v[i * c.P + p] + b.v[j * c.P + p]);
      c.idx.push_back(a.idx[i] + b.idx[j]);
    }
  return c;
}

Front pareto_of_blocks(const CompiledModel& m, const std::vector<int>& blocks, const CancelToken* cancel) {
  if (blocks.size() <= 1) return skyline(front_of_table(tabulate(m, blocks, m.parties)), cancel);
  auto [A, B] = split_blocks(m, blocks);
  Front fa = pareto_of_blocks(m, A, cancel);
  Front fb = pareto_of_blocks(m, B, cancel);
  long double cand = static_cast<long double>(fa.size()) * static_cast<long double>(fb.size());
  if (cand * std::max(1, fa.P) > kMaxParetoValues)
    throw AnalysisError(fmt::format("the Pareto frontier needs {:.0f} candidate packages × {} parties, more than {:.0f} "
                                    "values; skip it with --no-pareto",
                                    static_cast<double>(cand), fa.P, static_cast<double>(kMaxParetoValues)));
  return skyline(sums(fa, fb), cancel);
}

}  // namespace parley::deal_space_detail
