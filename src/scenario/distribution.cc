#include "scenario/distribution.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>
#include <vector>

namespace parley {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTiny = 1e-300;  // keeps the Lentz recurrences away from division by zero

// The output function of SplitMix64 (scenario/synthetic.cc): a bijection of 64-bit words.
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// u restricted to the open interval (0, 1).
double open_unit(double u) {
  if (!(u > 0)) return std::numeric_limits<double>::min();
  if (!(u < 1)) return std::nextafter(1.0, 0.0);
  return u;
}

// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
double ln_beta(double a, double b) { return ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b); }

// The continued fraction of DLMF 8.17.22,
//   I(x; a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d1/(1 + d2/(1 + …))),
//   d_{2m}   =  m (b − m) x / ((a + 2m − 1)(a + 2m)),
//   d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
// returns g = 1 + d1/(1 + d2/(1 + …)), evaluated front to back by the modified Lentz method:
// f_n = f_{n−1}·C_n·D_n with C_n = 1 + d_n/C_{n−1}, D_n = 1/(1 + d_n D_{n−1}), C_0 = f_0 = 1,
// D_0 = 0, until C_n D_n is 1 to within 1e-16. Converges fast for x < (a + 1)/(a + b + 2).
double beta_fraction(double x, double a, double b) {
  double f = 1, c = 1, d = 0;
  const int max_terms = 2 * (1000 + static_cast<int>(std::min(1e6, 20 * std::sqrt(a + b))));
  for (int n = 1; n <= max_terms; ++n) {
    const double m = std::floor(n / 2.0);
    const double dn = n % 2 == 0 ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                                 : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + dn * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + dn / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = c * d;
    f *= delta;
    if (std::fabs(delta - 1) < 1e-16) break;
  }
  return f;
}

// I(x; a, b) given ln B(a, b).
double beta_cdf_given(double x, double a, double b, double lnb) {
  if (!(x > 0)) return 0;
  if (!(x < 1)) return 1;
  const double ln_front = a * std::log(x) + b * std::log1p(-x) - lnb;
  if (x < (a + 1) / (a + b + 2)) return std::exp(ln_front) / (a * beta_fraction(x, a, b));
  return 1 - std::exp(ln_front) / (b * beta_fraction(1 - x, b, a));
}

// The density of the standard beta at x in (0, 1), given ln B(a, b).
double beta_pdf(double x, double a, double b, double lnb) {
  return std::exp((a - 1) * std::log(x) + (b - 1) * std::log1p(-x) - lnb);
}

// A first guess at I⁻¹(u; a, b) for the Halley iteration. For a, b >= 1, Abramowitz & Stegun 26.5.22
// (a normal approximation): x = a/(a + b·e^(2w)) with y the upper-tail normal quantile of u,
// λ = (y² − 3)/6, h = 2/(1/(2a − 1) + 1/(2b − 1)),
// w = y√(h + λ)/h − (1/(2b − 1) − 1/(2a − 1))(λ + 5/6 − 2/(3h)). Otherwise the tails'
// power laws: I(x) ≈ x^a/(a·B) near 0 and 1 − (1 − x)^b/(b·B) near 1, with B approximated by
// S = (a/(a + b))^a/a + (b/(a + b))^b/b and the split at the tails' share of S.
double beta_start(double u, double a, double b) {
  if (a >= 1 && b >= 1) {
    const double y = -normal_quantile(u);
    const double lambda = (y * y - 3) / 6;
    const double h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const double w = y * std::sqrt(h + lambda) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h));
    return a / (a + b * std::exp(2 * w));
  }
  const double left = std::exp(a * std::log(a / (a + b))) / a;
  const double right = std::exp(b * std::log(b / (a + b))) / b;
  const double s = left + right;
  if (u < left / s) return std::pow(a * s * u, 1 / a);
  return 1 - std::pow(b * s * (1 - u), 1 / b);
}

std::string num(double v) { return fmt::format("{}", v); }

// ∫₀¹ τ² e^(−xτ) dτ: the series Σ (−x)^k / (k! (k + 3)) for |x| <= 1 (where the closed form
// cancels), else (2 − e^(−x)(x² + 2x + 2)) / x³.
double moment2(double x) {
  if (std::fabs(x) <= 1) {
    double term = 1, sum = 0;
    for (int k = 0; k < 30; ++k) {
      sum += term / (k + 3);
      term *= -x / (k + 1);
    }
    return sum;
  }
  if (x > 40) return 2 / (x * x * x);  // e^(−x)(x² + 2x + 2) < 1e-14 of 2 (and no inf · 0)
  return (2 - std::exp(-x) * (x * x + 2 * x + 2)) / (x * x * x);
}

