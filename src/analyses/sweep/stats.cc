#include "analyses/sweep/stats.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace parley {

Interval wilson_interval(std::uint64_t successes, std::uint64_t n, double z) {
  if (n == 0) return {0, 1};
  successes = std::min(successes, n);
  const double nd = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nd;
  const double z2 = z * z;
  const double scale = 1 / (1 + z2 / nd);
  const double centre = (p + z2 / (2 * nd)) * scale;
  const double half = z * scale * std::sqrt(p * (1 - p) / nd + z2 / (4 * nd * nd));
  Interval r{std::clamp(centre - half, 0.0, 1.0), std::clamp(centre + half, 0.0, 1.0)};
  if (successes == 0) r.low = 0;
  if (successes == n) r.high = 1;
  return r;
}

SobolSums::SobolSums(std::size_t k) : sum_first(k, 0.0), sum_total(k, 0.0) {}

void SobolSums::add(double fa, double fb, const double* fab) {
  ++n;
  sum_a += fa;
  sum_b += fb;
  sum_sq_a += fa * fa;
  sum_sq_b += fb * fb;
  for (std::size_t i = 0; i < sum_first.size(); ++i) {
    const double d = fab[i] - fa;
    sum_first[i] += fb * d;
    sum_total[i] += d * d;
  }
}

void SobolSums::merge(const SobolSums& other) {
  if (other.sum_first.size() != sum_first.size())
    throw std::invalid_argument("SobolSums::merge: different numbers of inputs");
  n += other.n;
  sum_a += other.sum_a;
  sum_b += other.sum_b;
  sum_sq_a += other.sum_sq_a;
  sum_sq_b += other.sum_sq_b;
  for (std::size_t i = 0; i < sum_first.size(); ++i) {
    sum_first[i] += other.sum_first[i];
    sum_total[i] += other.sum_total[i];
  }
}

SobolIndices sobol_indices(const SobolSums& s) {
  const std::size_t k = s.sum_first.size();
  SobolIndices r{std::vector<double>(k, 0.0), std::vector<double>(k, 0.0), 0.0, s.n};
  if (s.n == 0) return r;
  const double nd = static_cast<double>(s.n);
  const double mean = (s.sum_a + s.sum_b) / (2 * nd);
  // Rounding can push a zero variance slightly below 0: treat that as 0.
  const double v = (s.sum_sq_a + s.sum_sq_b) / (2 * nd) - mean * mean;
  if (!(v > 0)) return r;
  r.variance = v;
  for (std::size_t i = 0; i < k; ++i) {
    r.first[i] = s.sum_first[i] / nd / v;
    r.total[i] = s.sum_total[i] / (2 * nd) / v;
  }
  return r;
}

double chi_square_sf(double x, int df) {
  if (!(x > 0) || df < 1) return 1;
  const double y = x / 2;
  double sum = 0, term = 0;
  int j = 0;
  if (df % 2 == 0) {
    term = std::exp(-y);  // y^0 / 0!
    sum = term;
    for (j = 1; j < df / 2; ++j) {
      term *= y / j;
      sum += term;
    }
  } else {
    sum = std::erfc(std::sqrt(y));
    if (df > 1) {
      term = std::exp(-y) * std::sqrt(y) * 2 / std::sqrt(std::acos(-1.0));  // y^(1/2) / Γ(3/2)
      sum += term;
      for (j = 1; j < (df - 1) / 2; ++j) {
        term *= y / (j + 0.5);
        sum += term;
      }
    }
  }
  return std::clamp(sum, 0.0, 1.0);
}

BinnedEffect binned_effect(const std::vector<std::uint64_t>& n, const std::vector<std::uint64_t>& d) {
  if (n.size() != d.size()) throw std::invalid_argument("binned_effect: n and d differ in size");
  BinnedEffect r;
  std::uint64_t total = 0, deals = 0;
  int filled = 0;
  for (std::size_t b = 0; b < n.size(); ++b) {
    total += n[b];
    deals += std::min(d[b], n[b]);
    filled += n[b] > 0;
  }
  r.df = std::max(0, filled - 1);
  if (total == 0 || deals == 0 || deals == total) return r;
  const double N = static_cast<double>(total), p = static_cast<double>(deals) / N;
  double between = 0;
  for (std::size_t b = 0; b < n.size(); ++b) {
    if (n[b] == 0) continue;
    const double nb = static_cast<double>(n[b]);
    const double diff = static_cast<double>(std::min(d[b], n[b])) / nb - p;
    between += nb * diff * diff;
  }
  r.explained = std::clamp(between / (N * p * (1 - p)), 0.0, 1.0);
  r.chi_square = N * r.explained;
  r.p_value = chi_square_sf(r.chi_square, r.df);
  return r;
}

}  // namespace parley
