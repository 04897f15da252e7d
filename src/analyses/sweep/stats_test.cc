// Sweep statistics: the Wilson interval against published values and an independent solution of
// its defining quadratic, its symmetry and edge cases; the Sobol estimators on a hand-worked
// example, the Ishigami function and a linear model against analytic indices, exact merging of
// 0/1 outputs, and constant output.
#include "analyses/sweep/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

namespace parley {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kZ95 = 1.959963984540054;

// ---------------------------------------------------------------------------------------------
// Wilson interval

// The Wilson limits as the two roots in p of its defining equation (p̂ − p)² = z² p (1 − p)/n,
// i.e. (1 + z²/n) p² − (2p̂ + z²/n) p + p̂² = 0: a derivation independent of the closed form
// in stats.cc.
Interval wilson_by_quadratic(double x, double n, double z) {
  const double ph = x / n, t = z * z / n;
  const double a = 1 + t, b = -(2 * ph + t), c = ph * ph;
  const double root = std::sqrt(b * b - 4 * a * c);
  return {(-b - root) / (2 * a), (-b + root) / (2 * a)};
}

TEST(WilsonInterval, MatchesNewcombe1998Examples) {
  // Newcombe (1998), Stat. Med. 17:857, worked examples for the score method; each published
  // value is also what the quadratic above gives when rounded to 4 decimals.
  struct Case {
    std::uint64_t x, n;
    double low, high;
  };
  const Case cases[] = {
      {81, 263, 0.2553, 0.3662},
      {15, 148, 0.0624, 0.1605},
      {0, 20, 0.0, 0.1611},
      {1, 29, 0.0061, 0.1718},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.x << "/" << c.n);
    const Interval w = wilson_interval(c.x, c.n);
    const Interval q = wilson_by_quadratic(static_cast<double>(c.x), static_cast<double>(c.n), kZ95);
    EXPECT_NEAR(w.low, c.low, 5e-5);
    EXPECT_NEAR(w.high, c.high, 5e-5);
    EXPECT_NEAR(q.low, c.low, 5e-5);
    EXPECT_NEAR(q.high, c.high, 5e-5);
  }
}

TEST(WilsonInterval, AgreesWithQuadraticSolution) {
  for (std::uint64_t n : {1u, 2u, 7u, 30u, 263u, 10000u}) {
    for (std::uint64_t x = 0; x <= n; x += (n > 40 ? n / 37 + 1 : 1)) {
      for (double z : {1.0, kZ95, 2.575829303549}) {
        const Interval w = wilson_interval(x, n, z);
        const Interval q = wilson_by_quadratic(static_cast<double>(x), static_cast<double>(n), z);
        EXPECT_NEAR(w.low, q.low, 1e-12) << x << "/" << n << " z=" << z;
        EXPECT_NEAR(w.high, q.high, 1e-12) << x << "/" << n << " z=" << z;
      }
    }
  }
}

TEST(WilsonInterval, MirrorsUnderComplement) {
  for (std::uint64_t n : {1u, 5u, 20u, 148u, 1001u}) {
    for (std::uint64_t x = 0; x <= n; ++x) {
      const Interval w = wilson_interval(x, n);
      const Interval m = wilson_interval(n - x, n);
      EXPECT_NEAR(w.low, 1 - m.high, 1e-12) << x << "/" << n;
      EXPECT_NEAR(w.high, 1 - m.low, 1e-12) << x << "/" << n;
    }
  }
}

TEST(WilsonInterval, ContainsTheProportionWithinUnitRange) {
  for (std::uint64_t n : {1u, 3u, 50u, 999u, 1000000u}) {
    for (std::uint64_t x = 0; x <= n; x += (n > 1000 ? n / 101 : 1)) {
      const Interval w = wilson_interval(x, n);
      const double p = static_cast<double>(x) / static_cast<double>(n);
      EXPECT_LE(0.0, w.low);
      EXPECT_LE(w.low, p);
      EXPECT_LE(p, w.high);
      EXPECT_LE(w.high, 1.0);
      EXPECT_LT(w.low, w.high);
    }
  }
}

