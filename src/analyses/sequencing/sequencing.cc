#include "analyses/sequencing/sequencing.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <thread>
#include <tuple>

#include "analyses/deal_space/deal_space.h"
#include "analyses/sequencing/order.h"
#include "core/workers.h"

namespace parley {
namespace {

// Utilities are exact to about 1e-12 (model units); gains below this are ties, not incentives.
constexpr double kEps = 1e-12;

// Party position (CompiledModel::parties order) of each actor, -1 for non-parties.
std::vector<int> party_of_actor(const Scenario& s, const CompiledModel& m) {
  std::vector<int> out(s.actors.size(), -1);
  for (std::size_t p = 0; p < m.parties.size(); ++p) out[m.utilities[m.parties[p]].actor] = static_cast<int>(p);
  return out;
}

double own_utility(const CompiledModel& m, std::size_t p, const Choice& x) {
  const UtilityFn& u = m.utilities[m.parties[p]];
  return u.to_utility(m.utility(m.parties[p], x));
}

int rank_of(const std::vector<int>& rank, int k) { return k < 0 || rank.empty() ? k : rank[k]; }

// Places in the order of the ids (a permutation of 0..n-1).
template <class Id>
std::vector<int> ranks_by_id(std::size_t n, Id id) {
  std::vector<int> order(n), rank(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<int>(k);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return id(a) < id(b); });
  for (std::size_t k = 0; k < n; ++k) rank[order[k]] = static_cast<int>(k);
  return rank;
}

// The items of a stage in a canonical order (deliverer, issue, option, action, share, clawback,
// verification, lapse;
// deliverers and issues by their canonical places), so that every sum over items runs in the
// same order whatever the order the stage lists them in, or the file lists actors and issues:
// results are then bit-identical, not just equal to rounding.
std::vector<const SeqItem*> canonical(const SeqPlan& plan, const SeqStage& st) {
  std::vector<const SeqItem*> out;
  for (const auto& it : st.items) out.push_back(&it);
  auto key = [&](const SeqItem* x) {
    return std::tuple(rank_of(plan.party_rank, x->by), rank_of(plan.issue_rank, x->issue), x->option, x->action,
                      x->share, x->clawback, x->verification, x->in_force);
  };
  std::stable_sort(out.begin(), out.end(), [&](const SeqItem* a, const SeqItem* b) { return key(a) < key(b); });
  return out;
}

// Parties in their canonical order.
void sort_parties(const SeqPlan& plan, std::vector<int>& parties) {
  std::sort(parties.begin(), parties.end(),
            [&](int a, int b) { return rank_of(plan.party_rank, a) < rank_of(plan.party_rank, b); });
}

// Fills the items' values, the final package and the completion values. Issue items must
// already carry issue, option and share; action items their value. Consecutive items moving an
// issue to the same option form one move, whose shares must add up to 1. A move is worth its
// marginal utility given the moves started in earlier stages; when several moves start in the
// same stage, interaction terms between them are shared by the Shapley value (so the order in
// which a stage lists its items does not matter). Returns the problems found as messages.
std::vector<std::string> finish_plan(const CompiledModel& m, SeqPlan& plan) {
  const std::size_t P = m.parties.size();
  std::vector<std::string> problems;
  struct Run {
    int issue = -1, option = -1, stage = 0;
    double share = 0;
    std::vector<double> value;
    std::string where;
  };
  std::vector<Run> runs;
  std::vector<std::vector<int>> run_of(plan.stages.size());  // per stage, per item: run index or -1
  std::vector<int> open(plan.start.size(), -1);
  Choice reached = plan.start;
  std::vector<double> actions(P, 0.0);
  auto close = [&](int issue) {
    int k = open[issue];
    if (k >= 0 && std::abs(runs[k].share - 1) > 1e-9)
      problems.push_back(fmt::format("{}: the shares of this move add up to {:.9g}; expected 1", runs[k].where, runs[k].share));
    open[issue] = -1;
  };
  for (std::size_t t = 0; t < plan.stages.size(); ++t) {
    for (std::size_t k = 0; k < plan.stages[t].items.size(); ++k) {
      SeqItem& it = plan.stages[t].items[k];
      if (it.issue < 0) {
        run_of[t].push_back(-1);
        continue;
      }
      int r = open[it.issue];
      if (r < 0 || runs[r].option != it.option || runs[r].share >= 1 - 1e-9) {
        close(it.issue);
        std::string where = fmt::format("stage '{}', item {}", plan.stages[t].id, k + 1);
        if (reached[it.issue] == it.option) problems.push_back(where + ": the issue is already at this option");
        for (const auto& other : runs)
          if (other.issue == it.issue && other.stage == static_cast<int>(t))
            problems.push_back(where + ": the issue already moves in this stage; put its next move in a later stage");
        r = static_cast<int>(runs.size());
        runs.push_back({it.issue, it.option, static_cast<int>(t), 0, std::vector<double>(P, 0.0), where});
        open[it.issue] = r;
        reached[it.issue] = it.option;
      }
      runs[r].share += it.share;
      run_of[t].push_back(r);
    }
  }
  for (std::size_t i = 0; i < open.size(); ++i) close(static_cast<int>(i));

  // Values of the moves, stage by stage.
  Choice x = plan.start;
  for (std::size_t t = 0; t < plan.stages.size(); ++t) {
    std::vector<int> fresh;
    for (std::size_t k = 0; k < runs.size(); ++k)
      if (runs[k].stage == static_cast<int>(t)) fresh.push_back(static_cast<int>(k));
    // By issue (an issue starts at most one move per stage): the sums below then run in the same
    // order whatever the order of the stage's items, and so give bit-identical values.
    std::sort(fresh.begin(), fresh.end(), [&](int a, int b) {
      return rank_of(plan.issue_rank, runs[a].issue) < rank_of(plan.issue_rank, runs[b].issue);
    });
    const std::size_t n = fresh.size();
    if (n == 0) continue;
    if (n > 16) {
      problems.push_back(fmt::format("stage '{}': more than 16 moves start in one stage", plan.stages[t].id));
      continue;
    }
    // u[S][p]: utility with the moves in subset S applied.
    std::vector<std::vector<double>> u(std::size_t{1} << n, std::vector<double>(P));
    for (std::size_t S = 0; S < u.size(); ++S) {
      Choice y = x;
      for (std::size_t q = 0; q < n; ++q)
        if (S >> q & 1) y[runs[fresh[q]].issue] = runs[fresh[q]].option;
      for (std::size_t p = 0; p < P; ++p) u[S][p] = own_utility(m, p, y);
    }
    std::vector<double> fact(n + 1, 1.0);
    for (std::size_t q = 1; q <= n; ++q) fact[q] = fact[q - 1] * static_cast<double>(q);
    for (std::size_t q = 0; q < n; ++q) {
      Run& r = runs[fresh[q]];
      for (std::size_t S = 0; S < u.size(); ++S) {
        if (S >> q & 1) continue;
        const std::size_t size = static_cast<std::size_t>(std::popcount(S));
        const double w = fact[size] * fact[n - size - 1] / fact[n];
        for (std::size_t p = 0; p < P; ++p) r.value[p] += w * (u[S | std::size_t{1} << q][p] - u[S][p]);
      }
    }
    for (int k : fresh) x[runs[k].issue] = runs[k].option;
  }
  // An item is worth its share of the move's value, for the share of the horizon it stays in
  // force (a lapsing move, docs/sequencing.md §1.2); what lapses is lost to the completed plan.
  std::vector<double> lapsed(P, 0.0);
  for (std::size_t t = 0; t < plan.stages.size(); ++t)
    for (std::size_t k = 0; k < plan.stages[t].items.size(); ++k) {
      SeqItem& it = plan.stages[t].items[k];
      if (run_of[t][k] < 0) continue;
      it.value.resize(P);
      for (std::size_t p = 0; p < P; ++p) it.value[p] = it.in_force * it.share * runs[run_of[t][k]].value[p];
    }
  for (std::size_t t = 0; t < plan.stages.size(); ++t)
    for (const SeqItem* it : canonical(plan, plan.stages[t])) {
      if (it->issue < 0) {
        for (std::size_t p = 0; p < P; ++p) actions[p] += it->value[p];
      } else if (it->in_force < 1) {
        const std::size_t k = static_cast<std::size_t>(it - plan.stages[t].items.data());
        for (std::size_t p = 0; p < P; ++p) lapsed[p] += (1 - it->in_force) * it->share * runs[run_of[t][k]].value[p];
      }
    }
  plan.final_package = x;
  // The completed plan is the agreement: the final package at the value `analyze` gives it
  // (effective utility, after any audience cost) plus the actions' values (docs/no-deal.md).
  const PackageValue final_value = evaluate_package(m, x);
  plan.completion.resize(P);
  plan.reservation.resize(P);
  plan.actions = actions;
  plan.lapsed = lapsed;
  for (std::size_t p = 0; p < P; ++p) {
    // No deal as `analyze` compares it: the reservation on the model's grid (within 5e-9 of
    // the stated value, docs/deal-space.md).
    const UtilityFn& u = m.utilities[m.parties[p]];
    plan.reservation[p] = u.to_utility(u.reservation);
    plan.completion[p] = final_value.effective[p] + actions[p] - lapsed[p];
  }
  return problems;
}

// The plan as a sequence of moves: in each stage the parties in `order` move one after the
// other, then the remaining parties with items move together.
struct Move {
  int stage = 0;
  std::vector<int> parties;  // sorted
};

struct Flat {
  std::vector<const SeqItem*> items;
  std::vector<int> move_of;  // per item
  std::vector<Move> moves;
};

Flat flatten(const SeqPlan& plan) {
  Flat f;
  for (std::size_t t = 0; t < plan.stages.size(); ++t) {
    const SeqStage& st = plan.stages[t];
    auto add_move = [&](std::vector<int> parties) {
      std::vector<int> mine;
      for (const auto& it : st.items)
        if (std::find(parties.begin(), parties.end(), it.by) != parties.end()) mine.push_back(it.by);
      std::sort(mine.begin(), mine.end());
      mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
      if (mine.empty()) return;
      int k = static_cast<int>(f.moves.size());
      std::vector<int> canonical_mine = mine;
      sort_parties(plan, canonical_mine);
      f.moves.push_back({static_cast<int>(t), canonical_mine});
      for (const SeqItem* it : canonical(plan, st))
        if (std::binary_search(mine.begin(), mine.end(), it->by)) {
          f.items.push_back(it);
          f.move_of.push_back(k);
        }
    };
    std::vector<int> rest;
    for (const auto& it : st.items)
      if (std::find(st.order.begin(), st.order.end(), it.by) == st.order.end()) rest.push_back(it.by);
    for (int q : st.order) add_move({q});
    add_move(rest);
  }
  return f;
}

// Payoffs after a breakdown with the given items delivered: reservation plus what is kept;
// every party undoes (by the claw-back share) its own deliveries that cost it.
std::vector<double> breakdown(const SeqPlan& plan, const Flat& f, const std::vector<char>& delivered) {
  std::vector<double> out = plan.reservation;
  for (std::size_t k = 0; k < f.items.size(); ++k) {
    if (!delivered[k]) continue;
    const SeqItem& it = *f.items[k];
    double keep = it.value[it.by] < 0 ? 1 - it.clawback : 1;
    for (std::size_t p = 0; p < out.size(); ++p) out[p] += keep * it.value[p];
  }
  return out;
}

// The chance that party j's cheating in stage t is caught in time: the lowest verification
// among j's items of the stage (an item's own, else the stage's). A cheater withholds first what
// is hardest to check; counting what it saves on all its items of the stage errs towards caution
// (docs/sequencing.md §1.2). The stage's verification when j delivers nothing in it.
double detection(const SeqPlan& plan, int t, int j) {
  const SeqStage& st = plan.stages[t];
  double v = 2;
  for (const auto& it : st.items)
    if (it.by == j) v = std::min(v, it.verification >= 0 ? it.verification : st.verification);
  return v > 1 ? st.verification : v;
}

// Payoffs when party j stops delivering at move k: the others' parts of the same stage from
// move k on are withheld if the cheating is detected in time (probability v), else delivered.
std::vector<double> defection(const SeqPlan& plan, const Flat& f, int k, int j) {
  const int stage = f.moves[k].stage;
  std::vector<char> before(f.items.size(), 0), exposed(f.items.size(), 0);
  for (std::size_t i = 0; i < f.items.size(); ++i) {
    before[i] = f.move_of[i] < k;
    exposed[i] = before[i] || (f.moves[f.move_of[i]].stage == stage && f.move_of[i] >= k && f.items[i]->by != j);
  }
  const double v = detection(plan, stage, j);
  auto caught = breakdown(plan, f, before), missed = breakdown(plan, f, exposed);
  for (std::size_t p = 0; p < caught.size(); ++p) caught[p] = v * caught[p] + (1 - v) * missed[p];
  return caught;
}

// Canonical places of the plan's parties and issues: by actor id and issue id.
void set_ranks(const Scenario& s, const CompiledModel& m, SeqPlan& plan) {
  plan.party_rank = ranks_by_id(m.parties.size(), [&](int p) { return s.actors[m.utilities[m.parties[p]].actor].id; });
  plan.issue_rank = ranks_by_id(s.issues.size(), [&](int i) { return s.issues[i].id; });
}

}  // namespace

