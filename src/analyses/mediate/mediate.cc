// Mediation: single text, criterion proposals, leverage and credibility (see mediate.h).
#include "analyses/mediate/mediate.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>

#include "core/count.h"
#include "core/error.h"

namespace parley {

const char* to_string(MediateMethod m) {
  switch (m) {
    case MediateMethod::single_text: return "single-text";
    case MediateMethod::nash: return "nash";
    case MediateMethod::ks: return "ks";
    case MediateMethod::egalitarian: return "egalitarian";
    case MediateMethod::welfare: return "welfare";
  }
  return "?";
}

std::optional<MediateMethod> mediate_method_from_string(std::string_view s) {
  for (auto m : {MediateMethod::single_text, MediateMethod::nash, MediateMethod::ks, MediateMethod::egalitarian,
                 MediateMethod::welfare})
    if (s == to_string(m)) return m;
  return std::nullopt;
}

namespace {

constexpr double kEps = 1e-12;
// Frontier packages listed for the distances on a space too large to enumerate.
constexpr std::size_t kLargeListed = 100000;

// splitmix64: a portable seeded stream (the same numbers on every platform).
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

double distance(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

// Solves the k×k system A·x = b in place (partial pivoting); false when singular.
bool solve(std::vector<std::vector<double>>& a, std::vector<double>& b) {
  const std::size_t k = b.size();
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[piv][c])) piv = r;
    if (std::fabs(a[piv][c]) < 1e-14) return false;
    std::swap(a[piv], a[c]);
    std::swap(b[piv], b[c]);
    for (std::size_t r = 0; r < k; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      if (f == 0) continue;
      for (std::size_t j = c; j < k; ++j) a[r][j] -= f * a[c][j];
      b[r] -= f * b[c];
    }
  }
  for (std::size_t c = 0; c < k; ++c) b[c] /= a[c][c];
  return true;
}

// Whether a party vetoes draft v against the current text cur; the reasons (empty: no veto).
// `waive_package`: the party swallows being worse off (annealing).
std::vector<Reason> veto(const CompiledModel& m, const PackageValue& cur, const PackageValue& v, std::size_t p,
                         bool waive_package) {
  std::vector<Reason> out;
  const int fn = m.parties[p];
  const auto& was = cur.broken[fn];
  for (int r : v.broken[fn])
    if (std::find(was.begin(), was.end(), r) == was.end()) {
      out.push_back(Reason::requirement);
      break;
    }
  if (v.effective[p] < cur.effective[p] - kEps && !waive_package) out.push_back(Reason::package);
  if (cur.ratified[p] && !v.ratified[p]) out.push_back(Reason::ratification);
  return out;
}

}  // namespace

std::optional<std::vector<double>> min_inducement(const Scenario& s, const CompiledModel& m,
                                                  const std::vector<Inducement>& inducements,
                                                  const std::vector<double>& need, bool budgets) {
  const std::size_t k = inducements.size(), np = m.parties.size();
  // Rows a·n >= b: coverage of each party in need, n >= 0, and (with budgets) −n >= −budget.
  std::vector<std::vector<double>> rows;
  std::vector<double> rhs;
  for (std::size_t p = 0; p < np; ++p) {
    if (need[p] <= 0) continue;
    std::vector<double> a(k, 0);
    const int actor = m.utilities[m.parties[p]].actor;
    bool any = false;
    for (std::size_t j = 0; j < k; ++j)
      for (const auto& [party, v] : inducements[j].value)
        if (party == actor && v.value > 0) a[j] = v.value, any = true;
    if (!any) return std::nullopt;  // nothing reaches this party
    rows.push_back(a);
    rhs.push_back(need[p]);
  }
  if (rows.empty()) return std::vector<double>(k, 0);
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<double> a(k, 0);
    a[j] = 1;
    rows.push_back(a);
    rhs.push_back(0);
  }
  if (budgets)
    for (std::size_t j = 0; j < k; ++j) {
      std::vector<double> a(k, 0);
      a[j] = -1;
      rows.push_back(a);
      rhs.push_back(-inducements[j].budget.value);
    }
  (void)s;
  const std::size_t nr = rows.size();
  std::optional<std::vector<double>> best;
  double best_cost = 0;
  // Every choice of k tight rows (a vertex of the feasible region when it is feasible).
  std::vector<std::size_t> pick(k);
  std::iota(pick.begin(), pick.end(), 0);
  while (true) {
    std::vector<std::vector<double>> a(k);
    std::vector<double> b(k);
    for (std::size_t i = 0; i < k; ++i) a[i] = rows[pick[i]], b[i] = rhs[pick[i]];
    if (solve(a, b)) {
      bool ok = true;
      for (std::size_t r = 0; r < nr && ok; ++r) {
        double lhs = 0;
        for (std::size_t j = 0; j < k; ++j) lhs += rows[r][j] * b[j];
        ok = lhs >= rhs[r] - 1e-9 * std::max(1.0, std::fabs(rhs[r]));
      }
      if (ok) {
        for (double& x : b) x = std::max(0.0, x);
        const double cost = std::accumulate(b.begin(), b.end(), 0.0);
        if (!best || cost < best_cost - 1e-12 || (cost <= best_cost + 1e-12 && b < *best)) best = b, best_cost = cost;
      }
    }
    // Next combination.
    std::size_t i = k;
    while (i > 0 && pick[i - 1] == nr - k + i - 1) --i;
    if (i == 0) break;
    ++pick[i - 1];
    for (std::size_t j = i; j < k; ++j) pick[j] = pick[j - 1] + 1;
  }
  return best;
}

