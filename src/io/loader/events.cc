// Dated `events` (set, add, multiply, revert) and `deadlines`, and the resolution of the
// parameter paths they change (with their amounts checked against the target's range).

#include "io/loader/builder.h"

#include <cmath>
#include <unordered_map>

#include "core/date.h"
#include "core/suggest.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley::loader_detail {

Date ScenarioBuilder::date_of(const YAML::Node& n, std::string_view what, bool& ok) {
  std::string d;
  ok = false;
  if (!r_.string(n, what, d)) return {};
  auto date = parse_date(d);
  if (!date) {
    r_.error(n, fmt::format("{} '{}' is not a valid date; expected YYYY-MM-DD", what, d));
    return {};
  }
  ok = true;
  return *date;
}

void ScenarioBuilder::events(const YAML::Node& n) {
  if (!r_.expect_seq(n, "events")) return;
  bool have_prev = false;
  Date prev;
  for (const auto& e : n) {
    if (!r_.expect_map(e, "an event")) continue;
    auto k = r_.keys(e, "an event", {"id", "name", "date", "changes", "evidence"}, {"id", "date", "changes"});
    Event ev;
    ev.loc = r_.loc(e);
    if (k.count("id")) r_.id(k["id"], "event id", ev.id);
    if (k.count("name")) ev.name = r_.text(k["name"], "event name");
    if (k.count("evidence")) ev.evidence = r_.evidence(k["evidence"]);
    bool ok = false;
    if (k.count("date")) ev.date = date_of(k["date"], "event date", ok);
    if (ok) {
      if (have_prev && ev.date < prev)
        r_.error(k["date"], fmt::format("event '{}' on {} is listed after an event on {}; list events in date order",
                                        ev.id, format_date(ev.date), format_date(prev)));
      prev = ev.date;
      have_prev = true;
    }
    if (k.count("changes") && r_.expect_seq(k["changes"], "changes")) {
      for (const auto& c : k["changes"]) {
        if (!r_.expect_map(c, "a change")) continue;
        auto ck = r_.keys(c, "a change", {"path", "set", "add", "multiply", "revert"}, {});
        Change ch;
        ch.loc = r_.loc(c);
        int ops = static_cast<int>(ck.count("set") + ck.count("add") + ck.count("multiply") + ck.count("revert"));
        if (ops != 1) {
          r_.error(c, "a change needs exactly one of set, add, multiply or revert");
          continue;
        }
        if (ck.count("revert")) {
          ch.op = Change::Op::revert;
          if (ck.count("path")) r_.error(ck["path"], "a revert change takes no path (it restores every parameter the event changed)");
          if (r_.id(ck["revert"], "reverted event", ch.reverts)) {
            int target = find_id(event_at_, ch.reverts);
            if (target < 0) r_.error(ck["revert"], fmt::format("event '{}' reverts unknown or later event '{}'; "
                                                               "an event can only revert one listed before it",
                                                               ev.id, ch.reverts));
          }
        } else {
          if (!ck.count("path")) {
            r_.error(c, "a change needs a parameter 'path' (see `parley params FILE`)");
            continue;
          }
          r_.string(ck["path"], "path", ch.path);
          const char* op = ck.count("set") ? "set" : ck.count("add") ? "add" : "multiply";
          ch.op = ck.count("set") ? Change::Op::set : ck.count("add") ? Change::Op::add : Change::Op::multiply;
          // Ranges are checked against the target parameter once paths are resolved.
          ch.amount = r_.param(ck[op], op, -kInf, kInf);
          path_locs_.push_back(r_.loc(ck["path"]));
        }
        ev.changes.push_back(std::move(ch));
      }
    }
    if (!ev.id.empty()) event_at_.emplace(ev.id, static_cast<int>(s_.events.size()));
    s_.events.push_back(std::move(ev));
  }
  check_unique(r_, s_.events, "event");
}

void ScenarioBuilder::deadlines(const YAML::Node& n) {
  if (!r_.expect_seq(n, "deadlines")) return;
  for (const auto& e : n) {
    if (!r_.expect_map(e, "a deadline")) continue;
    auto k = r_.keys(e, "a deadline", {"id", "name", "date", "path", "shape", "change", "horizon_days", "after", "evidence"},
                     {"id", "date", "path", "shape", "change"});
    Deadline d;
    d.loc = r_.loc(e);
    if (k.count("id")) r_.id(k["id"], "deadline id", d.id);
    if (k.count("name")) d.name = r_.text(k["name"], "deadline name");
    if (k.count("evidence")) d.evidence = r_.evidence(k["evidence"]);
    bool ok = false;
    if (k.count("date")) d.date = date_of(k["date"], "deadline date", ok);
    if (k.count("path") && r_.string(k["path"], "path", d.path)) deadline_locs_.push_back(r_.loc(k["path"]));
    else deadline_locs_.push_back(r_.loc(e));
    if (k.count("change")) d.change = r_.param(k["change"], "change", -kInf, kInf);
    std::string shape;
    if (k.count("shape") && r_.string(k["shape"], "shape", shape)) {
      if (shape == "step") d.shape = Deadline::Shape::step;
      else if (shape == "linear") d.shape = Deadline::Shape::linear;
      else if (shape == "exponential") d.shape = Deadline::Shape::exponential;
      else r_.error(k["shape"], fmt::format("unknown deadline shape '{}'; expected step, linear or exponential", shape));
    }
    if (k.count("horizon_days")) {
      double h = 0;
      if (r_.number(k["horizon_days"], "horizon_days", h)) {
        if (h < 1 || h > 36500 || h != std::floor(h))
          r_.error(k["horizon_days"], fmt::format("horizon_days is {}; expected a whole number of days from 1 to 36500", h));
        else
          d.horizon_days = static_cast<int>(h);
      }
    } else if (d.shape != Deadline::Shape::step && !shape.empty()) {
      r_.error(e, fmt::format("deadline '{}' has shape {} but no 'horizon_days'", d.id, shape));
    }
    if (k.count("after")) {
      std::string after;
      if (r_.string(k["after"], "after", after)) {
        if (after == "release") d.release_after = true;
        else if (after != "hold") r_.error(k["after"], fmt::format("unknown value '{}' for after; expected hold or release", after));
      }
    }
    s_.deadlines.push_back(std::move(d));
  }
  check_unique(r_, s_.deadlines, "deadline");
}