SeqPlan compile_plan(const Scenario& s, const CompiledModel& m, int index) {
  const Plan& src = s.plans.at(index);
  auto party = party_of_actor(s, m);
  const std::size_t P = m.parties.size();
  SeqPlan plan;
  plan.id = src.id;
  plan.start = src.start;
  set_ranks(s, m, plan);
  plan.cheat_rate = src.cheat_rate.value;
  plan.trust = trust_matrix(s, m);
  std::vector<Diagnostic> diags;
  for (const auto& st : src.stages) {
    SeqStage out;
    out.id = st.id;
    out.verification = st.verification.value;
    for (int a : st.order)
      if (party[a] >= 0) out.order.push_back(party[a]);
    for (const auto& it : st.items) {
      SeqItem item;
      if (it.action >= 0) {
        const Action& a = s.actions[it.action];
        item.by = party[a.by];
        item.action = it.action;
        item.value.assign(P, 0.0);
        for (const auto& [actor, v] : a.value)
          if (party[actor] >= 0) item.value[party[actor]] = v.value;
        item.clawback = it.has_clawback ? it.clawback.value : a.clawback.value;
      } else {
        item.by = party[it.by];
        item.issue = it.issue;
        item.option = it.option;
        item.share = it.share.value;
        const Issue& issue = s.issues[it.issue];
        item.clawback = it.has_clawback ? it.clawback.value : clawback_of(issue, it.option).value;
        if (const Param* v = verification_of(issue, it.option)) item.verification = v->value;
        item.in_force = in_force_share(s, it.issue, it.option);
      }
      if (item.by < 0) {
        diags.push_back({it.loc, fmt::format("plan '{}': the item's deliverer is not a party", src.id)});
        continue;
      }
      out.items.push_back(std::move(item));
    }
    plan.stages.push_back(std::move(out));
  }
  for (const auto& msg : finish_plan(m, plan))
    diags.push_back({src.loc, fmt::format("plan '{}', {} (a parameter change may have caused this)", src.id, msg)});
  if (!diags.empty()) throw InputError(std::move(diags));
  return plan;
}

