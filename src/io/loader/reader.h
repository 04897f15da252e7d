// Internals of the scenario loader (not part of the public API, which is io/scenario_loader.h):
// Reader, the YAML reading helpers every section uses. Each helper reads one node, checks its
// kind, range and form, and collects a FILE:LINE:COL diagnostic for every problem instead of
// stopping at the first. Definitions: reader.cc (keys, strings, ids, numbers, texts, evidence)
// and params.cc (parameters, clawbacks and distributions).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/error.h"
#include "scenario/distribution.h"
#include "scenario/scenario.h"

namespace parley::loader_detail {

inline constexpr double kInf = std::numeric_limits<double>::infinity();
// Diagnostics kept per file; later ones are dropped.
inline constexpr std::size_t kMaxDiagnostics = 200;

// Collects diagnostics while walking the YAML tree.
class Reader {
 public:
  // The value nodes of a mapping by key, as returned by keys().
  using Keys = std::map<std::string, YAML::Node>;

  explicit Reader(std::string file) : file_(std::move(file)) {}

  // Positions and diagnostics.
  SourceLoc loc(const YAML::Node& n) const {
    auto m = n.Mark();
    if (m.is_null()) return {file_, 0, 0};
    return {file_, m.line + 1, m.column + 1};
  }
  SourceLoc loc(const YAML::Mark& m) const { return {file_, m.line + 1, m.column + 1}; }

  void error(const SourceLoc& l, std::string msg) {
    if (diags_.size() < kMaxDiagnostics) diags_.push_back({l, std::move(msg)});
  }
  void error(const YAML::Node& n, std::string msg) { error(loc(n), std::move(msg)); }
  std::vector<Diagnostic>& diagnostics() { return diags_; }
  // True once no further diagnostic is kept: callers skip building long messages (id lists).
  bool full() const { return diags_.size() >= kMaxDiagnostics; }

  // --- reader.cc: the forms every section reads ---
  // What a node is, for messages ("a mapping", "a list", "a string", ...).
  static const char* kind(const YAML::Node& n);
  bool expect_map(const YAML::Node& n, std::string_view what);
  bool expect_seq(const YAML::Node& n, std::string_view what);
  // A mapping's keys checked against `allowed` and `required` (`deferred`: returned without an
  // error, the caller reports them); the value nodes by key.
  std::map<std::string, YAML::Node> keys(const YAML::Node& map, std::string_view what,
                                         std::initializer_list<std::string_view> allowed,
                                         std::initializer_list<std::string_view> required,
                                         std::initializer_list<std::string_view> deferred = {});
  // Text without control characters (newlines only when `multiline`).
  bool string(const YAML::Node& n, std::string_view what, std::string& out, bool multiline = false);
  // An id: a letter, then letters, digits, '_' or '-' (at most 64 characters).
  bool id(const YAML::Node& n, std::string_view what, std::string& out);
  // A bare number (an unquoted scalar).
  bool number(const YAML::Node& n, std::string_view what, double& out);
  // A duration: N followed by d, w, m or y ("90d", "36m", "2y"; N from 1 to 100000).
  bool duration(const YAML::Node& n, std::string_view what, Duration& out);
  // An `evidence` list; cited sources are queued in `pending_sources`.
  std::vector<Evidence> evidence(const YAML::Node& n);
  // A name or text: a string (English) or a map language -> text with at least `en`.
  LocalText text(const YAML::Node& n, std::string_view what, bool require_zh = false, bool multiline = false);

  // --- params.cc: parameters and their distributions ---
  // "a number from LO to HI" (or ">= LO" when unbounded above).
  static std::string range_text(double lo, double hi);
  // `clawback: 0..1` or `reversible: true|false` among the keys `k`; false when neither is given.
  bool clawback(Keys& k, Param& out);
  // A parameter in lo..hi: a number, or {value, dist, evidence}.
  Param param(const YAML::Node& n, std::string_view what, double lo, double hi);
  // A distribution (`dist`) of parameter `what` with range lo..hi; nullopt after an error.
  std::optional<Distribution> distribution(const YAML::Node& n, std::string_view what, double lo, double hi);

  // Sources cited by evidence, checked against `sources` once the whole file is read.
  struct PendingSource {
    std::string id;
    SourceLoc loc;
  };
  std::vector<PendingSource> pending_sources;

 private:
  std::string file_;
  std::vector<Diagnostic> diags_;
};

// Ids to positions: the loader's lookups, built once per list so that resolving n references
// costs O(n) in all (Scenario's own lookups scan the list).
using IdIndex = std::unordered_map<std::string, int>;

// Reports duplicate ids in a list of items with id and loc; returns each id's first position.
template <class T>
IdIndex check_unique(Reader& r, const std::vector<T>& items, std::string_view what) {
  IdIndex seen;
  seen.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const T& it = items[i];
    if (it.id.empty()) continue;
    auto [pos, inserted] = seen.emplace(it.id, static_cast<int>(i));
    if (!inserted)
      r.error(it.loc, fmt::format("duplicate {} id '{}' (first defined at line {})", what, it.id,
                                  items[pos->second].loc.line));
  }
  return seen;
}

// The position of `id` in `index`, or -1.
inline int find_id(const IdIndex& index, const std::string& id) {
  auto it = index.find(id);
  return it == index.end() ? -1 : it->second;
}

}  // namespace parley::loader_detail