TEST(WilsonInterval, EdgeCases) {
  EXPECT_EQ(wilson_interval(0, 0).low, 0.0);
  EXPECT_EQ(wilson_interval(0, 0).high, 1.0);
  for (std::uint64_t n : {1u, 10u, 1000u, 123456789u}) {
    EXPECT_EQ(wilson_interval(0, n).low, 0.0) << n;  // exactly, not −1e-17
    EXPECT_EQ(wilson_interval(n, n).high, 1.0) << n;
    EXPECT_GT(wilson_interval(0, n).high, 0.0) << n;
    EXPECT_LT(wilson_interval(n, n).low, 1.0) << n;
  }
  // More successes than trials count as n.
  EXPECT_EQ(wilson_interval(12, 10).low, wilson_interval(10, 10).low);
  EXPECT_EQ(wilson_interval(12, 10).high, 1.0);
  // Wider for larger z, narrower for larger n.
  EXPECT_LT(wilson_interval(30, 100, 3).low, wilson_interval(30, 100).low);
  EXPECT_GT(wilson_interval(300, 1000).low, wilson_interval(30, 100).low);
}

// ---------------------------------------------------------------------------------------------
// Sobol indices

// A uniform number in (0, 1) from the top 53 bits of a 64-bit draw (portable, unlike
// std::uniform_real_distribution, whose algorithm the standard leaves open).
double unit(std::mt19937_64& g) { return (static_cast<double>(g() >> 11) + 0.5) * 0x1p-53; }

// Runs the pick-freeze design for a model of k inputs with N rows: per row, rows a and b of the
// matrices A and B are drawn by `draw` (k values each), and f is evaluated at a, at b and, for
// each i, at a with coordinate i taken from b. Each row goes to accumulator sink(j).
void run_design(std::size_t k, std::uint64_t rows, std::uint64_t seed,
                const std::function<double(std::mt19937_64&)>& draw,
                const std::function<double(const std::vector<double>&)>& f,
                const std::function<SobolSums&(std::uint64_t)>& sink) {
  std::mt19937_64 g(seed);
  std::vector<double> a(k), b(k), ab(k), fab(k);
  for (std::uint64_t j = 0; j < rows; ++j) {
    for (double& v : a) v = draw(g);
    for (double& v : b) v = draw(g);
    for (std::size_t i = 0; i < k; ++i) {
      ab = a;
      ab[i] = b[i];
      fab[i] = f(ab);
    }
    sink(j).add(f(a), f(b), fab.data());
  }
}

TEST(SobolIndices, HandWorkedExample) {
  // Rows (fA, fB, fAB): (1, 3, 2), (2, 0, 4). The four values 1, 3, 2, 0 have mean 1.5 and
  // population variance 14/4 − 1.5² = 1.25. Σ fB (fAB − fA) = 3·1 + 0·2 = 3, so S = 3/2/1.25 =
  // 1.2; Σ (fA − fAB)² = 1 + 4 = 5, so ST = 5/4/1.25 = 1.
  SobolSums s(1);
  const double r1[] = {2}, r2[] = {4};
  s.add(1, 3, r1);
  s.add(2, 0, r2);
  const SobolIndices x = sobol_indices(s);
  EXPECT_EQ(x.n, 2u);
  EXPECT_DOUBLE_EQ(x.variance, 1.25);
  EXPECT_DOUBLE_EQ(x.first[0], 1.2);
  EXPECT_DOUBLE_EQ(x.total[0], 1.0);
}

