// Domestic politics: the `ratification`, `trust` and `support` sections.

#include "io/loader/builder.h"

#include <set>

namespace parley::loader_detail {

void ScenarioBuilder::ratification(const YAML::Node& n) {
  if (!r_.expect_map(n, "ratification")) return;
  std::set<int> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string pid;
    if (!r_.string(it->first, "a party id", pid)) continue;
    int p = find_id(actor_at_, pid);
    if (p < 0 || s_.actors[p].role != Role::party) {
      r_.error(it->first, fmt::format("ratification given for '{}', which is not a declared party", pid));
      continue;
    }
    if (!seen.insert(p).second) {
      r_.error(it->first, fmt::format("duplicate ratification for party '{}'", pid));
      continue;
    }
    std::string ctx = fmt::format("the ratification of '{}'", pid);
    if (!r_.expect_map(it->second, ctx)) continue;
    auto k = r_.keys(it->second, ctx, {"rule", "threshold", "cost", "veto", "evidence"}, {"rule"});
    Ratification rat;
    rat.party = p;
    rat.loc = r_.loc(it->first);
    rat.threshold.hi = rat.cost.hi = 1;
    std::string rule;
    if (k.count("rule") && r_.string(k["rule"], "rule", rule)) {
      if (rule == "weighted-majority") {
        rat.rule = Ratification::Rule::weighted_majority;
        if (k.count("threshold")) rat.threshold = r_.param(k["threshold"], "threshold", 0, 1);
        else r_.error(it->second, fmt::format("{} uses rule weighted-majority but gives no 'threshold'", ctx));
        if (k.count("cost")) r_.error(k["cost"], "'cost' belongs to rule audience-cost, not weighted-majority");
      } else if (rule == "audience-cost") {
        rat.rule = Ratification::Rule::audience_cost;
        if (k.count("cost")) rat.cost = r_.param(k["cost"], "cost", 0, 1);
        else r_.error(it->second, fmt::format("{} uses rule audience-cost but gives no 'cost'", ctx));
        if (k.count("threshold")) r_.error(k["threshold"], "'threshold' belongs to rule weighted-majority, not audience-cost");
      } else {
        r_.error(k["rule"], fmt::format("unknown ratification rule '{}'; expected weighted-majority or audience-cost", rule));
      }
    }
    const std::vector<int>& constituents = constituents_[p];
    if (constituents.empty())
      r_.error(it->first, fmt::format("party '{}' has a ratification rule but no constituents (actors with role "
                                      "constituent and parent '{}')", pid, pid));
    for (int c : constituents)
      if (pref_at_[c] < 0)
        r_.error(it->first, fmt::format("constituent '{}' of '{}' has no preferences; a ratification vote needs them",
                                        s_.actors[c].id, pid));
    if (k.count("veto") && r_.expect_seq(k["veto"], "veto")) {
      for (const auto& v : k["veto"]) {
        std::string vid;
        if (!r_.string(v, "a veto player", vid)) continue;
        int c = find_id(actor_at_, vid);
        if (c < 0 || s_.actors[c].role != Role::constituent || parent_of_[c] != p)
          r_.error(v, fmt::format("veto player '{}' is not a constituent of '{}'", vid, pid));
        else
          rat.veto.push_back(c);
      }
    }
    if (k.count("evidence")) rat.evidence = r_.evidence(k["evidence"]);
    s_.ratification.push_back(std::move(rat));
  }
}

