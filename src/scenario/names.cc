#include "scenario/names.h"

#include <fmt/format.h>
#include <vector>

#include "core/text.h"

namespace parley {

namespace {

bool zh(std::string_view lang) { return lang == "zh-TW"; }

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t dot = path.find('.', pos);
    out.emplace_back(path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return out;
}

template <class T>
const T* by_id(const std::vector<T>& items, std::string_view id) {
  for (const auto& x : items)
    if (x.id == id) return &x;
  return nullptr;
}

int actor_index(const Scenario& s, std::string_view id) {
  for (std::size_t a = 0; a < s.actors.size(); ++a)
    if (s.actors[a].id == id) return static_cast<int>(a);
  return -1;
}

template <class T>
std::string name_of(const T& x, std::string_view lang) {
  return pick(x.name, lang, x.id);
}

// "ACTOR: what" / "ACTOR：what".
std::string of_actor(const std::string& actor, const std::string& what, bool z) {
  return actor + (z ? "：" : ": ") + what;
}

}  // namespace

std::string actor_display_name(const Scenario& s, int actor, std::string_view lang) {
  if (actor < 0 || static_cast<std::size_t>(actor) >= s.actors.size()) return "";
  return name_of(s.actors[static_cast<std::size_t>(actor)], lang);
}

std::string option_display_name(const Scenario& s, int issue, int option, std::string_view lang) {
  if (issue < 0 || static_cast<std::size_t>(issue) >= s.issues.size()) return "";
  const Issue& is = s.issues[static_cast<std::size_t>(issue)];
  if (option < 0 || static_cast<std::size_t>(option) >= is.options.size()) return name_of(is, lang);
  return name_of(is, lang) + (zh(lang) ? "：" : ": ") + name_of(is.options[static_cast<std::size_t>(option)], lang);
}

std::string event_display_name(const Scenario& s, std::string_view id, std::string_view lang) {
  const Event* e = by_id(s.events, id);
  return e ? name_of(*e, lang) : std::string(id);
}

std::string plan_display_name(const Scenario& s, std::string_view id, std::string_view lang) {
  const Plan* p = by_id(s.plans, id);
  return p ? name_of(*p, lang) : std::string(id);
}

std::string package_display_name(const Scenario& s, std::string_view id, std::string_view lang) {
  const Package* p = by_id(s.packages, id);
  return p ? name_of(*p, lang) : std::string(id);
}

std::string param_display_name(const Scenario& s, std::string_view path, std::string_view lang) {
  const bool z = zh(lang);
  const auto seg = split_path(path);
  const std::string raw(path);
  if (seg.size() < 2) return raw;
  auto actor = [&](std::string_view id) {
    int a = actor_index(s, id);
    return a >= 0 ? actor_display_name(s, a, lang) : std::string(id);
  };
  const std::string& head = seg[0];
  if (head == "event" && seg.size() == 3) {
    const Event* e = by_id(s.events, seg[1]);
    if (!e) return raw;
    return z ? fmt::format("事件「{}」第 {} 項變動", name_of(*e, lang), seg[2])
             : fmt::format("event “{}”, change {}", name_of(*e, lang), seg[2]);
  }
  if (head == "deadline" && seg.size() == 3) {
    const Deadline* d = by_id(s.deadlines, seg[1]);
    if (!d) return raw;
    return z ? fmt::format("期限「{}」的效果", name_of(*d, lang)) : fmt::format("deadline “{}”: its effect", name_of(*d, lang));
  }
  if (head == "issue" && seg.size() >= 3) {
    const Issue* is = by_id(s.issues, seg[1]);
    const ContinuousIssue* ci = by_id(s.continuous, seg[1]);
    const std::string& what = seg.back();
    std::string subject = is ? name_of(*is, lang) : ci ? name_of(*ci, lang) : std::string();
    if (subject.empty()) return raw;
    if (seg.size() == 4 && is) {
      const Option* o = by_id(is->options, seg[2]);
      if (!o) return raw;
      subject += (z ? "：" : ": ") + name_of(*o, lang);
    }
    if (what == "clawback") return z ? subject + "（可收回的比例）" : subject + " (share that can be undone)";
    if (what == "verification") return z ? subject + "（違約及時被查出的機率）" : subject + " (chance cheating is caught)";
    if (what == "reference") return z ? subject + "（現狀）" : subject + " (status quo)";
    if (what == "outcome") return z ? subject + "（記錄的結果）" : subject + " (recorded outcome)";
    return raw;
  }
  if (head == "action" && seg.size() == 3) {
    const Action* a = by_id(s.actions, seg[1]);
    if (!a) return raw;
    if (seg[2] == "clawback")
      return z ? fmt::format("行動「{}」可收回的比例", name_of(*a, lang)) : fmt::format("action “{}”: share that can be undone", name_of(*a, lang));
    return z ? fmt::format("行動「{}」對{}的價值", name_of(*a, lang), actor(seg[2]))
             : fmt::format("action “{}”: value to {}", name_of(*a, lang), actor(seg[2]));
  }
  if (head == "plan" && seg.size() >= 3) {
    const Plan* p = by_id(s.plans, seg[1]);
    if (!p) return raw;
    const std::string plan = name_of(*p, lang);
    if (seg.size() == 3 && seg[2] == "cheat_rate")
      return z ? fmt::format("計畫「{}」的欺騙率", plan) : fmt::format("plan “{}”: cheating rate", plan);
    const PlanStage* st = seg.size() >= 4 ? by_id(p->stages, seg[2]) : nullptr;
    if (!st) return raw;
    const std::string stage = name_of(*st, lang);
    if (seg.size() == 4 && seg[3] == "verification")
      return z ? fmt::format("計畫「{}」階段「{}」的查核機率", plan, stage)
               : fmt::format("plan “{}”, stage “{}”: chance cheating is caught", plan, stage);
    if (seg.size() == 5)
      return z ? fmt::format("計畫「{}」階段「{}」第 {} 項（{}）", plan, stage, seg[3], seg[4] == "share" ? "比例" : "可收回比例")
               : fmt::format("plan “{}”, stage “{}”, item {}: {}", plan, stage, seg[3],
                             seg[4] == "share" ? "share delivered" : "share that can be undone");
    return raw;
  }
  const int a = actor_index(s, head);
  if (a < 0) return raw;
  const std::string who = actor_display_name(s, a, lang);
  if (seg.size() == 2) {
    if (seg[1] == "capability") return of_actor(who, z ? "能力" : "capability", z);
    if (seg[1] == "reservation") return of_actor(who, z ? "保留值" : "reservation value", z);
    if (seg[1] == "influence") return of_actor(who, z ? "對所屬當事方的影響力" : "pull on its parent", z);
    if (seg[1] == "cost_of_failure") return of_actor(who, z ? "破局的代價" : "cost of a breakdown", z);
    return raw;
  }
  if (seg.size() == 3) {
    if (seg[1] == "ratification")
      return of_actor(who, seg[2] == "threshold" ? (z ? "國內批准門檻" : "ratification threshold") : (z ? "觀眾成本" : "audience cost"), z);
    if (seg[1] == "trust") return of_actor(who, z ? fmt::format("對{}的信任", actor(seg[2])) : fmt::format("trust in {}", actor(seg[2])), z);
    if (seg[1] == "support") return of_actor(who, z ? fmt::format("對{}的支持", actor(seg[2])) : fmt::format("backing of {}", actor(seg[2])), z);
    if (seg[1] == "bias") return of_actor(who, z ? fmt::format("對{}的偏重", actor(seg[2])) : fmt::format("weight on {}", actor(seg[2])), z);
    if (seg[1] == "boxes")
      return of_actor(who, seg[2] == "scale" ? (z ? "區域項的除數" : "scale of its boxes") : (z ? "區域項的上限" : "cap of its boxes"), z);
    if (const Issue* is = by_id(s.issues, seg[1])) {
      if (seg[2] == "salience") return of_actor(who, z ? fmt::format("「{}」的重要性", name_of(*is, lang)) : fmt::format("weight of {}", name_of(*is, lang)), z);
      if (const Option* o = by_id(is->options, seg[2]))
        return of_actor(who, z ? fmt::format("「{}：{}」的評分", name_of(*is, lang), name_of(*o, lang))
                               : fmt::format("score of {}: {}", name_of(*is, lang), name_of(*o, lang)), z);
      return raw;
    }
    if (const ContinuousIssue* ci = by_id(s.continuous, seg[1])) {
      const std::string issue = name_of(*ci, lang);
      if (seg[2] == "position") return of_actor(who, z ? fmt::format("在「{}」的立場", issue) : fmt::format("position on {}", issue), z);
      if (seg[2] == "salience") return of_actor(who, z ? fmt::format("「{}」的重要性", issue) : fmt::format("weight of {}", issue), z);
      if (seg[2] == "capability") return of_actor(who, z ? fmt::format("在「{}」的能力", issue) : fmt::format("capability on {}", issue), z);
      return raw;
    }
    for (const auto& pref : s.preferences) {
      if (pref.actor != a) continue;
      for (const auto& in : pref.interactions)
        if (in.id == seg[1] && seg[2] == "bonus")
          return of_actor(who, z ? fmt::format("「{}」的加成", name_of(in, lang)) : fmt::format("bonus of “{}”", name_of(in, lang)), z);
      for (const auto& b : pref.boxes.terms)
        if (b.id == seg[1] && seg[2] == "value")
          return of_actor(who, z ? fmt::format("「{}」的價值", name_of(b, lang)) : fmt::format("value of “{}”", name_of(b, lang)), z);
    }
    return raw;
  }
  if (seg.size() == 4 && seg[1] == "support" && seg[3] == "effect")
    return of_actor(who, z ? fmt::format("全力支持{}時其保留值的增幅", actor(seg[2])) : fmt::format("reservation gain of {} at full backing", actor(seg[2])), z);
  if (seg.size() == 4 && seg[1] == "inducement") {
    for (const auto& md : s.mediation)
      for (const auto& ind : md.inducements)
        if (ind.id == seg[2]) {
          const std::string what = name_of(ind, lang);
          if (seg[3] == "budget") return of_actor(who, z ? fmt::format("「{}」的預算（單位）", what) : fmt::format("budget of “{}” (units)", what), z);
          return of_actor(who, z ? fmt::format("「{}」每單位對{}的效用", what, actor(seg[3])) : fmt::format("“{}”: utility of a unit to {}", what, actor(seg[3])), z);
        }
  }
  return raw;
}

}  // namespace parley
