#include "model/compiled.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <fmt/format.h>
#include <limits>
#include <numeric>

namespace parley {

std::uint64_t CompiledModel::package_count() const {
  std::uint64_t n = 1;
  for (int k : n_options) {
    if (k != 0 && n > std::numeric_limits<std::uint64_t>::max() / static_cast<std::uint64_t>(k))
      return std::numeric_limits<std::uint64_t>::max();
    n *= static_cast<std::uint64_t>(k);
  }
  return n;
}

static bool holds(const CompiledInteraction& in, const Choice& x) {
  for (const auto& [issue, mask] : in.when)
    if (!((mask >> x[issue]) & 1u)) return false;
  return true;
}

static int first_issue(const CompiledInteraction& in) { return in.when.front().first; }

double CompiledModel::block_utility(int fn, int block, const Choice& x) const {
  const UtilityFn& u = utilities[fn];
  double sum = 0;
  for (int issue : blocks[block]) sum += u.value[issue][x[issue]];
  for (const auto& in : u.interactions) {
    // An interaction belongs to the block of its first issue (all its issues are in that block).
    if (std::binary_search(blocks[block].begin(), blocks[block].end(), first_issue(in)) && holds(in, x))
      sum += in.bonus;
  }
  return sum;
}

double CompiledModel::utility(int fn, const Choice& x) const {
  double sum = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) sum += block_utility(fn, static_cast<int>(b), x);
  return sum;
}

std::uint64_t CompiledModel::index_of(const Choice& x) const {
  std::uint64_t idx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) idx += static_cast<std::uint64_t>(x[i]) * stride[i];
  return idx;
}

Choice CompiledModel::choice_of(std::uint64_t index) const {
  Choice x(n_options.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<int>(index / stride[i]);
    index %= stride[i];
  }
  return x;
}

// Model units (see UtilityFn): a utility u of an actor whose saliences sum to W is stored as
// round(u · 100·W · 1e6) · 2^-e, with 2^e >= 100·W·1e6, i.e. an integer number of millionths of a
// salience×score point, scaled by a power of two into (0, 1]. Integers below 2^53 add exactly,
// and scaling by a power of two is exact.
struct Units {
  double per_utility;  // 100·W·1e6
  int exponent;        // e
  double of(double utility) const { return std::ldexp(std::round(utility * per_utility), -exponent); }
  double of_points(double salience_times_score) const { return std::ldexp(std::round(salience_times_score * 1e6), -exponent); }
};

