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

}  // namespace parley