Credibility kydd_credibility(std::size_t p, const std::vector<double>& bias, const std::vector<double>& gains_x,
                             double best_gain, double cost_of_failure, double holdout_risk) {
  Credibility c;
  const std::size_t n = bias.size();
  c.weight = bias[p];
  c.gain = std::max(0.0, best_gain - gains_x[p]);
  c.risk = holdout_risk;
  if (n < 2 || c.gain <= 0) return c;
  const double rho = c.risk, delta = c.gain;
  double others = 0, g_others = 0;  // the others' weights, and their weighted mean gain
  for (std::size_t j = 0; j < n; ++j)
    if (j != p) others += bias[j];
  for (std::size_t j = 0; j < n; ++j)
    if (j != p) g_others += (others > 0 ? bias[j] / others : 1.0 / static_cast<double>(n - 1)) * gains_x[j];
  double mx = 0;
  for (std::size_t j = 0; j < n; ++j) mx += bias[j] * gains_x[j];
  const double mean_others = others / static_cast<double>(n - 1);
  c.credible = (1 - rho) * delta * (bias[p] - mean_others) > rho * (cost_of_failure + std::max(0.0, mx));
  // As a function of the weight w on p (the others keep their proportions): a·w > rhs0.
  const double nn = static_cast<double>(n);
  const double a = (1 - rho) * delta * nn / (nn - 1) - rho * (gains_x[p] - g_others);
  const double rhs0 = rho * (cost_of_failure + g_others) + (1 - rho) * delta / (nn - 1);
  if (a > 0 && rhs0 / a < 1) c.weight_needed = std::max(0.0, rhs0 / a);
  return c;
}

CostEstimate estimate_mediate(const CompiledModel& m, const MediateOptions& opt) {
  const std::uint64_t total = m.package_count();
  const bool listed = total <= opt.max_packages;
  if (!listed && opt.method != MediateMethod::single_text)
    throw AnalysisError(fmt::format("mediate --method {} enumerates every package; this space has {} (at most {})",
                                    to_string(opt.method), total, opt.max_packages));
  DealSpaceOptions dso;
  dso.threads = 1;
  dso.max_listed = listed ? total : kLargeListed;
  const CostEstimate ds = estimate_deal_space(m, dso);
  // Per listed package: its evaluation (the utilities and verdicts of every party) and the
  // effective utilities and shortfalls kept (two vectors of doubles per package, with their
  // headers and allocations). Calibrated in docs/budgets.md.
  const double rows = listed ? static_cast<double>(total) : 0, parties = static_cast<double>(m.parties.size());
  constexpr double kPackageSeconds = 0.4e-6, kPartySeconds = 0.15e-6;
  CostEstimate e;
  e.seconds = ds.seconds + rows * (kPackageSeconds + parties * kPartySeconds);
  e.bytes = ds.bytes + rows * (2 * (24 + 16 + 8 * parties) + 2);
  e.what = fmt::format("{} packages x {} parties{}, then {}", count_text(total), m.parties.size(),
                       listed ? " listed" : " (too many to list: the deal space's methods)", ds.what);
  return e;
}

