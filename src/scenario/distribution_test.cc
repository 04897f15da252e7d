// Uncertain numbers: quantiles at known points, moments of 10^6 draws against closed forms,
// central values, the counter-based uniform numbers (determinism, distinct streams, rough
// uniformity) and the loader's round trip of distributions.
#include "scenario/distribution.h"

#include <gtest/gtest.h>

#include <utility>

#include <cmath>
#include <functional>
#include <limits>
#include <set>

#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "scenario/params.h"

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.14159265358979323846;
constexpr int kDraws = 1'000'000;
constexpr std::uint64_t kSeed = 20190228;

Distribution uniform(double a, double b) {
  Distribution d;
  d.kind = Distribution::Kind::uniform;
  d.min = a;
  d.max = b;
  return d;
}
Distribution triangular(double a, double c, double b) {
  Distribution d;
  d.kind = Distribution::Kind::triangular;
  d.min = a;
  d.mode = c;
  d.max = b;
  return d;
}
Distribution normal(double mean, double sd) {
  Distribution d;
  d.kind = Distribution::Kind::normal;
  d.mean = mean;
  d.sd = sd;
  return d;
}
Distribution beta(double alpha, double b, double lo = 0, double hi = 1) {
  Distribution d;
  d.kind = Distribution::Kind::beta;
  d.alpha = alpha;
  d.beta = b;
  d.min = lo;
  d.max = hi;
  return d;
}
Distribution choice(std::vector<double> values, std::vector<double> weights = {}) {
  Distribution d;
  d.kind = Distribution::Kind::choice;
  d.values = std::move(values);
  d.weights = std::move(weights);
  return d;
}

struct Moments {
  double mean = 0, variance = 0;
};

// Mean and variance of kDraws draws of d (range lo..hi), parameter stream `param`.
Moments sample_moments(const Distribution& d, double lo, double hi, std::uint64_t param = 0) {
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    double x = quantile(d, uniform01(kSeed, static_cast<std::uint64_t>(i), param), lo, hi);
    EXPECT_GE(x, lo);
    EXPECT_LE(x, hi);
    sum += x;
    sum2 += x * x;
  }
  Moments m;
  m.mean = sum / kDraws;
  m.variance = sum2 / kDraws - m.mean * m.mean;
  return m;
}

// Checks the sample mean within 5 standard errors and the variance within 1.5%.
void expect_moments(const Distribution& d, double lo, double hi, double mean, double variance) {
  SCOPED_TRACE(describe(d));
  Moments m = sample_moments(d, lo, hi);
  EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(variance / kDraws));
  EXPECT_NEAR(m.variance, variance, 0.015 * variance);
}

TEST(distribution_test, uniform_quantiles_and_moments) {
  Distribution d = uniform(0.25, 0.32);
  EXPECT_DOUBLE_EQ(quantile(d, 0.5, 0, 1), 0.285);
  EXPECT_DOUBLE_EQ(quantile(d, 0.25, 0, 1), 0.2675);
  EXPECT_DOUBLE_EQ(quantile(d, 1e-300, 0, 1), 0.25);
  EXPECT_DOUBLE_EQ(quantile(d, 1 - 1e-17, 0, 1), 0.32);  // u is kept below 1
  expect_moments(d, 0, 1, 0.285, 0.07 * 0.07 / 12);
}

