// Bueno de Mesquita's expected-utility model, Scholz-Calbert-Smith reconstruction (eum.h).
#include "analyses/forecast/eum/eum.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>
#include <string>

#include "core/error.h"

namespace parley {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kToleranceCap = 10000;  // stop_rule 1: safety cap on the number of rounds

enum Offer { kNone = 0, kConflict = 1, kCompromise = 2, kCapitulation = 3 };

struct Params {
  int median_rule = 2, range_rule = 0, vote_risk = 0, p_numerator = 0, p_denominator = 0, b_perceiver = 1;
  int choice_rule = 0, capitulation = 1, t_rule = 0, risk = 1, stop_rule = 2, rounds = 100, stable_rounds = 2;
  int outcome = 0;
  double Q = 1, T = 1, tolerance = 0.005;
};

std::vector<ModelParamSpec> param_specs() {
  return {
      {"median_rule", "median: 0 weighted median, 1 king of the hill (JMK), 2 max pairwise margin (SCZ)", 2, 0, 2},
      {"range_rule", "range R: 0 current x_max - x_min (SCZ), 1 fixed from the initial positions (JMK), 2 issue "
                     "scale hi - lo (MSD)", 0, 0, 2},
      {"vote_risk", "votes behind P: 0 linear distances (SCZ), 1 distances raised to the voter's r (JMK)", 0, 0, 1},
      {"p_numerator", "P numerator: 0 supporters' votes (SCZ, JMK), 1 net vote floored at 0 (MSD), 2 squared masses "
                      "(BLK)", 0, 0, 2},
      {"p_denominator", "P denominator: 0 per pair (SCZ), 1 global over all pairs of actors (JMK)", 0, 0, 1},
      {"b_perceiver", "b = E(U_ji) seen by: 0 the receiver i (JMK), 1 the proposer j (SCZ, MSD)", 1, 0, 1},
      {"choice_rule", "offer taken: 0 least movement (SCZ), 1 min weighted position for compromises (JMK), 2 max "
                      "proposer EU (MSD)", 0, 0, 2},
      {"capitulation", "0 off (JMK's bug: never fires), 1 on", 1, 0, 1},
      {"Q", "probability the status quo persists without a challenge", 1, 0, 1},
      {"T", "probability j's drift helps i (used when Q < 1)", 1, 0, 1},
      {"t_rule", "0 T as given, 1 T = 1 iff |x_i - mu| < |x_i - x_j| (SCH)", 0, 0, 1},
      {"risk", "0 every risk exponent 1, 1 risk exponents from security each round (SCZ)", 1, 0, 1},
      {"stop_rule", "0 fixed rounds, 1 tolerance (cap 10000 rounds), 2 tolerance or rounds, whichever first", 2, 0, 2},
      {"rounds", "rounds to run (stop_rule 0) or the cap (stop_rule 2)", 100, 0, kMaxRounds},
      {"tolerance", "stop tolerance on the outcome, as a share of the issue scale hi - lo", 0.005, 0, 1},
      {"stable_rounds", "consecutive rounds within the tolerance needed to stop", 2, 1, 1000},
      {"outcome", "forecast and stopping test: 0 the median, 1 the weighted mean", 0, 0, 1},
  };
}

// Completes `given` with the defaults and reads it; codes must be integers in range.
Params read_params(const std::map<std::string, double>& given, std::map<std::string, double>& full) {
  full.clear();
  for (const auto& spec : param_specs()) {
    double v = given.count(spec.name) ? given.at(spec.name) : spec.default_value;
    if (!(v >= spec.lo && v <= spec.hi))
      throw UsageError(fmt::format("model.{}={}: out of range; expected {} to {}", spec.name, v, spec.lo, spec.hi));
    full[spec.name] = v;
  }
  auto code = [&](const char* name) {
    double v = full.at(name);
    if (v != std::floor(v)) throw UsageError(fmt::format("model.{}={}: expected a whole number", name, v));
    return static_cast<int>(v);
  };
  Params p;
  p.median_rule = code("median_rule");
  p.range_rule = code("range_rule");
  p.vote_risk = code("vote_risk");
  p.p_numerator = code("p_numerator");
  p.p_denominator = code("p_denominator");
  p.b_perceiver = code("b_perceiver");
  p.choice_rule = code("choice_rule");
  p.capitulation = code("capitulation");
  p.t_rule = code("t_rule");
  p.risk = code("risk");
  p.stop_rule = code("stop_rule");
  p.rounds = code("rounds");
  p.stable_rounds = code("stable_rounds");
  p.outcome = code("outcome");
  p.Q = full.at("Q");
  p.T = full.at("T");
  p.tolerance = full.at("tolerance");
  return p;
}

// base^e for the utilities and distances; e = 1 is exact and skips pow; a base below 0 (a
// position outside a fixed range) is clamped so that the power stays defined.
inline double pw(double base, double e) {
  if (base < 0) base = 0;
  return e == 1 ? base : std::pow(base, e);
}

// Buffers reused across rounds (no allocation inside the loops once sized).
struct Scratch {
  std::vector<double> row, pre, suf, rs;
};

// The vote tallies for voters sorted by position (xs ascending): sup[a·m + b] = the votes for
// u_a against u_b. A voter k supports the nearer of u_a < u_b, so the voters left of the
// midpoint support u_a and those right of it u_b; with the prefix sums of each row
// E_a[k] = w_k (|x_k − u_a| / R)^ρ_k, the support is a difference of two prefix sums:
//   sup(a, b) = Σ_{x_k < mid} (E_b[k] − E_a[k]),  sup(b, a) = Σ_{x_k > mid} (E_a[k] − E_b[k]).
// O(m·n) powers, O(m·(m + n)) additions, instead of O(m²·n) for the direct sums; two m×m
// buffers (the left sums are turned into the support in place, pair by pair).
void support_sorted(const std::vector<double>& xs, const std::vector<double>& ws, const std::vector<double>& rho,
                    const std::vector<double>& u, double range, Scratch& sc, std::vector<double>& sup) {
  const std::size_t n = xs.size(), m = u.size();
  sc.row.resize(n);
  sc.pre.resize(n + 1);
  sc.suf.resize(n + 1);
  sc.rs.resize(m * m);
  sup.resize(m * m);  // first the left sums, then the support
  for (std::size_t a = 0; a < m; ++a) {
    const double ya = u[a];
    double acc = 0;
    sc.pre[0] = 0;
    for (std::size_t k = 0; k < n; ++k) {
      double e = ws[k] * pw(std::abs(xs[k] - ya) / range, rho[k]);
      sc.row[k] = e;
      acc += e;
      sc.pre[k + 1] = acc;
    }
    acc = 0;
    sc.suf[n] = 0;
    for (std::size_t k = n; k-- > 0;) {
      acc += sc.row[k];
      sc.suf[k] = acc;
    }
    // Midpoints rise with b (u sorted), so the cut indices only move right. The midpoint of
    // (a, b) is the same number in row a and row b: both rows split the voters identically.
    std::size_t lt = 0, le = 0;
    double* ls = &sup[a * m];
    double* rs = &sc.rs[a * m];
    for (std::size_t b = 0; b < m; ++b) {
      const double mid = 0.5 * (ya + u[b]);
      while (lt < n && xs[lt] < mid) ++lt;
      while (le < n && xs[le] <= mid) ++le;
      ls[b] = sc.pre[lt];
      rs[b] = sc.suf[le];
    }
  }
  for (std::size_t a = 0; a < m; ++a) {
    sup[a * m + a] = 0;
    for (std::size_t b = a + 1; b < m; ++b) {
      const double for_a = sup[b * m + a] - sup[a * m + b];
      const double for_b = sc.rs[a * m + b] - sc.rs[b * m + a];
      sup[a * m + b] = std::max(0.0, for_a);
      sup[b * m + a] = std::max(0.0, for_b);
    }
  }
}

// Turns the support matrix into P in place: P[a·m + b], the probability that an actor at u_a
// prevails over one at u_b (0 on the diagonal).
void to_probabilities(const Params& p, const std::vector<int>& count, std::size_t m, std::vector<double>& sup) {
  std::vector<double>& prob = sup;
  double global = 0;
  if (p.p_denominator == 1)
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = a + 1; b < m; ++b)
        global += 2.0 * count[a] * count[b] * (sup[a * m + b] + sup[b * m + a]);
  for (std::size_t a = 0; a < m; ++a)
    for (std::size_t b = a + 1; b < m; ++b) {
      const double A = sup[a * m + b], B = sup[b * m + a];
      double pab = 0.5, pba = 0.5;
      if (p.p_numerator == 2) {
        const double den = A * A + B * B;
        if (den > 0) pab = A * A / den, pba = B * B / den;
      } else {
        const double na = p.p_numerator == 1 ? std::max(0.0, A - B) : A;
        const double nb = p.p_numerator == 1 ? std::max(0.0, B - A) : B;
        const double den = p.p_denominator == 1 ? global : A + B;
        if (den > 0) pab = na / den, pba = nb / den;
      }
      prob[a * m + b] = pab;
      prob[b * m + a] = pba;
    }
  for (std::size_t a = 0; a < m; ++a) prob[a * m + a] = 0;
}

