#include "analyses/bargain/mediator_value.h"

#include <algorithm>
#include <cmath>

#include "analyses/bargain/bargain_sweep.h"
#include "core/error.h"

namespace parley {

PairedDifference paired_difference(const std::vector<char>& with, const std::vector<char>& without) {
  PARLEY_CHECK(with.size() == without.size() && !with.empty());
  PairedDifference d;
  d.n = with.size();
  for (std::size_t i = 0; i < with.size(); ++i) {
    if (with[i] && without[i]) ++d.both;
    else if (with[i]) ++d.only_with;
    else if (without[i]) ++d.only_without;
    else ++d.neither;
  }
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

MediatorValue mediator_value(const Scenario& base, const BargainSweepOptions& opt, const BargainSweepResult& with,
                             Protocol baseline) {
  PARLEY_CHECK(baseline != Protocol::mediated);
  BargainSweepOptions o = opt;
  o.process.protocol = baseline;
  o.process.mediator.clear();
  o.by = with.by.date;
  const BargainSweepResult without = run_bargain_sweep(base, o);
  MediatorValue v;
  v.baseline = baseline;
  v.agreements = without.agreements;
  v.breakdowns = without.breakdowns;
  v.no_agreements = without.no_agreements;
  v.without_ci = without.by.ci;
  v.value = paired_difference(with.agreed_by, without.agreed_by);
  return v;
}

}  // namespace parley
