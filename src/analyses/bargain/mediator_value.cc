#include "analyses/bargain/mediator_value.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace parley {

PairedDifference paired_difference(const std::vector<char>& with, const std::vector<char>& without) {
  PARLEY_CHECK(with.size() == without.size() && !with.empty());
  std::uint64_t both = 0, only_with = 0, only_without = 0, neither = 0;
  for (std::size_t i = 0; i < with.size(); ++i) {
    if (with[i] && without[i]) ++both;
    else if (with[i]) ++only_with;
    else if (without[i]) ++only_without;
    else ++neither;
  }
  return paired_difference(both, only_with, only_without, neither);
}

PairedDifference paired_difference(std::uint64_t both, std::uint64_t only_with, std::uint64_t only_without,
                                   std::uint64_t neither) {
  PairedDifference d;
  d.both = both;
  d.only_with = only_with;
  d.only_without = only_without;
  d.neither = neither;
  d.n = both + only_with + only_without + neither;
  PARLEY_CHECK(d.n > 0);
  const double n = static_cast<double>(d.n);
  const std::uint64_t k1 = d.both + d.only_with, k2 = d.both + d.only_without;
  d.with = static_cast<double>(k1) / n;
  d.without = static_cast<double>(k2) / n;
  d.difference = d.with - d.without;
  const Interval w1 = wilson_interval(k1, d.n), w2 = wilson_interval(k2, d.n);
  // The correlation of the two indicators (phi), 0 when a margin is empty.
  const double a = static_cast<double>(d.both), b = static_cast<double>(d.only_with), c = static_cast<double>(d.only_without),
               e = static_cast<double>(d.neither);
  const double den = (a + b) * (c + e) * (a + c) * (b + e);
  const double phi = den > 0 ? (a * e - b * c) / std::sqrt(den) : 0.0;
  const double l1 = d.with - w1.low, u1 = w1.high - d.with, l2 = d.without - w2.low, u2 = w2.high - d.without;
  const double lo = std::sqrt(std::max(0.0, l1 * l1 - 2 * phi * l1 * u2 + u2 * u2));
  const double hi = std::sqrt(std::max(0.0, u1 * u1 - 2 * phi * u1 * l2 + l2 * l2));
  d.ci = {std::max(-1.0, d.difference - lo), std::min(1.0, d.difference + hi)};
  return d;
}

}  // namespace parley