PlanResult evaluate_plan(const CompiledModel& m, const SeqPlan& plan) {
  const std::size_t P = m.parties.size();
  const Flat f = flatten(plan);
  const std::size_t M = f.moves.size();
  PlanResult r;
  r.completion = plan.completion;
  r.reservation = plan.reservation;
  r.final_value = evaluate_package(m, plan.final_package);
  // Payoffs of every possible defection, and backward induction over the moves.
  std::vector<std::vector<std::vector<double>>> defect(M, std::vector<std::vector<double>>(P));
  std::vector<std::vector<double>> gain(M, std::vector<double>(P, 0.0));
  std::vector<std::vector<char>> opportunity(M, std::vector<char>(P, 0));
  std::vector<double> cont = plan.completion;
  std::vector<int> breaker(M, -1);
  for (std::size_t k = M; k-- > 0;) {
    double best = kEps;
    int who = -1;
    for (int j : f.moves[k].parties) {
      defect[k][j] = defection(plan, f, static_cast<int>(k), j);
      gain[k][j] = defect[k][j][j] - cont[j];
      opportunity[k][j] = gain[k][j] > kEps;
      if (gain[k][j] > best) best = gain[k][j], who = j;
    }
    if (who >= 0) {
      cont = defect[k][who];
      breaker[k] = who;
    }
  }
  r.self_enforcing = true;
  r.margin = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < M; ++k)
    for (int j : f.moves[k].parties) r.margin = std::min(r.margin, -gain[k][j]);
  if (M == 0) r.margin = 0;
  for (std::size_t k = 0; k < M; ++k)
    if (breaker[k] >= 0) {
      r.self_enforcing = false;
      if (r.unravels_at < 0) r.unravels_at = f.moves[k].stage, r.unravels_by = breaker[k];
    }

  // Per stage: deviation gains, cumulative values, beliefs.
  r.stages.resize(plan.stages.size());
  std::vector<std::vector<double>> belief = plan.trust;
  std::vector<char> upto(f.items.size(), 0);
  std::vector<double> running = plan.reservation;
  for (std::size_t t = 0; t < plan.stages.size(); ++t) {
    StageResult& st = r.stages[t];
    st.id = plan.stages[t].id;
    st.moves.assign(P, false);
    st.deviation_gain.assign(P, 0.0);
    std::vector<char> could_cheat(P, 0);
    for (std::size_t k = 0; k < M; ++k) {
      if (f.moves[k].stage != static_cast<int>(t)) continue;
      for (int j : f.moves[k].parties) {
        st.deviation_gain[j] = st.moves[j] ? std::max(st.deviation_gain[j], gain[k][j]) : gain[k][j];
        st.moves[j] = true;
        could_cheat[j] = could_cheat[j] || opportunity[k][j];
      }
    }
    for (const SeqItem* it : canonical(plan, plan.stages[t]))
      for (std::size_t p = 0; p < P; ++p) running[p] += it->value[p];
    st.cumulative = t + 1 == plan.stages.size() ? plan.completion : running;
    for (std::size_t i = 0; i < P; ++i)
      for (std::size_t j = 0; j < P; ++j) {
        double& p = belief[i][j];
        const double chi_v = plan.cheat_rate * detection(plan, static_cast<int>(t), static_cast<int>(j));
        if (i == j || !could_cheat[j] || p <= 0 || p >= 1 || chi_v <= 0) continue;
        if (chi_v >= 1) p = 1;
        else {
          double odds = p / (1 - p) / (1 - chi_v);
          p = odds / (1 + odds);
        }
      }
    st.trust_after = belief;
  }

  // Expected utilities: exact over the other parties' types (trustworthy or not).
  if (P > 20) throw AnalysisError("plans are evaluated for at most 20 parties");
  const double chi = plan.cheat_rate;
  r.expected.assign(P, 0.0);
  r.cheated.assign(P, 0.0);
  r.min_trust.assign(P, std::nullopt);
  for (std::size_t i = 0; i < P; ++i) {
    std::vector<int> others;
    for (std::size_t j = 0; j < P; ++j)
      if (j != i) others.push_back(static_cast<int>(j));
    sort_parties(plan, others);
    const std::size_t profiles = std::size_t{1} << others.size();
    // value[U]: i's expected payoff when exactly the others in mask U are untrustworthy.
    std::vector<double> value(profiles);
    for (std::size_t U = 0; U < profiles; ++U) {
      double alive = 1, e = 0;
      for (std::size_t k = 0; k < M; ++k)
        for (int j : f.moves[k].parties) {
          auto pos = std::find(others.begin(), others.end(), j) - others.begin();
          if (j == static_cast<int>(i) || !(U >> pos & 1) || !opportunity[k][j]) continue;
          e += alive * chi * defect[k][j][i];
          alive *= 1 - chi;
        }
      value[U] = e + alive * plan.completion[i];
    }
    auto eu = [&](auto prior) {
      double total = 0;
      for (std::size_t U = 0; U < profiles; ++U) {
        double w = 1;
        for (std::size_t q = 0; q < others.size(); ++q) w *= U >> q & 1 ? 1 - prior(others[q]) : prior(others[q]);
        total += w * value[U];
      }
      return total;
    };
    r.expected[i] = eu([&](int j) { return plan.trust[i][j]; });
    r.cheated[i] = value[profiles - 1];
    const double d = plan.reservation[i];
    auto common = [&](double t) { return eu([t](int) { return t; }); };
    if (common(1) < d - kEps) continue;  // no trust is enough
    if (common(0) >= d - kEps) {
      r.min_trust[i] = 0.0;
    } else if (others.size() == 1) {
      r.min_trust[i] = std::clamp((d - value[1]) / (value[0] - value[1]), 0.0, 1.0);
    } else {
      double lo = 0, hi = 1;
      for (int it = 0; it < 100; ++it) {
        double mid = (lo + hi) / 2;
        (common(mid) >= d - kEps ? hi : lo) = mid;
      }
      r.min_trust[i] = hi;
    }
  }

  // Verdicts: the plan must be worth its no-deal value to the party under its beliefs, and the
  // final package must pass the party's own test and its ratification at home (analyze).
  r.accepted.assign(P, false);
  r.shortfall.assign(P, 0.0);
  r.reasons.assign(P, {});
  r.broken_orders = broken_orders(m, plan);
  // The stages' order requirements: a party's own (requirement), a constituent's (a veto at home).
  auto order_reasons = [&](std::size_t i, std::vector<Reason>& reasons) {
    auto add = [&](Reason x, bool front) {
      if (std::find(reasons.begin(), reasons.end(), x) == reasons.end())
        reasons.insert(front ? reasons.begin() : reasons.end(), x);
    };
    if (!r.broken_orders[m.parties[i]].empty()) add(Reason::requirement, true);
    if (m.ratification[i].active)
      for (int f : m.ratification[i].constituents)
        if (!r.broken_orders[f].empty()) add(Reason::ratification, false);
  };
  for (std::size_t i = 0; i < P; ++i) {
    const double d = plan.reservation[i];
    // The agreement (the final package plus the actions' values) against no deal, with the
    // reasons `analyze` gives (exact without actions); plans built by hand without `actions`
    // compare their completion values.
    if (plan.actions.empty()) {
      if (plan.completion[i] < d - kEps) r.reasons[i].push_back(Reason::package);
    } else {
      const double lapsed = i < plan.lapsed.size() ? plan.lapsed[i] : 0.0;
      r.reasons[i] = rejection_reasons(m, r.final_value, i, plan.actions[i] - lapsed);
    }
    order_reasons(i, r.reasons[i]);
    const bool agreement_ok = r.reasons[i].empty();
    if (agreement_ok && r.expected[i] < d - kEps) r.reasons[i].push_back(Reason::mistrust);
    r.accepted[i] = r.reasons[i].empty();
    if (!r.accepted[i]) r.shortfall[i] = std::max(0.0, d - (agreement_ok ? r.expected[i] : plan.completion[i]));
  }
  return r;
}

