// Products of many non-negative factors (Nash products: the parties' gains over no deal) that
// neither overflow nor underflow: the running product is kept within [2^-512, 2^512] by exact
// power-of-two rescaling (frexp), so no digit is lost, and its logarithm is taken once. With 64
// parties a plain product of gains leaves the range of a double (gains near 10^-6 underflow to 0,
// near 10^6 overflow), the logarithm of the scaled one does not. Comparing against a threshold
// needs no logarithm when the product was never rescaled (the common case): `below` compares the
// plain product with the threshold's exponential.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

namespace parley {

struct LogProduct {
  double value = 1;  // the product is value · 2^scale
  int scale = 0;

  void times(double g) {
    value *= g;
    if (value < 0x1p-512 || value > 0x1p512) {
      if (value == 0) return;  // a zero factor: stays 0
      int e = 0;
      value = std::frexp(value, &e);
      scale += e;
    }
  }
  // Whether this product is larger than o's (plain comparison when neither was rescaled).
  bool greater(const LogProduct& o) const {
    if (scale == 0 && o.scale == 0) return value > o.value;
    return log() > o.log();
  }
  // log of the product; -inf when a factor was 0.
  double log() const {
    if (value <= 0) return -std::numeric_limits<double>::infinity();
    return std::log(value) + static_cast<double>(scale) * 0.69314718055994530942;
  }
};

// A log threshold prepared for products: `below(p)` is true when p's log is below `log_floor`,
// without a logarithm for a product that was never rescaled.
class LogFloor {
 public:
  explicit LogFloor(double log_floor) : log_(log_floor) {
    // exp is exact enough for a filter: the callers' floors carry a 10^-9 margin.
    linear_ok_ = log_floor > -700 && log_floor < 700;
    linear_ = linear_ok_ ? std::exp(log_floor) : 0;
    if (log_floor == -std::numeric_limits<double>::infinity()) linear_ok_ = true, linear_ = 0;
  }
  bool below(const LogProduct& p) const {
    if (linear_ok_ && p.scale == 0) return p.value < linear_;
    return p.log() < log_;
  }

 private:
  double log_ = 0, linear_ = 0;
  bool linear_ok_ = false;
};

}  // namespace parley