// The median by median_rule over the actors' positions x with weights w (linear votes).
// Rules 1 and 2 work on F(y) = −Σ_k w_k |x_k − y| (the vote V(a, b) = (F(a) − F(b)) / R);
// near-ties (1e-12 relative) go to the smaller position, as the weighted median does.
double model_median(int rule, const SpatialIssue& is, const std::vector<double>& full, const std::vector<double>& x,
                    const std::vector<double>& w) {
  if (rule == 0 || x.empty()) return weighted_median(is, full);
  std::vector<std::size_t> ord(x.size());
  std::iota(ord.begin(), ord.end(), 0);
  std::sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && a < b); });
  std::vector<double> u, wt;
  for (std::size_t k : ord) {
    if (u.empty() || x[k] != u.back()) u.push_back(x[k]), wt.push_back(0);
    wt.back() += w[k];
  }
  const std::size_t m = u.size();
  double wr = 0, xr = 0, total = 0;
  for (std::size_t a = 0; a < m; ++a) wr += wt[a], xr += wt[a] * u[a];
  total = wr;
  std::vector<double> f(m);
  double wl = 0, xl = 0;
  for (std::size_t a = 0; a < m; ++a) {
    wr -= wt[a], xr -= wt[a] * u[a];
    f[a] = -((u[a] * wl - xl) + (xr - u[a] * wr));
    wl += wt[a], xl += wt[a] * u[a];
  }
  const double tol = 1e-12 * total * (u.back() - u.front());
  if (rule == 1) {  // king of the hill, ascending: a challenger must win by more than the tolerance
    std::size_t cur = 0;
    for (std::size_t a = 1; a < m; ++a)
      if (f[a] - f[cur] > tol) cur = a;
    return u[cur];
  }
  const double best = *std::max_element(f.begin(), f.end());  // max margin: the pair (argmax F, argmin F)
  for (std::size_t a = 0; a < m; ++a)
    if (f[a] >= best - tol) return u[a];
  return u.front();
}