namespace {

// The moves from start to target, one per issue that changes, delivered by the issue's
// `delivered_by` (InputError, listing every issue without one).
std::vector<SeqItem> search_moves(const Scenario& s, const CompiledModel& m, const Choice& start, const Choice& target) {
  auto party = party_of_actor(s, m);
  std::vector<SeqItem> items;
  std::vector<Diagnostic> diags;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == start[i]) continue;
    const Issue& issue = s.issues[i];
    if (issue.delivered_by < 0 || party[issue.delivered_by] < 0) {
      diags.push_back({issue.loc, fmt::format("issue '{}' has no `delivered_by` party; the plan search needs to know "
                                              "who delivers each move",
                                              issue.id)});
      continue;
    }
    SeqItem it;
    it.by = party[issue.delivered_by];
    it.issue = static_cast<int>(i);
    it.option = target[i];
    it.clawback = clawback_of(issue, target[i]).value;
    if (const Param* v = verification_of(issue, target[i])) it.verification = v->value;
    it.in_force = in_force_share(s, static_cast<int>(i), target[i]);
    items.push_back(it);
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  return items;
}

// The number of candidate plans: over u = 1..K stages, the assignments of the moves to u
// non-empty stages, each weighted by the product of its stages' orders (1 when one party moves
// in the stage, else 1 + the number of parties moving: simultaneous or one of them first).
// Counted by dynamic programming over stages on the number of each party's moves left. Also
// returns, summed over the candidates, Σ_t 2^(moves in stage t): the subsets the Shapley split
// of each stage's moves evaluates (finish_plan), which dominates the cost of large stages.
std::pair<double, double> count_candidates(const std::vector<SeqItem>& items, int K) {
  std::map<int, int> per;
  for (const auto& it : items) ++per[it.by];
  std::vector<int> cnt;
  for (auto [p, c] : per) cnt.push_back(c);
  const std::size_t Q = cnt.size();
  std::vector<std::size_t> radix(Q + 1, 1);
  for (std::size_t q = 0; q < Q; ++q) radix[q + 1] = radix[q] * static_cast<std::size_t>(cnt[q] + 1);
  const std::size_t states = radix[Q];
  auto binom = [](int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
    return r;
  };
  // ways[s]: weighted assignments of the moves placed so far, s = moves left per party.
  std::vector<double> ways(states, 0.0), next(states), subsets(states, 0.0), next_subsets(states);
  ways[states - 1] = 1;  // every move left
  double total = 0, total_subsets = 0;
  std::vector<int> left(Q), take(Q);
  for (int u = 1; u <= K; ++u) {
    std::fill(next.begin(), next.end(), 0.0);
    std::fill(next_subsets.begin(), next_subsets.end(), 0.0);
    for (std::size_t st = 0; st < states; ++st) {
      if (ways[st] == 0) continue;
      for (std::size_t q = 0; q < Q; ++q) left[q] = static_cast<int>(st / radix[q] % (cnt[q] + 1));
      // Every non-empty choice of how many moves of each party go to this stage.
      std::fill(take.begin(), take.end(), 0);
      for (;;) {
        std::size_t q = 0;
        while (q < Q && take[q] == left[q]) take[q++] = 0;
        if (q == Q) break;
        ++take[q];
        double mult = 1;
        int movers = 0, moved = 0;
        std::size_t to = st;
        for (std::size_t r = 0; r < Q; ++r) {
          mult *= binom(left[r], take[r]);
          movers += take[r] > 0;
          moved += take[r];
          to -= static_cast<std::size_t>(take[r]) * radix[r];
        }
        mult *= movers > 1 ? 1 + movers : 1;
        next[to] += ways[st] * mult;
        next_subsets[to] += (subsets[st] + ways[st] * std::ldexp(1.0, moved)) * mult;
      }
    }
    ways.swap(next);
    subsets.swap(next_subsets);
    total += ways[0];
    total_subsets += subsets[0];
  }
  return {total, total_subsets};
}

