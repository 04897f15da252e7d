#include "analyses/bargain/bargain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analyses/deal_space/deal_space.h"
#include "analyses/timeline/timeline.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {

namespace {

// Every number of the compiled model that decides utilities and verdicts at home, but not the
// parties' own reservations (those are read each round without re-evaluating the packages).
std::vector<double> signature(const CompiledModel& m) {
  std::vector<double> sig;
  for (std::size_t f = 0; f < m.utilities.size(); ++f) {
    const UtilityFn& u = m.utilities[f];
    sig.push_back(u.unit);
    bool party = std::find(m.parties.begin(), m.parties.end(), static_cast<int>(f)) != m.parties.end();
    if (!party) sig.push_back(u.reservation);
    for (const auto& row : u.value) sig.insert(sig.end(), row.begin(), row.end());
    for (const auto& in : u.interactions) sig.push_back(in.bonus);
  }
  for (const auto& r : m.ratification) {
    sig.push_back(r.active);
    sig.push_back(r.threshold);
    sig.push_back(r.cost);
    sig.insert(sig.end(), r.weight.begin(), r.weight.end());
    sig.insert(sig.end(), r.penalty.begin(), r.penalty.end());
  }
  return sig;
}

// Fills utilities and verdicts at home for every package (package index order).
void evaluate_all(const CompiledModel& m, ProcessState& st) {
  const std::size_t n = m.parties.size();
  const std::uint64_t total = st.packages;
  st.utility.assign(n, std::vector<double>(total));
  const bool full = m.has_ratification() || m.has_requirements();
  st.home_ok.assign(n, full ? std::vector<char>(total, 0) : std::vector<char>());
  Choice x(m.n_options.size(), 0);
  for (std::uint64_t k = 0; k < total; ++k) {
    if (full) {
      PackageValue v = evaluate_package(m, x);
      for (std::size_t p = 0; p < n; ++p) {
        st.utility[p][k] = v.effective[p];
        // Under an audience-cost rule `ratified` also compares the effective utility with the
        // party's own reservation, which the process reads at every round: at home, only a veto
        // blocks.
        const CompiledRatification& r = m.ratification[p];
        const bool audience = r.active && r.rule == Ratification::Rule::audience_cost;
        st.home_ok[p][k] = (audience || v.ratified[p]) && !v.vetoed[p] && v.broken[m.parties[p]].empty();
      }
    } else {
      for (std::size_t p = 0; p < n; ++p) {
        const UtilityFn& u = m.utilities[m.parties[p]];
        st.utility[p][k] = u.to_utility(m.utility(m.parties[p], x));
      }
    }
    // next package (last issue fastest: the canonical index order)
    for (std::size_t i = x.size(); i-- > 0;) {
      if (++x[i] < m.n_options[i]) break;
      x[i] = 0;
    }
  }
}

std::vector<double> reservations(const CompiledModel& m) {
  std::vector<double> r;
  for (int f : m.parties) r.push_back(m.utilities[f].to_utility(m.utilities[f].reservation));
  return r;
}

// The mediated protocol's mediator: the named one, else the first actor with role mediator,
// else a neutral one; its bias over the parties (normalised, equal when it gives none) and
// whether it observes reservations (scenario `mediation`, docs/mediate.md).
void configure_mediator(const Scenario& s, const std::string& id, BargainResult& res, MediatorSetup& ms) {
  int med = -1;
  if (!id.empty()) {
    med = s.actor_index(id);
    if (med < 0 || s.actors[med].role != Role::mediator) {
      std::string list;
      for (const auto& a : s.actors)
        if (a.role == Role::mediator) list += (list.empty() ? "" : ", ") + a.id;
      throw UsageError(fmt::format("--mediator '{}' is not a mediator of the scenario; its mediators are: {}", id,
                                   list.empty() ? "none" : list));
    }
  }
  for (std::size_t a = 0; a < s.actors.size() && med < 0 && id.empty(); ++a)
    if (s.actors[a].role == Role::mediator) med = static_cast<int>(a);
  res.mediator = med;
  const Mediation* md = med >= 0 ? s.mediation_of(med) : nullptr;
  const std::size_t np = res.parties.size();
  res.bias.assign(np, !md || md->bias.empty() ? 1.0 : 0.0);
  if (md)
    for (const auto& [actor, w] : md->bias)
      for (std::size_t p = 0; p < np; ++p)
        if (res.parties[p].actor == actor) res.bias[p] = w.value;
  double tot = 0;
  for (double b : res.bias) tot += b;
  if (tot <= 0) res.bias.assign(np, 1.0), tot = static_cast<double>(np);
  for (double& b : res.bias) b /= tot;
  res.observes_reservations = !md || md->observes_reservations;
  ms.bias = res.bias;
  ms.observes_reservations = res.observes_reservations;
  ms.n_options.clear();
  for (const auto& issue : s.issues) ms.n_options.push_back(static_cast<int>(issue.options.size()));
  ms.start = 0;
}

}  // namespace

