// Exact comparisons for tie-breaking: products and sums of fractions of integers below 2^63,
// compared without rounding (a small unsigned big-integer). Used only on near-ties, so the hot
// loops stay in double precision.
#pragma once

#include <cstdint>
#include <span>

namespace parley::exact {

// Sign of Π a − Π b (-1, 0, 1); a and b have the same length.
int compare_products(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);

// Sign of n1/d1 − n2/d2 (denominators positive).
int compare_fractions(std::uint64_t n1, std::uint64_t d1, std::uint64_t n2, std::uint64_t d2);

// Sign of Σ_i a_i/d_i − Σ_i b_i/d_i (common denominators d, all positive).
int compare_fraction_sums(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                          std::span<const std::uint64_t> d);

// The integer k with x = k · 2^-e, if x is such an integer multiple below 2^63 (x >= 0).
bool to_scaled_integer(double x, int e, std::uint64_t& k);

}  // namespace parley::exact
