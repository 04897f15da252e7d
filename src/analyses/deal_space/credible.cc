#include "analyses/deal_space/credible.h"

#include <algorithm>
#include <bit>
#include <fmt/format.h>

#include "analyses/deal_space/credible_eval.h"
#include "analyses/deal_space/deal_space.h"

namespace parley {

namespace {

// V of a deliverer with no item in the package (it does not move): above any probability.
constexpr double kNoItem = 2;
using credible_detail::kMaxParties;

std::vector<int> party_of_actor(const Scenario& s, const CompiledModel& m) {
  std::vector<int> out(s.actors.size(), -1);
  for (std::size_t p = 0; p < m.parties.size(); ++p) out[m.utilities[m.parties[p]].actor] = static_cast<int>(p);
  return out;
}

}  // namespace

std::vector<std::vector<double>> trust_matrix(const Scenario& s, const CompiledModel& m) {
  auto party = party_of_actor(s, m);
  std::vector<std::vector<double>> t(m.parties.size(), std::vector<double>(m.parties.size(), 1.0));
  for (const auto& tr : s.trust) {
    int i = party[tr.actor], j = party[tr.trustee];
    if (i >= 0 && j >= 0) t[i][j] = tr.value.value;
  }
  return t;
}

Commitments compile_commitments(const Scenario& s, const CompiledModel& m, double default_verification) {
  Commitments c;
  const std::size_t P = m.parties.size();
  c.default_verification = default_verification;
  auto party = party_of_actor(s, m);
  c.slot.assign(P, -1);
  for (std::size_t i = 0; i < s.issues.size(); ++i) {
    const Issue& is = s.issues[i];
    int d = is.delivered_by >= 0 ? party[is.delivered_by] : -1;
    c.deliverer.push_back(d);
    if (d < 0) c.issues_without_deliverer.push_back(static_cast<int>(i));
    else c.slot[d] = 0;
    std::vector<double> claw, ver, force;
    for (std::size_t o = 0; o < is.options.size(); ++o) {
      const int k = static_cast<int>(o);
      claw.push_back(clawback_of(is, k).value);
      const Param* v = verification_of(is, k);
      ver.push_back(v ? v->value : default_verification);
      force.push_back(in_force_share(s, static_cast<int>(i), k));
      c.lapses = c.lapses || force.back() < 1;
    }
    c.clawback.push_back(std::move(claw));
    c.verification.push_back(std::move(ver));
    c.in_force.push_back(std::move(force));
  }
  for (std::size_t p = 0; p < P; ++p)
    if (c.slot[p] == 0) {
      c.slot[p] = static_cast<int>(c.deliverers.size());
      c.deliverers.push_back(static_cast<int>(p));
    }
  c.trust = trust_matrix(s, m);
  c.order.resize(P);
  for (std::size_t p = 0; p < P; ++p) c.order[p] = static_cast<int>(p);
  std::sort(c.order.begin(), c.order.end(), [&](int a, int b) {
    return s.actors[m.utilities[m.parties[a]].actor].id < s.actors[m.utilities[m.parties[b]].actor].id;
  });
  for (int p : c.order)
    if (c.slot[p] >= 0) c.deliverer_order.push_back(c.slot[p]);
  for (const auto& row : c.trust) c.trust_flat.insert(c.trust_flat.end(), row.begin(), row.end());
  for (std::size_t p = 0; p < P; ++p) {
    const UtilityFn& u = m.utilities[m.parties[p]];
    c.reservation.push_back(u.to_utility(u.reservation));
    c.unit.push_back(u.unit);
  }
  bool distrust = false;
  for (std::size_t i = 0; i < P; ++i)
    for (std::size_t j = 0; j < P; ++j) distrust = distrust || (i != j && c.trust[i][j] < 1);
  c.needs_evaluation = distrust || c.lapses || has_one_stage_orders(m);
  if (P > kMaxParties) {
    c.why_not = fmt::format("{} parties; the one-stage plan is evaluated for at most {}", P, kMaxParties);
  } else if (!c.issues_without_deliverer.empty()) {
    std::string ids;
    for (int i : c.issues_without_deliverer) ids += (ids.empty() ? "" : ", ") + s.issues[i].id;
    c.why_not = fmt::format("no `delivered_by` party for {} {}", c.issues_without_deliverer.size() == 1 ? "issue" : "issues", ids);
  } else {
    c.evaluable = true;
  }
  return c;
}

std::size_t credible_width(const Commitments& c, std::size_t parties) {
  const std::size_t D = c.deliverers.size();
  return D + parties + D * parties;
}

void credible_row_init(const Commitments& c, std::size_t parties, double* row) {
  const std::size_t D = c.deliverers.size();
  std::fill(row, row + credible_width(c, parties), 0.0);
  std::fill(row, row + D, kNoItem);
}

void add_block_credible(const CompiledModel& m, const Commitments& c, int block, const Choice& x, double* row) {
  const std::size_t P = m.parties.size(), D = c.deliverers.size();
  std::vector<int> moving;
  for (int i : m.blocks[block])
    if (x[i] != 0) moving.push_back(i);
  const std::size_t n = moving.size();
  if (n == 0) return;
  // u[S * P + p]: the block's utility to p with the moves in subset S made (the others at the
  // status quo), on the 0..1 scale; each move's value is its Shapley value over the block's moves.
  const std::size_t subsets = std::size_t{1} << n;
  std::vector<double> u(subsets * P);
  Choice y = x;
  for (std::size_t S = 0; S < subsets; ++S) {
    for (std::size_t q = 0; q < n; ++q) y[moving[q]] = S >> q & 1 ? x[moving[q]] : 0;
    for (std::size_t p = 0; p < P; ++p) u[S * P + p] = m.utilities[m.parties[p]].to_utility(m.block_utility(m.parties[p], block, y));
  }
  std::vector<double> fact(n + 1, 1.0);
  for (std::size_t q = 1; q <= n; ++q) fact[q] = fact[q - 1] * static_cast<double>(q);
  std::vector<double> value(P);
  double* V = row;
  double* L = row + D;
  double* E = row + D + P;
  for (std::size_t q = 0; q < n; ++q) {
    std::fill(value.begin(), value.end(), 0.0);
    for (std::size_t S = 0; S < subsets; ++S) {
      if (S >> q & 1) continue;
      const double w = fact[static_cast<std::size_t>(std::popcount(S))] * fact[n - std::popcount(S) - 1] / fact[n];
      const std::size_t with = S | std::size_t{1} << q;
      for (std::size_t p = 0; p < P; ++p) value[p] += w * (u[with * P + p] - u[S * P + p]);
    }
    const int i = moving[q], o = x[i];
    const int by = c.deliverer[i];
    const std::size_t a = static_cast<std::size_t>(c.slot[by]);
    const double force = c.in_force[i][o];
    // The deliverer undoes the reversible part of a delivery that costs it (as in a plan).
    const double keep = force * value[by] < 0 ? 1 - c.clawback[i][o] : 1;
    // What every party keeps of this item when another deliverer g stops delivering and the
    // plan breaks down.
    for (std::size_t p = 0; p < P; ++p) {
      const double kept = keep * (force * value[p]);
      for (std::size_t g = 0; g < D; ++g)
        if (g != a) E[g * P + p] += kept;
      L[p] += (1 - force) * value[p];
    }
    V[a] = std::min(V[a], c.verification[i][o]);
  }
}

bool credible_from_row(const Commitments& c, std::size_t P, const double* effective, const double* row,
                       double* expected, double* completion, bool* accepted) {
  std::vector<double> neutral(credible_width(c, P));
  credible_row_init(c, P, neutral.data());
  return credible_from_halves(c, P, effective, row, neutral.data(), expected, completion, accepted);
}

std::vector<Reason> one_stage_order_reasons(const CompiledModel& m, std::size_t p, const Choice& x) {
  const Choice start(m.n_options.size(), 0);
  auto breaks = [&](int fn) {
    for (const auto& o : m.utilities[fn].orders)
      if (breaks_in_one_stage(o, start, x)) return true;
    return false;
  };
  std::vector<Reason> out;
  if (breaks(m.parties[p])) out.push_back(Reason::requirement);
  if (m.ratification[p].active)
    for (int f : m.ratification[p].constituents)
      if (breaks(f)) {
        out.push_back(Reason::ratification);
        break;
      }
  return out;
}

bool has_one_stage_orders(const CompiledModel& m) {
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    if (!m.utilities[m.parties[p]].orders.empty()) return true;
    if (m.ratification[p].active)
      for (int f : m.ratification[p].constituents)
        if (!m.utilities[f].orders.empty()) return true;
  }
  return false;
}