TEST(distribution_test, triangular_quantiles_and_moments) {
  // min 0, mode 1, max 4: F(1) = 1/4; below the mode x = √(u·4·1), above it x = 4 − √((1 − u)·4·3).
  Distribution d = triangular(0, 1, 4);
  EXPECT_DOUBLE_EQ(quantile(d, 0.0625, -kInf, kInf), 0.5);
  EXPECT_DOUBLE_EQ(quantile(d, 0.25, -kInf, kInf), 1);
  EXPECT_DOUBLE_EQ(quantile(d, 0.75, -kInf, kInf), 4 - std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(quantile(d, 0.97, -kInf, kInf), 4 - std::sqrt(0.36));
  // Right-angled triangles: mode at either end.
  EXPECT_DOUBLE_EQ(quantile(triangular(0, 0, 1), 0.75, 0, 1), 0.5);
  EXPECT_DOUBLE_EQ(quantile(triangular(0, 1, 1), 0.25, 0, 1), 0.5);
  // mean (a + b + c)/3, variance (a² + b² + c² − ab − ac − bc)/18.
  expect_moments(d, -kInf, kInf, 5.0 / 3, (0 + 16 + 1 - 0 - 0 - 4) / 18.0);
  Distribution t = triangular(0.4, 0.5, 0.67);
  expect_moments(t, 0, 1, (0.4 + 0.5 + 0.67) / 3,
                 (0.16 + 0.25 + 0.67 * 0.67 - 0.2 - 0.4 * 0.67 - 0.5 * 0.67) / 18);
}

TEST(distribution_test, normal_quantiles) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-12);
  EXPECT_EQ(normal_quantile(0.5), 0);
  EXPECT_EQ(normal_quantile(0), -kInf);
  EXPECT_EQ(normal_quantile(1), kInf);
  for (double p : {1e-300, 1e-20, 1e-5, 0.01, 0.02425, 0.1, 0.3, 0.5, 0.77, 0.99, 0.999999})
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-14 * std::max(p, 1e-2)) << p;
  // Untruncated (infinite range): the textbook quantile.
  EXPECT_NEAR(quantile(normal(0, 1), 0.975, -kInf, kInf), 1.959963984540054, 1e-14);
  EXPECT_NEAR(quantile(normal(10, 2), 0.975, -kInf, kInf), 10 + 2 * 1.959963984540054, 1e-13);
  // Truncated to [0, inf): u maps into [Φ(0), 1] = [0.5, 1], so u = 0.95 gives Φ⁻¹(0.975).
  EXPECT_NEAR(quantile(normal(0, 1), 0.95, 0, kInf), 1.959963984540054, 1e-14);
  // Truncated to (-inf, 0]: u = 0.05 gives Φ⁻¹(0.025).
  EXPECT_NEAR(quantile(normal(0, 1), 0.05, -kInf, 0), -1.959963984540054, 1e-14);
  // A range far in the upper tail keeps its precision: the truncated normal on [8, 9] is
  // nearly exponential with rate 8 from 8.
  double x = quantile(normal(0, 1), 0.5, 8, 9);
  EXPECT_GT(x, 8);
  EXPECT_LT(x, 8 + std::log(2.0) / 8 * 1.01);
  EXPECT_NEAR(x, 8 + std::log(2.0) / 8, 2e-3);
}

// The standard normal's mass on [a, a + s·w] over its mass on [a, a + w], by composite Simpson on
// the density relative to its value at a, exp(−a·w·t − w²t²/2) for t in [0, s]: an independent
// check of the quantile of a narrow range.
double narrow_cdf(double a, double w, double s) {
  auto mass = [&](double end) {
    const int n = 2000;
    const double h = end / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i) {
      const double t = i * h;
      const double f = std::exp(-a * w * t - w * w * t * t / 2);
      sum += (i == 0 || i == n ? 1 : i % 2 ? 4 : 2) * f;
    }
    return sum * h / 3;
  };
  return mass(s) / mass(1);
}