// The quantile u of the standard normal truncated to a narrow [a, b] of width w = b − a < 1e-3
// (given separately: b − a would lose its digits when |a| is large), as the fraction s of the
// way from a to b. Φ(b) − Φ(a) would cancel (and be 0 once b − a is below
// the spacing of doubles near Φ(a)), so the density is written relative to its value at a:
// φ(a + t·w)/φ(a) = exp(−c·t − w²t²/2) with w = b − a, c = a·w, t in [0, 1]. Then
// G(s) = ∫₀ˢ exp(−c·t − w²t²/2) dt = s·(1 − e^(−cs))/(cs) − (w²/2)·s³·moment2(cs) with a relative
// error below w⁴/8 < 1e-12, and s solves G(s) = u·G(1): start from the truncated exponential's
// quantile (the w² term dropped) and refine by Newton's method, kept inside a bracket. With a
// range above the mean c >= 0 (the density falls from a); below it, the mirrored problem.
double narrow_truncated_normal(double a, double b, double w, double u) {
  if (b <= 0 && a < 0) return 1 - narrow_truncated_normal(-b, -a, w, 1 - u);
  const double c = a * w, h = w * w / 2;  // a > −w here, so c > −w²: never a steep rise
  // e^(−cs) computed as 1 + expm1: exact near c·s = 0 and for any c·s >= 0.
  auto exp_part = [&](double s) { return c * s == 0 ? s : -std::expm1(-c * s) / c; };
  auto g_int = [&](double s) { return exp_part(s) - h * s * s * s * moment2(c * s); };
  const double target = u * g_int(1);
  double s = c == 0 ? u : -std::log1p(u * std::expm1(-c)) / c;
  s = std::clamp(s, 0.0, 1.0);
  double lo = 0, hi = 1;
  for (int iter = 0; iter < 50; ++iter) {
    const double f = g_int(s) - target;
    if (f == 0) break;
    (f < 0 ? lo : hi) = s;
    const double density = std::exp(-c * s - h * s * s);
    double next = density > 0 ? s - f / density : -1;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    const double step = std::fabs(next - s);
    s = next;
    if (step <= 4 * std::numeric_limits<double>::epsilon() * std::max(s, 1e-300) || hi - lo <= 1e-300) break;
  }
  return s;
}

}  // namespace

const char* to_string(Distribution::Kind k) {
  switch (k) {
    case Distribution::Kind::uniform: return "uniform";
    case Distribution::Kind::triangular: return "triangular";
    case Distribution::Kind::normal: return "normal";
    case Distribution::Kind::beta: return "beta";
    case Distribution::Kind::choice: return "choice";
  }
  return "?";
}

