// The credible verdict of a package from its halves' credible rows (credible.h), inline: the
// deal-space scan calls it for every ZOPA package. Internal to analyses/deal_space.
#pragma once

#include <algorithm>
#include <cstddef>

#include "analyses/deal_space/credible.h"

namespace parley {

namespace credible_detail {
// Gains below this are ties, not incentives, and values this close to d accept (as in
// analyses/sequencing: utilities are exact to about 1e-12).
inline constexpr double kEps = 1e-12;
inline constexpr std::size_t kMaxParties = 20;  // as the plan evaluation
}  // namespace credible_detail

// credible_from_row (credible.h) from the rows of a package's two halves (summed, V the
// minimum), without forming the package's row: E[g][i] for i other than g is read only when
// some deliverer g gains by cheating.
inline bool credible_from_halves(const Commitments& c, std::size_t P, const double* effective, const double* a,
                                 const double* b, double* expected = nullptr, double* completion = nullptr,
                                 bool* accepted = nullptr) {
  constexpr std::size_t kMax = credible_detail::kMaxParties;
  const std::size_t D = c.deliverers.size();
  const std::size_t L = D, E = D + P;
  const double* d = c.reservation.data();
  double C[kMax];
  for (std::size_t i = 0; i < P; ++i) C[i] = effective[i] - (a[L + i] + b[L + i]);
  // The deliverers that gain by cheating (what they keep of the others' deliveries, if unseen,
  // beats completing the plan), in canonical order, with their verification.
  int cheat[kMax];
  double seen[kMax];
  std::size_t cheats = 0;
  for (int g : c.deliverer_order) {
    const double v = std::min(a[g], b[g]);
    if (v > 1) continue;  // it delivers nothing in this package
    const std::size_t j = static_cast<std::size_t>(c.deliverers[g]);
    const std::size_t k = E + static_cast<std::size_t>(g) * P + j;
    if (d[j] + (1 - v) * (a[k] + b[k]) - C[j] > credible_detail::kEps) {
      cheat[cheats] = g;
      seen[cheats++] = v;
    }
  }
  bool all = true;
  for (std::size_t i = 0; i < P; ++i) {
    // The package test (the completed plan against no deal; exact in the ZOPA when nothing
    // lapses), then mistrust: the first untrustworthy opportunist in canonical order cheats
    // (cheat rate 1) and i keeps what it and the third parties delivered, after clawbacks.
    const bool lapse = a[L + i] != 0 || b[L + i] != 0;
    bool ok = !lapse || C[i] >= d[i] - credible_detail::kEps;
    double eu = C[i];
    if (cheats > 0) {
      const double* trust = c.trust_flat.data() + i * P;
      double alive = 1, sum = 0;
      for (std::size_t n = 0; n < cheats; ++n) {
        const std::size_t g = static_cast<std::size_t>(cheat[n]);
        const std::size_t j = static_cast<std::size_t>(c.deliverers[g]);
        if (j == i) continue;
        const std::size_t k = E + g * P + i;
        sum += alive * (1 - trust[j]) * (d[i] + (1 - seen[n]) * (a[k] + b[k]));
        alive *= trust[j];
      }
      eu = sum + alive * C[i];
    }
    ok = ok && eu >= d[i] - credible_detail::kEps;
    if (expected) expected[i] = eu;
    if (completion) completion[i] = C[i];
    if (accepted) accepted[i] = ok;
    all = all && ok;
    if (!all && !expected && !accepted && !completion) return false;
  }
  return all;
}

}  // namespace parley
