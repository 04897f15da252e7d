// `parley init`: a commented scenario template, in English and Traditional Chinese, that passes
// `parley check` as it is and shows every key a first scenario needs (title, date, sources and
// evidence, actors, issues and options, preferences, a named package). The numbers are
// placeholders: every comment says what to replace.
//
// | parameter | meaning                 | default | range  |
// |-----------|-------------------------|---------|--------|
// | parties   | actors with role party  | 2       | 2..26  |
// | issues    | ordinal issues          | 3       | 1..20  |
#pragma once

#include <string>

namespace parley {

inline constexpr int kTemplateMaxParties = 26;
inline constexpr int kTemplateMaxIssues = 20;

// The template's YAML text (throws UsageError for counts outside the ranges above).
std::string scenario_template(int parties, int issues);

}  // namespace parley