std::optional<Distribution::Kind> distribution_kind_from_string(std::string_view s) {
  for (auto k : {Distribution::Kind::uniform, Distribution::Kind::triangular, Distribution::Kind::normal,
                 Distribution::Kind::beta, Distribution::Kind::choice})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double normal_quantile(double p) {
  if (std::isnan(p)) return p;
  if (p <= 0) return -kInf;
  if (p >= 1) return kInf;
  if (p > 0.5) return -normal_quantile(1 - p);  // 1 − p is exact for p in [0.5, 1]
  // Acklam's rational approximation on (0, 0.5]: a central region and a lower tail.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Halley's method on Φ(x) − p (Φ' = φ, Φ'' = −xφ): x ← x − t/(1 + x t/2), t = (Φ(x) − p)/φ(x).
  for (int step = 0; step < 2; ++step) {
    const double e = normal_cdf(x) - p;
    const double t = e * std::sqrt(2 * kPi) * std::exp(x * x / 2);
    if (!std::isfinite(t)) break;
    x -= t / (1 + x * t / 2);
  }
  return x;
}

double ln_gamma(double x) {
  if (x < 0.5) return std::log(kPi / std::sin(kPi * x)) - ln_gamma(1 - x);  // reflection
  // Lanczos: Γ(x) = √(2π) t^(x − 1/2) e^(−t) A(x), t = x + g − 1/2, g = 7.
  static constexpr double coef[] = {0.99999999999980993,     676.5203681218851,   -1259.1392167224028,
                                    771.32342877765313,      -176.61502916214059, 12.507343278686905,
                                    -0.13857109526572012,    9.9843695780195716e-6, 1.5056327351493116e-7};
  x -= 1;
  double sum = coef[0];
  for (int i = 1; i < 9; ++i) sum += coef[i] / (x + i);
  const double t = x + 7.5;
  return 0.5 * std::log(2 * kPi) + (x + 0.5) * std::log(t) - t + std::log(sum);
}

double beta_cdf(double x, double a, double b) { return beta_cdf_given(x, a, b, ln_beta(a, b)); }

// I⁻¹(u; a, b) for shapes beyond kMaxBetaShape: the normal approximation with the
// Cornish–Fisher skewness term, x = μ + σ(z + γ(z² − 1)/6), z = Φ⁻¹(u), with the beta's mean μ,
// standard deviation σ and skewness γ; clamped to [0, 1] (distribution.h gives its error).
static double beta_quantile_large(double u, double a, double b) {
  const double n = a + b;
  const double mean = a / n;
  // σ² = ab/(n²(n + 1)) and γ = 2(b − a)√(n + 1)/((n + 2)√(ab)), in forms that neither overflow
  // nor underflow for shapes up to the largest doubles.
  const double sd = std::sqrt(mean) * std::sqrt(b / n) / std::sqrt(n + 1);
  const double skew = 2 * ((b - a) / (n + 2)) * std::sqrt(n + 1) / (std::sqrt(a) * std::sqrt(b));
  const double z = normal_quantile(u);
  return std::clamp(mean + sd * (z + skew * (z * z - 1) / 6), 0.0, 1.0);
}

double beta_quantile(double u, double a, double b) {
  if (!(u > 0)) return 0;
  if (!(u < 1)) return 1;
  if (a > kMaxBetaShape || b > kMaxBetaShape) return beta_quantile_large(u, a, b);
  const double lnb = ln_beta(a, b);
  double x = beta_start(u, a, b);
  // A tail's power law (a < 1 or b < 1) that underflows to 0 or rounds to 1 puts the quantile
  // within about 1e-300 of that end: keep the end. Restarting from the mean there left the
  // search, bracket [0, 1], too few halvings to get back, so the quantile of a smaller u came
  // out larger (a fuzz finding; beta(0.1, 9) at u = 1e-300 gave 5e-93, at u = 1e-12 7e-122).
  if ((a < 1 || b < 1) && x == 0) return 0;
  if ((a < 1 || b < 1) && x == 1) return 1;
  if (!(x > 0 && x < 1)) x = a / (a + b);
  double lo = 0, hi = 1;
  for (int iter = 0; iter < 300; ++iter) {
    const double f = beta_cdf_given(x, a, b, lnb) - u;
    if (f == 0) return x;
    (f < 0 ? lo : hi) = x;
    const double tol = std::numeric_limits<double>::epsilon() * x + 1e-300;  // about two ulps of x
    if (hi - lo <= tol) break;
    // A Halley step (Newton's with the density's slope, f''/f' = (a − 1)/x − (b − 1)/(1 − x),
    // its correction capped as in Numerical Recipes) when it stays inside the bracket, else
    // bisection.
    const double pdf = beta_pdf(x, a, b, lnb);
    double next = -1;
    if (pdf > 0 && std::isfinite(pdf)) {
      const double t = f / pdf;
      const double curvature = t * ((a - 1) / x - (b - 1) / (1 - x));
      next = x - t / (1 - 0.5 * std::min(1.0, curvature));
    }
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    const double step = std::fabs(next - x);
    x = next;
    if (step <= tol) break;
  }
  return x;
}

double quantile(const Distribution& d, double u, double lo, double hi) {
  u = open_unit(u);
  double x = 0;
  switch (d.kind) {
    case Distribution::Kind::uniform:
      x = d.min + u * (d.max - d.min);
      break;
    case Distribution::Kind::triangular: {
      const double a = d.min, b = d.max, c = d.mode;
      x = u * (b - a) < c - a ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1 - u) * (b - a) * (b - c));
      break;
    }
    case Distribution::Kind::normal: {
      if (!(d.sd > 0)) return std::clamp(d.mean, lo, hi);
      const double alpha = (lo - d.mean) / d.sd, beta = (hi - d.mean) / d.sd;
      // A range narrow against sd (at sd → ∞ the truncated normal becomes uniform on it):
      // computed as a fraction of the range, which keeps its precision.
      const double width = (hi - lo) / d.sd;
      if (width < 1e-3 && std::isfinite(alpha) && std::isfinite(beta)) {
        x = lo + (hi - lo) * narrow_truncated_normal(alpha, beta, width, u);
        break;
      }
      double z;
      if (alpha > 0) {
        // The whole range lies above the mean: upper-tail probabilities Q(z) = Φ(−z) keep the
        // precision that Φ near 1 would lose.
        const double qa = normal_cdf(-alpha), qb = normal_cdf(-beta);
        if (!(qa > qb)) return std::clamp(d.mean, lo, hi);
        z = -normal_quantile(qa - u * (qa - qb));
      } else {
        const double pa = normal_cdf(alpha), pb = normal_cdf(beta);
        if (!(pb > pa)) return std::clamp(d.mean, lo, hi);
        z = normal_quantile(pa + u * (pb - pa));
      }
      x = d.mean + d.sd * z;
      break;
    }
    case Distribution::Kind::beta:
      x = d.min + (d.max - d.min) * beta_quantile(u, d.alpha, d.beta);
      break;
    case Distribution::Kind::choice: {
      if (d.values.empty()) return std::clamp(0.0, lo, hi);
      auto weight = [&](std::size_t i) { return d.weights.empty() ? 1.0 : d.weights[i]; };
      // Walk the values in ascending order (ties in file order): directly when the file lists
      // them so, else through a sorted index.
      std::vector<std::size_t> order;
      if (!std::is_sorted(d.values.begin(), d.values.end())) {
        order.resize(d.values.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t i, std::size_t j) { return d.values[i] < d.values[j]; });
      }
      auto at = [&](std::size_t k) { return order.empty() ? k : order[k]; };
      const std::size_t n = d.values.size();
      double total = 0;
      for (std::size_t k = 0; k < n; ++k) total += weight(at(k));
      const double target = u * total;
      double cumulative = 0;
      x = d.values[at(n - 1)];  // against rounding at u near 1
      for (std::size_t k = 0; k < n; ++k) {
        cumulative += weight(at(k));
        if (target <= cumulative) {
          x = d.values[at(k)];
          break;
        }
      }
      break;
    }
  }
  return std::clamp(x, lo, hi);
}

