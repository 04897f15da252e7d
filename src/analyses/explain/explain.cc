#include "analyses/explain/explain.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <tuple>

// The parties' verdicts in model units (party_verdict): the same library's deal-space internals,
// so that an explanation reads the numbers the verdict was decided on.
#include "analyses/deal_space/deal_space_internal.h"

namespace parley {
namespace {

// Utilities (model units) and broken-requirement counts of the party and its ratifying
// constituents; the other entries stay 0 (party_verdict reads only these).
void party_values(const CompiledModel& m, std::size_t p, const Choice& x, std::vector<double>& units,
                  std::vector<double>& broken) {
  units.assign(m.utilities.size(), 0.0);
  broken.assign(m.utilities.size(), 0.0);
  auto fill = [&](int f) {
    units[f] = m.utility(f, x);
    broken[f] = static_cast<double>(m.broken_requirements(f, x).size());
  };
  fill(m.parties[p]);
  if (m.ratification[p].active)
    for (int f : m.ratification[p].constituents) fill(f);
}

// The most a box term can be from its values alone (see explain.h): exact when its boxes can
// all hold at once, an upper bound otherwise.
double top(const CompiledBoxes& g) {
  return g.combine([&](std::size_t k) { return g.boxes[k].value > 0; });
}

// The position of a term in the order of the explanation: larger loss first, then kind, then ids.
std::tuple<int, std::string, std::string> term_key(const Scenario& s, const LossTerm& t) {
  return {static_cast<int>(t.kind), term_id(s, t), t.actor >= 0 ? s.actors[t.actor].id : std::string()};
}

}  // namespace

std::string term_id(const Scenario& s, const LossTerm& t) {
  switch (t.kind) {
    case LossTerm::Kind::issue: return s.issues[t.issue].id;
    case LossTerm::Kind::interaction: {
      const Preferences* pref = s.preferences_of(t.actor);
      return pref ? pref->interactions[t.index].id : std::string();
    }
    case LossTerm::Kind::boxes: return "boxes";
    case LossTerm::Kind::audience_cost: return "audience-cost";
  }
  return "";
}

std::vector<PartyWhy> explain_rejections(const Scenario& s, const CompiledModel& m, const PackageValue& v) {
  std::vector<PartyWhy> out;
  const Choice& x = v.choice;
  std::vector<double> units, broken;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    if (v.accepted[p]) continue;
    const int fn = m.parties[p];
    const UtilityFn& u = m.utilities[fn];
    PartyWhy w;
    w.party = p;
    // Terms in model units: exact sums (model/compiled.h), so they add up to I − u_eff exactly.
    double ideal = 0;
    for (std::size_t i = 0; i < u.value.size(); ++i) {
      if (u.value[i].empty()) continue;
      const double best = *std::max_element(u.value[i].begin(), u.value[i].end());
      ideal += best;
      LossTerm t;
      t.kind = LossTerm::Kind::issue;
      t.issue = static_cast<int>(i);
      t.units = best - u.value[i][x[i]];
      w.terms.push_back(t);
    }
    for (const auto& in : u.interactions) {
      const double best = std::max(0.0, in.bonus);
      ideal += best;
      LossTerm t;
      t.kind = LossTerm::Kind::interaction;
      t.actor = in.actor;
      t.index = in.index;
      t.units = best - (holds(in.when, x) ? in.bonus : 0.0);
      w.terms.push_back(t);
    }
    for (const auto& g : u.boxes) {
      const double best = top(g);
      ideal += best;
      LossTerm t;
      t.kind = LossTerm::Kind::boxes;
      t.actor = g.actor;
      t.units = best - g.value(x);
      w.terms.push_back(t);
    }
    party_values(m, p, x, units, broken);
    const deal_space_detail::PartyVerdict pv = deal_space_detail::party_verdict(m, p, units.data(), broken.data());
    LossTerm cost;
    cost.kind = LossTerm::Kind::audience_cost;
    cost.units = units[fn] - pv.effective;
    w.terms.push_back(cost);
    std::erase_if(w.terms, [](const LossTerm& t) { return !(t.units > 0); });
    for (auto& t : w.terms) t.value = u.to_utility(t.units);
    std::sort(w.terms.begin(), w.terms.end(), [&](const LossTerm& a, const LossTerm& b) {
      if (a.units != b.units) return a.units > b.units;
      return term_key(s, a) < term_key(s, b);
    });
    w.ideal = u.to_utility(ideal);
    w.utility = u.to_utility(pv.effective);
    w.reservation = u.to_utility(u.reservation);
    w.shortfall = v.shortfall[p];
    w.in_issue_terms = gap_in_issue_terms(s, m, fn, x, w.shortfall);
    if (!v.broken.empty()) {
      for (int k : v.broken[fn]) w.broken.push_back(u.requirements[k].index);
    }
    const CompiledRatification& r = m.ratification[p];
    w.ratification = r.active;
    const auto reasons = rejection_reasons(m, v, p);
    w.at_home = std::find(reasons.begin(), reasons.end(), Reason::ratification) != reasons.end();
    w.ratified = pv.ratified;
    w.approval = pv.approval;
    for (std::size_t k = 0; r.active && k < r.constituents.size(); ++k) {
      const int f = r.constituents[k];
      const UtilityFn& c = m.utilities[f];
      const bool breaks = broken[f] > 0;
      if (units[f] >= c.reservation && !breaks) continue;
      if (!(r.veto[k] || breaks || r.weight[k] > 0)) continue;
      Opponent o;
      o.actor = c.actor;
      o.weight = r.weight[k];
      o.shortfall = units[f] >= c.reservation ? 0.0 : c.to_utility(c.reservation - units[f]);
      for (int q : m.broken_requirements(f, x)) o.broken.push_back(c.requirements[q].index);
      o.blocks = r.veto[k] || breaks;
      w.opposed_by.push_back(std::move(o));
    }
    std::sort(w.opposed_by.begin(), w.opposed_by.end(),
              [](const Opponent& a, const Opponent& b) { return a.actor < b.actor; });
    out.push_back(std::move(w));
  }
  return out;
}

