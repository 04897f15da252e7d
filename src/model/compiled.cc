#include "model/compiled.h"

#include <algorithm>
#include <cmath>
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

CompiledModel compile(const Scenario& s) {
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

  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    const Preferences* pref = s.preferences_of(static_cast<int>(a));
    if (!pref) continue;
    UtilityFn u;
    u.actor = static_cast<int>(a);
    u.value.resize(n_issues);
    for (int i = 0; i < n_issues; ++i) u.value[i].assign(m.n_options[i], 0.0);
    double total = 0;
    for (const auto& ip : pref->issues) total += ip.salience.value;
    if (total <= 0) total = 1;  // the loader rejects this; stay finite if built by hand
    Units units{100.0 * total * 1e6, 0};
    std::frexp(units.per_utility, &units.exponent);
    u.unit = std::ldexp(1.0, units.exponent) / units.per_utility;
    u.reservation_utility = pref->reservation.value;
    u.reservation = units.of(pref->reservation.value);
    for (const auto& ip : pref->issues)
      for (std::size_t o = 0; o < ip.scores.size(); ++o)
        u.value[ip.issue][o] = units.of_points(ip.salience.value * ip.scores[o].value);
    for (const auto& in : pref->interactions) {
      if (in.when.empty()) continue;
      CompiledInteraction ci;
      ci.bonus = units.of(in.bonus.value);
      for (const auto& c : in.when) {
        std::uint64_t mask = 0;
        for (int o : c.options) mask |= std::uint64_t{1} << o;
        ci.when.emplace_back(c.issue, mask);
        root[find(c.issue)] = find(in.when.front().issue);
      }
      u.interactions.push_back(std::move(ci));
    }
    if (s.actors[a].role == Role::party) m.parties.push_back(static_cast<int>(m.utilities.size()));
    m.utilities.push_back(std::move(u));
  }

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