// Measured (docs/performance.md, "Cost model"): about 9 µs per candidate plan, plus 15 ns per
// Shapley subset, party and issue moved, plus 50 ns per split enumerated (K^moves of them).
constexpr double kCandidateSeconds = 9e-6;
constexpr double kSubsetSeconds = 15e-9;
constexpr double kSplitSeconds = 50e-9;

}  // namespace

SearchSize estimate_search(const Scenario& s, const CompiledModel& m, const Choice& start, const Choice& target,
                           int max_stages) {
  const auto items = search_moves(s, m, start, target);
  SearchSize z;
  z.moves = static_cast<int>(items.size());
  z.stages = std::max(1, std::min(max_stages, std::max(1, z.moves)));
  double subsets = 1;
  if (items.empty()) z.candidates = 1;
  else std::tie(z.candidates, subsets) = count_candidates(items, z.stages);
  const double P = static_cast<double>(m.parties.size());
  z.cost.seconds = z.candidates * kCandidateSeconds + subsets * P * z.moves * kSubsetSeconds +
                   std::pow(static_cast<double>(z.stages), z.moves) * kSplitSeconds;
  z.cost.bytes = 8.0 * (1 << 20);
  z.cost.what = fmt::format("{} moves in up to {} stages: {:.0f} candidate plans", z.moves, z.stages, z.candidates);
  return z;
}