// The utilities and E(U) of an actor at xi challenging one at xj (target salience st, success
// probability P), as perceived with risk exponent rho.
struct Utility {
  const Params& p;
  double range, mu;
  static double status_quo(double rho) { return 2 - 4 * pw(0.5, rho); }  // U_sq
  // Q U_sq + (1 − Q)[T U_b + (1 − T) U_w], given U_sq for rho.
  double no_challenge(double xi, double xj, double rho, double usq) const {
    double out = p.Q * usq;
    if (p.Q < 1) {
      double t = p.t_rule == 1 ? (std::abs(xi - mu) < std::abs(xi - xj) ? 1.0 : 0.0) : p.T;
      double g = 0.25 * (std::abs(xi - mu) + std::abs(xi - xj)) / range;
      out += (1 - p.Q) * (t * (2 - 4 * pw(0.5 - g, rho)) + (1 - t) * (2 - 4 * pw(0.5 + g, rho)));
    }
    return out;
  }
  static double combine(double us, double uf, double st, double prob, double nc) {
    return st * (prob * us + (1 - prob) * uf) + (1 - st) * us - nc;
  }
  double eu(double xi, double xj, double st, double prob, double rho, double usq) const {
    double d = std::abs(xi - xj) / range;
    return combine(2 - 4 * pw(0.5 - 0.5 * d, rho), 2 - 4 * pw(0.5 + 0.5 * d, rho), st, prob,
                   no_challenge(xi, xj, rho, usq));
  }
};