namespace {

// Advisers pulling each actor's utility (M12), as (adviser, influence) pairs. With
// `keep_zero` the advisers whose influence is 0 are listed too (structure for recompile).
std::vector<std::vector<std::pair<int, double>>> pulls(const Scenario& s, bool keep_zero) {
  std::vector<std::vector<std::pair<int, double>>> pulled_by(s.actors.size());
  for (std::size_t k = 0; k < s.actors.size(); ++k) {
    const Actor& adv = s.actors[k];
    if (!adv.has_influence || adv.parent.empty() || (!keep_zero && adv.influence.value <= 0)) continue;
    int parent = s.actor_index(adv.parent);
    if (parent >= 0 && s.preferences_of(parent) && s.preferences_of(static_cast<int>(k)))
      pulled_by[parent].emplace_back(static_cast<int>(k), std::max(0.0, adv.influence.value));
  }
  return pulled_by;
}

double total_salience(const Preferences& pref) {
  double total = 0;
  for (const auto& ip : pref.issues) total += ip.salience.value;
  return total > 0 ? total : 1.0;  // the loader rejects all-zero; stay finite if built by hand
}

// Fills the numbers of actor a's utility function. With `build`, u is built from scratch
// (interactions included; `link` is called with the issues each interaction ties together;
// interactions of an actor mixed in with weight 0 are left out unless `keep_zero`); otherwise u
// has the structure a previous call built (with keep_zero) from the same `pulled` list and only
// its numbers are rewritten, without allocating.
template <class Link>
void fill_utility(const Scenario& s, int a, const std::vector<std::pair<int, double>>& pulled, bool build,
                  bool keep_zero, UtilityFn& u, Link link) {
  const Preferences* pref = s.preferences_of(a);
  double total = total_salience(*pref);
  Units units{100.0 * total * 1e6, 0};
  std::frexp(units.per_utility, &units.exponent);
  u.actor = a;
  u.unit = std::ldexp(1.0, units.exponent) / units.per_utility;
  u.exponent = units.exponent;
  u.per_utility = units.per_utility;
  if (build) u.value.resize(s.issues.size());
  for (std::size_t i = 0; i < s.issues.size(); ++i) u.value[i].assign(s.issues[i].options.size(), 0.0);

  // Influence (M12): advisers (actors with a parent and an influence) pull their parent's
  // utility towards their own: u_parent' = (1 − Λ)·u_parent + Σ_k λ_k·u_k with Λ = Σ_k λ_k
  // (when Λ > 1 the λ are rescaled to sum to 1).
  double pull = 0;
  for (auto [k, lambda] : pulled) pull += lambda;
  const bool mixed = pull > 0;
  const double scale = pull > 1 ? 1.0 / pull : 1.0;
  std::size_t next_interaction = 0;
  auto add = [&](int who, double weight) {
    const Preferences& pw = *s.preferences_of(who);
    double w_total = total_salience(pw);
    if (weight != 0)
      for (const auto& ip : pw.issues)
        for (std::size_t o = 0; o < ip.scores.size(); ++o) {
          if (!mixed)  // exact: whole millionths of a salience×score point
            u.value[ip.issue][o] += units.of_points(ip.salience.value * ip.scores[o].value);
          else  // mixed utilities: rounded to the same grid term by term
            u.value[ip.issue][o] += units.of(weight * ip.salience.value * ip.scores[o].value / (100.0 * w_total));
        }
    for (const auto& in : pw.interactions) {
      if (in.when.empty() || (weight == 0 && !keep_zero)) continue;
      double bonus = units.of(weight * in.bonus.value);
      if (!build) {
        u.interactions[next_interaction++].bonus = bonus;
        continue;
      }
      CompiledInteraction ci;
      ci.bonus = bonus;
      for (const auto& c : in.when) {
        std::uint64_t mask = 0;
        for (int o : c.options) mask |= std::uint64_t{1} << o;
        ci.when.emplace_back(c.issue, mask);
        link(c.issue, in.when.front().issue);
      }
      u.interactions.push_back(std::move(ci));
    }
  };
  add(a, mixed ? std::max(0.0, 1.0 - pull) : 1.0);
  for (auto [k, lambda] : pulled) add(k, lambda * scale);
}

// The utility of a whole package in model units (exact: a sum of grid values, in any order).
static double package_units(const UtilityFn& u, const Choice& x) {
  double sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += u.value[i][x[i]];
  for (const auto& in : u.interactions)
    if (holds(in, x)) sum += in.bonus;
  return sum;
}

// The value of no deal: the stated reservation, or the utility of the fallback package; a
// patron's backing raises it (M14).
void fill_reservation(const Scenario& s, UtilityFn& u) {
  const Preferences& pref = *s.preferences_of(u.actor);
  double support = 0;
  for (const auto& sp : s.support)
    if (sp.party == u.actor) support += sp.level.value * sp.effect.value;
  if (pref.fallback >= 0) {
    // Exactly the package's model units when nothing is added and no clamp applies, so that the
    // fallback package itself ties with no deal.
    const double units = package_units(u, s.packages[pref.fallback].options);
    const double base = u.to_utility(units);
    u.reservation_utility = std::clamp(base + support, 0.0, 1.0);
    u.reservation = support == 0 && base == u.reservation_utility
                        ? units
                        : std::ldexp(std::round(u.reservation_utility * u.per_utility), -u.exponent);
    return;
  }
  const double reservation = std::clamp(pref.reservation.value + support, 0.0, 1.0);
  u.reservation_utility = reservation;
  u.reservation = std::ldexp(std::round(reservation * u.per_utility), -u.exponent);
}

void fill_ratification(const Scenario& s, CompiledModel& m) {
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    CompiledRatification& cr = m.ratification[p];
    if (!cr.active) continue;
    const Ratification* r = s.ratification_of(m.utilities[m.parties[p]].actor);
    cr.threshold = r->threshold.value;
    cr.cost = r->cost.value;
    double weight_total = 0;
    for (std::size_t k = 0; k < cr.constituents.size(); ++k) {
      cr.weight[k] = s.actors[m.utilities[cr.constituents[k]].actor].capability.value;
      weight_total += cr.weight[k];
    }
    for (double& w : cr.weight) w = weight_total > 0 ? w / weight_total : 1.0 / static_cast<double>(cr.weight.size());
  }
}

}  // namespace

