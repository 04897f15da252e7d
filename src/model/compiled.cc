#include "model/compiled.h"
#include "model/reservations.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <fmt/format.h>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

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

bool holds(const CompiledConditions& when, const Choice& x) {
  for (const auto& [issue, mask] : when)
    if (!((mask >> x[issue]) & 1u)) return false;
  return true;
}

bool breaks_in_one_stage(const CompiledOrder& o, const Choice& start, const Choice& x) {
  return holds(o.move, x) && !holds(o.move, start) && !holds(o.after, start);
}

static bool broken(const CompiledRequirement& r, const Choice& x) { return holds(r.when, x) && !holds(r.then, x); }

// The first issue of a requirement (`then` is never empty); all its issues share its block.
static int first_issue(const CompiledRequirement& r) {
  return r.when.empty() ? r.then.front().first : std::min(r.when.front().first, r.then.front().first);
}

bool CompiledModel::has_requirements() const {
  for (int f : parties)
    if (!utilities[f].requirements.empty()) return true;
  for (const auto& r : ratification)
    if (r.active)
      for (int f : r.constituents)
        if (!utilities[f].requirements.empty()) return true;
  return false;
}

std::vector<int> CompiledModel::broken_requirements(int fn, const Choice& x) const {
  std::vector<int> out;
  const auto& reqs = utilities[fn].requirements;
  for (std::size_t k = 0; k < reqs.size(); ++k)
    if (broken(reqs[k], x)) out.push_back(static_cast<int>(k));
  return out;
}

int CompiledModel::block_broken(int fn, int block, const Choice& x) const {
  int n = 0;
  for (const auto& r : utilities[fn].requirements)
    if (std::binary_search(blocks[block].begin(), blocks[block].end(), first_issue(r)) && broken(r, x)) ++n;
  return n;
}

int CompiledBoxes::anchor() const {
  int first = -1;
  for (const auto& b : boxes)
    if (!b.when.empty() && (first < 0 || b.when.front().first < first)) first = b.when.front().first;
  return first < 0 ? 0 : first;
}

double CompiledBoxes::value(const Choice& x) const {
  return combine([&](std::size_t k) { return boxes[k].holds(x); });
}

double UtilityFn::evaluate(const Choice& x) const {
  double sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += value[i][x[i]];
  for (const auto& in : interactions)
    if (holds(in, x)) sum += in.bonus;
  for (const auto& g : boxes) sum += g.value(x);
  return sum;
}

