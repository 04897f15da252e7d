// The `mediation` section (docs/mediate.md): per mediator, its bias over the parties' gains, the
// cost of a breakdown to it, whether it observes the parties' reservations, and its inducements.

#include "io/loader/builder.h"

#include <set>

namespace parley::loader_detail {

namespace {

// "true"/"false" into `out`; false (and `out` untouched) otherwise.
bool boolean(const YAML::Node& n, bool& out) {
  if (!n.IsScalar()) return false;
  if (n.Scalar() == "true") out = true;
  else if (n.Scalar() == "false") out = false;
  else return false;
  return true;
}

}  // namespace

// mediation: MEDIATOR -> {bias: {PARTY: w}, cost_of_failure, observes_reservations,
// inducements: [{id, name, funder, budget, value: {PARTY: v}, evidence}], evidence}.
void ScenarioBuilder::mediation(const YAML::Node& n) {
  if (!r_.expect_map(n, "mediation")) return;
  std::set<int> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string mid;
    if (!r_.string(it->first, "a mediator id", mid)) continue;
    const int m = find_id(actor_at_, mid);
    if (m < 0 || s_.actors[m].role != Role::mediator) {
      r_.error(it->first, fmt::format("mediation by '{}', which is not a declared mediator (an actor with role mediator)", mid));
      continue;
    }
    if (!seen.insert(m).second) {
      r_.error(it->first, fmt::format("duplicate mediation entry for '{}'", mid));
      continue;
    }
    YAML::Node body = it->second;  // a copy: it-> yields a temporary
    const std::string ctx = fmt::format("the mediation of '{}'", mid);
    if (!r_.expect_map(body, ctx)) continue;
    auto k = r_.keys(body, ctx, {"bias", "cost_of_failure", "observes_reservations", "inducements", "evidence"}, {});
    Mediation md;
    md.mediator = m;
    md.loc = r_.loc(it->first);
    md.cost_of_failure.hi = 1;
    if (k.count("cost_of_failure")) md.cost_of_failure = r_.param(k["cost_of_failure"], "cost_of_failure", 0, 1);
    if (k.count("observes_reservations")) {
      md.observes_given = true;
      if (!boolean(k["observes_reservations"], md.observes_reservations))
        r_.error(k["observes_reservations"],
                 fmt::format("observes_reservations must be true or false, found {}",
                             k["observes_reservations"].IsScalar() ? "'" + k["observes_reservations"].Scalar() + "'"
                                                                   : std::string("a mapping or list")));
    }
    // A party id of this mediation's maps, or -1 (reported).
    auto party = [&](const YAML::Node& key, const std::string& what) {
      std::string pid;
      if (!r_.string(key, "a party id", pid)) return -1;
      const int p = party_of(pid);
      if (p < 0) r_.error(key, fmt::format("{} names '{}', which is not a declared party", what, pid));
      return p;
    };
    if (k.count("bias") && r_.expect_map(k["bias"], "bias")) {
      const YAML::Node& b = k["bias"];
      std::set<int> listed;
      bool positive = false;
      for (auto jt = b.begin(); jt != b.end(); ++jt) {
        const int p = party(jt->first, fmt::format("the bias of '{}'", mid));
        if (p < 0) continue;
        if (!listed.insert(p).second) {
          r_.error(jt->first, fmt::format("the bias of '{}' names '{}' twice", mid, s_.actors[p].id));
          continue;
        }
        Param w = r_.param(jt->second, "a bias weight", 0, 1);
        if (w.value > 0) positive = true;
        md.bias.emplace_back(p, std::move(w));
      }
      if (b.size() == 0 || (!positive && listed.size() == b.size()))
        r_.error(b, fmt::format("the bias of '{}' gives no party a positive weight; expected at least one weight "
                                "above 0 (or no bias: equal weights)", mid));
    }
    if (k.count("inducements") && r_.expect_seq(k["inducements"], "inducements")) {
      for (const auto& e : k["inducements"]) {
        if (!r_.expect_map(e, "an inducement")) continue;
        auto ik = r_.keys(e, "an inducement", {"id", "name", "funder", "budget", "value", "evidence"},
                          {"id", "funder", "budget", "value"});
        Inducement ind;
        ind.loc = r_.loc(e);
        ind.budget.hi = 1e12;
        if (ik.count("id")) r_.id(ik["id"], "inducement id", ind.id);
        if (ik.count("name")) ind.name = r_.text(ik["name"], "inducement name");
        if (ik.count("funder")) {
          std::string fid;
          if (r_.string(ik["funder"], "a funder id", fid)) {
            ind.funder = find_id(actor_at_, fid);
            if (ind.funder < 0)
              r_.error(ik["funder"], fmt::format("inducement '{}' is funded by '{}', which is not a declared actor", ind.id, fid));
          }
        }
        if (ik.count("budget")) ind.budget = r_.param(ik["budget"], "budget", 0, 1e12);
        if (ik.count("value") && r_.expect_map(ik["value"], "an inducement's value")) {
          std::set<int> listed;
          const YAML::Node& v = ik["value"];
          if (v.size() == 0)
            r_.error(v, fmt::format("inducement '{}' is worth nothing to anyone; expected PARTY: utility per unit", ind.id));
          for (auto jt = v.begin(); jt != v.end(); ++jt) {
            const int p = party(jt->first, fmt::format("the value of inducement '{}'", ind.id));
            if (p < 0) continue;
            if (!listed.insert(p).second) {
              r_.error(jt->first, fmt::format("the value of inducement '{}' names '{}' twice", ind.id, s_.actors[p].id));
              continue;
            }
            ind.value.emplace_back(p, r_.param(jt->second, "a value per unit", 0, 1));
          }
        }
        if (ik.count("evidence")) ind.evidence = r_.evidence(ik["evidence"]);
        md.inducements.push_back(std::move(ind));
      }
      check_unique(r_, md.inducements, "inducement");
    }
    if (k.count("evidence")) md.evidence = r_.evidence(k["evidence"]);
    // The mediator's own preferences must not shadow the mediation's parameter paths.
    if (pref_at_[m] >= 0)
      for (const auto& ip : s_.preferences[pref_at_[m]].issues) {
        const std::string& iid = s_.issues[ip.issue].id;
        if (iid == "bias" || iid == "inducement" || iid == "cost_of_failure")
          r_.error(body, fmt::format("mediator '{}' has preferences on issue '{}', whose parameter paths would clash with "
                                     "the mediation's ({}.{}...); rename the issue", mid, iid, mid, iid));
      }
    s_.mediation.push_back(std::move(md));
  }
}

}  // namespace parley::loader_detail
