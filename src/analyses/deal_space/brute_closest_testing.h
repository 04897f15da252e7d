// Tests only: the closest package (docs/deal-space.md, "closest") by brute force in exact integer
// arithmetic, for the brute-force checks of bnb_test.cc and classes_test.cc. Written from the
// definitions, not from the engine's orders (orders.cc): a party's utility in model units is an
// integer times 2^-e (model/compiled.h) and one unit of utility is M integers, so a shortfall or
// gain on the 0..1 scale is k/M with k an integer; over the common denominator L = lcm(M_p) every
// shortfall, their largest, their sum and the sum of gains are integers, compared without
// rounding. (Multiplying by `unit`, a rounded 2^e/M, breaks exact ties by rounding: two packages
// with the same total gain then order by the last bit of a sum, and the answer depends on the
// order of the additions.)
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/compiled.h"

namespace parley::testing_brute {

using u128 = unsigned __int128;

inline u128 gcd128(u128 a, u128 b) {
  while (b != 0) {
    const u128 r = a % b;
    a = b;
    b = r;
  }
  return a;
}

// The closest package among all n packages of m: smaller largest shortfall, then smaller total
// shortfall, then larger total gain over no deal, then lower index. u[x][p] is party p's utility
// of package x in model units. Fails the current test (and returns nullopt) when a number does not
// fit the integers used.
inline std::optional<std::uint64_t> closest_package(const CompiledModel& m, const std::vector<std::vector<double>>& u) {
  const std::size_t P = m.parties.size();
  std::vector<int> e(P);
  std::vector<u128> scale(P);  // L / M_p
  u128 L = 1;
  for (std::size_t p = 0; p < P; ++p) {
    const UtilityFn& f = m.utilities[m.parties[p]];
    e[p] = f.exponent;
    if (!(f.per_utility >= 1 && f.per_utility == std::floor(f.per_utility) && f.per_utility < 9.2e18)) {
      ADD_FAILURE() << "party " << p << ": per_utility " << f.per_utility << " is not an integer below 2^63";
      return std::nullopt;
    }
    const u128 M = static_cast<std::uint64_t>(f.per_utility);
    u128 next = 0;
    if (__builtin_mul_overflow(L / gcd128(L, M), M, &next)) {
      ADD_FAILURE() << "the common denominator of the parties' grids does not fit 128 bits";
      return std::nullopt;
    }
    L = next;
  }
  for (std::size_t p = 0; p < P; ++p) scale[p] = L / static_cast<std::uint64_t>(m.utilities[m.parties[p]].per_utility);
  bool ok = true;
  // v >= 0 in model units of party p, as an integer over L.
  auto over_L = [&](double v, std::size_t p) -> u128 {
    const double k = std::ldexp(v, e[p]);
    u128 out = 0;
    if (!(k >= 0 && k == std::floor(k) && k < 1.8e19) ||
        __builtin_mul_overflow(static_cast<u128>(static_cast<std::uint64_t>(k)), scale[p], &out))
      ok = false;
    return out;
  };
  auto add = [&](u128 a, u128 b) {
    u128 s = 0;
    if (__builtin_add_overflow(a, b, &s)) ok = false;
    return s;
  };
  std::optional<std::uint64_t> best;
  u128 bw = 0, bt = 0, bg = 0;
  for (std::uint64_t x = 0; x < u.size(); ++x) {
    u128 w = 0, t = 0, g = 0;
    for (std::size_t p = 0; p < P; ++p) {
      const double d = m.utilities[m.parties[p]].reservation;
      const u128 sf = over_L(d > u[x][p] ? d - u[x][p] : 0.0, p);
      w = sf > w ? sf : w;
      t = add(t, sf);
      g = add(g, over_L(u[x][p] > d ? u[x][p] - d : 0.0, p));
    }
    if (!best || w < bw || (w == bw && (t < bt || (t == bt && g > bg)))) {
      best = x;
      bw = w;
      bt = t;
      bg = g;
    }
  }
  if (!ok) {
    ADD_FAILURE() << "a shortfall or gain is not an integer multiple of its grid, or does not fit 128 bits";
    return std::nullopt;
  }
  return best;
}

}  // namespace parley::testing_brute