namespace {

// The work of one candidate of a repair search: the terms of every utility function a verdict
// reads (utilities, interactions, requirements).
double candidate_work(const CompiledModel& m) {
  double per = 1;
  const double I = static_cast<double>(m.n_options.size());
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    std::vector<int> fns{m.parties[p]};
    const CompiledRatification& r = m.ratification[p];
    if (r.active) fns.insert(fns.end(), r.constituents.begin(), r.constituents.end());
    for (int f : fns)
    {
      per += I + static_cast<double>(m.utilities[f].interactions.size() + m.utilities[f].requirements.size());
      for (const auto& g : m.utilities[f].boxes) per += static_cast<double>(g.boxes.size());
    }
  }
  return per;
}

// Candidates with exactly c changes: the elementary symmetric sums e_c of (options − 1), c = 0..C.
std::vector<double> candidates_by_changes(const CompiledModel& m, int C) {
  std::vector<double> e(static_cast<std::size_t>(std::max(C, 0)) + 1, 0.0);
  e[0] = 1;
  for (int k : m.n_options)
    for (int c = C; c >= 1; --c) e[c] += e[c - 1] * (k - 1);
  return e;
}

// Measured (docs/performance.md, "Cost model"): per term evaluated by a repair search.
constexpr double kRepairTermSeconds = 3e-9;

}  // namespace

CostEstimate estimate_repairs(const CompiledModel& m, std::size_t packages, int max_changes) {
  const auto e = candidates_by_changes(m, max_changes);
  const double per = candidate_work(m);
  double work = 0;
  for (int c = 1; c <= max_changes && work + e[c] * per <= kMaxRepairWork; ++c) work += e[c] * per;
  CostEstimate out;
  out.seconds = static_cast<double>(packages) * work * kRepairTermSeconds;
  out.bytes = 0;
  out.what = fmt::format("{} repair searches of up to {:.3g} term evaluations", packages, work);
  return out;
}

Repair smallest_repair(const Scenario& s, const CompiledModel& m, const Choice& x, int max_changes, bool zopa_empty) {
  Repair r;
  r.max_changes = max_changes;
  if (zopa_empty) {
    r.zopa_empty = true;
    return r;
  }
  const std::size_t P = m.parties.size(), I = m.n_options.size();
  const PackageValue v = evaluate_package(m, x);
  ++r.candidates;
  if (std::all_of(v.accepted.begin(), v.accepted.end(), [](bool b) { return b; })) {
    r.found = true;
    r.package = x;
    r.searched_changes = max_changes;
    return r;
  }
  const double per = candidate_work(m);
  const std::vector<double> e = candidates_by_changes(m, max_changes);
  // The repair's ids, in issue-id order: the tie-break that does not depend on the file's order.
  using Key = std::vector<std::pair<std::string, std::string>>;
  auto key_of = [&](const std::vector<Repair::Change>& changes) {
    Key k;
    for (const auto& c : changes) k.emplace_back(s.issues[c.issue].id, s.issues[c.issue].options[c.option].id);
    std::sort(k.begin(), k.end());
    return k;
  };
  double work = 0;
  std::vector<double> eff;
  Choice y = x;
  std::vector<Repair::Change> changes, best;
  double best_loss = 0;
  Key best_key;
  // Every way to change `left` more issues, from issue `from` on.
  auto visit = [&](auto&& self, std::size_t from, int left) -> void {
    if (left == 0) {
      ++r.candidates;
      if (!every_party_accepts(m, y, &eff)) return;
      double loss = 0;
      for (std::size_t p = 0; p < P; ++p)
        if (v.accepted[p]) loss += std::max(0.0, v.effective[p] - eff[p]);
      const bool tie = r.found && std::abs(loss - best_loss) <= 1e-12 * std::max(1.0, std::abs(best_loss));
      if (!r.found || (!tie && loss < best_loss) || (tie && key_of(changes) < best_key)) {
        r.found = true;
        best = changes;
        best_loss = loss;
        best_key = key_of(changes);
      }
      return;
    }
    for (std::size_t i = from; i + static_cast<std::size_t>(left) <= I; ++i)
      for (int o = 0; o < m.n_options[i]; ++o) {
        if (o == x[i]) continue;
        y[i] = o;
        changes.push_back({static_cast<int>(i), o});
        self(self, i + 1, left - 1);
        changes.pop_back();
        y[i] = x[i];
      }
  };
  for (int c = 1; c <= max_changes; ++c) {
    if (work + e[c] * per > kMaxRepairWork) {
      r.complete = false;
      break;
    }
    work += e[c] * per;
    visit(visit, 0, c);
    r.searched_changes = c;
    if (r.found) break;
  }
  if (r.found) {
    r.changes = best;
    r.loss = best_loss;
    r.package = x;
    for (const auto& ch : best) r.package[ch.issue] = ch.option;
  }
  return r;
}

}  // namespace parley