// The Ishigami function (Ishigami & Homma 1990) on [−π, π]³ with a = 7, b = 0.1:
//   f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1 = sin x1 (1 + b x3⁴) + a sin² x2.
// With x uniform on [−π, π]: E sin x = 0, E sin² x = 1/2, E sin⁴ x = 3/8, E x⁴ = π⁴/5,
// E x⁸ = π⁸/9. Hence
//   V1  = Var E[f | x1] = Var(sin x1 (1 + bπ⁴/5)) = (1 + bπ⁴/5)²/2,
//   V2  = Var(a sin² x2) = a² (3/8 − 1/4) = a²/8,
//   V3  = Var E[f | x3] = 0 (E sin x1 = 0),
//   V13 = Var E[f | x1, x3] − V1 = E(1 + b x3⁴)²/2 − V1 = b²π⁸ (1/9 − 1/25)/2 = b²π⁸(1/18 − 1/50),
//   V   = V1 + V2 + V13 = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 (no other interaction terms),
// and S = (V1, V2, 0)/V ≈ (0.3139, 0.4424, 0), ST = (V1 + V13, V2, V13)/V ≈ (0.5576, 0.4424,
// 0.2437), V ≈ 13.8446.
TEST(SobolIndices, IshigamiMatchesAnalyticIndices) {
  constexpr double a = 7, b = 0.1;
  const double pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2), v2 = a * a / 8;
  const double v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  ASSERT_NEAR(v1 + v2 + v13, v, 1e-12);
  const double s_exact[] = {v1 / v, v2 / v, 0};
  const double st_exact[] = {(v1 + v13) / v, v2 / v, v13 / v};

  const auto ishigami = [&](const std::vector<double>& x) {
    const double s1 = std::sin(x[0]), s2 = std::sin(x[1]);
    return s1 + a * s2 * s2 + b * std::pow(x[2], 4) * s1;
  };
  const auto draw = [](std::mt19937_64& g) { return -kPi + 2 * kPi * unit(g); };
  SobolSums sums(3);
  run_design(3, 1u << 16, 20100501, draw, ishigami,
             [&](std::uint64_t) -> SobolSums& { return sums; });
  const SobolIndices x = sobol_indices(sums);

  // Tolerance: over 200 other seeds at N = 2^16 the estimators' standard deviations were
  // 0.0053 (S1), 0.0049 (S2), 0.0047 (S3), 0.0052 (ST1), 0.0026 (ST2) and 0.0017 (ST3), the
  // largest deviation from the mean 0.016, so 0.03 is more than five standard deviations; a
  // wrong estimator (a missing factor 2, fA in place of fB) misses by far more.
  constexpr double kTol = 0.03;
  EXPECT_EQ(x.n, 1u << 16);
  EXPECT_NEAR(x.variance, v, 0.02 * v);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(x.first[i], s_exact[i], kTol) << "S" << i + 1;
    EXPECT_NEAR(x.total[i], st_exact[i], kTol) << "ST" << i + 1;
  }
}

TEST(SobolIndices, LinearModel) {
  // f = x1 + 2 x2, x uniform on [0, 1]²: Var = 1/12 + 4/12, so S = ST = (0.2, 0.8). The
  // first-order estimator is noisy when the output's mean (1.5) is large against its standard
  // deviation (0.65): over 200 other seeds at N = 2^18 its standard deviations were 0.0031 (S1)
  // and 0.0062 (S2) (0.0136 and 0.0253 at N = 2^14), the total-effect ones 0.0005 and 0.0018,
  // so 0.03 is about five standard deviations or more.
  const auto f = [](const std::vector<double>& x) { return x[0] + 2 * x[1]; };
  SobolSums sums(2);
  run_design(2, 1u << 18, 7, unit, f, [&](std::uint64_t) -> SobolSums& { return sums; });
  const SobolIndices x = sobol_indices(sums);
  EXPECT_NEAR(x.variance, 5.0 / 12, 0.02);
  EXPECT_NEAR(x.first[0], 0.2, 0.03);
  EXPECT_NEAR(x.first[1], 0.8, 0.03);
  EXPECT_NEAR(x.total[0], 0.2, 0.03);
  EXPECT_NEAR(x.total[1], 0.8, 0.03);
}

void expect_same_sums(const SobolSums& p, const SobolSums& q) {
  EXPECT_EQ(p.n, q.n);
  EXPECT_EQ(p.sum_a, q.sum_a);
  EXPECT_EQ(p.sum_b, q.sum_b);
  EXPECT_EQ(p.sum_sq_a, q.sum_sq_a);
  EXPECT_EQ(p.sum_sq_b, q.sum_sq_b);
  EXPECT_EQ(p.sum_first, q.sum_first);  // element-wise ==: bit-identical (no NaN here)
  EXPECT_EQ(p.sum_total, q.sum_total);
}