MediateResult mediate(const Scenario& s, const CompiledModel& m, const MediateOptions& opt) {
  // Stops the work when the caller's token is set (checked every 4096 packages and per draft).
  auto check_cancel = [&opt] {
    if (opt.cancel && opt.cancel->cancelled()) throw AnalysisError("the mediation was cancelled");
  };
  check_cancel();
  MediateResult res;
  res.method = opt.method;
  int med = opt.mediator;
  if (med < 0)
    for (std::size_t a = 0; a < s.actors.size() && med < 0; ++a)
      if (s.actors[a].role == Role::mediator) med = static_cast<int>(a);
  // Without a mediator actor: a neutral one (equal weights, no cost of failure, no inducements).
  res.mediator = med;
  const Mediation* md = med >= 0 ? s.mediation_of(med) : nullptr;
  const Mediation none;
  if (!md) md = &none;
  const std::size_t np = m.parties.size();
  // Normalised bias over the parties.
  res.bias.assign(np, md->bias.empty() ? 1.0 : 0.0);
  for (const auto& [actor, w] : md->bias)
    for (std::size_t p = 0; p < np; ++p)
      if (m.utilities[m.parties[p]].actor == actor) res.bias[p] = w.value;
  double tot = std::accumulate(res.bias.begin(), res.bias.end(), 0.0);
  if (tot <= 0) res.bias.assign(np, 1.0), tot = static_cast<double>(np);
  for (double& b : res.bias) b /= tot;
  std::vector<double> d(np);
  for (std::size_t p = 0; p < np; ++p) {
    const UtilityFn& u = m.utilities[m.parties[p]];
    d[p] = u.to_utility(u.reservation);
  }
  int med_fn = -1;
  for (std::size_t f = 0; f < m.utilities.size() && med >= 0; ++f)
    if (m.utilities[f].actor == med) med_fn = static_cast<int>(f);

  const std::uint64_t total = m.package_count();
  // A single text looks only at its drafts: on a space too large to list, the measures come from
  // the deal space's own methods (ZOPA, Nash point, frontier, the ZOPA's ideal point) instead.
  const bool listed = total <= opt.max_packages;
  if (!listed && opt.method != MediateMethod::single_text)
    throw AnalysisError(fmt::format("mediate --method {} enumerates every package; this space has {} (at most {})",
                                    to_string(opt.method), total, opt.max_packages));
  const std::uint64_t rows = listed ? total : 0;
  res.packages = total;
  // Every package's effective utilities and verdict (listed spaces).
  std::vector<std::vector<double>> eff(rows);
  std::vector<char> accepted(rows), buyable(rows);
  std::vector<std::vector<double>> shortfall(rows);
  auto can_buy = [&](const PackageValue& v) {
    for (std::size_t p = 0; p < np; ++p)
      if (!v.accepted[p])
        for (Reason r : rejection_reasons(m, v, p))
          if (r != Reason::package) return false;
    return true;
  };
  for (std::uint64_t i = 0; i < rows; ++i) {
    if ((i & 0xFFF) == 0) check_cancel();
    const PackageValue v = evaluate_package(m, m.choice_of(i));
    eff[i] = v.effective;
    shortfall[i] = v.shortfall;
    bool all = true, buy = true;
    for (std::size_t p = 0; p < np; ++p) {
      if (v.accepted[p]) continue;
      all = false;
      for (Reason r : rejection_reasons(m, v, p))
        if (r != Reason::package) buy = false;
    }
    accepted[i] = all;
    buyable[i] = buy;
  }
  DealSpaceOptions dso;
  dso.threads = 1;
  dso.max_listed = listed ? total : kLargeListed;
  const DealSpaceResult ds = analyze_deal_space(m, dso, {}, opt.cancel);
  check_cancel();

  // The mediator's order of preference among drafts: bias-weighted gains, its own utility.
  auto weighted = [&](const std::vector<double>& e) {
    double w = 0;
    for (std::size_t p = 0; p < np; ++p) w += res.bias[p] * (e[p] - d[p]);
    return w;
  };

  if (opt.method == MediateMethod::single_text) {
    Choice x(m.n_options.size(), 0);
    if (opt.start >= 0) x = s.packages[opt.start].options;
    res.start = x;
    PackageValue cur = evaluate_package(m, x);
    auto record = [&](const PackageValue& v, const std::vector<std::vector<Reason>>& why) {
      Draft dr;
      dr.package = v.choice;
      dr.utilities = v.effective;
      for (std::size_t p = 0; p < np; ++p)
        if (!why[p].empty()) {
          dr.vetoed_by.push_back(m.utilities[m.parties[p]].actor);
          dr.reasons.push_back(why[p]);
        }
      dr.adopted = dr.vetoed_by.empty();
      res.drafts.push_back(std::move(dr));
      return res.drafts.back().adopted;
    };
    if (opt.anneal) {
      Rng rng{opt.seed};
      std::uint64_t moves = 0;
      for (int n : m.n_options) moves += static_cast<std::uint64_t>(std::max(0, n - 1));
      const std::uint64_t steps = std::min<std::uint64_t>(20 * moves, 5000);
      const double t0 = 0.05, alpha = steps > 0 ? std::pow(1e-3, 1.0 / static_cast<double>(steps)) : 1;
      double t = t0;
      for (std::uint64_t k = 0; k < steps && moves > 0; ++k, t *= alpha) {
        if ((k & 0xFF) == 0) check_cancel();
        std::uint64_t r = rng.next() % moves;
        Choice y = cur.choice;
        for (std::size_t i = 0; i < y.size(); ++i) {
          const std::uint64_t ni = static_cast<std::uint64_t>(std::max(0, m.n_options[i] - 1));
          if (r < ni) {
            const int o = static_cast<int>(r);
            y[i] = o >= cur.choice[i] ? o + 1 : o;
            break;
          }
          r -= ni;
        }
        const PackageValue v = evaluate_package(m, y);
        std::vector<std::vector<Reason>> why(np);
        for (std::size_t p = 0; p < np; ++p) {
          const double loss = cur.effective[p] - v.effective[p];
          const bool waive = loss > kEps && rng.uniform() < std::exp(-loss / t);
          why[p] = veto(m, cur, v, p, waive);
        }
        if (record(v, why)) cur = v;
      }
    }
    // Hill climbing: best draft for the mediator first; stop when every draft is vetoed.
    while (true) {
      check_cancel();
      std::vector<PackageValue> cands;
      for (std::size_t i = 0; i < cur.choice.size(); ++i)
        for (int o = 0; o < m.n_options[i]; ++o) {
          if (o == cur.choice[i]) continue;
          Choice y = cur.choice;
          y[i] = o;
          PackageValue v = evaluate_package(m, y);
          bool better = false;
          for (std::size_t p = 0; p < np; ++p) better = better || v.effective[p] > cur.effective[p] + kEps;
          if (better) cands.push_back(std::move(v));
        }
      std::stable_sort(cands.begin(), cands.end(), [&](const PackageValue& a, const PackageValue& b) {
        const double wa = weighted(a.effective), wb = weighted(b.effective);
        if (wa != wb) return wa > wb;
        if (med_fn >= 0 && a.utilities[med_fn] != b.utilities[med_fn]) return a.utilities[med_fn] > b.utilities[med_fn];
        return a.index < b.index;
      });
      bool moved = false;
      for (const auto& v : cands) {
        std::vector<std::vector<Reason>> why(np);
        for (std::size_t p = 0; p < np; ++p) why[p] = veto(m, cur, v, p, false);
        if (record(v, why)) {
          cur = v;
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    res.proposal = cur;
  } else {
    // Criterion methods over the ZOPA (every package when reservations are not observed).
    std::vector<double> dd = d;
    const bool over_zopa = md->observes_reservations;
    if (!over_zopa)
      for (std::size_t p = 0; p < np; ++p) {
        dd[p] = std::numeric_limits<double>::infinity();
        for (std::uint64_t i = 0; i < total; ++i) dd[p] = std::min(dd[p], eff[i][p]);
      }
    std::vector<double> ideal(np, -std::numeric_limits<double>::infinity());
    bool any = false;
    for (std::uint64_t i = 0; i < total; ++i)
      if (!over_zopa || accepted[i]) {
        any = true;
        for (std::size_t p = 0; p < np; ++p) ideal[p] = std::max(ideal[p], eff[i][p]);
      }
    auto score = [&](const std::vector<double>& e, const std::vector<double>& b) {
      const double nn = static_cast<double>(np);
      double v = 0;
      switch (opt.method) {
        case MediateMethod::nash:
          for (std::size_t p = 0; p < np; ++p)
            if (b[p] > 0) v += nn * b[p] * std::log(std::max(0.0, e[p] - dd[p]));
          return v;
        case MediateMethod::ks:
        case MediateMethod::egalitarian:
          v = std::numeric_limits<double>::infinity();
          for (std::size_t p = 0; p < np; ++p) {
            if (b[p] <= 0) continue;
            double g = e[p] - dd[p];
            if (opt.method == MediateMethod::ks) {
              if (ideal[p] - dd[p] <= 0) continue;
              g /= ideal[p] - dd[p];
            }
            v = std::min(v, g / (nn * b[p]));
          }
          return v;
        default:
          for (std::size_t p = 0; p < np; ++p) v += b[p] * (e[p] - dd[p]);
          return v;
      }
    };
    auto argmax = [&](const std::vector<double>& b) -> std::optional<std::uint64_t> {
      std::optional<std::uint64_t> best;
      double bs = 0;
      for (std::uint64_t i = 0; i < total; ++i) {
        if (over_zopa && !accepted[i]) continue;
        const double v = score(eff[i], b);
        if (!best || v > bs) best = i, bs = v;
      }
      return best;
    };
    const std::vector<double> equal(np, 1.0 / static_cast<double>(np));
    const auto pick = any ? argmax(res.bias) : std::nullopt;
    const auto plain = any ? argmax(equal) : std::nullopt;
    if (pick) {
      res.proposal = evaluate_package(m, m.choice_of(*pick));
      res.unbiased = evaluate_package(m, m.choice_of(*plain));
      res.distance_to_unbiased = distance(res.proposal.effective, res.unbiased->effective);
    } else if (ds.closest) {
      res.proposal = *ds.closest;
    } else {
      res.proposal = evaluate_package(m, Choice(m.n_options.size(), 0));
    }
  }
  if (med_fn >= 0) res.mediator_utility = res.proposal.utilities[med_fn];
  res.in_zopa = std::all_of(res.proposal.accepted.begin(), res.proposal.accepted.end(), [](bool a) { return a; });
  if (ds.nash) res.distance_to_nash = distance(res.proposal.effective, ds.nash->effective);
  if (ds.pareto_computed && !ds.pareto.empty()) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < ds.pareto.size(); ++k)
      if (ds.pareto_overall.empty() || ds.pareto_overall[k])
        best = std::min(best, distance(res.proposal.effective, ds.pareto[k].effective));
    if (std::isfinite(best)) res.distance_to_pareto = best;
  }

  // Leverage.
  Leverage& lev = res.inducement;
  lev.needed = !res.in_zopa;
  const auto& inds = md->inducements;
  std::uint64_t combos = 1;  // vertices the programme tries, C(rows, k) bounded
  for (std::size_t j = 0; j < inds.size(); ++j) combos = combos * (np + 2 * inds.size() - j) / (j + 1);
  if (!lev.needed) {
    lev.possible = lev.funded = true;
  } else if (!can_buy(res.proposal)) {
    lev.note = "a party rejects the proposal for a requirement or at home; an inducement cannot buy that";
  } else if (inds.empty()) {
    lev.note = "the mediator has no inducements";
  } else if (inds.size() > 8) {
    lev.note = "more than 8 inducements: the exact programme is not attempted";
  } else {
    auto with = min_inducement(s, m, inds, res.proposal.shortfall, true);
    lev.funded = with.has_value();
    if (!with) with = min_inducement(s, m, inds, res.proposal.shortfall, false);
    lev.possible = with.has_value();
    if (with) {
      lev.cost = std::accumulate(with->begin(), with->end(), 0.0);
      for (std::size_t j = 0; j < with->size(); ++j)
        if ((*with)[j] > 0) lev.offers.push_back({static_cast<int>(j), (*with)[j]});
    } else {
      lev.note = "no inducement reaches every party short of its reservation";
    }
  }
  if (listed && !inds.empty() && inds.size() <= 8 && combos * total <= 50'000'000) {
    for (int pass = 0; pass < 2 && !lev.cheapest; ++pass)
      for (std::uint64_t i = 0; i < total; ++i) {
        if (!buyable[i]) continue;
        const auto u = accepted[i] ? std::optional<std::vector<double>>(std::vector<double>(inds.size(), 0))
                                   : min_inducement(s, m, inds, shortfall[i], pass == 0);
        if (!u) continue;
        const double c = std::accumulate(u->begin(), u->end(), 0.0);
        if (!lev.cheapest || c < lev.cheapest_cost - 1e-12) {
          lev.cheapest = m.choice_of(i);
          lev.cheapest_cost = c;
          lev.cheapest_funded = pass == 0;
        }
      }
  }

  // Credibility of the advice to each party.
  std::vector<double> gx(np);
  for (std::size_t p = 0; p < np; ++p) gx[p] = res.proposal.effective[p] - d[p];
  for (std::size_t p = 0; p < np; ++p) {
    double best = gx[p];
    for (std::uint64_t i = 0; i < rows; ++i)
      if (accepted[i]) best = std::max(best, eff[i][p] - d[p]);
    if (!listed && p < ds.ideal.size()) best = std::max(best, ds.ideal[p] - d[p]);
    Credibility c = kydd_credibility(p, res.bias, gx, best, md->cost_of_failure.value, opt.holdout_risk);
    c.party = m.utilities[m.parties[p]].actor;
    if (!md->observes_reservations) c.credible = false, c.weight_needed.reset();
    res.credibility.push_back(c);
  }
  return res;
}

}  // namespace parley
