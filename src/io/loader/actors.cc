// The `sources` and `actors` sections: roles, capabilities, parents (no loops) and influence;
// fills the actor lookups (parents, constituents) the later sections use.

#include "io/loader/builder.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <vector>

namespace parley::loader_detail {

void ScenarioBuilder::sources(const YAML::Node& n) {
  if (!r_.expect_seq(n, "sources")) return;
  for (const auto& e : n) {
    if (!r_.expect_map(e, "a source")) continue;
    auto k = r_.keys(e, "a source", {"id", "title", "author", "date", "locators"}, {"id", "title"});
    Source src;
    src.loc = r_.loc(e);
    if (k.count("id")) r_.id(k["id"], "source id", src.id);
    if (k.count("title")) src.title = r_.text(k["title"], "source title");
    if (k.count("author")) r_.string(k["author"], "source author", src.author);
    if (k.count("date")) r_.string(k["date"], "source date", src.date);
    if (k.count("locators")) r_.string(k["locators"], "source locators", src.locators, true);
    s_.sources.push_back(std::move(src));
  }
  source_at_ = check_unique(r_, s_.sources, "source");
}

// `tactic`, `deadline`, `beliefs` (docs/bargain.md): parties only. The tactic's syntax is checked
// here (NAME or NAME:p=v,p=v), its name and parameters when a process runs (the registry lives
// with the analyses); deadlines and the parties believed about are resolved once read.
void ScenarioBuilder::process_keys(std::map<std::string, YAML::Node>& k, Actor& a) {
  for (const char* key : {"tactic", "deadline", "beliefs"})
    if (k.count(key) && a.role != Role::party)
      r_.error(k[key], fmt::format("'{}' is for parties (the negotiation process); actor '{}' is a {}", key, a.id,
                                   to_string(a.role)));
  if (k.count("tactic") && r_.string(k["tactic"], "tactic", a.tactic)) {
    a.tactic_loc = r_.loc(k["tactic"]);
    auto colon = a.tactic.find(':');
    std::string name = a.tactic.substr(0, colon);
    bool ok = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0]));
    for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    if (ok && colon != std::string::npos) {
      std::string rest = a.tactic.substr(colon + 1);
      std::size_t pos = 0;
      while (ok) {
        auto comma = rest.find(',', pos);
        std::string item = rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        auto eq = item.find('=');
        char* end = nullptr;
        std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
        if (eq == std::string::npos || eq == 0 || value.empty()) ok = false;
        else {
          std::strtod(value.c_str(), &end);
          ok = end == value.c_str() + value.size();
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    }
    if (!ok)
      r_.error(k["tactic"], fmt::format("tactic '{}' of '{}' is not NAME or NAME:p=v,p=v (e.g. boulware, "
                                        "boulware:beta=0.1)", a.tactic, a.id));
  }
  if (k.count("deadline") && r_.id(k["deadline"], "deadline", a.deadline)) a.deadline_loc = r_.loc(k["deadline"]);
  if (k.count("beliefs") && r_.expect_map(k["beliefs"], fmt::format("the beliefs of '{}'", a.id))) {
    const YAML::Node& b = k["beliefs"];
    for (auto it = b.begin(); it != b.end(); ++it) {
      std::string about;
      if (!r_.string(it->first, "a party id", about)) continue;
      auto d = r_.distribution(it->second, fmt::format("the belief of '{}' about the reservation of '{}'", a.id, about), 0, 1);
      if (!d) continue;
      Actor::Belief belief;
      belief.dist = *d;
      belief.loc = r_.loc(it->first);
      a.beliefs.push_back(belief);
      pending_beliefs_.push_back({s_.actors.size(), about, belief.loc});
    }
  }
}

void ScenarioBuilder::resolve_process_keys() {
  std::vector<std::size_t> next(s_.actors.size(), 0);
  for (const auto& pb : pending_beliefs_) {
    Actor& a = s_.actors[pb.actor];
    Actor::Belief& b = a.beliefs[next[pb.actor]++];
    int about = find_id(actor_at_, pb.about);
    if (about < 0 || s_.actors[about].role != Role::party)
      r_.error(pb.loc, fmt::format("a belief of '{}' is about '{}', which is not a party of the scenario", a.id, pb.about));
    else if (about == static_cast<int>(pb.actor))
      r_.error(pb.loc, fmt::format("'{}' holds a belief about itself; beliefs are about the other parties' reservations", a.id));
    else
      b.about = about;
  }
  for (const Actor& a : s_.actors) {
    if (a.deadline.empty()) continue;
    bool found = false;
    for (const auto& d : s_.deadlines) found = found || d.id == a.deadline;
    if (!found) {
      std::string ids;
      for (const auto& d : s_.deadlines) ids += (ids.empty() ? "" : ", ") + d.id;
      r_.error(a.deadline_loc, ids.empty() ? fmt::format("deadline '{}' of '{}': the scenario declares no deadlines", a.deadline, a.id)
                                           : fmt::format("deadline '{}' of '{}' is not a deadline of the scenario; expected one of: {}",
                                                         a.deadline, a.id, ids));
    }
  }
}