TEST(SobolIndices, MergingIndicatorSumsIsExact) {
  // A 0/1 output: does x1 + x2·x3 exceed 0.6? Rows split unevenly over three accumulators (as
  // three threads might take them), merged in two orders, against a single accumulator.
  const auto f = [](const std::vector<double>& x) { return x[0] + x[1] * x[2] > 0.6 ? 1.0 : 0.0; };
  constexpr std::uint64_t kRows = 10007;
  SobolSums whole(3);
  run_design(3, kRows, 99, unit, f, [&](std::uint64_t) -> SobolSums& { return whole; });
  std::vector<SobolSums> parts(3, SobolSums(3));
  run_design(3, kRows, 99, unit, f, [&](std::uint64_t j) -> SobolSums& {
    return parts[j < 1234 ? 0 : (j % 3 == 0 ? 1 : 2)];
  });
  SobolSums forward(3), backward(3);
  for (const SobolSums& p : parts) forward.merge(p);
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) backward.merge(*it);
  expect_same_sums(forward, whole);
  expect_same_sums(backward, whole);
  SobolSums two = parts[2];  // merging into a non-empty accumulator
  two.merge(parts[0]);
  two.merge(parts[1]);
  expect_same_sums(two, whole);

  const SobolIndices x = sobol_indices(whole), y = sobol_indices(forward);
  EXPECT_EQ(x.variance, y.variance);
  EXPECT_EQ(x.first, y.first);
  EXPECT_EQ(x.total, y.total);
  EXPECT_GT(x.variance, 0);
  EXPECT_GT(x.first[0], x.first[1]);  // x1 matters most
}

TEST(SobolIndices, MergeRejectsDifferentInputCounts) {
  SobolSums two(2);
  EXPECT_THROW(two.merge(SobolSums(3)), std::invalid_argument);
}

TEST(SobolIndices, ConstantOutputGivesZeros) {
  for (double c : {0.0, 1.0, 0.1, -3.7}) {
    SobolSums sums(3);
    run_design(3, 1000, 5, unit, [c](const std::vector<double>&) { return c; },
               [&](std::uint64_t) -> SobolSums& { return sums; });
    const SobolIndices x = sobol_indices(sums);
    EXPECT_EQ(x.n, 1000u);
    // Exactly 0 for 0 and 1; otherwise Σf²/2N − mean² may leave rounding noise, but the
    // indices' numerators, built from fAB − fA = 0, are exactly 0 all the same.
    EXPECT_NEAR(x.variance, 0.0, 1e-12) << c;
    if (c == 0 || c == 1) {
      EXPECT_EQ(x.variance, 0.0);
    }
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(x.first[i], 0.0) << c;
      EXPECT_EQ(x.total[i], 0.0) << c;
    }
  }
}

TEST(SobolIndices, NoRowsGivesZeros) {
  const SobolIndices x = sobol_indices(SobolSums(2));
  EXPECT_EQ(x.n, 0u);
  EXPECT_EQ(x.variance, 0.0);
  EXPECT_EQ(x.first, std::vector<double>(2, 0.0));
  EXPECT_EQ(x.total, std::vector<double>(2, 0.0));
}

TEST(ChiSquare, SurvivalMatchesTables) {
  // 95% and 99.9% points of the chi-square distribution (standard tables); the reference values
  // are 1 − P(k/2, x/2) from the power series of the regularized lower incomplete gamma function,
  // a route independent of the closed forms under test.
  struct Case {
    double x;
    int df;
    double sf;
  };
  for (const Case& c : {Case{3.841459, 1, 0.04999999465319571}, Case{5.991465, 2, 0.049999988677700946},
                        Case{7.814728, 3, 0.049999997831966514}, Case{18.307038, 10, 0.05000000082473288},
                        Case{30.143527, 19, 0.050000002536811805}, Case{43.820196, 19, 0.0009999999887162492},
                        Case{5.0, 19, 0.9994309626474822}, Case{1.0, 4, 0.9097959895689501}})
    EXPECT_NEAR(chi_square_sf(c.x, c.df), c.sf, 1e-12) << c.x << " df " << c.df;
  EXPECT_EQ(chi_square_sf(0, 5), 1.0);
  EXPECT_EQ(chi_square_sf(3, 0), 1.0);
  EXPECT_EQ(chi_square_sf(1e6, 19), 0.0);  // far in the tail: underflows to 0, never NaN
  for (int df = 1; df <= 25; ++df)         // decreasing in x
    for (double x = 0.5; x < 60; x += 0.5) EXPECT_LE(chi_square_sf(x + 0.5, df), chi_square_sf(x, df));
}

