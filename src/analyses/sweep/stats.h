// Statistics a Monte Carlo sweep reports: the Wilson score interval of a proportion, and
// first-order and total-effect Sobol indices from streaming, exactly mergeable sums.
//
// Wilson interval (Wilson 1927, JASA 22:209; recommended over the Wald interval by Newcombe 1998,
// Stat. Med. 17:857, and Brown, Cai & DasGupta 2001, Stat. Sci. 16:101). With p = x/n:
//   centre = (p + z²/(2n)) / (1 + z²/n),  half = z/(1 + z²/n) · √(p(1 − p)/n + z²/(4n²)),
//   [centre − half, centre + half] clamped to [0, 1]; low = 0 exactly when x = 0 and high = 1
//   exactly when x = n; n = 0 gives [0, 1].
//
// Sobol indices by the pick-freeze scheme: two independent N-row sample matrices A and B and, per
// studied input i, A_B^(i) = A with column i taken from B. Per row j the caller evaluates
// fA = f(A)_j, fB = f(B)_j and fAB[i] = f(A_B^(i))_j. With V the population variance of the 2N
// values fA and fB (divided by 2N):
//   first order   S_i  = (1/N)  Σ_j fB (fAB[i] − fA) / V   (Saltelli et al. 2010, Comput. Phys.
//                                                          Commun. 181:259, Table 2)
//   total effect  ST_i = (1/2N) Σ_j (fA − fAB[i])² / V     (Jansen 1999; in the same table)
// When V = 0 (constant output, or no rows) every index is 0.
//
// Binned effect of an input on a 0/1 output (a sweep's drivers): the samples are split into
// bins by the input's value (equal-probability bins of its draw), bin b holding n_b samples of
// which d_b have output 1; N = Σ n_b, D = Σ d_b, p = D/N, p_b = d_b/n_b. Then
//   explained  η² = Σ_b n_b (p_b − p)² / (N p (1 − p))   the correlation ratio (Pearson 1903):
//              the share of the output's variance explained by the bin, a binned estimate of
//              the input's first-order Sobol index that sees the whole range of the input,
//              tails included; 0 when p is 0 or 1
//   chi_square X² = N η², Pearson's statistic of the 2 × B table (bin × output), with
//              df = (bins with samples) − 1, and p_value = P(χ²_df ≥ X²), the chance of an η² at
//              least this large if the output did not depend on the input (1 when df = 0).
// Under independence E[η²] = df/(N − 1), the floor of noise a bin estimate never goes below.
// P(χ²_k ≥ x) in closed form for integer k (Abramowitz & Stegun 26.4.4 and 26.4.5): with y = x/2,
//   k even  e^−y Σ_{j<k/2} y^j / j!
//   k odd   erfc(√y) + e^−y Σ_{j=1}^{(k−1)/2} y^(j−1/2) / Γ(j + 1/2).
//
// The accumulator keeps plain sums, so partial accumulators from any threads or processes merge
// by addition. When the outputs are 0/1 indicators (or small integers) every term and every sum is
// an integer below 2^53, represented exactly in a double, so merging in any order gives
// bit-identical sums: the engine relies on this for byte-identical results across threads and
// processes. V is formed as Σf²/2N − mean², which loses relative precision when |mean| ≫ √V
// (about ε·mean²/V); fine for the indicator and bounded outputs a sweep studies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace parley {

struct Interval {
  double low, high;
};

// The Wilson score interval (above) of `successes` out of `n` (successes > n is treated as n);
// z = 1.959963984540054 is the two-sided 95% normal quantile.
Interval wilson_interval(std::uint64_t successes, std::uint64_t n, double z = 1.959963984540054);

// Streaming sums for the Sobol estimators (above), for k studied inputs.
struct SobolSums {
  std::uint64_t n = 0;                // rows added
  double sum_a = 0, sum_b = 0;        // Σ fA, Σ fB
  double sum_sq_a = 0, sum_sq_b = 0;  // Σ fA², Σ fB²
  std::vector<double> sum_first;      // per input: Σ fB (fAB[i] − fA)
  std::vector<double> sum_total;      // per input: Σ (fA − fAB[i])²

  explicit SobolSums(std::size_t k = 0);
  // One row: fa = f(A)_j, fb = f(B)_j, fab = the k values f(A_B^(i))_j.
  void add(double fa, double fb, const double* fab);
  // Adds other's sums to these; throws std::invalid_argument when the input counts differ.
  void merge(const SobolSums& other);
};

struct SobolIndices {
  std::vector<double> first, total;  // S_i and ST_i per input; all 0 when variance == 0
  double variance;                   // V
  std::uint64_t n;                   // N, the rows behind the estimates
};

SobolIndices sobol_indices(const SobolSums& sums);

// P(χ²_df ≥ x) (above), for integer df >= 1; 1 when x <= 0 or df < 1.
double chi_square_sf(double x, int df);

struct BinnedEffect {
  double explained = 0;   // η²
  double chi_square = 0;  // X² = N η²
  int df = 0;             // bins with samples − 1
  double p_value = 1;     // P(χ²_df ≥ X²)
};

// The binned effect (above) of bins with n[b] samples of which d[b] have output 1 (d[b] <= n[b];
// n and d of the same size).
BinnedEffect binned_effect(const std::vector<std::uint64_t>& n, const std::vector<std::uint64_t>& d);

}  // namespace parley