BargainResult run_bargain(const Scenario& base, const BargainOptions& opt) {
  BargainResult res;
  res.protocol = opt.protocol;
  res.seed = opt.seed;
  res.step = opt.step;
  res.from = opt.from.value_or(base.date);
  if (opt.to) {
    res.to = *opt.to;
  } else if (!base.deadlines.empty()) {
    res.to = base.deadlines.front().date;
    for (const auto& d : base.deadlines) res.to = std::max(res.to, d.date);
  } else {
    res.to = add_months(res.from, 12);
  }
  if (res.to < res.from)
    throw UsageError(fmt::format("--to {} is before --from {}", format_date(res.to), format_date(res.from)));
  res.dates = timeline_dates(res.from, res.to, opt.step);
  validate_what_if(base, opt.what_if);

  const std::vector<int> party_actors = base.parties();
  if (party_actors.size() < 2)
    throw AnalysisError(fmt::format("scenario '{}' has {} part{}; the process needs at least two", base.id,
                                    party_actors.size(), party_actors.size() == 1 ? "y" : "ies"));
  for (const auto& [id, spec] : opt.tactics) {
    int a = base.actor_index(id);
    if (a < 0 || base.actors[a].role != Role::party) {
      std::string ids;
      for (int p : party_actors) ids += (ids.empty() ? "" : ", ") + base.actors[p].id;
      throw UsageError(fmt::format("--tactic {}=...: '{}' is not a party of the scenario; expected one of: {}", id, id, ids));
    }
  }
  std::vector<Diagnostic> problems;
  ProcessSetup setup;
  setup.protocol = opt.protocol;
  setup.rounds = static_cast<int>(res.dates.size());
  for (Date d : res.dates) setup.day.push_back(d.days - res.dates.front().days);
  for (int a : party_actors) {
    const Actor& actor = base.actors[a];
    BargainParty bp;
    bp.actor = a;
    if (auto it = opt.tactics.find(actor.id); it != opt.tactics.end()) {
      bp.tactic = it->second;
      bp.tactic_from = "flag";
    } else if (!actor.tactic.empty()) {
      bp.tactic_from = "scenario";
      try {
        bp.tactic = parse_tactic(actor.tactic);
      } catch (const UsageError& e) {
        problems.push_back({actor.tactic_loc, e.what()});
      }
    } else {
      bp.tactic = TacticSpec{"linear", {}};
      bp.tactic_from = "default";
    }
    bp.deadline_date = res.to;
    ProcessParty pp;
    pp.id = actor.id;
    pp.tactic = bp.tactic;
    if (!actor.deadline.empty()) {
      auto d = std::find_if(base.deadlines.begin(), base.deadlines.end(), [&](const Deadline& x) { return x.id == actor.deadline; });
      if (d == base.deadlines.end()) {
        problems.push_back({actor.deadline_loc, fmt::format("deadline '{}' of party '{}' is not a deadline of the scenario",
                                                            actor.deadline, actor.id)});
      } else {
        bp.deadline = d->id;
        bp.deadline_date = d->date;
      }
    }
    // The last round on or before the deadline (the first round when the deadline is earlier).
    int last = 0;
    for (std::size_t k = 0; k < res.dates.size(); ++k)
      if (res.dates[k] <= bp.deadline_date) last = static_cast<int>(k);
    pp.deadline_round = last;
    pp.deadline_day = bp.deadline_date.days - res.dates.front().days;
    // A deadline after the horizon: the party's clock runs past it (τ < 1 at the last round).
    if (bp.deadline_date > res.to) {
      pp.deadline_round = -1;
      pp.walk_after_deadline = false;
    }
    pp.beliefs.resize(party_actors.size());
    bp.beliefs_from = "default";
    for (std::size_t j = 0; j < party_actors.size(); ++j) {
      if (party_actors[j] == a) continue;
      auto own = std::find_if(actor.beliefs.begin(), actor.beliefs.end(),
                              [&](const Actor::Belief& b) { return b.about == party_actors[j]; });
      if (own != actor.beliefs.end()) {
        const Distribution d = own->dist;
        pp.beliefs[j] = belief_values([&](double q) { return quantile(d, q, 0, 1); });
        bp.beliefs_from = "scenario";
      } else if (const Preferences* pr = base.preferences_of(party_actors[j]); pr && pr->fallback < 0 && pr->reservation.dist) {
        const Param& r = pr->reservation;
        pp.beliefs[j] = belief_values([&](double q) { return quantile(*r.dist, q, r.lo, r.hi); });
        if (bp.beliefs_from == "default") bp.beliefs_from = "distribution";
      }
    }
    res.parties.push_back(bp);
    setup.parties.push_back(std::move(pp));
  }
  if (!problems.empty()) throw InputError(problems);
  if (!opt.first.empty()) {
    auto it = std::find_if(res.parties.begin(), res.parties.end(), [&](const BargainParty& p) { return base.actors[p.actor].id == opt.first; });
    if (it == res.parties.end()) {
      std::string ids;
      for (int p : party_actors) ids += (ids.empty() ? "" : ", ") + base.actors[p].id;
      throw UsageError(fmt::format("--first '{}' is not a party of the scenario; expected one of: {}", opt.first, ids));
    }
    res.first = static_cast<int>(it - res.parties.begin());
  }
  setup.first = res.first;
  if (opt.protocol == Protocol::mediated) {
    configure_mediator(base, opt.mediator, res, setup.mediator);
  } else if (!opt.mediator.empty()) {
    throw UsageError(fmt::format("--mediator '{}' needs --protocol mediated", opt.mediator));
  }

  // The rounds' states. The scenario is copied once with the what-if's overrides (and dropped
  // requirements) but no dated change; each round restores those values, applies the changes of
  // its date (events up to it, deadlines' effects at it: the timeline's rules), recompiles in
  // place when a number changed, and re-evaluates the packages only when something other than
  // the parties' own reservations changed.
  WhatIf undated = opt.what_if;
  undated.at = Date{std::numeric_limits<int>::min() / 2};  // before every event and deadline
  Scenario work = apply_what_if(base, undated);
  work.date = res.from;
  const std::vector<ParamRef> refs = list_params(work);
  std::vector<double> base_values(refs.size()), values(refs.size()), last_values, slots;
  for (std::size_t i = 0; i < refs.size(); ++i) base_values[i] = refs[i].param->value;
  std::vector<int> all_fns;
  DatedChanges changes(work, opt.what_if);
  ProcessState state;
  std::vector<double> last_sig;
  std::optional<CompiledModel> model;
  StateFn state_at = [&](int k) -> const ProcessState& {
    if (opt.fresh_every_round) {
      WhatIf w = opt.what_if;
      w.at = res.dates[k];
      model = compile(apply_what_if(base, w));
      state.packages = model->package_count();
      evaluate_all(*model, state);
      ++state.version;
      state.reservation = reservations(*model);
      return state;
    }
    for (std::size_t i = 0; i < refs.size(); ++i) refs[i].param->value = base_values[i];
    if (!work.events.empty() || !work.deadlines.empty()) apply_changes(changes.at(res.dates[k]), refs, slots);
    for (std::size_t i = 0; i < refs.size(); ++i) values[i] = refs[i].param->value;
    if (model && values == last_values) return state;
    last_values = values;
    if (!model) {
      CompileOptions co;
      co.keep_zero_terms = true;
      model = compile(work, co);
      for (std::size_t f = 0; f < model->utilities.size(); ++f) all_fns.push_back(static_cast<int>(f));
      std::uint64_t count = model->package_count();
      if (count > (1ULL << 32))
        throw AnalysisError(fmt::format("the deal space has {} packages; the process lists at most 2^32", count));
      state.packages = count;
    } else {
      recompile(work, *model, all_fns);
    }
    const CompiledModel& m = *model;
    std::vector<double> sig = signature(m);
    if (sig != last_sig || state.utility.empty()) {
      evaluate_all(m, state);
      ++state.version;
      last_sig = std::move(sig);
    }
    state.reservation = reservations(m);
    return state;
  };
  res.outcome = run_process(setup, state_at);
  res.reservations_at_end = state.reservation;

  for (const auto& o : res.outcome.trace) res.packages.push_back(model->choice_of(o.package));
  if (res.outcome.kind == ProcessOutcome::Kind::agreement) {
    // The state of the agreement's round is the current one (the process stopped there).
    Measures ms = measure(state);
    if (ms.nash) {
      res.nash_utilities = ms.nash_utilities;
      res.distance_to_nash = distance_to(res.outcome.utilities, ms.nash_utilities);
    }
    res.distance_to_pareto = distance_to_frontier(res.outcome.utilities, ms);
    for (std::size_t p = 0; p < res.parties.size(); ++p)
      res.concessions.push_back(std::isnan(res.outcome.opening[p]) ? 0 : res.outcome.opening[p] - res.outcome.utilities[p]);
  }
  return res;
}

}  // namespace parley