bool one_stage_breaks_orders(const CompiledModel& m, const Choice& x) {
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (!one_stage_order_reasons(m, p, x).empty()) return true;
  return false;
}

CredibleVerdict evaluate_credible(const CompiledModel& m, const Commitments& c, const PackageValue& v) {
  const std::size_t P = m.parties.size();
  CredibleVerdict out;
  std::vector<double> row(credible_width(c, P));
  credible_row_init(c, P, row.data());
  for (std::size_t b = 0; b < m.blocks.size(); ++b) add_block_credible(m, c, static_cast<int>(b), v.choice, row.data());
  out.expected.resize(P);
  out.completion.resize(P);
  bool buf[kMaxParties];
  credible_from_row(c, P, v.effective.data(), row.data(), out.expected.data(), out.completion.data(), buf);
  out.credible = true;
  for (std::size_t p = 0; p < P; ++p) {
    // The reasons as the plan evaluation gives them: the package (less what lapses) against no
    // deal, ratification, then mistrust.
    const double lapsed = v.effective[p] - out.completion[p];
    auto why = rejection_reasons(m, v, p, lapsed == 0 ? 0.0 : -lapsed);
    // Outside the ZOPA a package is never credible, even where a lapse would make up for it.
    if (why.empty() && !v.accepted[p]) why = rejection_reasons(m, v, p);
    // An order requirement that one stage from the status quo breaks (plans' rule, order.h).
    if (why.empty())
      for (Reason r : one_stage_order_reasons(m, p, v.choice)) why.push_back(r);
    if (why.empty() && !buf[p]) why.push_back(Reason::mistrust);
    out.accepted.push_back(why.empty());
    out.reasons.push_back(std::move(why));
    out.credible = out.credible && out.accepted.back();
  }
  return out;
}

}  // namespace parley