// Whether an amount's distribution has a number outside the amount's range (set once the
// target is known): its support's ends, or the mean of a normal (sampled values are truncated
// to the range).
bool ScenarioBuilder::dist_out_of_range(const Param& p) {
  if (!p.dist) return false;
  auto [a, b] = p.dist->kind == Distribution::Kind::normal ? std::pair{p.dist->mean, p.dist->mean}
                                                           : parley::support(*p.dist, p.lo, p.hi);
  return a < p.lo || b > p.hi;
}

// Resolves the parameter paths of event changes and deadlines; checks amounts (and their
// distributions) against the target's range (set: within it; add: at most its width;
// multiply: 0..1000).
void ScenarioBuilder::resolve_paths() {
  if (s_.events.empty() && s_.deadlines.empty()) return;
  auto refs = list_params(s_);
  std::unordered_map<std::string_view, int> path_at;
  path_at.reserve(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) path_at.emplace(refs[i].path, static_cast<int>(i));
  std::vector<std::string> paths;  // the candidates of "did you mean"
  auto resolve = [&](const std::string& path, const SourceLoc& loc) -> int {
    if (path.rfind("event.", 0) == 0 || path.rfind("deadline.", 0) == 0) {
      r_.error(loc, fmt::format("'{}' is the amount of another event or deadline; events and deadlines change "
                                "scenario parameters only", path));
      return -1;
    }
    if (auto it = path_at.find(path); it != path_at.end()) return it->second;
    if (paths.empty())  // built once, for the first unknown path
      for (const auto& ref : refs) paths.push_back(ref.path);
    std::string hint = did_you_mean(path, paths);
    r_.error(loc, fmt::format("unknown parameter path '{}'{}", path,
                              hint.empty() ? "; run `parley params FILE` to list the paths" : hint));
    return -1;
  };
  std::size_t next_loc = 0;
  for (auto& ev : s_.events)
    for (auto& ch : ev.changes) {
      if (ch.op == Change::Op::revert) continue;
      ch.param = resolve(ch.path, path_locs_[next_loc++]);
      if (ch.param < 0) continue;
      const Param& target = *refs[ch.param].param;
      double width = target.hi - target.lo;
      if (ch.op == Change::Op::set) { ch.amount.lo = target.lo; ch.amount.hi = target.hi; }
      else if (ch.op == Change::Op::add) { ch.amount.lo = -width; ch.amount.hi = width; }
      else { ch.amount.lo = 0; ch.amount.hi = 1000; }
      if (dist_out_of_range(ch.amount))
        r_.error(ch.amount.dist->loc, fmt::format("event '{}' changes '{}' by {}, out of range; expected {} to {}",
                                                  ev.id, ch.path, describe(*ch.amount.dist), ch.amount.lo,
                                                  ch.amount.hi));
      else if (ch.amount.value < ch.amount.lo || ch.amount.value > ch.amount.hi)
        r_.error(ch.amount.loc, fmt::format("event '{}' changes '{}' by {}, out of range; expected {} to {}", ev.id,
                                            ch.path, ch.amount.value, ch.amount.lo, ch.amount.hi));
    }
  for (std::size_t i = 0; i < s_.deadlines.size(); ++i) {
    auto& d = s_.deadlines[i];
    if (d.path.empty()) continue;
    d.param = resolve(d.path, deadline_locs_[i]);
    if (d.param < 0) continue;
    const Param& target = *refs[d.param].param;
    double width = target.hi - target.lo;
    d.change.lo = -width;
    d.change.hi = width;
    if (dist_out_of_range(d.change))
      r_.error(d.change.dist->loc, fmt::format("deadline '{}' changes '{}' by {}, out of range; expected {} to {}",
                                               d.id, d.path, describe(*d.change.dist), -width, width));
    else if (d.change.value < -width || d.change.value > width)
      r_.error(d.change.loc, fmt::format("deadline '{}' changes '{}' by {}, out of range; expected {} to {}", d.id,
                                         d.path, d.change.value, -width, width));
  }
}

}  // namespace parley::loader_detail