// trust: truster (a party) -> trustee (another party) -> value 0..1.
void ScenarioBuilder::trust(const YAML::Node& n) {
  if (!r_.expect_map(n, "trust")) return;
  std::set<int> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string aid;
    if (!r_.string(it->first, "a party id", aid)) continue;
    int a = party_of(aid);
    if (a < 0) {
      r_.error(it->first, fmt::format("trust given by '{}', which is not a declared party", aid));
      continue;
    }
    if (!seen.insert(a).second) {
      r_.error(it->first, fmt::format("duplicate trust for party '{}'", aid));
      continue;
    }
    YAML::Node body = it->second;  // a copy: it-> yields a temporary
    std::string ctx = fmt::format("the trust of '{}'", aid);
    if (!r_.expect_map(body, ctx)) continue;
    if (body.size() == 0) r_.error(body, fmt::format("{} names no party; expected at least one", ctx));
    std::set<int> trustees;
    for (auto jt = body.begin(); jt != body.end(); ++jt) {
      std::string tid;
      if (!r_.string(jt->first, "a party id", tid)) continue;
      int t = party_of(tid);
      if (t < 0) {
        r_.error(jt->first, fmt::format("'{}' trusts '{}', which is not a declared party", aid, tid));
        continue;
      }
      if (t == a) {
        r_.error(jt->first, fmt::format("'{}' trusts itself; expected trust in another party", aid));
        continue;
      }
      if (!trustees.insert(t).second) {
        r_.error(jt->first, fmt::format("duplicate trust of '{}' in '{}'", aid, tid));
        continue;
      }
      Trust tr;
      tr.actor = a;
      tr.trustee = t;
      tr.loc = r_.loc(jt->first);
      tr.value = r_.param(jt->second, "trust", 0, 1);
      s_.trust.push_back(std::move(tr));
    }
  }
}

// support: patron -> party -> {level, effect, evidence}.
void ScenarioBuilder::support(const YAML::Node& n) {
  if (!r_.expect_map(n, "support")) return;
  std::set<int> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string pid;
    if (!r_.string(it->first, "a patron id", pid)) continue;
    int p = find_id(actor_at_, pid);
    if (p < 0 || s_.actors[p].role != Role::patron) {
      r_.error(it->first, fmt::format("support given by '{}', which is not a declared patron (an actor with role patron)", pid));
      continue;
    }
    if (!seen.insert(p).second) {
      r_.error(it->first, fmt::format("duplicate support by patron '{}'", pid));
      continue;
    }
    YAML::Node body = it->second;  // a copy: it-> yields a temporary
    std::string ctx = fmt::format("the support of '{}'", pid);
    if (!r_.expect_map(body, ctx)) continue;
    if (body.size() == 0) r_.error(body, fmt::format("{} names no party; expected at least one", ctx));
    std::set<int> backed;
    for (auto jt = body.begin(); jt != body.end(); ++jt) {
      std::string aid;
      if (!r_.string(jt->first, "a party id", aid)) continue;
      int a = party_of(aid);
      if (a < 0) {
        r_.error(jt->first, fmt::format("'{}' supports '{}', which is not a declared party", pid, aid));
        continue;
      }
      if (pref_at_[a] < 0) {
        r_.error(jt->first, fmt::format("'{}' supports '{}', which has no preferences (support raises a party's "
                                        "reservation)", pid, aid));
        continue;
      }
      if (!backed.insert(a).second) {
        r_.error(jt->first, fmt::format("duplicate support of '{}' for '{}'", pid, aid));
        continue;
      }
      std::string ictx = fmt::format("the support of '{}' for '{}'", pid, aid);
      YAML::Node entry = jt->second;  // a copy: jt-> yields a temporary
      if (!r_.expect_map(entry, ictx)) continue;
      auto k = r_.keys(entry, ictx, {"level", "effect", "evidence"}, {"level", "effect"});
      Support sp;
      sp.patron = p;
      sp.party = a;
      sp.loc = r_.loc(jt->first);
      sp.level.hi = sp.effect.hi = 1;
      if (k.count("level")) sp.level = r_.param(k["level"], "level", 0, 1);
      if (k.count("effect")) sp.effect = r_.param(k["effect"], "effect", 0, 1);
      if (k.count("evidence")) sp.evidence = r_.evidence(k["evidence"]);
      s_.support.push_back(std::move(sp));
    }
  }
}

}  // namespace parley::loader_detail