// The best offer an actor has found so far within one kind: smallest key, then lowest position.
struct Best {
  double key = kInf, pos = kNaN, toward = kNaN;
  bool found() const { return !std::isnan(pos); }
  void offer(double k, double position, double to) {
    if (k < key || (k == key && position < pos)) key = k, pos = position, toward = to;
  }
};

class EumModel : public SpatialModel {
 public:
  std::string name() const override { return "eum"; }
  std::string description() const override {
    return "Bueno de Mesquita's expected-utility model (Scholz-Calbert-Smith reconstruction)";
  }
  std::vector<ModelParamSpec> params() const override { return param_specs(); }
  std::vector<ModelPreset> presets() const override {
    return {{"scholz-code",
             "JMK's replication of Scholz's code: king-of-the-hill median, fixed range, votes raised to r, "
             "global P denominator, b seen by the receiver, compromises by min weighted position, no capitulation, "
             "Q = 1, 10 rounds",
             {{"median_rule", 1}, {"range_rule", 1}, {"vote_risk", 1}, {"p_numerator", 0}, {"p_denominator", 1},
              {"b_perceiver", 0}, {"choice_rule", 1}, {"capitulation", 0}, {"Q", 1}, {"T", 1}, {"t_rule", 0},
              {"risk", 1}, {"stop_rule", 0}, {"rounds", 10}, {"outcome", 0}}},
            {"paper",
             "SCZ's text: max-margin median, current range, linear votes, P per pair, b = E^j(U_ji), least movement, "
             "capitulation, Q = 1, 8 rounds (SCZ Table 2)",
             {{"median_rule", 2}, {"range_rule", 0}, {"vote_risk", 0}, {"p_numerator", 0}, {"p_denominator", 0},
              {"b_perceiver", 1}, {"choice_rule", 0}, {"capitulation", 1}, {"Q", 1}, {"T", 1}, {"t_rule", 1},
              {"risk", 1}, {"stop_rule", 0}, {"rounds", 8}, {"outcome", 0}}},
            {"msd-code",
             "MSD's replication: max-margin median, issue-scale range, linear votes, net vote over the pair, b = "
             "E^j(U_ji), the offer with the largest proposer EU, capitulation, Q = T = 1, 10 rounds",
             {{"median_rule", 2}, {"range_rule", 2}, {"vote_risk", 0}, {"p_numerator", 1}, {"p_denominator", 0},
              {"b_perceiver", 1}, {"choice_rule", 2}, {"capitulation", 1}, {"Q", 1}, {"T", 1}, {"t_rule", 0},
              {"risk", 1}, {"stop_rule", 0}, {"rounds", 10}, {"outcome", 0}}}};
  }
  ForecastResult run(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const override;
  // Two m x m tables of doubles per round (m distinct positions) and O(m·n) powers (n actors):
  // about 70 ns per actor and distinct position per round (docs/performance.md, "Cost model").
  CostEstimate cost(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const override {
    const SpatialIssue& is = p.issues.at(issue);
    std::vector<double> xs;
    for (std::size_t a = 0; a < is.position.size(); ++a)
      if (is.has(a)) xs.push_back(is.position[a]);
    std::sort(xs.begin(), xs.end());
    const double n = static_cast<double>(xs.size());
    const double m = static_cast<double>(std::unique(xs.begin(), xs.end()) - xs.begin());
    const auto stop = opt.params.find("stop_rule");
    const int rounds = opt.rounds >= 0 ? opt.rounds
                       : stop != opt.params.end() && stop->second == 1 ? kToleranceCap
                                                                        : planned_rounds(opt, 100);
    CostEstimate e = trajectory_cost(p, rounds);
    e.bytes += 2 * m * m * 8;
    e.seconds += rounds * 70e-9 * n * m;
    e.what = fmt::format("{:.0f} actors, {:.0f} distinct positions (two {:.0f} x {:.0f} tables), up to {} rounds", n, m, m,
                         m, rounds);
    return e;
  }
};

ForecastResult EumModel::run(const SpatialProblem& prob_in, std::size_t issue, const ModelOptions& opt) const {
  const SpatialIssue& is = prob_in.issues.at(issue);
  ForecastResult res;
  res.model = name();
  res.issue = is.id;
  Params par = read_params(opt.params, res.params);
  if (opt.rounds >= 0) {
    par.stop_rule = 0;
    par.rounds = opt.rounds;
    res.params["stop_rule"] = 0;
    res.params["rounds"] = opt.rounds;
  }
  const std::size_t total_actors = is.position.size();
  res.baseline_mean = weighted_mean(is, is.position);
  res.baseline_median = weighted_median(is, is.position);

  // The actors taking part, in a canonical order (position, capability, salience): every sum
  // runs in this order, so relabelling the actors changes nothing, to the bit.
  std::vector<std::size_t> who;
  for (std::size_t a = 0; a < total_actors; ++a)
    if (is.has(a)) who.push_back(a);
  std::sort(who.begin(), who.end(), [&](std::size_t a, std::size_t b) {
    if (is.position[a] != is.position[b]) return is.position[a] < is.position[b];
    if (is.capability[a] != is.capability[b]) return is.capability[a] < is.capability[b];
    if (is.salience[a] != is.salience[b]) return is.salience[a] < is.salience[b];
    return a < b;
  });
  const std::size_t n = who.size();
  std::vector<double> x(n), w(n), sal(n), r(n, 1.0), full = is.position;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = is.position[who[i]];
    sal[i] = is.salience[who[i]];
    w[i] = is.capability[who[i]] * sal[i];
  }
  auto outcome_of = [&](const ForecastRound& rd) { return par.outcome == 1 ? rd.mean : rd.median; };

  ForecastRound r0;
  r0.positions = full;
  r0.mean = weighted_mean(is, full);
  r0.median = model_median(par.median_rule, is, full, x, w);
  res.rounds.push_back(r0);

  const double initial_range = n ? *std::max_element(x.begin(), x.end()) - *std::min_element(x.begin(), x.end()) : 0;
  const double scale = std::isfinite(is.hi - is.lo) && is.hi > is.lo ? is.hi - is.lo : initial_range;
  const double tol = par.tolerance * scale;
  const bool use_tolerance = par.stop_rule != 0;
  const int max_rounds = par.stop_rule == 1 ? kToleranceCap : par.rounds;

  // Per-round buffers.
  std::vector<std::size_t> ord(n), pid(n), start;
  std::vector<double> u, xs(n), ws(n), rho(n), prob, security(n), newx(n), usq(n);
  std::vector<int> count;
  Scratch sc;
  std::vector<int> flat_rounds;
  int stable = 0;
  res.stopped_by = "rounds";

  for (int t = 1; t <= max_rounds; ++t) {
    if (opt.cancel && opt.cancel->cancelled()) {
      res.stopped_by = "cancelled";
      break;
    }
    const double mu = res.rounds.back().median;
    // Distinct positions u (ascending), each actor's index pid into u, members grouped by u.
    std::iota(ord.begin(), ord.end(), 0);
    std::sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && a < b); });
    u.clear();
    count.clear();
    start.clear();
    for (std::size_t k = 0; k < n; ++k) {
      std::size_t i = ord[k];
      if (u.empty() || x[i] != u.back()) u.push_back(x[i]), count.push_back(0), start.push_back(k);
      ++count.back();
      pid[i] = u.size() - 1;
      xs[k] = x[i];
      ws[k] = w[i];
    }
    start.push_back(n);
    const std::size_t m = u.size();
    double range = par.range_rule == 0 ? (m ? u.back() - u.front() : 0) : par.range_rule == 1 ? initial_range : scale;

    ForecastRound rd;
    rd.round = t;
    std::vector<double> offer(n, kNone), toward(n, kNaN);
    std::fill(r.begin(), r.end(), 1.0);
    newx = x;
    int moves[4] = {0, 0, 0, 0};
    if (m >= 2 && range > 0) {
      Utility util{par, range, mu};
      // Pass 1: every r = 1; the danger S_i = Σ_{j≠i} E^j(U_ji) sets the risk exponents.
      std::fill(rho.begin(), rho.end(), 1.0);
      support_sorted(xs, ws, rho, u, range, sc, prob);
      to_probabilities(par, count, m, prob);
      if (par.risk == 1) {
        for (std::size_t i = 0; i < n; ++i) {
          double sum = 0;
          for (std::size_t b = 0; b < m; ++b) {
            int others = count[b] - (b == pid[i] ? 1 : 0);
            if (others > 0) sum += others * util.eu(u[b], x[i], sal[i], prob[b * m + pid[i]], 1.0, 0.0);
          }
          security[i] = sum;
        }
        const auto [lo, hi] = std::minmax_element(security.begin(), security.end());
        const double smin = *lo, smax = *hi;
        if (smax > smin) {
          for (std::size_t i = 0; i < n; ++i) {
            double R = (2 * security[i] - smax - smin) / (smax - smin);
            r[i] = (1 - R / 3) / (1 + R / 3);
          }
        } else {
          flat_rounds.push_back(t);
        }
        // Pass 2: the votes behind P use each voter's own r (JMK) when vote_risk = 1.
        if (par.vote_risk == 1) {
          for (std::size_t k = 0; k < n; ++k) rho[k] = r[ord[k]];
          support_sorted(xs, ws, rho, u, range, sc, prob);
          to_probabilities(par, count, m, prob);
        }
      }
      // Offers: each actor i, as the receiver, weighs every actor j at another position.
      for (std::size_t i = 0; i < n; ++i) usq[i] = Utility::status_quo(r[i]);
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t pa = pid[i];
        const double xi = x[i], ri = r[i];
        Best kinds[4];
        double top_b = -kInf, top_a = 0, top_dist = kInf, top_x = kNaN;  // choice_rule 2
        for (std::size_t b = 0; b < m; ++b) {
          if (b == pa) continue;
          const double xj = u[b], d = std::abs(xi - xj) / range;
          const double us = 2 - 4 * pw(0.5 - 0.5 * d, ri), uf = 2 - 4 * pw(0.5 + 0.5 * d, ri);
          const double pij = prob[pa * m + b], pji = prob[b * m + pa];
          const double nc_i = util.no_challenge(xi, xj, ri, usq[i]);
          const double b_receiver =
              par.b_perceiver == 0 ? Utility::combine(us, uf, sal[i], pji, util.no_challenge(xj, xi, ri, usq[i])) : 0;
          for (std::size_t k = start[b]; k < start[b + 1]; ++k) {
            const std::size_t j = ord[k];
            const double ea = Utility::combine(us, uf, sal[j], pij, nc_i);
            const double eb = par.b_perceiver == 0 ? b_receiver : util.eu(xj, xi, sal[i], pji, r[j], usq[j]);
            if (par.choice_rule == 2) {
              const double dist = std::abs(xi - xj);
              if (eb > 0 && (eb > top_b || (eb == top_b && (dist < top_dist || (dist == top_dist && xj < top_x)))))
                top_b = eb, top_a = ea, top_dist = dist, top_x = xj;
              continue;
            }
            if (eb > ea && ea > 0) {
              kinds[kConflict].offer(std::abs(xi - xj), xj, xj);
            } else if (ea < 0 && eb > 0 && eb > -ea) {
              const double pos = xi + (xj - xi) * std::abs(ea / eb);
              const double key =
                  par.choice_rule == 1 ? (-ea * xi + eb * xj) / (-ea + eb) : std::abs(pos - xi);
              kinds[kCompromise].offer(key, pos, xj);
            } else if (par.capitulation == 1 && ea < 0 && eb > 0 && -ea > eb) {
              kinds[kCapitulation].offer(std::abs(xi - xj), xj, xj);
            }
          }
        }
        if (par.choice_rule == 2) {
          if (!std::isnan(top_x)) {
            if (top_b > top_a && top_a > 0) kinds[kConflict].offer(0, top_x, top_x);
            else if (top_a < 0 && -top_a < top_b)
              kinds[kCompromise].offer(0, xi + (top_x - xi) * std::abs(top_a / top_b), top_x);
            else if (par.capitulation == 1 && top_a < 0 && -top_a > top_b) kinds[kCapitulation].offer(0, top_x, top_x);
          }
        }
        for (int kind : {kConflict, kCompromise, kCapitulation})
          if (kinds[kind].found()) {
            newx[i] = kinds[kind].pos;
            offer[i] = kind;
            toward[i] = kinds[kind].toward;
            ++moves[kind];
            break;
          }
      }
    }
    x = newx;
    std::vector<double> risk_out(total_actors, kNaN), offer_out(total_actors, kNaN), toward_out(total_actors, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
      full[who[i]] = x[i];
      risk_out[who[i]] = r[i];
      offer_out[who[i]] = offer[i];
      toward_out[who[i]] = toward[i];
    }
    rd.positions = full;
    rd.mean = weighted_mean(is, full);
    rd.median = model_median(par.median_rule, is, full, x, w);
    rd.per_actor["risk"] = std::move(risk_out);
    rd.per_actor["offer"] = std::move(offer_out);
    rd.per_actor["toward"] = std::move(toward_out);
    rd.stats["moves"] = moves[kConflict] + moves[kCompromise] + moves[kCapitulation];
    rd.stats["conflicts"] = moves[kConflict];
    rd.stats["compromises"] = moves[kCompromise];
    rd.stats["capitulations"] = moves[kCapitulation];
    rd.stats["range"] = range;
    const double delta = std::abs(outcome_of(rd) - outcome_of(res.rounds.back()));
    res.rounds.push_back(std::move(rd));
    if (opt.progress) opt.progress(static_cast<std::uint64_t>(t), static_cast<std::uint64_t>(max_rounds));
    stable = delta <= tol ? stable + 1 : 0;
    if (use_tolerance && stable >= par.stable_rounds) {
      res.stopped_by = "tolerance";
      break;
    }
  }
  res.forecast = outcome_of(res.rounds.back());

  if (par.stop_rule == 1 && res.stopped_by == "rounds")
    res.notes.push_back(fmt::format("eum: the outcome did not settle within the tolerance in {} rounds (the safety cap)",
                                    kToleranceCap));
  if (!flat_rounds.empty())
    res.notes.push_back(fmt::format("eum: every actor was equally secure in {} round(s) (first: {}); r = 1 was used",
                                    flat_rounds.size(), flat_rounds.front()));
  if (par.capitulation == 0)
    res.notes.push_back("eum: capitulation off (as in Scholz's code via JMK): an actor with a < 0 < b and |a| > b "
                        "does not move");
  if (par.p_denominator == 1 && par.p_numerator != 2)
    res.notes.push_back("eum: P over the global denominator (Scholz's code): probabilities are tiny, so the target's "
                        "salience decides most challenges");
  return res;
}

}  // namespace

std::unique_ptr<SpatialModel> make_eum_model() { return std::make_unique<EumModel>(); }

namespace eum_detail {
std::vector<double> vote_support(const std::vector<double>& x, const std::vector<double>& w,
                                 const std::vector<double>& rho, const std::vector<double>& u, double range) {
  std::vector<std::size_t> ord(x.size());
  std::iota(ord.begin(), ord.end(), 0);
  std::sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> xs, ws, rs, sup;
  for (std::size_t k : ord) xs.push_back(x[k]), ws.push_back(w[k]), rs.push_back(rho[k]);
  Scratch sc;
  support_sorted(xs, ws, rs, u, range, sc, sup);
  return sup;
}
}  // namespace eum_detail

}  // namespace parley
