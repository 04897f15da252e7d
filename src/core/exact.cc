#include "core/exact.h"

#include <cmath>
#include <vector>

namespace parley::exact {
namespace {

using Big = std::vector<std::uint32_t>;  // little-endian base-2^32 digits

void trim(Big& x) {
  while (!x.empty() && x.back() == 0) x.pop_back();
}

Big from(std::uint64_t v) {
  Big x{static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(v >> 32)};
  trim(x);
  return x;
}

Big mul(const Big& a, std::uint64_t v) {
  Big out(a.size() + 2, 0);
  std::uint32_t lo = static_cast<std::uint32_t>(v), hi = static_cast<std::uint32_t>(v >> 32);
  for (int part = 0; part < 2; ++part) {
    std::uint64_t m = part == 0 ? lo : hi, carry = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      std::uint64_t cur = out[i + part] + a[i] * m + carry;
      out[i + part] = static_cast<std::uint32_t>(cur);
      carry = cur >> 32;
    }
    for (std::size_t i = a.size() + part; carry; ++i) {
      std::uint64_t cur = out[i] + carry;
      out[i] = static_cast<std::uint32_t>(cur);
      carry = cur >> 32;
    }
  }
  trim(out);
  return out;
}

Big add(const Big& a, const Big& b) {
  Big out(std::max(a.size(), b.size()) + 1, 0);
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint64_t cur = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
    out[i] = static_cast<std::uint32_t>(cur);
    carry = cur >> 32;
  }
  trim(out);
  return out;
}

int cmp(const Big& a, const Big& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = a.size(); i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

Big product(std::span<const std::uint64_t> a) {
  Big x = from(1);
  for (auto v : a) x = mul(x, v);
  return x;
}

}  // namespace

int compare_products(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  return cmp(product(a), product(b));
}

int compare_fractions(std::uint64_t n1, std::uint64_t d1, std::uint64_t n2, std::uint64_t d2) {
  unsigned __int128 l = static_cast<unsigned __int128>(n1) * d2, r = static_cast<unsigned __int128>(n2) * d1;
  return l < r ? -1 : (l > r ? 1 : 0);
}

int compare_fraction_sums(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                          std::span<const std::uint64_t> d) {
  Big sa, sb;
  for (std::size_t i = 0; i < d.size(); ++i) {
    Big ta = from(a[i]), tb = from(b[i]);
    for (std::size_t j = 0; j < d.size(); ++j)
      if (j != i) {
        ta = mul(ta, d[j]);
        tb = mul(tb, d[j]);
      }
    sa = add(sa, ta);
    sb = add(sb, tb);
  }
  return cmp(sa, sb);
}

bool to_scaled_integer(double x, int e, std::uint64_t& k) {
  if (!(x >= 0)) return false;
  double scaled = std::ldexp(x, e);
  if (scaled >= 9.2e18 || scaled != std::floor(scaled)) return false;
  k = static_cast<std::uint64_t>(scaled);
  return true;
}

}  // namespace parley::exact
