// Uncertain numbers (docs/scenario-format.md, "Uncertain numbers: distributions"): a
// parameter's Distribution (scenario.h) sampled by its inverse CDF, its central value, and the
// counter-based uniform numbers a Monte Carlo sweep draws, one per (sample, parameter), so that
// a sample's values do not depend on which thread or process computes it.
//
// Inverse CDFs Q(u), u in (0, 1), of a parameter with range [lo, hi]:
//
//   kind        Q(u)                                                     central value
//   uniform     min + u·(max − min)                                      (min + max)/2
//   triangular  a + √(u·(b − a)·(c − a))          when u < (c − a)/(b − a)   the mode c
//               b − √((1 − u)·(b − a)·(b − c))    otherwise
//               (a = min, b = max, c = mode)
//   normal      μ + σ·Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))),  α = (lo − μ)/σ,       the mean μ
//               β = (hi − μ)/σ: the normal truncated to [lo, hi]          (not the truncated mean)
//   beta        min + (max − min)·I⁻¹(u; α, β), I the regularized          min + (max − min)·α/(α + β)
//               incomplete beta function
//   choice      the values sorted ascending (ties keep file order) with     the value with the largest
//               cumulative weights C_k of total W: the first v_k with      weight (the first on ties)
//               u·W <= C_k (the discrete inverse CDF)
//
// Q is non-decreasing in u, so Q(0.1) and Q(0.9) are the 10th and 90th percentiles. Results are
// clamped to [lo, hi] against rounding.
//
// Sources: Φ(x) = erfc(−x/√2)/2 (C++ std::erfc). Φ⁻¹: P. J. Acklam's rational approximation
// ("An algorithm for computing the inverse normal cumulative distribution function", relative
// error below 1.15e-9), refined by two Halley steps on Φ, which bring it to about 1e-15.
// I(x; a, b): the continued fraction of DLMF 8.17.22 (Olver et al., NIST Digital Library of
// Mathematical Functions), evaluated by the modified Lentz method (Thompson & Barnett 1986,
// J. Comput. Phys. 64:490), on x < (a + 1)/(a + b + 2) and through I(x; a, b) = 1 − I(1 − x; b, a)
// above, as in Press et al., Numerical Recipes (3rd ed., §6.4); ln B(a, b) from the Lanczos
// approximation of ln Γ (g = 7, 9 terms; Lanczos 1964, SIAM J. Numer. Anal. B 1:86). I⁻¹ by
// Halley's method safeguarded by bisection, to about an ulp of x (far below 1e-12), from the
// normal approximation of Abramowitz & Stegun 26.5.22 (or the tails' power laws when a or b
// < 1); about 1 µs per beta quantile against 0.1 µs for the others, worth caching in a sweep.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "scenario/scenario.h"

namespace parley {

// The largest beta shape (alpha or beta) a scenario may give (the loader refuses larger ones).
// Up to it, I⁻¹ is computed as above: about 1 µs for small shapes, rising with them as the
// continued fraction needs more terms (measured: beta(1e3, 1e3) 6 µs, beta(1e6, 1e3) 17 µs,
// beta(1e6, 1e6) 56 µs, the slowest of the shapes tried); beyond it (programs building a
// Distribution themselves), beta_quantile switches to the normal approximation with the
// Cornish–Fisher skewness term, x = μ + σ(z + γ(z² − 1)/6), z = Φ⁻¹(u), μ, σ, γ the beta's
// mean, standard deviation and skewness, clamped to [0, 1]: constant time for any shape
// (the continued fraction needs about √max(α, β) terms and ln B loses its digits to
// cancellation there, which made one quantile of beta(1e300, 1) take seconds and come out wrong).
// Its error against the exact quantile, largest over u in [1e-6, 1 − 1e-6], in units of the
// beta's σ: beta(1e6, 1e6) 1.2e-5σ, beta(1e6, 1e3) 0.002σ, beta(1e6, 10) 0.28σ, beta(1e6, 1)
// 3.4σ, beta(1e6, 0.5) 6.1σ (σ = 1e-6 and 7e-7 of the support for the last two): worst in the
// tail of the skewed shapes, and shrinking with σ as the larger shape grows.
inline constexpr double kMaxBetaShape = 1e6;

// "uniform", "triangular", "normal", "beta", "choice".
const char* to_string(Distribution::Kind k);
std::optional<Distribution::Kind> distribution_kind_from_string(std::string_view s);

// The inverse CDF at u in (0, 1) (table above) of a parameter with range [lo, hi] (infinite
// ends allowed); u outside (0, 1) is moved just inside it.
double quantile(const Distribution& d, double u, double lo, double hi);

// The central value (table above): what every command that does not sample uses when the file
// gives no `value`.
double central(const Distribution& d);

// The smallest and largest values the distribution can take for a parameter with range
// [lo, hi]: [min, max] for uniform, triangular and beta, [lo, hi] for normal, the smallest and
// largest value for choice.
std::pair<double, double> support(const Distribution& d, double lo, double hi);

// Compact text for tables: "uniform(0.25, 0.32)", "triangular(0.2, 0.3, 0.4)" (min, mode, max),
// "normal(0.5, 0.1)" (mean, sd), "beta(2, 5) on [0, 1]", "choice(0.2, 0.4)" or with weights
// "choice(0.2, 0.4; weights 1, 3)". Numbers in their shortest exact form.
std::string describe(const Distribution& d);

// A uniform number in (0, 1), exclusive at both ends, for draw (sample, param) of a sweep with
// seed `seed`: a hash of the three counters, so any draw can be computed on its own, in any
// order, on any thread or machine (a counter-based generator in the sense of Salmon et al.,
// "Parallel random numbers: as easy as 1, 2, 3", SC 2011). With m(z) the output function of
// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
// 2014; the generator of scenario/synthetic.h) and γ = 0x9e3779b97f4a7c15:
//   h1 = m(seed + γ)                                  (SplitMix64's first output for `seed`)
//   h2 = m(h1 ⊕ (sample + 1)·γ)
//   h3 = m(h2 ⊕ (param + 1)·0xd1b54a32d192ed03)
//   k  = the top 53 bits of h3;  u = k·2⁻⁵³, or 2⁻⁵⁴ when k = 0.
// m is a bijection of 64-bit words, so for one seed, different samples give different h2 and,
// for one (seed, sample), different params give different h3.
double uniform01(std::uint64_t seed, std::uint64_t sample, std::uint64_t param);

// The `param` counter a sweep gives a parameter: a fixed hash of its path (scenario/params.h),
// FNV-1a 64 of the path's UTF-8 bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3;
// Fowler, Noll & Vo), so a parameter's draws depend on its name only, not on where the file
// lists it: reordering actors, issues or parameters leaves every sample unchanged. Different
// paths collide with probability about 2⁻⁶⁴ per pair.
std::uint64_t stream_key(std::string_view path);

// Building blocks, exposed for tests and for analyses that need them.
double normal_cdf(double x);            // Φ(x)
double normal_quantile(double p);       // Φ⁻¹(p); −inf at p <= 0, +inf at p >= 1
double ln_gamma(double x);              // ln Γ(x), x > 0
double beta_cdf(double x, double a, double b);       // I(x; a, b), the regularized incomplete beta
double beta_quantile(double u, double a, double b);  // I⁻¹(u; a, b) in [0, 1]

}  // namespace parley