CompiledModel compile(const Scenario& s, const CompileOptions& opt) {
  CompiledModel m;
  std::vector<Diagnostic> diags;
  for (const auto& issue : s.issues) {
    if (static_cast<int>(issue.options.size()) > kMaxOptionsPerIssue)
      diags.push_back({issue.loc, fmt::format("issue '{}' has {} options; parley supports at most {} per issue",
                                              issue.id, issue.options.size(), kMaxOptionsPerIssue)});
    m.n_options.push_back(static_cast<int>(issue.options.size()));
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  const int n_issues = static_cast<int>(s.issues.size());

  // Canonical index: first issue most significant (lexicographic order of option indices).
  m.stride.assign(n_issues, 1);
  for (int i = n_issues - 2; i >= 0; --i) m.stride[i] = m.stride[i + 1] * static_cast<std::uint64_t>(m.n_options[i + 1]);

  // Union-find over issues linked by interactions.
  std::vector<int> root(n_issues);
  std::iota(root.begin(), root.end(), 0);
  auto find = [&](int i) {
    while (root[i] != i) i = root[i] = root[root[i]];
    return i;
  };
  auto link = [&](int i, int j) { root[find(i)] = find(j); };

  m.pulled_by = pulls(s, opt.keep_zero_terms);
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    if (!s.preferences_of(static_cast<int>(a))) continue;
    UtilityFn u;
    fill_utility(s, static_cast<int>(a), m.pulled_by[a], true, opt.keep_zero_terms, u, link);
    fill_reservation(s, u);
    if (s.actors[a].role == Role::party) m.parties.push_back(static_cast<int>(m.utilities.size()));
    m.utilities.push_back(std::move(u));
  }

  // Ratification (Level II).
  auto fn_of = [&](int actor) {
    for (std::size_t f = 0; f < m.utilities.size(); ++f)
      if (m.utilities[f].actor == actor) return static_cast<int>(f);
    return -1;
  };
  m.ratification.resize(m.parties.size());
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    int actor = m.utilities[m.parties[p]].actor;
    const Ratification* r = s.ratification_of(actor);
    if (!r) continue;
    CompiledRatification& cr = m.ratification[p];
    cr.active = true;
    cr.rule = r->rule;
    for (int c : s.constituents_of(actor)) {
      int f = fn_of(c);
      if (f < 0) continue;
      cr.constituents.push_back(f);
      cr.weight.push_back(0);
      cr.veto.push_back(std::find(r->veto.begin(), r->veto.end(), c) != r->veto.end());
    }
  }
  fill_ratification(s, m);

  std::vector<int> block_of(n_issues, -1);
  for (int i = 0; i < n_issues; ++i) {
    int r = find(i);
    if (block_of[r] < 0) {
      block_of[r] = static_cast<int>(m.blocks.size());
      m.blocks.emplace_back();
    }
    m.blocks[block_of[r]].push_back(i);
  }
  return m;
}

}  // namespace parley

namespace parley {

void recompile(const Scenario& s, CompiledModel& m, const std::vector<int>& fns) {
  auto no_link = [](int, int) {};
  for (auto& pulled : m.pulled_by)
    for (auto& [k, lambda] : pulled) lambda = std::max(0.0, s.actors[k].influence.value);
  for (int f : fns) {
    UtilityFn& u = m.utilities[f];
    fill_utility(s, u.actor, m.pulled_by[u.actor], false, true, u, no_link);
  }
  for (UtilityFn& u : m.utilities) fill_reservation(s, u);
  fill_ratification(s, m);
}

std::vector<int> utilities_reading(const Scenario& s, const CompiledModel& m, const std::vector<const Param*>& params) {
  auto reads = [&](int actor) {
    for (const Param* p : params) {
      if (p == &s.actors[actor].influence) return true;
      const Preferences* pref = s.preferences_of(actor);
      for (const auto& ip : pref->issues) {
        if (p == &ip.salience) return true;
        for (const auto& sc : ip.scores)
          if (p == &sc) return true;
      }
      for (const auto& in : pref->interactions)
        if (p == &in.bonus) return true;
    }
    return false;
  };
  std::vector<int> out;
  for (std::size_t f = 0; f < m.utilities.size(); ++f) {
    int a = m.utilities[f].actor;
    bool dirty = reads(a);
    for (auto [k, lambda] : m.pulled_by[a]) dirty = dirty || reads(k);
    if (dirty) out.push_back(static_cast<int>(f));
  }
  return out;
}

}  // namespace parley