// A huge sd on a bounded range: the truncated normal tends to the uniform on the range, and its
// quantiles must not collapse to the mean (Φ(β) − Φ(α) is 0 in doubles once sd ≳ 1e16).
TEST(distribution_test, normal_with_huge_sd_is_uniform_on_the_range) {
  for (double sd : {1e6, 1e12, 1e17, 1e300}) {
    SCOPED_TRACE(sd);
    EXPECT_NEAR(quantile(normal(0.5, sd), 0.1, 0, 1), 0.1, 1e-9);
    EXPECT_NEAR(quantile(normal(0.5, sd), 0.9, 0, 1), 0.9, 1e-9);
    EXPECT_NEAR(quantile(normal(0.5, sd), 0.5, 0, 1), 0.5, 1e-12);
    // Mean outside the range, even far outside: still nearly uniform when sd dwarfs the gap.
    EXPECT_NEAR(quantile(normal(-3, sd), 0.25, 0, 1), 0.25, 1e-5);
    EXPECT_NEAR(quantile(normal(40, sd), 0.25, 0, 1), 0.25, 1e-5);
    if (sd >= 1e12) {
      EXPECT_NEAR(quantile(normal(0.5, sd), 0.3, -2e5, 4e5), -2e5 + 0.3 * 6e5, 6e5 * 1e-6);
    }
  }
  // The switch to the narrow-range computation (range below 1e-3 sd) is continuous.
  for (double u : {0.05, 0.5, 0.95}) {
    const double below = quantile(normal(0, 1), u, 3, 3 + 0.999999e-3);
    const double above = quantile(normal(0, 1), u, 3, 3 + 1.000001e-3);
    EXPECT_NEAR(below, above, 2e-9) << u;
  }
}

