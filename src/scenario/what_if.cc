#include "scenario/what_if.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

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
      for (const auto& e : s.events) list += (list.empty() ? "" : ", ") + e.id;
      Diagnostic d;
      d.loc.file = fmt::format("--without {}", id);
      d.message = fmt::format("unknown event '{}'; the scenario's events are: {}", id, list.empty() ? "(none)" : list);
      diags.push_back(std::move(d));
    }
  if (!diags.empty()) throw InputError(std::move(diags));
}

static void set_clamped(Param& p, double v) { p.value = std::clamp(v, p.lo, p.hi); }

Scenario apply_what_if(const Scenario& base, const WhatIf& w) {
  validate_what_if(base, w);
  Scenario s = base;
  apply_overrides(s, w.overrides);
  Date at = w.at.value_or(s.date);
  s.date = at;
  if (s.events.empty() && s.deadlines.empty()) return s;
  auto refs = list_params(s);
  // Values before each applied event, to support `revert`.
  std::map<std::string, std::vector<std::pair<int, double>>> before;
  for (const auto& ev : s.events) {
    if (ev.date > at) break;  // events are in date order
    if (std::find(w.without.begin(), w.without.end(), ev.id) != w.without.end()) continue;
    auto& saved = before[ev.id];
    for (const auto& ch : ev.changes) {
      if (ch.op == Change::Op::revert) {
        auto it = before.find(ch.reverts);
        if (it == before.end()) continue;  // the reverted event did not happen (or was removed)
        for (auto rit = it->second.rbegin(); rit != it->second.rend(); ++rit) {
          saved.emplace_back(rit->first, refs[rit->first].param->value);
          refs[rit->first].param->value = rit->second;
        }
        continue;
      }
      if (ch.param < 0) continue;
      Param& p = *refs[ch.param].param;
      saved.emplace_back(ch.param, p.value);
      double amount = ch.amount.value;
      switch (ch.op) {
        case Change::Op::set: set_clamped(p, amount); break;
        case Change::Op::add: set_clamped(p, p.value + amount); break;
        case Change::Op::multiply: set_clamped(p, p.value * amount); break;
        case Change::Op::revert: break;
      }
    }
  }
  for (const auto& d : s.deadlines) {
    if (d.param < 0) continue;
    double f = deadline_effect(d, at);
    if (f == 0) continue;
    Param& p = *refs[d.param].param;
    set_clamped(p, p.value + f * d.change.value);
  }
  return s;
}

void add_what_if_item(WhatIf& w, const std::string& item) {
  if (item.rfind("at=", 0) == 0) {
    auto d = parse_date(item.substr(3));
    if (!d) throw UsageError(fmt::format("'{}': expected at=YYYY-MM-DD", item));
    w.at = *d;
  } else if (item.rfind("without=", 0) == 0) {
    w.without.push_back(item.substr(8));
  } else {
    w.overrides.push_back(parse_override(item));
  }
}

}  // namespace parley
