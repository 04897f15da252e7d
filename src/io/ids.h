// Ids made from free text for imported scenarios (io/importers.h, io/genius.h): characters other
// than letters, digits, '_' and '-' become '_', a leading non-letter gets a prefix, at most 60
// characters before a suffix, reserved ids get a trailing '_', repeats get -2, -3, ...
#pragma once

#include <cctype>
#include <fmt/format.h>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace parley {

// Makes ids from free text (see importers.h), unique within one kind; with `fold_case`, also
// unique ignoring ASCII case (ids that name files: A.yaml and a.yaml are one file on some
// file systems).
class IdMaker {
 public:
  IdMaker(char prefix, std::set<std::string> reserved, bool fold_case = false)
      : prefix_(prefix), reserved_(std::move(reserved)), fold_case_(fold_case) {}
  std::string make(std::string_view text) {
    std::string id;
    for (char c : text) {
      bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      if (ok) id += c;
      else if (!id.empty() && id.back() != '_') id += '_';
    }
    while (!id.empty() && id.back() == '_') id.pop_back();
    if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0]))) id = std::string(1, prefix_) + id;
    if (id.size() > 60) id.resize(60);
    if (reserved_.count(id)) id += '_';
    std::string unique = id;
    // Suffixes tried before for this id are taken for good, so the search resumes after the
    // last one: n repeats of one text cost O(n log n), not O(n²).
    int& k = next_suffix_[id];
    if (k < 2) k = 2;
    for (; used_.count(key(unique)); ++k) unique = fmt::format("{}-{}", id, k);
    used_.insert(key(unique));
    return unique;
  }

 private:
  std::string key(std::string id) const {
    if (fold_case_)
      for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return id;
  }
  char prefix_;
  std::set<std::string> reserved_;
  bool fold_case_;
  std::set<std::string> used_;
  std::map<std::string, int> next_suffix_;  // per id: the first suffix not yet tried
};

// Actor and issue ids avoid the words the scenario format reserves for them (and YAML's nulls).
inline IdMaker actor_ids() { return IdMaker('a', {"event", "deadline", "issue", "action", "plan", "null", "Null", "NULL"}); }
inline IdMaker issue_ids() { return IdMaker('i', {"trust", "support", "null", "Null", "NULL"}); }

}  // namespace parley
