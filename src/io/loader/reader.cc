// Reader basics: the forms every section reads (mappings and their keys, text, ids, numbers,
// localized names and texts, evidence), each checked with a FILE:LINE:COL diagnostic.

#include "io/loader/reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/suggest.h"
#include "core/text.h"

namespace parley::loader_detail {

const char* Reader::kind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return n.Tag() == "!" ? "a string" : "a scalar";
    case YAML::NodeType::Null: return "nothing (null)";
    default: return "nothing";
  }
}

bool Reader::expect_map(const YAML::Node& n, std::string_view what) {
  if (n.IsMap()) return true;
  error(n, fmt::format("{} must be a mapping, found {}", what, kind(n)));
  return false;
}

bool Reader::expect_seq(const YAML::Node& n, std::string_view what) {
  if (n.IsSequence()) return true;
  error(n, fmt::format("{} must be a list, found {}", what, kind(n)));
  return false;
}

// Checks a mapping's keys: scalar, unique, known; reports missing required keys. Returns the
// value nodes by key for the caller to read.
// Keys in `deferred` are not in `allowed` but are returned without an error: the caller
// reports them with a better message (e.g. a key that belongs to another kind of issue).
std::map<std::string, YAML::Node> Reader::keys(const YAML::Node& map, std::string_view what,
                                               std::initializer_list<std::string_view> allowed,
                                               std::initializer_list<std::string_view> required,
                                               std::initializer_list<std::string_view> deferred) {
  std::map<std::string, YAML::Node> out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    YAML::Node k = it->first;  // a copy: it-> yields a temporary
    if (!k.IsScalar()) {
      error(k, fmt::format("keys of {} must be plain names, found {}", what, kind(k)));
      continue;
    }
    std::string key = k.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end() &&
        std::find(deferred.begin(), deferred.end(), key) == deferred.end()) {
      std::string list;
      std::vector<std::string> names;
      for (auto a : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(a);
        names.emplace_back(a);
      }
      auto near = closest(key, names);
      error(k, fmt::format("unknown key '{}' in {}{}; expected one of: {}", key, what,
                           near ? fmt::format(" (did you mean '{}'?)", *near) : std::string(), list));
      continue;
    }
    if (out.count(key)) {
      error(k, fmt::format("duplicate key '{}' in {}", key, what));
      continue;
    }
    out.emplace(key, it->second);
  }
  for (auto r : required)
    if (!out.count(std::string(r))) error(map, fmt::format("{} is missing required key '{}'", what, r));
  return out;
}

bool Reader::duration(const YAML::Node& n, std::string_view what, Duration& out) {
  std::string text;
  if (!n.IsScalar()) {
    error(n, fmt::format("{} must be a duration such as 90d, 6w, 36m or 2y, found {}", what, kind(n)));
    return false;
  }
  text = n.Scalar();
  auto d = parse_duration(text);
  if (!d) {
    error(n, fmt::format("{} '{}' is not a duration; expected a whole number from 1 to 100000 followed by d (days), "
                         "w (weeks), m (months) or y (years), e.g. 36m", what, text));
    return false;
  }
  out = *d;
  return true;
}

// A plain (unquoted or quoted) scalar string. Control characters (an escape such as "\e" in
// a quoted string) are refused: shown in a terminal they could retitle it or hide text; a
// newline only where a text may span lines (`multiline`).
bool Reader::string(const YAML::Node& n, std::string_view what, std::string& out, bool multiline) {
  if (!n.IsScalar()) {
    error(n, fmt::format("{} must be text, found {}", what, kind(n)));
    return false;
  }
  out = n.Scalar();
  if (auto c = find_control(out, multiline)) {
    error(n, fmt::format("{} holds the control character {} at byte {}; expected printable text{}", what,
                         code_point_name(c->code), c->offset + 1, multiline ? " (newlines and tabs are allowed)"
                                                                              : " on one line (tabs are allowed)"));
  }
  return true;  // (the text is kept, so that no second error follows from a missing one)
}

bool Reader::id(const YAML::Node& n, std::string_view what, std::string& out) {
  if (!string(n, what, out)) return false;
  bool ok = !out.empty() && out.size() <= 64 &&
            std::isalpha(static_cast<unsigned char>(out[0])) &&
            std::all_of(out.begin(), out.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
            });
  if (!ok) {
    error(n, fmt::format("{} '{}' is not a valid id; expected a letter followed by letters, digits, "
                         "'_' or '-' (at most 64 characters)",
                         what, out));
    return false;
  }
  return true;
}

// A bare number (an unquoted scalar).
bool Reader::number(const YAML::Node& n, std::string_view what, double& out) {
  if (!n.IsScalar() || n.Tag() == "!") {
    error(n, fmt::format("{} must be a number, found {}", what, kind(n)));
    return false;
  }
  double v = 0;
  const std::string& s = n.Scalar();
  bool parsed = YAML::convert<double>::decode(n, v);
  if (!parsed || !std::isfinite(v) || s.empty()) {
    error(n, fmt::format("{} must be a number, found '{}'", what, s));
    return false;
  }
  out = v;
  return true;
}

std::vector<Evidence> Reader::evidence(const YAML::Node& n) {
  std::vector<Evidence> out;
  if (!expect_seq(n, "evidence")) return out;
  for (const auto& e : n) {
    if (!expect_map(e, "an evidence entry")) continue;
    auto k = keys(e, "evidence entry", {"source", "locator", "note"}, {"source", "locator", "note"});
    Evidence ev;
    ev.loc = loc(e);
    if (k.count("source")) {
      if (id(k["source"], "evidence source", ev.source)) pending_sources.push_back({ev.source, loc(k["source"])});
    }
    if (k.count("locator")) string(k["locator"], "evidence locator", ev.locator);
    if (k.count("note")) {
      if (k["note"].IsMap()) {  // {en, zh-TW}: the paraphrase in both languages
        LocalText t = text(k["note"], "evidence note", false, true);
        ev.note = t["en"];
        if (t.count("zh-TW")) ev.note_zh = t["zh-TW"];
      } else {
        string(k["note"], "evidence note", ev.note, true);
      }
    }
    out.push_back(std::move(ev));
  }
  return out;
}

// Names: a string (English) or a map language -> text with at least `en`.
LocalText Reader::text(const YAML::Node& n, std::string_view what, bool require_zh, bool multiline) {
  LocalText out;
  if (n.IsScalar()) {
    string(n, what, out["en"], multiline);
    if (require_zh) error(n, fmt::format("{} must give both 'en' and 'zh-TW' texts", what));
    return out;
  }
  if (!n.IsMap()) {
    error(n, fmt::format("{} must be text or a mapping from language to text, found {}", what, kind(n)));
    return out;
  }
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string lang, value;
    if (!string(it->first, "a language tag", lang)) continue;
    if (out.count(lang)) {
      error(it->first, fmt::format("duplicate language '{}' in {}", lang, what));
      continue;
    }
    if (!string(it->second, fmt::format("{} ({})", what, lang), value, multiline)) continue;
    out[lang] = value;
  }
  if (!out.count("en")) error(n, fmt::format("{} has no 'en' text", what));
  if (require_zh && !out.count("zh-TW")) error(n, fmt::format("{} has no 'zh-TW' text", what));
  return out;
}

}  // namespace parley::loader_detail