void ScenarioBuilder::actors(const YAML::Node& n) {
  if (!r_.expect_seq(n, "actors")) return;
  for (const auto& e : n) {
    if (!r_.expect_map(e, "an actor")) continue;
    auto k = r_.keys(e, "an actor", {"id", "name", "role", "capability", "parent", "influence", "tactic", "deadline", "beliefs", "evidence"},
                     {"id", "name", "role", "capability"});
    Actor a;
    a.loc = r_.loc(e);
    if (k.count("id")) r_.id(k["id"], "actor id", a.id);
    if (k.count("name")) a.name = r_.text(k["name"], "actor name");
    if (k.count("role")) {
      std::string role;
      if (r_.string(k["role"], "role", role)) {
        if (auto rr = role_from_string(role)) a.role = *rr;
        else {
          a.role = Role::constituent;  // keep it out of the party checks; the error is reported
          r_.error(k["role"], fmt::format("unknown role '{}'; expected party, mediator, patron or constituent", role));
        }
      }
    }
    if (k.count("capability")) a.capability = r_.param(k["capability"], "capability", 0, 100);
    if (k.count("parent")) {
      if (r_.id(k["parent"], "parent", a.parent)) parent_locs_.push_back(r_.loc(k["parent"]));
      else parent_locs_.push_back(r_.loc(k["parent"]));
    } else {
      parent_locs_.push_back({});
    }
    if (k.count("influence")) {
      a.influence = r_.param(k["influence"], "influence", 0, 1);
      a.has_influence = true;
      if (!k.count("parent"))
        r_.error(k["influence"], fmt::format("actor '{}' has an influence but no parent to influence", a.id));
    } else {
      a.influence.hi = 1;
    }
    if (k.count("evidence")) a.evidence = r_.evidence(k["evidence"]);
    process_keys(k, a);
    if (a.id == "event" || a.id == "deadline" || a.id == "issue" || a.id == "action" || a.id == "plan")
      r_.error(k["id"], fmt::format("'{}' is reserved (parameter paths of events, deadlines, issues, actions and plans "
                                    "start with it)", a.id));
    s_.actors.push_back(std::move(a));
  }
  actor_at_ = check_unique(r_, s_.actors, "actor");
  const std::size_t n_actors = s_.actors.size();
  parent_of_.assign(n_actors, -1);
  for (std::size_t i = 0; i < n_actors; ++i) {
    const Actor& a = s_.actors[i];
    if (a.parent.empty()) continue;
    parent_of_[i] = find_id(actor_at_, a.parent);
    if (parent_of_[i] < 0)
      r_.error(parent_locs_[i], fmt::format("parent '{}' of actor '{}' is not a declared actor", a.parent, a.id));
  }
  // Parents must not form a loop: every actor whose parent chain reaches a cycle is reported.
  // Each chain is walked once (0 = not seen, 1 = on the chain being walked, 2 = done), so
  // long chains cost O(n) in all.
  std::vector<char> state(n_actors, 0), loops(n_actors, 0);
  std::vector<int> chain;
  for (std::size_t i = 0; i < n_actors; ++i) {
    if (state[i]) continue;
    chain.clear();
    int cur = static_cast<int>(i);
    while (cur >= 0 && state[cur] == 0) {
      state[cur] = 1;
      chain.push_back(cur);
      cur = parent_of_[cur];
    }
    // cur: the end of the chain (-1), a node on it (a cycle) or a node walked before.
    char looped = cur >= 0 && (state[cur] == 1 || loops[cur]);
    for (int c : chain) {
      state[c] = 2;
      loops[c] = looped;
    }
  }
  for (std::size_t i = 0; i < n_actors; ++i)
    if (loops[i]) r_.error(parent_locs_[i], fmt::format("parent chain of actor '{}' loops back on itself", s_.actors[i].id));
  // Constituents of each actor (role constituent, parent resolved), in file order.
  constituents_.assign(n_actors, {});
  for (std::size_t i = 0; i < n_actors; ++i)
    if (s_.actors[i].role == Role::constituent && parent_of_[i] >= 0)
      constituents_[parent_of_[i]].push_back(static_cast<int>(i));
  pref_at_.assign(n_actors, -1);
}

// Index of actor `id` when it has role party, else -1.
int ScenarioBuilder::party_of(const std::string& id) const {
  int a = find_id(actor_at_, id);
  return a >= 0 && s_.actors[a].role == Role::party ? a : -1;
}

}  // namespace parley::loader_detail
