// The walk over a block's class tuples (classes.h), kept in a header for the visitors inlined
// into it. A block's utilities are compiled into bit form once (BlockTerms): each interaction or
// box anchored in the block is a bit, set while the classes chosen so far lie inside its
// condition (a term with no condition on an issue keeps its bit there); the walk ANDs the
// chosen classes' masks level by level and adds their option values, and a leaf reads each
// term's value off the bits through 256-entry tables, one per byte the term's bits occupy (a sum
// adds the bytes' entries, a minimum or maximum takes theirs). Every value is on the
// utilities' exact grid, so the sums are the block utilities CompiledModel::block_utility gives,
// to the bit.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "model/compiled.h"

namespace parley::deal_space_detail {

struct BlockTerms {
  int P = 0;
  std::vector<int> issues;  // the block's issues, ascending (index order)
  int W = 1;                // 64-bit words of a term bitset
  // Per depth d (the block's d-th issue) and class c:
  std::vector<std::vector<std::uint64_t>> inside;  // inside[d][c * W + w]: terms c keeps alive
  std::vector<std::vector<double>> add;            // add[d][c * P + p]: option value of the class
  std::vector<std::vector<std::uint64_t>> idx;     // idx[d][c]: smallest option × stride
  std::vector<std::vector<std::uint64_t>> mult;    // mult[d][c]: options in the class
  // Per function p, its bit-dependent parts: the sum of its interactions and split boxes
  // (kind sum, uncapped), and each joint box term.
  struct Part {
    int p = 0;
    Boxes::Aggregate aggregate = Boxes::Aggregate::sum;
    bool capped = false;
    double cap = 0;
    std::vector<std::pair<int, std::array<double, 256>>> bytes;  // (byte position, value per pattern)
  };
  std::vector<Part> parts;

  // The functions' block utilities from the bits `alive` (W words) and the option values `base`.
  void eval(const std::uint64_t* alive, const double* base, double* out) const {
    for (int p = 0; p < P; ++p) out[p] = base[p];
    for (const Part& part : parts) {
      double a = 0;
      bool first = true;
      for (const auto& [pos, table] : part.bytes) {
        const double v = table[(alive[pos >> 3] >> ((pos & 7) * 8)) & 0xFFu];
        if (part.aggregate == Boxes::Aggregate::sum || first) a = part.aggregate == Boxes::Aggregate::sum ? a + v : v;
        else a = part.aggregate == Boxes::Aggregate::min ? std::min(a, v) : std::max(a, v);
        first = false;
      }
      out[part.p] += part.capped ? std::min(part.cap, a) : a;
    }
  }
};

// Depth-first over the class tuples extending `prefix` (classes of the first prefix.size()
// issues), classes ascending: lexicographic order. visit(u, idx, mult, cls) returns false to
// stop the walk (then walk returns false); prune(depth, cls) true skips the tuples extending the
// first `depth` classes of cls.
template <class Visit, class Prune>
bool walk_terms(const BlockTerms& t, const std::vector<int>& prefix, Visit& visit, Prune& prune) {
  const int K = static_cast<int>(t.issues.size());
  const int P = t.P, W = t.W;
  std::vector<std::uint64_t> alive((K + 1) * W, ~std::uint64_t{0});
  std::vector<double> base((K + 1) * P, 0.0);
  std::vector<std::uint64_t> ix(K + 1, 0), mu(K + 1, 1);
  std::vector<int> cls(K, 0);
  std::vector<double> u(P);
  auto step = [&](int d, int c) {
    cls[d] = c;
    const std::uint64_t* in = &t.inside[d][static_cast<std::size_t>(c) * W];
    for (int w = 0; w < W; ++w) alive[(d + 1) * W + w] = alive[d * W + w] & in[w];
    const double* a = &t.add[d][static_cast<std::size_t>(c) * P];
    for (int p = 0; p < P; ++p) base[(d + 1) * P + p] = base[d * P + p] + a[p];
    ix[d + 1] = ix[d] + t.idx[d][c];
    mu[d + 1] = mu[d] * t.mult[d][c];
  };
  const int start = static_cast<int>(prefix.size());
  for (int d = 0; d < start; ++d) step(d, prefix[d]);
  if (start > 0 && prune(start, cls.data())) return true;
  if (start == K) {
    t.eval(&alive[K * W], &base[K * P], u.data());
    return visit(u.data(), ix[K], mu[K], cls.data());
  }
  // Iterative depth-first walk: next[d] is the next class to try at depth d.
  std::vector<int> next(K + 1, 0);
  int d = start;
  next[d] = 0;
  while (d >= start) {
    const int n = static_cast<int>(t.mult[d].size());
    if (next[d] >= n) {
      --d;
      continue;
    }
    const int c = next[d]++;
    step(d, c);
    if (d + 1 == K) {
      t.eval(&alive[K * W], &base[K * P], u.data());
      if (!visit(u.data(), ix[K], mu[K], cls.data())) return false;
      continue;
    }
    if (prune(d + 1, cls.data())) continue;
    ++d;
    next[d] = 0;
  }
  return true;
}

}  // namespace parley::deal_space_detail
