// The orders that pick the Nash and closest packages, with exact tie-breaking: values within
// kNearTie of each other are compared exactly (integers in model units, core/exact.h), so
// mathematically equal values tie and are broken by the documented rules, not by rounding.
#include <algorithm>
#include <cmath>

#include "analyses/deal_space/deal_space_internal.h"
#include "core/exact.h"

namespace parley::deal_space_detail {

Exactness exactness_of(const CompiledModel& m) {
  Exactness x;
  // Audience costs without an exact form (model/compiled.h) make effective utilities leave the
  // integer grid: then every comparison uses doubles, so that the orders stay transitive (no mix
  // of exact and inexact candidates).
  for (const auto& r : m.ratification)
    if (r.active && r.rule == Ratification::Rule::audience_cost && !r.exact) x.grid = false;
  for (int f : m.parties) {
    const UtilityFn& u = m.utilities[f];
    x.e.push_back(u.exponent);
    double M = u.per_utility;
    if (M != std::floor(M) || M <= 0 || M >= 9.2e18) {
      x.integral_M = false;
      x.M.push_back(1);
    } else {
      x.M.push_back(static_cast<std::uint64_t>(M));
    }
  }
  return x;
}

Best make_best(double log_prod, std::uint64_t index, const double* gains, const Exactness& x) {
  Best b;
  b.log_prod = log_prod;
  b.index = index;
  if (!x.grid) return b;
  b.k.resize(x.e.size());
  for (std::size_t p = 0; p < x.e.size(); ++p)
    if (!exact::to_scaled_integer(gains[p], x.e[p], b.k[p])) {
      b.k.clear();
      break;
    }
  return b;
}

bool Best::better_than(const Best& o) const {
  bool exact = !k.empty() && k.size() == o.k.size();
  // Logarithms within kNearTie: products within a relative kNearTie, compared exactly.
  if (exact && (log_prod == o.log_prod || std::abs(log_prod - o.log_prod) <= kNearTie)) {
    int c = exact::compare_products(k, o.k);
    if (c != 0) return c > 0;
  } else if (log_prod != o.log_prod) {
    return log_prod > o.log_prod;
  }
  return index < o.index;
}

Closest make_closest(const double* shortfall_units, double worst, double total, double ratification,
                     std::uint64_t index, const Exactness& x, int broken, const double* gain_units, double gain) {
  Closest c;
  c.broken = broken;
  c.worst = worst;
  c.total = total;
  c.ratification = ratification;
  c.index = index;
  c.gain = gain;
  if (!x.grid || !x.integral_M) return c;
  if (gain_units) {
    c.g.resize(x.e.size());
    for (std::size_t p = 0; p < x.e.size(); ++p)
      if (!exact::to_scaled_integer(gain_units[p], x.e[p], c.g[p])) {
        c.g.clear();
        break;
      }
  }
  c.k.resize(x.e.size());
  c.M = x.M;
  for (std::size_t p = 0; p < x.e.size(); ++p) {
    // shortfall (utility) = units · 2^e / (2^e · M) ... = k / M with k = units · 2^e.
    if (!exact::to_scaled_integer(shortfall_units[p], x.e[p], c.k[p])) {
      c.k.clear();
      c.M.clear();
      return c;
    }
  }
  for (std::size_t p = 1; p < c.k.size(); ++p)
    if (exact::compare_fractions(c.k[p], c.M[p], c.k[c.worst_party], c.M[c.worst_party]) > 0) c.worst_party = p;
  return c;
}

bool Closest::better_than(const Closest& o) const {
  // A broken requirement blocks whatever the utilities: fewer of them first.
  if (broken != o.broken) return broken < o.broken;
  bool exact = !k.empty() && k.size() == o.k.size();
  if (exact && near(worst, o.worst)) {
    int c = exact::compare_fractions(k[worst_party], M[worst_party], o.k[o.worst_party], o.M[o.worst_party]);
    if (c != 0) return c < 0;
  } else if (worst != o.worst) {
    return worst < o.worst;
  }
  if (ratification != o.ratification) return ratification < o.ratification;
  if (exact && near(total, o.total)) {
    int c = exact::compare_fraction_sums(k, o.k, M);
    if (c != 0) return c < 0;
  } else if (total != o.total) {
    return total < o.total;
  }
  // Then the larger total gain over no deal (the parties that accept get more).
  const bool exact_gain = exact && !g.empty() && g.size() == o.g.size();
  if (exact_gain && near(gain, o.gain)) {
    int c = exact::compare_fraction_sums(g, o.g, M);
    if (c != 0) return c > 0;
  } else if (gain != o.gain) {
    return gain > o.gain;
  }
  return index < o.index;
}

Ks make_ks(const double* gains, const double* ranges, std::size_t P, std::uint64_t index, const Exactness& x) {
  Ks c;
  c.index = index;
  bool exact = x.grid;
  for (std::size_t p = 0; p < P; ++p) {
    // A party whose range is 0 has normalised gain 1 everywhere in the ZOPA.
    double g = ranges[p] > 0 ? gains[p] / ranges[p] : 1.0;
    c.sorted_gains.push_back(g);
    std::uint64_t n = 1, dd = 1;
    if (ranges[p] > 0 && !(exact::to_scaled_integer(gains[p], x.e[p], n) && exact::to_scaled_integer(ranges[p], x.e[p], dd)))
      exact = false;
    c.fractions.emplace_back(n, dd);
  }
  std::sort(c.sorted_gains.begin(), c.sorted_gains.end());
  if (exact)
    std::sort(c.fractions.begin(), c.fractions.end(), [](const auto& a, const auto& b) {
      return exact::compare_fractions(a.first, a.second, b.first, b.second) < 0;
    });
  else
    c.fractions.clear();
  return c;
}

bool Ks::better_than(const Ks& o) const {
  if (o.sorted_gains.empty()) return !sorted_gains.empty();
  if (sorted_gains.empty()) return false;
  bool exact = !fractions.empty() && fractions.size() == o.fractions.size();
  for (std::size_t i = 0; i < sorted_gains.size(); ++i) {
    if (exact && near(sorted_gains[i], o.sorted_gains[i])) {
      int c = exact::compare_fractions(fractions[i].first, fractions[i].second, o.fractions[i].first,
                                       o.fractions[i].second);
      if (c != 0) return c > 0;
    } else if (sorted_gains[i] != o.sorted_gains[i]) {
      return sorted_gains[i] > o.sorted_gains[i];
    }
  }
  return index < o.index;
}

}  // namespace parley::deal_space_detail
