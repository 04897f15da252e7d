// Counts in messages. Package counts saturate at the largest 64-bit value (CompiledModel::
// package_count, blocks_size): printed as such, "18446744073709551615 packages" would read as an
// exact count, so the saturated value is written as a bound.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include <fmt/format.h>

namespace parley {

// "12", or "more than 1.8·10^19" for a count that saturated.
inline std::string count_text(std::uint64_t n) {
  return n == std::numeric_limits<std::uint64_t>::max() ? std::string("more than 1.8·10^19") : fmt::format("{}", n);
}

// a · b, saturating at the largest 64-bit value.
inline std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

}  // namespace parley
