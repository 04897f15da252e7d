// "Did you mean": the closest of a set of candidates to a mistyped word (a command, a flag, a
// parameter path, an id), by optimal-string-alignment edit distance (Levenshtein plus swaps of
// two neighbouring characters; Damerau 1964), over bytes and case-insensitively.
//
// | parameter | meaning                                 | default                  |
// |-----------|-----------------------------------------|--------------------------|
// | max       | the largest distance still suggested    | 1 + word length / 4, ≤ 3 |
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// The edit distance between a and b (insertions, deletions, substitutions and swaps of two
// neighbouring characters, each costing 1), ignoring ASCII case.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to word, if one is within the default distance (see the table above) and
// strictly closer than any other; nullopt when none is close or two tie.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'X'?" for the closest candidate, else "" (to append to an error message).
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace parley