double central(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::uniform: return (d.min + d.max) / 2;
    case Distribution::Kind::triangular: return d.mode;
    case Distribution::Kind::normal: return d.mean;
    case Distribution::Kind::beta: return d.min + (d.max - d.min) * (d.alpha / (d.alpha + d.beta));
    case Distribution::Kind::choice: {
      if (d.values.empty()) return 0;
      std::size_t best = 0;
      for (std::size_t i = 1; i < d.values.size() && !d.weights.empty(); ++i)
        if (d.weights[i] > d.weights[best]) best = i;
      return d.values[best];
    }
  }
  return 0;
}

std::pair<double, double> support(const Distribution& d, double lo, double hi) {
  switch (d.kind) {
    case Distribution::Kind::uniform:
    case Distribution::Kind::triangular:
    case Distribution::Kind::beta: return {d.min, d.max};
    case Distribution::Kind::normal: return {lo, hi};
    case Distribution::Kind::choice: {
      if (d.values.empty()) return {lo, hi};
      auto [mn, mx] = std::minmax_element(d.values.begin(), d.values.end());
      return {*mn, *mx};
    }
  }
  return {lo, hi};
}

std::string describe(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::uniform: return fmt::format("uniform({}, {})", num(d.min), num(d.max));
    case Distribution::Kind::triangular:
      return fmt::format("triangular({}, {}, {})", num(d.min), num(d.mode), num(d.max));
    case Distribution::Kind::normal: return fmt::format("normal({}, {})", num(d.mean), num(d.sd));
    case Distribution::Kind::beta:
      return fmt::format("beta({}, {}) on [{}, {}]", num(d.alpha), num(d.beta), num(d.min), num(d.max));
    case Distribution::Kind::choice: {
      std::string out = "choice(";
      for (std::size_t i = 0; i < d.values.size(); ++i) out += (i ? ", " : "") + num(d.values[i]);
      if (!d.weights.empty()) {
        out += "; weights ";
        for (std::size_t i = 0; i < d.weights.size(); ++i) out += (i ? ", " : "") + num(d.weights[i]);
      }
      return out + ")";
    }
  }
  return "?";
}

double uniform01(std::uint64_t seed, std::uint64_t sample, std::uint64_t param) {
  constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15ULL;
  const std::uint64_t h1 = mix64(seed + kGamma);
  const std::uint64_t h2 = mix64(h1 ^ ((sample + 1) * kGamma));
  const std::uint64_t h3 = mix64(h2 ^ ((param + 1) * 0xd1b54a32d192ed03ULL));
  const std::uint64_t k = h3 >> 11;
  return k == 0 ? 0x1.0p-54 : static_cast<double>(k) * 0x1.0p-53;
}

std::uint64_t stream_key(std::string_view path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : path) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace parley