// Narrow ranges anywhere: the quantile's CDF (independent Simpson integration) is u.
TEST(distribution_test, normal_on_narrow_ranges) {
  struct Case {
    double mean, sd, lo, hi;
  };
  for (Case c : {Case{0, 1, 5, 5.0005}, Case{0, 1, -5.0005, -5}, Case{0, 1, -2e-4, 3e-4}, Case{0, 1, 1000, 1000.0009},
                 Case{0, 1, -1000.0009, -1000}, Case{10, 1e4, 2000, 2005}}) {
    const double a = (c.lo - c.mean) / c.sd, w = (c.hi - c.lo) / c.sd;
    double previous = c.lo;
    for (double u : {1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
      SCOPED_TRACE(testing::Message() << "[" << c.lo << ", " << c.hi << "] mean " << c.mean << " sd " << c.sd
                                      << " u " << u);
      const double x = quantile(normal(c.mean, c.sd), u, c.lo, c.hi);
      ASSERT_GE(x, previous);
      ASSERT_LE(x, c.hi);
      previous = x;
      EXPECT_NEAR(narrow_cdf(a, w, (x - c.lo) / (c.hi - c.lo)), u, 1e-9);
    }
  }
  // Far in the tail the mass sits at the near end: mean 0, sd 1 on [1e5, 1e5 + 5e-4] is
  // exponential with rate 1e5·5e-4 = 50 in the fraction of the range.
  // (x near 1e5 is a double to 1.5e-11: the fraction is checked to 1e-6.)
  const double x = quantile(normal(0, 1), 0.5, 1e5, 1e5 + 5e-4);
  EXPECT_NEAR((x - 1e5) / 5e-4, -std::log1p(-0.5 * -std::expm1(-50.0)) / 50, 1e-6);
  EXPECT_NEAR(quantile(normal(0, 1), 0.5, -1e5 - 5e-4, -1e5), -1e5 - 5e-4 * std::log(2.0) / 50, 1e-10);
}

TEST(distribution_test, normal_moments_truncated) {
  // A normal far inside its range: the untruncated moments.
  expect_moments(normal(0.5, 0.05), 0, 1, 0.5, 0.0025);
  // Truncated to [0, 1] with mean 0.2, sd 0.3, α = −2/3, β = 8/3, Z = Φ(β) − Φ(α):
  //   mean μ + σ(φ(α) − φ(β))/Z, variance σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
  const double mu = 0.2, sd = 0.3, a = (0 - mu) / sd, b = (1 - mu) / sd;
  auto phi = [](double z) { return std::exp(-z * z / 2) / std::sqrt(2 * kPi); };
  const double z = normal_cdf(b) - normal_cdf(a);
  const double mean = mu + sd * (phi(a) - phi(b)) / z;
  const double var = sd * sd * (1 + (a * phi(a) - b * phi(b)) / z - std::pow((phi(a) - phi(b)) / z, 2));
  EXPECT_NEAR(mean, 0.32426846019680991, 1e-12);  // mpmath, 40 digits
  EXPECT_NEAR(var, 0.045106506806035593, 1e-12);
  expect_moments(normal(mu, sd), 0, 1, mean, var);
}

TEST(distribution_test, beta_quantiles_stay_monotone_in_the_far_tails) {
  // Fuzz finding (docs/fuzzing.md): with a shape below 1 the lower tail's power law underflows
  // for u below about 1e-31, and the quantile there came out larger than at u = 1e-12.
  const double us[] = {0, 1e-320, 1e-300, 1e-200, 1e-100, 1e-40, 1e-31, 1e-30, 1e-17, 1e-12, 1e-6, 1e-3, 0.1, 0.5};
  for (auto [a, b] : {std::pair{0.1, 9.0}, std::pair{0.5, 0.5}, std::pair{0.05, 0.05}, std::pair{9.0, 0.1}}) {
    double last = -1;
    for (double u : us) {
      const double x = beta_quantile(u, a, b);
      EXPECT_GE(x, last) << "beta(" << a << ", " << b << ") at u = " << u;
      EXPECT_GE(x, 0);
      EXPECT_LE(x, 1);
      last = x;
    }
    last = 2;  // the upper tail, from u near 1 downwards
    for (double v : us) {
      const double x = beta_quantile(1 - v, a, b);
      EXPECT_LE(x, last) << "beta(" << a << ", " << b << ") at u = 1 - " << v;
      last = x;
    }
  }
  EXPECT_EQ(beta_quantile(1e-300, 0.1, 9), 0.0);
  EXPECT_GT(beta_quantile(1e-12, 0.1, 9), 0.0);
}

TEST(distribution_test, beta_quantiles) {
  // Beta(2, 5): median 0.26444998329565996 (mpmath, 40 digits).
  EXPECT_NEAR(quantile(beta(2, 5), 0.5, 0, 1), 0.26444998329566, 1e-9);
  EXPECT_NEAR(beta_quantile(0.5, 2, 5), 0.26444998329565996, 1e-13);
  // Beta(2.5, 7) at a few points (mpmath).
  EXPECT_NEAR(beta_quantile(0.3, 2.5, 7), 0.17680146270511069, 1e-13);
  EXPECT_NEAR(beta_quantile(0.9, 2.5, 7), 0.45172680176411579, 1e-13);
  EXPECT_NEAR(beta_quantile(1e-6, 2.5, 7), 0.00083471810949549095, 1e-13);
  // Beta(1/2, 1/2) is the arcsine law: Q(u) = sin²(πu/2).
  for (double u : {1e-9, 0.001, 0.1, 0.25, 0.5, 0.6, 0.9, 0.999, 1 - 1e-9}) {
    double s = std::sin(kPi * u / 2);
    EXPECT_NEAR(quantile(beta(0.5, 0.5), u, 0, 1), s * s, 1e-12) << u;
  }
  // Beta(a, 1): I(x) = x^a, Q(u) = u^(1/a); Beta(1, 1) is uniform.
  for (double u : {0.01, 0.3, 0.7, 0.99}) {
    EXPECT_NEAR(beta_quantile(u, 3, 1), std::cbrt(u), 1e-13) << u;
    EXPECT_NEAR(beta_quantile(u, 1, 1), u, 1e-13) << u;
    EXPECT_NEAR(beta_cdf(u, 3, 1), u * u * u, 1e-14) << u;
  }
  // Scaled to a support: min + (max − min)·Q.
  EXPECT_NEAR(quantile(beta(2, 5, 10, 20), 0.5, 0, 100), 12.6444998329566, 1e-8);
  // The quantile inverts the CDF, including skewed and large shapes: within 1e-12 of u, or
  // where the CDF is steep, within two ulps of x of the root.
  for (auto [a, b] : {std::pair{0.3, 0.7}, std::pair{5.0, 0.5}, std::pair{50.0, 80.0}, std::pair{400.0, 3.0}})
    for (double u : {1e-6, 0.05, 0.5, 0.95, 1 - 1e-6}) {
      SCOPED_TRACE(testing::Message() << "beta(" << a << ", " << b << ") at " << u);
      double x = beta_quantile(u, a, b);
      if (std::fabs(beta_cdf(x, a, b) - u) < 1e-12) continue;
      double below = std::nextafter(std::nextafter(x, 0.0), 0.0), above = std::nextafter(std::nextafter(x, 1.0), 1.0);
      EXPECT_LE(beta_cdf(below, a, b), u);
      EXPECT_GE(beta_cdf(above, a, b), u);
    }
  // ln Γ against known values.
  EXPECT_NEAR(ln_gamma(1), 0, 1e-14);
  EXPECT_NEAR(ln_gamma(2), 0, 1e-14);
  EXPECT_NEAR(ln_gamma(0.5), 0.5 * std::log(kPi), 1e-14);
  EXPECT_NEAR(ln_gamma(10), std::log(362880.0), 1e-12);
  EXPECT_NEAR(ln_gamma(1e-3), 6.9071788853838536, 1e-12);
}

// Shapes beyond kMaxBetaShape (the loader refuses them; programs may still build them): the
// normal approximation with the skewness term, in constant time. beta(1e300, 1) is 1 − Exp/1e300
// (1.0 to double precision) and beta(1e20, 1e20) is 0.5 ± 5e-11·z; the exact iteration used to
// return ~0 for the first, after seconds.
TEST(distribution_test, beta_quantiles_with_huge_shapes) {
  for (double u : {1e-12, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-9}) {
    SCOPED_TRACE(testing::Message() << "u = " << u);
    EXPECT_EQ(beta_quantile(u, 1e300, 1), 1.0);
    const double near_zero = beta_quantile(u, 1, 1e300);  // about −ln(1 − u)/1e300
    EXPECT_GE(near_zero, 0.0);
    EXPECT_LT(near_zero, 1e-290);
    const double z = normal_quantile(u), sd = 0.5 / std::sqrt(2e20 + 1);
    EXPECT_NEAR(beta_quantile(u, 1e20, 1e20), 0.5 + sd * z, 1e-15);
    EXPECT_NEAR(beta_quantile(u, 1e300, 1e300), 0.5, 1e-15);
    // Scaled to a support, as a sweep draws it.
    EXPECT_NEAR(quantile(beta(1e300, 1, 10, 90), u, 0, 100), 90, 1e-12);
  }
  // Just past the bound the approximation continues the exact quantile: beta(1e6 + 1, 1e6)
  // against the exact beta(1e6, 1e6), and beta(2e6, 10) against the exact beta(1e6, 10) with
  // 1 − x halved (a(1 − X) tends to a gamma variable as a grows), within a small part of σ.
  for (double u : {1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-6}) {
    SCOPED_TRACE(testing::Message() << "u = " << u);
    const double sd = 0.5 / std::sqrt(2e6 + 1);
    EXPECT_NEAR(beta_quantile(u, 1e6 + 1, 1e6), beta_quantile(u, 1e6, 1e6), 1e-3 * sd);
    const double exact_tail = (1 - beta_quantile(u, 1e6, 10)) / 2, sd_tail = std::sqrt(10.0) / 2e6;
    EXPECT_NEAR(1 - beta_quantile(u, 2e6, 10), exact_tail, 0.4 * sd_tail);
  }
  // Monotone in u.
  double prev = 0;
  for (int k = 1; k < 1000; ++k) {
    double x = beta_quantile(k / 1000.0, 3e6, 50);
    EXPECT_GE(x, prev);
    prev = x;
  }
}

TEST(distribution_test, beta_moments) {
  // mean α/(α + β), variance αβ/((α + β)²(α + β + 1)), scaled by the support.
  auto var = [](double a, double b) { return a * b / ((a + b) * (a + b) * (a + b + 1)); };
  expect_moments(beta(2, 5), 0, 1, 2.0 / 7, var(2, 5));
  expect_moments(beta(0.5, 0.5), 0, 1, 0.5, var(0.5, 0.5));
  expect_moments(beta(4, 6, 0.2, 0.6), 0, 1, 0.2 + 0.4 * 0.4, 0.16 * var(4, 6));
}

TEST(distribution_test, choice_quantiles_and_moments) {
  // Values 1, 2, 5 with weights 1, 2, 1: F = 1/4, 3/4, 1.
  Distribution d = choice({5, 1, 2}, {1, 1, 2});  // file order is not value order
  EXPECT_EQ(quantile(d, 0.1, 0, 10), 1);
  EXPECT_EQ(quantile(d, 0.25, 0, 10), 1);
  EXPECT_EQ(quantile(d, 0.26, 0, 10), 2);
  EXPECT_EQ(quantile(d, 0.75, 0, 10), 2);
  EXPECT_EQ(quantile(d, 0.76, 0, 10), 5);
  EXPECT_EQ(quantile(d, 1 - 1e-16, 0, 10), 5);
  // mean (5 + 1 + 4)/4 = 2.5, E[x²] = (25 + 1 + 8)/4 = 8.5, variance 8.5 − 6.25.
  expect_moments(d, 0, 10, 2.5, 2.25);
  // Without weights: equal weights.
  Distribution e = choice({0.3, 0.5});
  EXPECT_EQ(quantile(e, 0.49, 0, 1), 0.3);
  EXPECT_EQ(quantile(e, 0.51, 0, 1), 0.5);
  expect_moments(e, 0, 1, 0.4, 0.01);
}

TEST(distribution_test, quantiles_are_monotone_and_in_range) {
  const std::vector<std::pair<Distribution, std::pair<double, double>>> cases = {
      {uniform(0.25, 0.32), {0, 1}},           {triangular(-0.2, -0.1, 0), {-1, 1}},
      {triangular(0, 0, 1), {0, 1}},           {normal(0.45, 0.05), {0, 1}},
      {normal(0.9, 0.5), {0, 1}},              {normal(20, 10), {-kInf, kInf}},
      {beta(2, 5), {0, 1}},                    {beta(0.5, 0.5, 30, 50), {0, 100}},
      {choice({0, 0.05, 0.1}), {-1, 1}},       {choice({3, 1, 2, 1}, {1, 5, 1, 1}), {0, 100}}};
  for (const auto& [d, range] : cases) {
    SCOPED_TRACE(describe(d));
    double prev = -kInf;
    for (int i = 1; i < 1000; ++i) {
      double x = quantile(d, i / 1000.0, range.first, range.second);
      EXPECT_GE(x, prev);
      EXPECT_GE(x, range.first);
      EXPECT_LE(x, range.second);
      prev = x;
    }
  }
}

TEST(distribution_test, central_values) {
  EXPECT_DOUBLE_EQ(central(uniform(0.25, 0.32)), 0.285);
  EXPECT_EQ(central(triangular(0.4, 0.5, 0.67)), 0.5);
  EXPECT_EQ(central(normal(0.45, 0.05)), 0.45);  // the mean, not the truncated mean
  EXPECT_DOUBLE_EQ(central(beta(2, 5)), 2.0 / 7);
  EXPECT_DOUBLE_EQ(central(beta(4, 6, 0.2, 0.6)), 0.36);
  EXPECT_EQ(central(choice({40, 60, 80}, {1, 2, 1})), 60);   // the largest weight
  EXPECT_EQ(central(choice({0.5, 0.3}, {1, 1})), 0.5);       // the first on ties
  EXPECT_EQ(central(choice({0, 0.05, 0.1})), 0);             // equal weights: the first
  EXPECT_EQ(central(choice({1, 2, 3}, {1, 3, 3})), 2);
}

TEST(distribution_test, describe_and_support) {
  EXPECT_EQ(describe(uniform(0.25, 0.32)), "uniform(0.25, 0.32)");
  EXPECT_EQ(describe(triangular(0.4, 0.5, 0.67)), "triangular(0.4, 0.5, 0.67)");
  EXPECT_EQ(describe(normal(0.45, 0.05)), "normal(0.45, 0.05)");
  EXPECT_EQ(describe(beta(2, 5)), "beta(2, 5) on [0, 1]");
  EXPECT_EQ(describe(choice({0.3, 0.5})), "choice(0.3, 0.5)");
  EXPECT_EQ(describe(choice({40, 60, 80}, {1, 2, 1})), "choice(40, 60, 80; weights 1, 2, 1)");
  EXPECT_EQ(support(normal(0.45, 0.05), 0, 1), (std::pair{0.0, 1.0}));
  EXPECT_EQ(support(choice({3, 1, 2}), 0, 10), (std::pair{1.0, 3.0}));
  EXPECT_EQ(support(beta(2, 5, 0.1, 0.6), 0, 1), (std::pair{0.1, 0.6}));
  for (auto k : {Distribution::Kind::uniform, Distribution::Kind::triangular, Distribution::Kind::normal,
                 Distribution::Kind::beta, Distribution::Kind::choice})
    EXPECT_EQ(distribution_kind_from_string(to_string(k)), k);
  EXPECT_FALSE(distribution_kind_from_string("gamma"));
}

TEST(distribution_test, uniform01_is_deterministic) {
  // Fixed values (computed independently from the documented formula): the same on every
  // platform, thread and process.
  EXPECT_EQ(uniform01(0, 0, 0), 0.23688345348418893);
  EXPECT_EQ(uniform01(42, 0, 0), 0.8637535542647162);
  EXPECT_EQ(uniform01(42, 1, 0), 0.505474277244923);
  EXPECT_EQ(uniform01(42, 0, 1), 0.9537611121368849);
  EXPECT_EQ(uniform01(2019, 123456, 7), 0.043736651444450936);
  for (std::uint64_t i = 0; i < 1000; ++i) EXPECT_EQ(uniform01(kSeed, i, i % 7), uniform01(kSeed, i, i % 7));
}

TEST(distribution_test, uniform01_streams_differ) {
  // Different seeds, samples or parameters give different numbers.
  std::set<double> seen;
  int draws = 0;
  for (std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2}, kSeed})
    for (std::uint64_t sample = 0; sample < 100; ++sample)
      for (std::uint64_t param = 0; param < 20; ++param) {
        seen.insert(uniform01(seed, sample, param));
        ++draws;
      }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(draws));
  // Neighbouring streams are uncorrelated: E[u·v] = 1/4 for independent uniforms (sd of the
  // mean of u·v over n draws: √(7/144/n)).
  auto mean_product = [](auto u, auto v) {
    double sum = 0;
    for (int i = 0; i < kDraws; ++i) sum += u(i) * v(i);
    return sum / kDraws;
  };
  const double tol = 5 * std::sqrt(7.0 / 144 / kDraws);
  EXPECT_NEAR(mean_product([](int i) { return uniform01(kSeed, i, 0); }, [](int i) { return uniform01(kSeed, i, 1); }),
              0.25, tol);
  EXPECT_NEAR(mean_product([](int i) { return uniform01(kSeed, i, 0); }, [](int i) { return uniform01(kSeed, i + 1, 0); }),
              0.25, tol);
  EXPECT_NEAR(mean_product([](int i) { return uniform01(kSeed, 0, i); }, [](int i) { return uniform01(kSeed + 1, 0, i); }),
              0.25, tol);
}

