#include <algorithm>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space_internal.h"
#include "core/count.h"
#include "core/error.h"

namespace parley::deal_space_detail {

constexpr std::size_t kMaxHalfRows = std::size_t{1} << 24;

std::uint64_t blocks_size(const CompiledModel& m, const std::vector<int>& blocks) {
  std::uint64_t n = 1;
  for (int b : blocks)
    for (int i : m.blocks[b]) {
      auto k = static_cast<std::uint64_t>(m.n_options[i]);
      if (k != 0 && n > std::numeric_limits<std::uint64_t>::max() / k) return std::numeric_limits<std::uint64_t>::max();
      n *= k;
    }
  return n;
}

namespace {

// Row `row` of table t: the options x of the given blocks' issues.
void fill_row(const CompiledModel& m, const std::vector<int>& blocks, const std::vector<int>& fns,
              const std::vector<int>& issues, const Choice& x, Table& t, std::size_t row) {
  std::uint64_t id = 0;
  for (int i : issues) id += static_cast<std::uint64_t>(x[i]) * m.stride[i];
  t.idx[row] = id;
  for (int p = 0; p < t.P; ++p) {
    double u = 0;
    for (int b : blocks) u += m.block_utility(fns[p], b, x);
    t.val[static_cast<std::size_t>(p) * t.n + row] = u;
  }
}

void column_bounds(Table& t) {
  t.lo.assign(t.P, kInf);
  t.hi.assign(t.P, kNegInf);
  for (int p = 0; p < t.P; ++p)
    for (std::size_t r = 0; r < t.n; ++r) {
      t.lo[p] = std::min(t.lo[p], t.col(p)[r]);
      t.hi[p] = std::max(t.hi[p], t.col(p)[r]);
    }
}

}  // namespace

Table tabulate(const CompiledModel& m, const std::vector<int>& blocks, const std::vector<int>& fns) {
  Table t;
  t.P = static_cast<int>(fns.size());
  std::uint64_t n64 = blocks_size(m, blocks);
  if (n64 > kMaxHalfRows)
    throw AnalysisError(fmt::format("half of the deal space (a group of issues, kept together when interaction terms "
                                    "or requirements link them) spans {} packages; parley tabulates at most {} per half "
                                    "(reduce the issues or options, or split interaction terms and requirements)",
                                    count_text(n64),
                                    kMaxHalfRows));
  t.n = static_cast<std::size_t>(n64);
  std::vector<int> issues;
  for (int b : blocks) issues.insert(issues.end(), m.blocks[b].begin(), m.blocks[b].end());
  t.val.assign(static_cast<std::size_t>(t.P) * t.n, 0.0);
  t.idx.assign(t.n, 0);
  Choice x(m.n_options.size(), 0);
  for (std::size_t row = 0; row < t.n; ++row) {
    if (row > 0) {  // mixed-radix increment, last issue fastest
      for (int k = static_cast<int>(issues.size()) - 1; k >= 0; --k) {
        int i = issues[k];
        if (++x[i] < m.n_options[i]) break;
        x[i] = 0;
      }
    }
    fill_row(m, blocks, fns, issues, x, t, row);
  }
  column_bounds(t);
  return t;
}

Table tabulate_rows(const CompiledModel& m, const std::vector<int>& blocks, const std::vector<int>& fns,
                    const std::vector<std::uint64_t>& rows) {
  Table t;
  t.P = static_cast<int>(fns.size());
  t.n = rows.size();
  std::vector<int> issues;
  for (int b : blocks) issues.insert(issues.end(), m.blocks[b].begin(), m.blocks[b].end());
  t.val.assign(static_cast<std::size_t>(t.P) * t.n, 0.0);
  t.idx.assign(t.n, 0);
  Choice x(m.n_options.size(), 0);
  for (std::size_t r = 0; r < t.n; ++r) {
    std::uint64_t rest = rows[r];  // mixed radix, last issue fastest (as in tabulate)
    for (int k = static_cast<int>(issues.size()) - 1; k >= 0; --k) {
      const auto radix = static_cast<std::uint64_t>(m.n_options[issues[k]]);
      x[issues[k]] = static_cast<int>(rest % radix);
      rest /= radix;
    }
    fill_row(m, blocks, fns, issues, x, t, r);
  }
  column_bounds(t);
  return t;
}

// Reorders rows by the first party's utility, descending (ties by index) so that the rows
// where that party's constraint holds form a prefix.
std::vector<std::size_t> sort_by_first_column(Table& t) {
  std::vector<std::size_t> perm(t.n);
  if (t.P == 0) {
    for (std::size_t i = 0; i < t.n; ++i) perm[i] = i;
    return perm;
  }
  for (std::size_t i = 0; i < t.n; ++i) perm[i] = i;
  const double* c0 = t.col(0);
  std::sort(perm.begin(), perm.end(), [&](std::size_t a, std::size_t b) {
    return c0[a] != c0[b] ? c0[a] > c0[b] : t.idx[a] < t.idx[b];
  });
  std::vector<double> val(t.val.size());
  std::vector<std::uint64_t> idx(t.n);
  for (std::size_t r = 0; r < t.n; ++r) {
    idx[r] = t.idx[perm[r]];
    for (int p = 0; p < t.P; ++p) val[static_cast<std::size_t>(p) * t.n + r] = t.val[static_cast<std::size_t>(p) * t.n + perm[r]];
  }
  t.val = std::move(val);
  t.idx = std::move(idx);
  return perm;
}

CredTable tabulate_credible(const CompiledModel& m, const Commitments& c, const std::vector<int>& blocks,
                            const std::vector<std::uint64_t>* rows) {
  const std::size_t P = m.parties.size();
  CredTable t;
  t.W = credible_width(c, P);
  const std::size_t D = c.deliverers.size();
  // Each block's own columns, once per combination of its options (mixed radix, last issue
  // fastest, as in tabulate); a row of the group combines one row of each block.
  std::vector<std::vector<double>> per_block;
  std::vector<std::uint64_t> sizes;
  for (int b : blocks) {
    const std::uint64_t n = blocks_size(m, {b});
    sizes.push_back(n);
    std::vector<double> cols(static_cast<std::size_t>(n) * t.W);
    Choice x(m.n_options.size(), 0);
    const auto& issues = m.blocks[b];
    for (std::uint64_t r = 0; r < n; ++r) {
      std::uint64_t rest = r;
      for (std::size_t k = issues.size(); k-- > 0;) {
        const auto radix = static_cast<std::uint64_t>(m.n_options[issues[k]]);
        x[issues[k]] = static_cast<int>(rest % radix);
        rest /= radix;
      }
      double* row = cols.data() + static_cast<std::size_t>(r) * t.W;
      credible_row_init(c, P, row);
      add_block_credible(m, c, b, x, row);
    }
    per_block.push_back(std::move(cols));
  }
  t.n = rows ? rows->size() : static_cast<std::size_t>(blocks_size(m, blocks));
  t.v.assign(t.n * t.W, 0.0);
  std::vector<double> acc(t.W), next(t.W);
  for (std::size_t r = 0; r < t.n; ++r) {
    std::uint64_t rest = rows ? (*rows)[r] : r;
    credible_row_init(c, P, acc.data());
    for (std::size_t k = blocks.size(); k-- > 0;) {
      const std::size_t rb = static_cast<std::size_t>(rest % sizes[k]);
      rest /= sizes[k];
      combine_credible(D, P, acc.data(), per_block[k].data() + rb * t.W, next.data());
      acc.swap(next);
    }
    std::copy(acc.begin(), acc.end(), t.v.begin() + static_cast<std::ptrdiff_t>(r * t.W));
  }
  return t;
}

void permute_rows(CredTable& t, const std::vector<std::size_t>& perm) {
  std::vector<double> v(t.v.size());
  for (std::size_t r = 0; r < t.n; ++r)
    std::copy(t.v.begin() + static_cast<std::ptrdiff_t>(perm[r] * t.W),
              t.v.begin() + static_cast<std::ptrdiff_t>((perm[r] + 1) * t.W), v.begin() + static_cast<std::ptrdiff_t>(r * t.W));
  t.v = std::move(v);
}

// Splits the blocks into two groups with balanced table sizes (largest block first, each to
// the currently smaller group).
std::pair<std::vector<int>, std::vector<int>> split_blocks(const CompiledModel& m, std::vector<int> blocks) {
  std::sort(blocks.begin(), blocks.end(), [&](int a, int b) {
    auto sa = blocks_size(m, {a}), sb = blocks_size(m, {b});
    return sa != sb ? sa > sb : a < b;
  });
  std::vector<int> A, B;
  long double sa = 1, sb = 1;
  for (int b : blocks) {
    auto s = static_cast<long double>(blocks_size(m, {b}));
    if (sa <= sb) { A.push_back(b); sa *= s; } else { B.push_back(b); sb *= s; }
  }
  if (B.empty() && A.size() > 1) {  // e.g. single-option issues: keep both groups non-empty
    B.push_back(A.back());
    A.pop_back();
  }
  std::sort(A.begin(), A.end());
  std::sort(B.begin(), B.end());
  return {A, B};
}


}  // namespace parley::deal_space_detail