double CompiledModel::block_utility(int fn, int block, const Choice& x) const {
  const UtilityFn& u = utilities[fn];
  const auto& issues = blocks[block];
  auto in_block = [&](int issue) { return std::binary_search(issues.begin(), issues.end(), issue); };
  double sum = 0;
  for (int issue : issues) sum += u.value[issue][x[issue]];
  for (const auto& in : u.interactions) {
    // An interaction belongs to the block of its first issue (all its issues are in that block).
    if (in_block(first_issue(in)) && holds(in, x)) sum += in.bonus;
  }
  // A joint box term belongs to the block of its anchor (all its issues are there); a split
  // one's boxes each to the block of its own first issue.
  for (const auto& g : u.boxes) {
    if (g.joint()) {
      if (in_block(g.anchor())) sum += g.value(x);
      continue;
    }
    for (std::size_t k = 0; k < g.boxes.size(); ++k)
      if (in_block(g.anchor(k)) && g.boxes[k].holds(x)) sum += g.boxes[k].value;
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

// Exact scales (UtilityFn, CompiledRatification): integers in doubles stay exact below 2^53;
// intermediate products are formed in 128 bits and checked against that limit.
using u128 = unsigned __int128;
constexpr std::uint64_t kExactLimit = std::uint64_t{1} << 53;
constexpr std::uint64_t kMillion = 1'000'000;

u128 gcd128(u128 a, u128 b) {
  while (b != 0) {
    u128 r = a % b;
    a = b;
    b = r;
  }
  return a;
}

// x as a whole number of millionths, when it is one: a decimal with up to six places, up to the
// rounding of its conversion to a double.
bool millionths(double x, std::int64_t& n) {
  if (!std::isfinite(x) || std::abs(x) > 1e9) return false;
  double y = x * 1e6, r = std::round(y);
  if (std::abs(y - r) > 1e-12 * std::max(1.0, std::abs(r))) return false;
  n = static_cast<std::int64_t>(r);
  return true;
}

std::uint64_t magnitude(std::int64_t v) { return v < 0 ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v); }

// A fraction num/den in lowest terms (den > 0).
struct Fraction {
  u128 num = 0, den = 1;
};
Fraction reduced(u128 num, u128 den) {
  u128 g = gcd128(num, den);
  return g == 0 ? Fraction{} : Fraction{num / g, den / g};
}

// z = lcm(z, den), when it stays below 2^53.
bool lcm_into(std::uint64_t& z, u128 den) {
  if (den == 0 || den >= kExactLimit) return false;
  u128 l = z / gcd128(z, den) * den;
  if (l >= kExactLimit) return false;
  z = static_cast<std::uint64_t>(l);
  return true;
}

// Per-actor lookups built once per compile or recompile (Scenario's own lookups scan its lists,
// which made compiling n actors O(n²)). Lists keep file order, so sums over them add in the
// same order as scans of the scenario would.
struct Lookup {
  explicit Lookup(const Scenario& scenario) : s(scenario) {
    const std::size_t n = s.actors.size();
    pref.assign(n, -1);
    for (std::size_t k = s.preferences.size(); k-- > 0;)  // the first entry of an actor wins
      if (s.preferences[k].actor >= 0 && static_cast<std::size_t>(s.preferences[k].actor) < n)
        pref[s.preferences[k].actor] = static_cast<int>(k);
    ratification.assign(n, -1);
    for (std::size_t k = s.ratification.size(); k-- > 0;)
      if (s.ratification[k].party >= 0 && static_cast<std::size_t>(s.ratification[k].party) < n)
        ratification[s.ratification[k].party] = static_cast<int>(k);
    support.assign(n, {});
    for (std::size_t k = 0; k < s.support.size(); ++k)
      if (s.support[k].party >= 0 && static_cast<std::size_t>(s.support[k].party) < n)
        support[s.support[k].party].push_back(static_cast<int>(k));
  }
  const Preferences* prefs(int a) const { return pref[a] >= 0 ? &s.preferences[pref[a]] : nullptr; }
  const Ratification* ratification_of(int a) const { return ratification[a] >= 0 ? &s.ratification[ratification[a]] : nullptr; }
  // Actor ids to indices (the first of each id), for parents.
  std::unordered_map<std::string_view, int> actor_ids() const {
    std::unordered_map<std::string_view, int> ids;
    ids.reserve(s.actors.size());
    for (std::size_t k = 0; k < s.actors.size(); ++k) ids.emplace(s.actors[k].id, static_cast<int>(k));
    return ids;
  }

  const Scenario& s;
  std::vector<int> pref;                  // per actor: index into s.preferences, -1 when none
  std::vector<int> ratification;          // per actor: index into s.ratification, -1 when none
  std::vector<std::vector<int>> support;  // per actor: indices into s.support backing it
};

// Advisers pulling each actor's utility (M12), as (adviser, influence) pairs. With
// `keep_zero` the advisers whose influence is 0 are listed too (structure for recompile).
std::vector<std::vector<std::pair<int, double>>> pulls(const Lookup& look, bool keep_zero) {
  const Scenario& s = look.s;
  const auto ids = look.actor_ids();
  std::vector<std::vector<std::pair<int, double>>> pulled_by(s.actors.size());
  for (std::size_t k = 0; k < s.actors.size(); ++k) {
    const Actor& adv = s.actors[k];
    if (!adv.has_influence || adv.parent.empty() || (!keep_zero && adv.influence.value <= 0)) continue;
    auto it = ids.find(adv.parent);
    int parent = it == ids.end() ? -1 : it->second;
    if (parent >= 0 && look.prefs(parent) && look.prefs(static_cast<int>(k)))
      pulled_by[parent].emplace_back(static_cast<int>(k), std::max(0.0, adv.influence.value));
  }
  return pulled_by;
}

double total_salience(const Preferences& pref) {
  double total = 0;
  for (const auto& ip : pref.issues) total += ip.salience.value;
  return total > 0 ? total : 1.0;  // the loader rejects all-zero; stay finite if built by hand
}

// The reservation of actor a on the 0..1 scale: its own, raised by a patron's backing (M14).
// A patron's backing of actor a: what it adds to a's value of no deal (M14).
double support_of(const Lookup& look, int a) {
  double support = 0;
  for (int k : look.support[a]) support += look.s.support[k].level.value * look.s.support[k].effect.value;
  return support;
}

double reservation_of(const Lookup& look, int a) {
  return std::clamp(look.prefs(a)->reservation.value + support_of(look, a), 0.0, 1.0);
}

// The reservation's part in an exact scale: its denominator in lowest terms when it is a decimal
// with up to six places, else 1 (it is then rounded to the grid and adds nothing to the scale).
std::uint64_t reservation_den(const Lookup& look, int a) {
  std::int64_t r = 0;
  if (!millionths(reservation_of(look, a), r)) return 1;
  return static_cast<std::uint64_t>(reduced(static_cast<u128>(r), kMillion).den);
}

// The weight of source i of a mixed utility (0: the actor itself, k >= 1: pulled[k - 1]) as an
// exact fraction, when every influence is a decimal with up to six places. Mirrors the double
// weights of fill_utility: (1 − Λ) and λ_k, or λ_k / Λ when Λ > 1.
bool exact_weight(const std::vector<std::pair<int, double>>& pulled, std::size_t i, Fraction& w) {
  std::uint64_t total = 0, own = 0;
  for (std::size_t k = 0; k < pulled.size(); ++k) {
    std::int64_t n = 0;
    if (!millionths(pulled[k].second, n) || n < 0) return false;
    total += static_cast<std::uint64_t>(n);
    if (k + 1 == i) own = static_cast<std::uint64_t>(n);
  }
  if (total == 0) {
    w = Fraction{i == 0 ? 1u : 0u, 1};
  } else if (total <= kMillion) {
    w = reduced(i == 0 ? kMillion - total : own, kMillion);
  } else {
    w = reduced(i == 0 ? 0 : own, total);
  }
  if (w.num == 0) w = Fraction{};
  return true;
}

// One source's terms in exact form: its option values are w·round(salience·score·10^6)/S with
// S = 100·Σ salience·10^6, its bonuses w·bonus; `value` and `bonus` are the fractions that
// multiply the integers round(salience·score·10^6)/g_value and bonus·10^6/g_bonus.
// Box values (in the source's boxes term, value / scale) are w·(value·10^6)/(scale·10^6):
// `box` multiplies the integers value·10^6/g_box; a cap w·cap is `cap` times the integer cap·10^6.
struct SourceTerms {
  Fraction value, bonus, box, cap;
  std::int64_t g_value = 1, g_bonus = 1, g_box = 1;
};

bool source_terms(const Lookup& look, int who, const Fraction& w, SourceTerms& out) {
  const Preferences& pw = *look.prefs(who);
  out = SourceTerms{};
  std::uint64_t salience = 0;
  std::int64_t gv = 0, gb = 0;
  for (const auto& ip : pw.issues) {
    std::int64_t n = 0;
    if (!millionths(ip.salience.value, n) || n < 0) return false;
    salience += static_cast<std::uint64_t>(n);
    for (const auto& sc : ip.scores)
      gv = std::gcd(gv, static_cast<std::int64_t>(std::round(ip.salience.value * sc.value * 1e6)));
  }
  for (const auto& in : pw.interactions) {
    if (in.when.empty()) continue;
    std::int64_t n = 0;
    if (!millionths(in.bonus.value, n)) return false;
    gb = std::gcd(gb, n);
  }
  u128 S = static_cast<u128>(salience == 0 ? kMillion : salience) * 100;  // as total_salience: 1 if none
  if (gv != 0) {
    out.g_value = gv;
    out.value = reduced(w.num * static_cast<u128>(gv), w.den * S);
  }
  if (gb != 0) {
    out.g_bonus = gb;
    out.bonus = reduced(w.num * static_cast<u128>(gb), w.den * kMillion);
  }
  if (pw.has_boxes) {
    std::int64_t scale = 0, gx = 0, c = 0;
    if (!millionths(pw.boxes.scale.value, scale) || scale <= 0) return false;
    for (const auto& b : pw.boxes.terms) {
      std::int64_t n = 0;
      if (!millionths(b.value.value, n)) return false;
      gx = std::gcd(gx, n);
    }
    if (gx != 0) {
      out.g_box = gx;
      out.box = reduced(w.num * static_cast<u128>(gx), w.den * static_cast<u128>(scale));
    }
    if (pw.boxes.has_cap) {
      if (!millionths(pw.boxes.cap.value, c)) return false;
      if (c != 0) out.cap = reduced(w.num, w.den * kMillion);
    }
  }
  return true;
}

// An integer term: n/g · f.num · (Z / f.den), if below 2^53 in magnitude (else 0 and ok = false).
double exact_term(std::int64_t n, std::int64_t g, const Fraction& f, std::uint64_t Z, bool& ok) {
  u128 k = static_cast<u128>(magnitude(n / g)) * f.num * (Z / f.den);
  if (k >= kExactLimit) {
    ok = false;
    return 0;
  }
  double v = static_cast<double>(static_cast<std::uint64_t>(k));
  return n < 0 ? -v : v;
}

// The exact scale Z of a mixed utility or an audience-cost party's utility: the least common
// multiple of the denominators of every term of every source, of the reservation (when it is a
// decimal with up to six places; otherwise it is rounded to the grid) and `extra_den` (the
// audience-cost terms). 0 when an input is not such a decimal or when Z times the largest
// possible |utility| (plus the reservation and the audience costs) reaches 2^53.
std::uint64_t exact_scale(const Lookup& look, int a, const std::vector<std::pair<int, double>>& pulled,
                          std::uint64_t extra_den) {
  std::uint64_t Z = 1;
  auto terms_of = [&](std::size_t i, SourceTerms& st) {
    Fraction w;
    return exact_weight(pulled, i, w) && source_terms(look, i == 0 ? a : pulled[i - 1].first, w, st);
  };
  for (std::size_t i = 0; i <= pulled.size(); ++i) {
    SourceTerms st;
    if (!terms_of(i, st)) return 0;
    if (st.value.num != 0 && !lcm_into(Z, st.value.den)) return 0;
    if (st.bonus.num != 0 && !lcm_into(Z, st.bonus.den)) return 0;
    if (st.box.num != 0 && !lcm_into(Z, st.box.den)) return 0;
    if (st.cap.num != 0 && !lcm_into(Z, st.cap.den)) return 0;
  }
  if (!lcm_into(Z, reservation_den(look, a))) return 0;
  if (extra_den > 1 && !lcm_into(Z, extra_den)) return 0;
  // Largest |utility| · Z: per source, the largest |value| per issue and every |bonus|; plus
  // the reservation and the audience costs (each at most 1 utility, i.e. Z).
  u128 bound = 2 * static_cast<u128>(Z);
  bool ok = true;
  for (std::size_t i = 0; i <= pulled.size() && ok; ++i) {
    const Preferences& pw = *look.prefs(i == 0 ? a : pulled[i - 1].first);
    SourceTerms st;
    terms_of(i, st);
    if (st.value.num != 0)
      for (const auto& ip : pw.issues) {
        double largest = 0;
        for (const auto& sc : ip.scores) {
          auto n = static_cast<std::int64_t>(std::round(ip.salience.value * sc.value * 1e6));
          largest = std::max(largest, std::abs(exact_term(n, st.g_value, st.value, Z, ok)));
        }
        bound += static_cast<u128>(largest);
      }
    if (st.bonus.num != 0)
      for (const auto& in : pw.interactions) {
        std::int64_t n = 0;
        if (in.when.empty() || !millionths(in.bonus.value, n)) continue;
        bound += static_cast<u128>(std::abs(exact_term(n, st.g_bonus, st.bonus, Z, ok)));
      }
    // A box term is at most the sum of its boxes' |values| (or its |cap|, when that is larger).
    if (st.box.num != 0)
      for (const auto& b : pw.boxes.terms) {
        std::int64_t n = 0;
        if (millionths(b.value.value, n)) bound += static_cast<u128>(std::abs(exact_term(n, st.g_box, st.box, Z, ok)));
      }
    if (st.cap.num != 0) {
      std::int64_t n = 0;
      if (millionths(pw.boxes.cap.value, n)) bound += static_cast<u128>(std::abs(exact_term(n, 1, st.cap, Z, ok)));
    }
    if (bound >= kExactLimit) ok = false;
  }
  return ok ? Z : 0;
}

// Fills the numbers of actor a's utility function. With `build`, u is built from scratch
// (interactions included; `link` is called with the issues each interaction ties together;
// interactions of an actor mixed in with weight 0 are left out unless `keep_zero`); otherwise u
// has the structure a previous call built (with keep_zero) from the same `pulled` list and only
// its numbers are rewritten, without allocating.
// `cost_den` > 0 marks a party with an audience cost whose terms have that common denominator
// (see fill_penalties): its scale is then chosen exact too.
template <class Link>
void fill_utility(const Lookup& look, int a, const std::vector<std::pair<int, double>>& pulled, bool build,
                  bool keep_zero, UtilityFn& u, Link link, std::uint64_t cost_den = 0) {
  const Scenario& s = look.s;
  const Preferences* pref = look.prefs(a);
  // Influence (M12): advisers (actors with a parent and an influence) pull their parent's
  // utility towards their own: u_parent' = (1 − Λ)·u_parent + Σ_k λ_k·u_k with Λ = Σ_k λ_k
  // (when Λ > 1 the λ are rescaled to sum to 1).
  double pull = 0;
  for (auto [k, lambda] : pulled) pull += lambda;
  const bool mixed = pull > 0;
  const double scale = pull > 1 ? 1.0 / pull : 1.0;
  // Mixed utilities and audience-cost parties: the exact scale Z when there is one, else the
  // grid of the actor's own saliences, mixed terms rounded to it.
  // Boxes divide by their scale: their utility too is put on an exact scale when it has one.
  bool boxes = false;
  for (std::size_t i = 0; i <= pulled.size(); ++i) boxes = boxes || look.prefs(i == 0 ? a : pulled[i - 1].first)->has_boxes;
  const std::uint64_t Z = mixed || cost_den > 0 || boxes ? exact_scale(look, a, pulled, cost_den) : 0;
  Units units{Z > 0 ? static_cast<double>(Z) : 100.0 * total_salience(*pref) * 1e6, 0};
  std::frexp(units.per_utility, &units.exponent);
  u.actor = a;
  u.unit = std::ldexp(1.0, units.exponent) / units.per_utility;
  u.exponent = units.exponent;
  u.per_utility = units.per_utility;
  if (build) u.value.resize(s.issues.size());
  for (std::size_t i = 0; i < s.issues.size(); ++i) u.value[i].assign(s.issues[i].options.size(), 0.0);

  std::size_t next_interaction = 0, next_boxes = 0;
  auto add = [&](int who, double weight, std::size_t source) {
    const Preferences& pw = *look.prefs(who);
    double w_total = total_salience(pw);
    SourceTerms st;
    Fraction w;
    bool ok = true;
    if (Z > 0) {  // exact_scale succeeded, so these do too
      exact_weight(pulled, source, w);
      source_terms(look, who, w, st);
    }
    // Which terms exist follows the double weights on both paths (the structure must not
    // depend on the path); on the exact path a weight that is 0 only exactly adds zeros.
    if (weight != 0)
      for (const auto& ip : pw.issues)
        for (std::size_t o = 0; o < ip.scores.size(); ++o) {
          if (Z > 0)  // exact: integers on the common scale
            u.value[ip.issue][o] += std::ldexp(
                exact_term(static_cast<std::int64_t>(std::round(ip.salience.value * ip.scores[o].value * 1e6)),
                           st.g_value, st.value, Z, ok),
                -units.exponent);
          else if (!mixed)  // exact: whole millionths of a salience×score point
            u.value[ip.issue][o] += units.of_points(ip.salience.value * ip.scores[o].value);
          else  // mixed utilities off the exact scale: rounded to the grid term by term
            u.value[ip.issue][o] += units.of(weight * ip.salience.value * ip.scores[o].value / (100.0 * w_total));
        }
    for (std::size_t idx = 0; idx < pw.interactions.size(); ++idx) {
      const Interaction& in = pw.interactions[idx];
      if (in.when.empty() || (weight == 0 && !keep_zero)) continue;
      double bonus = units.of(weight * in.bonus.value);
      if (Z > 0) {
        std::int64_t n = 0;
        millionths(in.bonus.value, n);
        bonus = st.bonus.num == 0 ? 0.0 : std::ldexp(exact_term(n, st.g_bonus, st.bonus, Z, ok), -units.exponent);
      }
      if (!build) {
        u.interactions[next_interaction++].bonus = bonus;
        continue;
      }
      CompiledInteraction ci;
      ci.bonus = bonus;
      ci.actor = who;
      ci.index = static_cast<int>(idx);
      for (const auto& c : in.when) {
        std::uint64_t mask = 0;
        for (int o : c.options) mask |= std::uint64_t{1} << o;
        ci.when.emplace_back(c.issue, mask);
        link(c.issue, in.when.front().issue);
      }
      u.interactions.push_back(std::move(ci));
    }
    if (!pw.has_boxes || (weight == 0 && !keep_zero)) return;
    const Boxes& bx = pw.boxes;
    CompiledBoxes* g = nullptr;
    if (build) {
      u.boxes.emplace_back();
      g = &u.boxes.back();
      g->aggregate = bx.aggregate;
      g->capped = bx.has_cap;
      g->actor = who;
      g->boxes.resize(bx.terms.size());
    } else {
      g = &u.boxes[next_boxes++];
    }
    for (std::size_t k = 0; k < bx.terms.size(); ++k) {
      const Box& b = bx.terms[k];
      CompiledBox& cb = g->boxes[k];
      double v = units.of(weight * b.value.value / bx.scale.value);
      if (Z > 0) {
        std::int64_t n = 0;
        millionths(b.value.value, n);
        v = st.box.num == 0 ? 0.0 : std::ldexp(exact_term(n, st.g_box, st.box, Z, ok), -units.exponent);
      }
      cb.value = v;
      if (!build) continue;
      cb.index = static_cast<int>(k);
      cb.excludes = b.excludes;
      for (const auto& c : b.when) {
        std::uint64_t mask = 0;
        for (int o : c.options) mask |= std::uint64_t{1} << o;
        cb.when.emplace_back(c.issue, mask);
      }
    }
    if (bx.has_cap) {
      g->cap = units.of(weight * bx.cap.value);
      if (Z > 0) {
        std::int64_t n = 0;
        millionths(bx.cap.value, n);
        g->cap = st.cap.num == 0 ? 0.0 : std::ldexp(exact_term(n, 1, st.cap, Z, ok), -units.exponent);
      }
    }
    if (!build) return;
    // Links: a split term's boxes each tie their own issues; a joint term ties all of them.
    const int anchor = g->anchor();
    for (std::size_t k = 0; k < g->boxes.size(); ++k)
      for (const auto& [issue, mask] : g->boxes[k].when) link(issue, g->joint() ? anchor : g->anchor(k));
  };
  add(a, mixed ? std::max(0.0, 1.0 - pull) : 1.0, 0);
  for (std::size_t k = 0; k < pulled.size(); ++k) add(pulled[k].first, pulled[k].second * scale, k + 1);
}

// The actor's own requirements (not its advisers': influence mixes utilities, not vetoes); the
// issues of each state requirement are linked into one block.
template <class Link>
void fill_requirements(const Lookup& look, UtilityFn& u, Link&& link) {
  auto masks = [](const std::vector<Interaction::Condition>& conditions) {
    CompiledConditions out;
    for (const auto& c : conditions) {
      std::uint64_t mask = 0;
      for (int o : c.options) mask |= std::uint64_t{1} << o;
      out.emplace_back(c.issue, mask);
    }
    return out;
  };
  const auto& reqs = look.prefs(u.actor)->requirements;
  for (std::size_t k = 0; k < reqs.size(); ++k) {
    const Requirement& r = reqs[k];
    if (r.kind == Requirement::Kind::order) {
      if (!r.move.empty() && !r.after.empty()) u.orders.push_back({static_cast<int>(k), masks(r.move), masks(r.after)});
      continue;
    }
    if (r.then.empty()) continue;  // the loader refuses it; stay well-defined if built by hand
    CompiledRequirement cr{static_cast<int>(k), masks(r.when), masks(r.then)};
    const int first = r.then.front().issue;
    for (const auto& c : r.when) link(c.issue, first);
    for (const auto& c : r.then) link(c.issue, first);
    u.requirements.push_back(std::move(cr));
  }
}


// The value of no deal: the stated reservation, or the utility of the fallback package; a
// patron's backing raises it (M14).
void fill_reservation(const Lookup& look, UtilityFn& u) {
  const Scenario& s = look.s;
  const Preferences& pref = *look.prefs(u.actor);
  if (pref.fallback >= 0) {
    const double support = support_of(look, u.actor);
    // Exactly the package's model units when nothing is added and no clamp applies, so that the
    // fallback package itself ties with no deal.
    const double units = u.evaluate(s.packages[pref.fallback].options);
    const double base = u.to_utility(units);
    u.reservation_utility = std::clamp(base + support, 0.0, 1.0);
    u.reservation = support == 0 && base == u.reservation_utility
                        ? units
                        : std::ldexp(std::round(u.reservation_utility * u.per_utility), -u.exponent);
    return;
  }
  const double reservation = reservation_of(look, u.actor);
  u.reservation_utility = reservation;
  u.reservation = std::ldexp(std::round(reservation * u.per_utility), -u.exponent);
}

void fill_ratification(const Lookup& look, CompiledModel& m) {
  const Scenario& s = look.s;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    CompiledRatification& cr = m.ratification[p];
    if (!cr.active) continue;
    const Ratification* r = look.ratification_of(m.utilities[m.parties[p]].actor);
    cr.threshold = r->threshold.value;
    cr.cost = r->cost.value;
    double weight_total = 0;
    for (std::size_t k = 0; k < cr.constituents.size(); ++k) {
      cr.weight[k] = s.actors[m.utilities[cr.constituents[k]].actor].capability.value;
      weight_total += cr.weight[k];
    }
    for (double& w : cr.weight) w = weight_total > 0 ? w / weight_total : 1.0 / static_cast<double>(cr.weight.size());

    // Exact form: votes = capabilities in millionths over their common divisor (1 each when
    // they are all 0, as the shares above).
    cr.exact = false;
    cr.cost_num = 0;
    cr.cost_den = 0;
    std::int64_t g = 0;
    bool ok = true;
    for (std::size_t k = 0; k < cr.constituents.size(); ++k) {
      std::int64_t n = 0;
      ok = ok && millionths(s.actors[m.utilities[cr.constituents[k]].actor].capability.value, n) && n >= 0;
      cr.votes[k] = static_cast<double>(n);
      g = std::gcd(g, n);
    }
    if (!ok) continue;
    cr.votes_total = 0;
    for (double& v : cr.votes) {
      v = g > 0 ? v / static_cast<double>(g) : 1.0;
      cr.votes_total += v;
    }
    if (cr.votes_total <= 0 || cr.votes_total >= static_cast<double>(kExactLimit) / static_cast<double>(kMillion)) continue;
    const auto total = static_cast<u128>(cr.votes_total);
    std::int64_t n = 0;
    if (cr.rule == Ratification::Rule::weighted_majority) {
      if (!millionths(cr.threshold, n) || n < 0) continue;
      Fraction q = reduced(static_cast<u128>(n), kMillion);
      cr.threshold_num = static_cast<double>(q.num * total);  // < 10^6 · 2^53 / 10^6
      cr.threshold_den = static_cast<double>(q.den);
      cr.exact = true;
    } else {
      if (!millionths(cr.cost, n) || n < 0) continue;
      Fraction c = reduced(static_cast<u128>(n), kMillion);
      cr.cost_num = static_cast<std::uint64_t>(c.num);
      cr.cost_den = static_cast<std::uint64_t>(c.den);
      // cr.exact is decided by fill_penalties, once the party's scale is known.
    }
  }
}