TEST(BinnedEffect, IsPearsonsChiSquareOfTheTable) {
  // Random 2 × B tables: X² from the definition Σ (observed − expected)² / expected over the
  // 2B cells, against N·η².
  std::mt19937_64 rng(2024);
  for (int t = 0; t < 200; ++t) {
    const std::size_t B = 2 + rng() % 20;
    std::vector<std::uint64_t> n(B), d(B);
    for (std::size_t b = 0; b < B; ++b) {
      n[b] = rng() % 50;
      d[b] = n[b] ? rng() % (n[b] + 1) : 0;
    }
    double N = 0, D = 0;
    int filled = 0;
    for (std::size_t b = 0; b < B; ++b) {
      N += static_cast<double>(n[b]);
      D += static_cast<double>(d[b]);
      filled += n[b] > 0;
    }
    const BinnedEffect e = binned_effect(n, d);
    EXPECT_EQ(e.df, std::max(0, filled - 1));
    if (D == 0 || D == N) {
      EXPECT_EQ(e.explained, 0.0);
      EXPECT_EQ(e.p_value, 1.0);
      continue;
    }
    double x2 = 0;
    for (std::size_t b = 0; b < B; ++b) {
      if (n[b] == 0) continue;
      const double yes = static_cast<double>(n[b]) * D / N, no = static_cast<double>(n[b]) * (N - D) / N;
      x2 += (static_cast<double>(d[b]) - yes) * (static_cast<double>(d[b]) - yes) / yes;
      x2 += (static_cast<double>(n[b] - d[b]) - no) * (static_cast<double>(n[b] - d[b]) - no) / no;
    }
    EXPECT_NEAR(e.chi_square, x2, 1e-9 * std::max(1.0, x2));
    EXPECT_NEAR(e.explained, x2 / N, 1e-12);
    EXPECT_EQ(e.p_value, chi_square_sf(e.chi_square, e.df));
  }
}

TEST(BinnedEffect, SeesATailAndNothingWhereThereIsNothing) {
  // Output 0 exactly in the bottom bin of 20: the bin explains all the variance.
  std::vector<std::uint64_t> n(20, 100), d(20, 100);
  d[0] = 0;
  BinnedEffect tail = binned_effect(n, d);
  EXPECT_NEAR(tail.explained, 1.0, 1e-12);
  EXPECT_EQ(tail.df, 19);
  EXPECT_LT(tail.p_value, 1e-100);
  // Half the bottom bin: p = 1950/2000; η² = (100·0.475² + 1900·0.025²) / (2000·0.975·0.025).
  d[0] = 50;
  EXPECT_NEAR(binned_effect(n, d).explained, (100 * 0.475 * 0.475 + 1900 * 0.025 * 0.025) / (2000 * 0.975 * 0.025),
              1e-12);
  // The same share in every bin: nothing explained.
  std::vector<std::uint64_t> flat(20, 30);
  BinnedEffect none = binned_effect(n, flat);
  EXPECT_EQ(none.explained, 0.0);
  EXPECT_EQ(none.p_value, 1.0);
  // Empty bins do not count as degrees of freedom.
  EXPECT_EQ(binned_effect({0, 10, 0, 10}, {0, 0, 0, 10}).df, 1);
  EXPECT_NEAR(binned_effect({0, 10, 0, 10}, {0, 0, 0, 10}).explained, 1.0, 1e-12);
  EXPECT_EQ(binned_effect({}, {}).df, 0);
  EXPECT_THROW(binned_effect({1, 2}, {1}), std::invalid_argument);
}

}  // namespace
}  // namespace parley