TEST(distribution_test, stream_key_is_fnv1a_of_the_path) {
  // The published FNV-1a 64 test vectors, and UTF-8 bytes (not code points) for other scripts.
  EXPECT_EQ(stream_key(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stream_key("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(stream_key("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(stream_key("\xe7\xbe\x8e\xe5\x9c\x8b.capability"), 0x06d6470cdf1c76c0ULL);
  EXPECT_NE(stream_key("US.reservation"), stream_key("DPRK.reservation"));
  // Keys from neighbouring paths still give independent streams.
  const std::uint64_t a = stream_key("US.reservation"), b = stream_key("US.reservatioo");
  double sum = 0;
  for (std::uint64_t i = 0; i < kDraws; ++i) sum += uniform01(kSeed, i, a) * uniform01(kSeed, i, b);
  EXPECT_NEAR(sum / kDraws, 0.25, 5 * std::sqrt(7.0 / 144 / kDraws));
}

// Pearson's chi-square statistic of kDraws draws in 100 equal bins.
double chi_square(const std::function<double(int)>& draw) {
  std::vector<int> bins(100, 0);
  for (int i = 0; i < kDraws; ++i) {
    double u = draw(i);
    EXPECT_GT(u, 0);
    EXPECT_LT(u, 1);
    ++bins[static_cast<std::size_t>(u * 100)];
  }
  const double expected = kDraws / 100.0;
  double chi2 = 0;
  for (int b : bins) chi2 += (b - expected) * (b - expected) / expected;
  return chi2;
}

TEST(distribution_test, uniform01_is_roughly_uniform) {
  // 99 degrees of freedom: mean 99, sd 14; 200 is about 7 sd above the mean.
  EXPECT_LT(chi_square([](int i) { return uniform01(kSeed, static_cast<std::uint64_t>(i), 3); }), 200);
  EXPECT_LT(chi_square([](int i) { return uniform01(kSeed, 17, static_cast<std::uint64_t>(i)); }), 200);
  EXPECT_LT(chi_square([](int i) { return uniform01(static_cast<std::uint64_t>(i), 0, 0); }), 200);
  EXPECT_LT(chi_square([](int i) { return uniform01(kSeed, static_cast<std::uint64_t>(i), stream_key("US.reservation")); }),
            200);
  // Both ends are excluded, also in the extreme case.
  EXPECT_GT(0x1.0p-54, 0);
  EXPECT_LT(static_cast<double>((1ull << 53) - 1) * 0x1.0p-53, 1);
}

// load -> write -> load keeps every distribution and writes the same text.
TEST(distribution_test, loader_round_trip_keeps_distributions) {
  Scenario a = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/15-distributions.yaml");
  std::string yaml = scenario_to_yaml(a);
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  auto pa = list_params(a), pb = list_params(b);
  ASSERT_EQ(pa.size(), pb.size());
  int with_dist = 0;
  for (std::size_t i = 0; i < pa.size(); ++i) {
    SCOPED_TRACE(pa[i].path);
    EXPECT_EQ(pa[i].path, pb[i].path);
    EXPECT_EQ(pa[i].param->value, pb[i].param->value);
    EXPECT_EQ(pa[i].param->lo, pb[i].param->lo);
    EXPECT_EQ(pa[i].param->hi, pb[i].param->hi);
    EXPECT_EQ(pa[i].param->evidence.size(), pb[i].param->evidence.size());
    ASSERT_EQ(pa[i].param->dist.has_value(), pb[i].param->dist.has_value());
    if (!pa[i].param->dist) continue;
    ++with_dist;
    const Distribution &da = *pa[i].param->dist, &db = *pb[i].param->dist;
    EXPECT_EQ(da.kind, db.kind);
    EXPECT_EQ(da.min, db.min);
    EXPECT_EQ(da.max, db.max);
    EXPECT_EQ(da.mode, db.mode);
    EXPECT_EQ(da.mean, db.mean);
    EXPECT_EQ(da.sd, db.sd);
    EXPECT_EQ(da.alpha, db.alpha);
    EXPECT_EQ(da.beta, db.beta);
    EXPECT_EQ(da.values, db.values);
    EXPECT_EQ(da.weights, db.weights);
    EXPECT_EQ(describe(da), describe(db));
  }
  EXPECT_EQ(with_dist, 23);
}

}  // namespace
}  // namespace parley