// The common denominator of party p's audience-cost terms cost · votes_k / votes_total (in
// utility), 0 when they have no exact form (then the party's scale is the usual one).
std::uint64_t cost_denominator(const CompiledRatification& cr) {
  if (!cr.active || cr.rule != Ratification::Rule::audience_cost || cr.cost_den == 0) return 0;
  std::uint64_t z = 1;
  const u128 den = static_cast<u128>(cr.cost_den) * static_cast<u128>(cr.votes_total);
  for (double v : cr.votes)
    if (!lcm_into(z, reduced(static_cast<u128>(cr.cost_num) * static_cast<u128>(v), den).den)) return 0;
  return z;
}

// Audience costs in the party's model units: the penalty of each opposing constituent, exact
// when the party's scale Z makes cost · votes_k / votes_total · Z an integer for every k.
void fill_penalties(CompiledModel& m) {
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    CompiledRatification& cr = m.ratification[p];
    if (!cr.active || cr.rule != Ratification::Rule::audience_cost) continue;
    const UtilityFn& u = m.utilities[m.parties[p]];
    cr.exact = cost_denominator(cr) > 0 && u.per_utility == std::floor(u.per_utility) &&
               u.per_utility < static_cast<double>(kExactLimit);
    if (!cr.exact) continue;
    const u128 den = static_cast<u128>(cr.cost_den) * static_cast<u128>(cr.votes_total);
    for (std::size_t k = 0; k < cr.votes.size(); ++k) {
      u128 num = static_cast<u128>(cr.cost_num) * static_cast<u128>(cr.votes[k]) * static_cast<u128>(u.per_utility);
      if (num % den != 0 || num / den >= kExactLimit) {
        cr.exact = false;
        break;
      }
      cr.penalty[k] = std::ldexp(static_cast<double>(static_cast<std::uint64_t>(num / den)), -u.exponent);
    }
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

  const Lookup look(s);
  m.pulled_by = pulls(look, opt.keep_zero_terms);
  std::vector<int> fn_of(s.actors.size(), -1);  // per actor: its utility function, -1 when none
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    if (!look.prefs(static_cast<int>(a))) continue;
    UtilityFn u;
    fill_utility(look, static_cast<int>(a), m.pulled_by[a], true, opt.keep_zero_terms, u, link);
    fill_requirements(look, u, link);
    fill_reservation(look, u);
    fn_of[a] = static_cast<int>(m.utilities.size());
    if (s.actors[a].role == Role::party) m.parties.push_back(static_cast<int>(m.utilities.size()));
    m.utilities.push_back(std::move(u));
  }

  // Ratification (Level II). Constituents: role constituent, with the party as parent, in file
  // order (Scenario::constituents_of), listed once for every party.
  std::vector<std::vector<int>> constituents(s.actors.size());
  {
    const auto ids = look.actor_ids();
    for (std::size_t c = 0; c < s.actors.size(); ++c) {
      if (s.actors[c].role != Role::constituent) continue;
      auto it = ids.find(s.actors[c].parent);
      if (it != ids.end()) constituents[it->second].push_back(static_cast<int>(c));
    }
  }
  m.ratification.resize(m.parties.size());
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    int actor = m.utilities[m.parties[p]].actor;
    const Ratification* r = look.ratification_of(actor);
    if (!r) continue;
    CompiledRatification& cr = m.ratification[p];
    cr.active = true;
    cr.rule = r->rule;
    const std::unordered_set<int> veto(r->veto.begin(), r->veto.end());
    for (int c : constituents[actor]) {
      int f = fn_of[c];
      if (f < 0) continue;
      cr.constituents.push_back(f);
      cr.weight.push_back(0);
      cr.votes.push_back(0);
      cr.penalty.push_back(0);
      cr.veto.push_back(veto.count(c) > 0);
    }
  }
  fill_ratification(look, m);
  // Parties with an audience cost: their scale must make the costs integers too.
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    std::uint64_t den = cost_denominator(m.ratification[p]);
    if (den == 0) continue;
    UtilityFn& u = m.utilities[m.parties[p]];
    fill_utility(look, u.actor, m.pulled_by[u.actor], false, opt.keep_zero_terms, u, link, den);
    fill_reservation(look, u);
  }
  fill_penalties(m);

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
  const Lookup look(s);
  for (auto& pulled : m.pulled_by)
    for (auto& [k, lambda] : pulled) lambda = std::max(0.0, s.actors[k].influence.value);
  fill_ratification(look, m);
  // Besides `fns`, every utility on an exact scale (mixed, or an audience-cost party's): its
  // scale depends on its reservation and on the ratification numbers too.
  std::vector<char> listed(m.utilities.size(), 0);
  for (int f : fns) listed[f] = 1;
  std::vector<int> party_at(m.utilities.size(), -1);  // per utility: its position in m.parties
  for (std::size_t p = 0; p < m.parties.size(); ++p) party_at[m.parties[p]] = static_cast<int>(p);
  for (std::size_t f = 0; f < m.utilities.size(); ++f) {
    UtilityFn& u = m.utilities[f];
    std::uint64_t den = 0;
    bool refill = !m.pulled_by[u.actor].empty() || listed[f];
    const int p = party_at[f];
    if (p >= 0 && m.ratification[p].active && m.ratification[p].rule == Ratification::Rule::audience_cost) {
      refill = true;
      den = cost_denominator(m.ratification[p]);
    }
    if (refill) fill_utility(look, u.actor, m.pulled_by[u.actor], false, true, u, no_link, den);
  }
  for (UtilityFn& u : m.utilities) fill_reservation(look, u);
  fill_penalties(m);
}

