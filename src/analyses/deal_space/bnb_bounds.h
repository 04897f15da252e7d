// Weighted bounds of the branch-and-bound search (bnb.h), shared by its searches and its count.
// For weights w >= 0 and a node of depth k with partial sums s (levels < k assigned),
//   G = Σ_p w_p (s_p − d_p) + Σ_{l >= k} max_row Σ_p w_p v_row,p  >=  Σ_p w_p (u_p − d_p)
// for every package u below the node (a sum of maxima bounds the maximum of a sum). Each
// level's rows are kept in order of decreasing weighted value, so the children of a node come
// best first and, once one child's G falls below a cut-off, so do all the following ones.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "analyses/deal_space/bnb.h"

namespace parley::deal_space_detail {

struct Linear {
  std::vector<double> w;                          // per party
  std::vector<std::vector<double>> score;         // per level and row: Σ_p w_p v
  std::vector<std::vector<std::uint32_t>> order;  // per level: rows by score, descending (ties by index)
  std::vector<double> suf;                        // suf[k] = Σ_{l >= k} max score of level l
  // Upper bound of the rounding error of any G computed incrementally (score added level by
  // level to the root's Σ_p w_p (0 − d_p)); compare G + tol with cut-offs.
  double tol = 0;
  double geo_mean = 0;  // (Π_p w_p)^(1/P) (0 when a weight is 0)
  // G of the root.
  double root() const;
  std::vector<double> d;
};

// The weights' scores and suffix sums for the levels from `from` on (the levels above are only
// part of the partial sums: a node of depth >= from needs nothing more).
Linear make_linear(const SearchSpace& s, std::vector<double> w, std::size_t from = 0);

// Σ_p w_p (s_p − d_p) for a node with partial sums s.
inline double weighted_base(const Linear& lin, const double* s, int P) {
  double b = 0;
  for (int p = 0; p < P; ++p) b += lin.w[p] * (s[p] - lin.d[p]);
  return b;
}

}  // namespace parley::deal_space_detail
