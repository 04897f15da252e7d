// Counts in messages. Package counts saturate at the largest 64-bit value (CompiledModel::
// package_count, blocks_size): printed as such, "18446744073709551615 packages" would read as an
// exact count, so the saturated value is written as a bound.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace parley {

// "12", or "more than 1.8·10^19" for a count that saturated.
inline std::string count_text(std::uint64_t n) {
  return n == std::numeric_limits<std::uint64_t>::max() ? std::string("more than 1.8·10^19") : fmt::format("{}", n);
}

// The same in Traditional Chinese when `zh` ("超過 1.8·10^19").
inline std::string count_text(std::uint64_t n, bool zh) {
  if (!zh) return count_text(n);
  return n == std::numeric_limits<std::uint64_t>::max() ? std::string("超過 1.8·10^19") : fmt::format("{}", n);
}

// "1 issue", "2 issues", "0 issues": the count and the noun in the form the count needs (English;
// Chinese nouns do not change). `many` defaults to `one` + "s".
inline std::string plural(std::uint64_t n, std::string_view one, std::string_view many = {}) {
  if (n == 1) return fmt::format("1 {}", one);
  return many.empty() ? fmt::format("{} {}s", count_text(n), one) : fmt::format("{} {}", count_text(n), many);
}

// a · b, saturating at the largest 64-bit value.
inline std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

}  // namespace parley