struct ReservationRecompiler::Impl {
  explicit Impl(const Scenario& s) : look(s) {}
  const Lookup look;         // the structure only: values are read at each call
  std::vector<std::uint64_t> den;  // per utility function: reservation_den at the last snapshot
};

ReservationRecompiler::ReservationRecompiler(const Scenario& s) : impl_(std::make_unique<Impl>(s)) {}
ReservationRecompiler::~ReservationRecompiler() = default;

void ReservationRecompiler::snapshot(const CompiledModel& m) {
  impl_->den.resize(m.utilities.size());
  for (std::size_t f = 0; f < m.utilities.size(); ++f) impl_->den[f] = reservation_den(impl_->look, m.utilities[f].actor);
}

bool ReservationRecompiler::update(CompiledModel& m, const std::vector<int>& fns) const {
  const Lookup& look = impl_->look;
  PARLEY_CHECK(impl_->den.size() == m.utilities.size());
  // A reservation enters the other numbers of a utility function only through its exact scale
  // (exact_scale), and there only through its denominator: with the same denominator,
  // recompile would give the same scales, values and penalties, and rewrite the reservations.
  for (int f : fns)
    if (reservation_den(look, m.utilities[static_cast<std::size_t>(f)].actor) != impl_->den[static_cast<std::size_t>(f)])
      return false;
  for (int f : fns) fill_reservation(look, m.utilities[static_cast<std::size_t>(f)]);
  return true;
}

std::vector<int> utilities_reading(const Scenario& s, const CompiledModel& m, const std::vector<const Param*>& params) {
  const Lookup look(s);
  const std::unordered_set<const Param*> wanted(params.begin(), params.end());
  auto reads = [&](int actor) {
    if (wanted.empty()) return false;
    if (wanted.count(&s.actors[actor].influence)) return true;
    const Preferences* pref = look.prefs(actor);
    for (const auto& ip : pref->issues) {
      if (wanted.count(&ip.salience)) return true;
      for (const auto& sc : ip.scores)
        if (wanted.count(&sc)) return true;
    }
    for (const auto& in : pref->interactions)
      if (wanted.count(&in.bonus)) return true;
    if (pref->has_boxes) {
      if (wanted.count(&pref->boxes.scale) || wanted.count(&pref->boxes.cap)) return true;
      for (const auto& b : pref->boxes.terms)
        if (wanted.count(&b.value)) return true;
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