SearchResult search_plan(const Scenario& s, const CompiledModel& m, const Choice& start, const Choice& target,
                         const SearchOptions& opt, const CancelToken* cancel) {
  const std::size_t P = m.parties.size();
  const std::vector<SeqItem> items = search_moves(s, m, start, target);
  const int n = static_cast<int>(items.size());
  if (n > kMaxSearchMoves)
    throw UsageError(fmt::format("the plan search covers {} moves; it searches at most {}: search a smaller package",
                                 n, kMaxSearchMoves));
  const int K = std::max(1, std::min(opt.max_stages, std::max(1, n)));
  if (std::pow(static_cast<double>(K), n) > 1e18)
    throw UsageError(fmt::format("the plan search covers {} moves in up to {} stages: {}^{} splits are too many to "
                                 "enumerate; lower --max-stages", n, K, K, n));
  check_budget(estimate_search(s, m, start, target, K).cost, opt.budget);
  std::uint64_t assignments = 1;
  for (int i = 0; i < n; ++i) assignments *= static_cast<std::uint64_t>(K);
  const auto trust = trust_matrix(s, m);
  const bool check_orders = has_orders(m);
  SeqPlan ranks;
  set_ranks(s, m, ranks);

  struct Best {
    bool found = false;
    double score = 0;
    int stages = 0;
    std::uint64_t split = 0, order = 0;  // enumeration position
    SeqPlan plan;
    PlanResult result;
    std::uint64_t evaluated = 0, self_enforcing = 0, ordered_out = 0;
    double margin = 0;
    bool better(double sc, double mg, int st, std::uint64_t a, std::uint64_t o) const {
      if (!found) return true;
      if (sc != score) return sc > score;
      if (mg != margin) return mg > margin;
      if (st != stages) return st < stages;
      return a != split ? a < split : o < order;
    }
  };

  // Task t takes splits t, t + T, t + 2T, ... (interleaved: the cost of a split varies along
  // the enumeration, so contiguous ranges would leave threads idle); run_workers runs every task
  // even when fewer threads start.
  auto work = [&](std::uint64_t first, std::uint64_t step, Best& best) {
    std::vector<int> stage(n);
    for (std::uint64_t a = first; a < assignments; a += step) {
      if (cancel && cancel->cancelled()) return;
      std::uint64_t code = a;
      int used = 0;
      for (int i = 0; i < n; ++i) {
        stage[i] = static_cast<int>(code % K);
        code /= K;
        used = std::max(used, stage[i] + 1);
      }
      // Only splits that use stages 1..used without gaps (others repeat them with empty stages).
      std::vector<std::vector<int>> movers(used);
      for (int i = 0; i < n; ++i) movers[stage[i]].push_back(items[i].by);
      bool gap = false;
      for (auto& mv : movers) {
        if (mv.empty()) gap = true;
        std::sort(mv.begin(), mv.end());
        mv.erase(std::unique(mv.begin(), mv.end()), mv.end());
      }
      if (gap && n > 0) continue;
      // Per stage: simultaneous (0) or mover q first (1 + index into movers), when 2+ move.
      std::vector<int> choices(used), pick(used, 0);
      std::uint64_t orders = 1;
      for (int t = 0; t < used; ++t) {
        choices[t] = movers[t].size() > 1 ? 1 + static_cast<int>(movers[t].size()) : 1;
        orders *= static_cast<std::uint64_t>(choices[t]);
      }
      for (std::uint64_t o = 0; o < orders; ++o) {
        std::uint64_t oc = o;
        for (int t = 0; t < used; ++t) {
          pick[t] = static_cast<int>(oc % choices[t]);
          oc /= choices[t];
        }
        SeqPlan plan;
        plan.id = "search";
        plan.start = start;
        plan.trust = trust;
        plan.party_rank = ranks.party_rank;
        plan.issue_rank = ranks.issue_rank;
        plan.stages.resize(used);
        for (int t = 0; t < used; ++t) {
          plan.stages[t].id = fmt::format("stage-{}", t + 1);
          plan.stages[t].verification = opt.verification;
          if (pick[t] > 0) plan.stages[t].order = {movers[t][pick[t] - 1]};
        }
        for (int i = 0; i < n; ++i) plan.stages[stage[i]].items.push_back(items[i]);
        if (check_orders && breaks_order(m, plan)) {
          ++best.ordered_out;
          continue;
        }
        finish_plan(m, plan);
        PlanResult res = evaluate_plan(m, plan);
        ++best.evaluated;
        if (!res.self_enforcing) continue;
        ++best.self_enforcing;
        double score = std::numeric_limits<double>::infinity();
        for (std::size_t p = 0; p < P; ++p) score = std::min(score, res.expected[p] - plan.reservation[p]);
        if (best.better(score, res.margin, used, a, o)) {
          best.found = true;
          best.score = score;
          best.margin = res.margin;
          best.stages = used;
          best.split = a;
          best.order = o;
          best.plan = std::move(plan);
          best.result = std::move(res);
        }
      }
    }
  };

  unsigned threads = opt.threads > 0 ? static_cast<unsigned>(opt.threads) : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(1, assignments / 64)));
  std::vector<Best> part(threads);
  run_workers(threads, [&](unsigned t) { work(t, threads, part[t]); });
  SearchResult out;
  Best* best = nullptr;
  for (auto& b : part) {
    out.evaluated += b.evaluated;
    out.self_enforcing += b.self_enforcing;
    out.ordered_out += b.ordered_out;
    if (b.found && (!best || best->better(b.score, b.margin, b.stages, b.split, b.order))) best = &b;
  }
  out.cancelled = cancel && cancel->cancelled();
  if (best) {
    out.plan = std::move(best->plan);
    out.result = std::move(best->result);
  }
  return out;
}

}  // namespace parley
