// Requirements in the deal space: per row of a half table, each utility function's count of
// broken requirements. A requirement's issues share one block (model/compiled.h), so a
// package's count is the sum of its two rows' counts, as its utility is.
#include "analyses/deal_space/deal_space_internal.h"

namespace parley::deal_space_detail {

Table tabulate_broken(const CompiledModel& m, const std::vector<int>& blocks, const std::vector<int>& fns) {
  Table t;
  t.P = static_cast<int>(fns.size());
  t.n = static_cast<std::size_t>(blocks_size(m, blocks));  // tabulate, called first, checked the size
  std::vector<int> issues;
  for (int b : blocks) issues.insert(issues.end(), m.blocks[b].begin(), m.blocks[b].end());
  t.val.assign(static_cast<std::size_t>(t.P) * t.n, 0.0);
  t.idx.assign(t.n, 0);
  Choice x(m.n_options.size(), 0);
  for (std::size_t row = 0; row < t.n; ++row) {
    if (row > 0) {  // mixed-radix increment, last issue fastest (tabulate's order)
      for (int k = static_cast<int>(issues.size()) - 1; k >= 0; --k) {
        int i = issues[k];
        if (++x[i] < m.n_options[i]) break;
        x[i] = 0;
      }
    }
    for (int i : issues) t.idx[row] += static_cast<std::uint64_t>(x[i]) * m.stride[i];
    for (int p = 0; p < t.P; ++p) {
      int n = 0;
      if (!m.utilities[fns[p]].requirements.empty())
        for (int b : blocks) n += m.block_broken(fns[p], b, x);
      t.val[static_cast<std::size_t>(p) * t.n + row] = n;
    }
  }
  return t;
}

}  // namespace parley::deal_space_detail
