#include "scenario/what_if.h"
#include "core/suggest.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <unordered_map>

namespace parley {

double deadline_effect(const Deadline& d, Date date) {
  int days_left = d.date.days - date.days;
  if (days_left < 0 && d.release_after) return 0;
  if (days_left <= 0) return 1;
  switch (d.shape) {
    case Deadline::Shape::step: return 0;
    case Deadline::Shape::linear:
      return days_left >= d.horizon_days ? 0.0 : 1.0 - static_cast<double>(days_left) / d.horizon_days;
    case Deadline::Shape::exponential: return std::exp(-static_cast<double>(days_left) / d.horizon_days);
  }
  return 0;
}

void validate_what_if(const Scenario& s, const WhatIf& w) {
  std::vector<Diagnostic> diags;
  for (const auto& id : w.without)
    if (s.event_index(id) < 0) {
      std::string list;
      std::vector<std::string> ids;
      for (const auto& e : s.events) {
        list += (list.empty() ? "" : ", ") + e.id;
        ids.push_back(e.id);
      }
      Diagnostic d;
      d.loc.file = fmt::format("--without {}", id);
      std::string hint = did_you_mean(id, ids);
      d.message = hint.empty() ? fmt::format("unknown event '{}'; the scenario's events are: {}", id,
                                             list.empty() ? "(none)" : list)
                               : fmt::format("unknown event '{}'{}", id, hint);
      diags.push_back(std::move(d));
    }
  for (const auto& name : w.without_requirements) {
    Diagnostic d;
    d.loc.file = fmt::format("--without-requirement {}", name);
    const auto dot = name.find('.');
    const int actor = dot == std::string::npos ? -1 : s.actor_index(std::string_view(name).substr(0, dot));
    const Preferences* pref = actor < 0 ? nullptr : s.preferences_of(actor);
    if (dot == std::string::npos) {
      d.message = "expected ACTOR.REQUIREMENT, e.g. DPRK.security-first";
    } else if (actor < 0) {
      d.message = fmt::format("unknown actor '{}'", name.substr(0, dot));
    } else {
      std::string list;
      bool found = false;
      for (const auto& q : pref ? pref->requirements : std::vector<Requirement>{}) {
        list += (list.empty() ? "" : ", ") + q.id;
        found = found || q.id == name.substr(dot + 1);
      }
      if (found) continue;
      d.message = fmt::format("'{}' has no requirement '{}'; its requirements are: {}", name.substr(0, dot),
                              name.substr(dot + 1), list.empty() ? "(none)" : list);
    }
    diags.push_back(std::move(d));
  }
  if (!diags.empty()) throw InputError(std::move(diags));
}

static void set_clamped(Param& p, double v) { p.value = std::clamp(v, p.lo, p.hi); }

ChangeProgram compile_changes(Scenario& s, const WhatIf& w) {
  ChangeProgram prog;
  Date at = w.at.value_or(s.date);
  auto refs = list_params(s);
  std::unordered_map<const Param*, int> position;  // parameter -> its index in refs
  position.reserve(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) position.emplace(refs[i].param, static_cast<int>(i));
  auto index_of = [&](const Param* p) {
    auto it = position.find(p);
    return it == position.end() ? -1 : it->second;
  };
  // Per applied event: the slots holding the values its steps overwrote, to support `revert`.
  std::map<std::string, std::vector<int>> saved_by;
  for (const auto& ev : s.events) {
    if (ev.date > at) break;  // events are in date order
    if (std::find(w.without.begin(), w.without.end(), ev.id) != w.without.end()) continue;
    auto& saved = saved_by[ev.id];
    for (const auto& ch : ev.changes) {
      if (ch.op == Change::Op::revert) {
        auto it = saved_by.find(ch.reverts);
        if (it == saved_by.end()) continue;  // the reverted event did not happen (or was removed)
        for (auto rit = it->second.rbegin(); rit != it->second.rend(); ++rit) {
          ChangeStep step;
          step.op = ChangeStep::Op::restore;
          step.param = prog.steps[prog.slot_step[*rit]].param;
          step.from_slot = *rit;
          step.slot = prog.slots++;
          prog.slot_step.push_back(static_cast<int>(prog.steps.size()));
          saved.push_back(step.slot);
          prog.steps.push_back(step);
        }
        continue;
      }
      if (ch.param < 0) continue;
      ChangeStep step;
      step.op = ch.op == Change::Op::set ? ChangeStep::Op::set
                : ch.op == Change::Op::add ? ChangeStep::Op::add
                                           : ChangeStep::Op::multiply;
      step.param = ch.param;
      step.amount = index_of(&ch.amount);
      step.slot = prog.slots++;
      prog.slot_step.push_back(static_cast<int>(prog.steps.size()));
      saved.push_back(step.slot);
      prog.steps.push_back(step);
    }
  }
  for (const auto& d : s.deadlines) {
    if (d.param < 0) continue;
    double f = deadline_effect(d, at);
    if (f == 0) continue;
    ChangeStep step;
    step.op = ChangeStep::Op::add_scaled;
    step.param = d.param;
    step.amount = index_of(&d.change);
    step.factor = f;
    prog.steps.push_back(step);
  }
  return prog;
}

DatedChanges::DatedChanges(Scenario& s, const WhatIf& w) : s_(s), w_(w) {
  auto refs = list_params(s);
  std::unordered_map<const Param*, int> position;
  for (std::size_t i = 0; i < refs.size(); ++i) position.emplace(refs[i].param, static_cast<int>(i));
  for (const auto& d : s.deadlines) {
    auto it = position.find(&d.change);
    deadline_amount_.push_back(it == position.end() ? -1 : it->second);
  }
}

const ChangeProgram& DatedChanges::at(Date d) {
  int epoch = 0;
  for (const auto& ev : s_.events)
    if (ev.date <= d) ++epoch;
  if (epoch != epoch_) {
    WhatIf w = w_;
    w.at = d;
    events_ = compile_changes(s_, w);
    std::erase_if(events_.steps, [](const ChangeStep& st) { return st.op == ChangeStep::Op::add_scaled; });
    epoch_ = epoch;
  }
  prog_ = events_;
  for (std::size_t k = 0; k < s_.deadlines.size(); ++k) {
    const Deadline& dl = s_.deadlines[k];
    if (dl.param < 0) continue;
    double f = deadline_effect(dl, d);
    if (f == 0) continue;
    ChangeStep step;
    step.op = ChangeStep::Op::add_scaled;
    step.param = dl.param;
    step.amount = deadline_amount_[k];
    step.factor = f;
    prog_.steps.push_back(step);
  }
  return prog_;
}

void apply_changes(const ChangeProgram& prog, const std::vector<ParamRef>& refs, std::vector<double>& slots) {
  slots.resize(static_cast<std::size_t>(prog.slots));
  for (const auto& st : prog.steps) {
    Param& p = *refs[st.param].param;
    if (st.slot >= 0) slots[st.slot] = p.value;
    double amount = st.amount >= 0 ? refs[st.amount].param->value : 0;
    switch (st.op) {
      case ChangeStep::Op::set: set_clamped(p, amount); break;
      case ChangeStep::Op::add: set_clamped(p, p.value + amount); break;
      case ChangeStep::Op::multiply: set_clamped(p, p.value * amount); break;
      case ChangeStep::Op::add_scaled: set_clamped(p, p.value + st.factor * amount); break;
      case ChangeStep::Op::restore: p.value = slots[st.from_slot]; break;
    }
  }
}

std::vector<int> ChangeProgram::touched() const {
  std::vector<int> out;
  for (const auto& st : steps) out.push_back(st.param);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Scenario apply_what_if(const Scenario& base, const WhatIf& w) {
  validate_what_if(base, w);
  Scenario s = base;
  apply_overrides(s, w.overrides);
  if (!s.events.empty() || !s.deadlines.empty()) {
    ChangeProgram prog = compile_changes(s, w);
    std::vector<double> slots;
    apply_changes(prog, list_params(s), slots);
  }
  s.date = w.at.value_or(s.date);
  drop_requirements(s, w);
  return s;
}

void drop_requirements(Scenario& s, const WhatIf& w) {
  for (const auto& name : w.without_requirements) {
    const auto dot = name.find('.');
    if (dot == std::string::npos) continue;
    const int actor = s.actor_index(std::string_view(name).substr(0, dot));
    Preferences* pref = actor < 0 ? nullptr : s.preferences_of(actor);
    if (pref) std::erase_if(pref->requirements, [&](const Requirement& q) { return q.id == name.substr(dot + 1); });
  }
}

void add_what_if_item(WhatIf& w, const std::string& typed) {
  // The words of the other commands' flags are accepted as they are typed there: --at=DATE,
  // --without=EVENT, --without-requirement=ACTOR.REQ, --set=PATH=VALUE (or set=PATH=VALUE).
  std::string item = typed.rfind("--", 0) == 0 ? typed.substr(2) : typed;
  if (item.rfind("set=", 0) == 0) item = item.substr(4);
  const std::string key = item.substr(0, item.find('='));
  if (key.find('.') == std::string::npos && key != "at" && key != "without" && key != "without-requirement") {
    const auto near = closest(key, {"at", "without", "without-requirement", "set"});
    const std::string hint = near ? fmt::format(" (did you mean '{}'?)", *near) : std::string();
    throw UsageError(fmt::format("'{}': unknown what-if item{}; expected at=YYYY-MM-DD, without=EVENT_ID, "
                                 "without-requirement=ACTOR.REQUIREMENT or PATH=VALUE (a parameter path has a dot: "
                                 "`parley params FILE` lists them)",
                                 typed, hint));
  }
  if (item.rfind("at=", 0) == 0) {
    auto d = parse_date(item.substr(3));
    if (!d) throw UsageError(fmt::format("'{}': expected at=YYYY-MM-DD", typed));
    // One date per what-if: a second one would silently replace the first.
    if (w.at && *w.at != *d)
      throw UsageError(fmt::format("'{}': this what-if already has at={}; a what-if has one date (to compare two "
                                   "dates, give one to --baseline and one to --variant)",
                                   typed, format_date(*w.at)));
    w.at = *d;
  } else if (item.rfind("without=", 0) == 0) {
    w.without.push_back(item.substr(8));
  } else if (item.rfind("without-requirement=", 0) == 0) {
    w.without_requirements.push_back(item.substr(20));
  } else {
    Override o = parse_override(item);
    for (const auto& prev : w.overrides)
      if (prev.path == o.path && prev.value != o.value)
        throw UsageError(fmt::format("'{}': this what-if already sets {}={}; give each parameter one value", typed,
                                     prev.path, prev.value));
    w.overrides.push_back(std::move(o));
  }
}

}  // namespace parley
