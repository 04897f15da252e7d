// Importers: other tools' spatial-model inputs turned into parley scenarios with continuous
// issues (`parley import FORMAT IN -o OUT`), written with the scenario writer so that the output
// loads with `parley check` and runs with `parley forecast`.
//
// Every importer builds a Scenario with: format version 1; the id from the input's file name
// (made into a valid id); title and names in `en` and `zh-TW` (the same text in both when the
// input has one language); the date 2000-01-01 unless the input gives one (kImportDefaultDate);
// one source `input` naming the input file, cited by every issue (locator: the lines it comes
// from); actors with role `party`; continuous issues. The scenario's description says how
// numbers were converted (the writer keeps no comments; `parley import` adds a first comment
// line naming the input).
//
// Conversions shared by the formats:
//   capability  as given when every value is at most 100; otherwise every value is divided by the
//               largest and multiplied by 100 (only ratios matter to the models); a positive
//               value below 1e-300 times the largest (it would become 0) is refused at its field.
//   text        a field longer than 1 MiB is refused at its field (names are written twice into
//               a scenario file of at most 16 MiB); `parley import` checks the whole file's size.
//   ids         text made into ids: characters other than letters, digits, '_' and '-' become
//               '_', a leading non-letter gets a prefix (`a` for actors, `i` for issues), at most
//               64 characters, repeats get -2, -3, ...; reserved ids get a trailing '_'. The
//               original text is kept as the name.
//
// Formats:
//   actors-csv  header `actor,capability,position,salience` (any order, case-insensitive), one row
//               per actor (the layout of ../shared/validation/emissions/ec-emissions-bdm94.csv).
//               One issue, id `position` unless ImportOptions::issue. Range: ImportOptions::range
//               if given, else [0, 100] when every position lies in 0..100, else
//               [floor(min), ceil(max)]. Salience as given (0..100).
//   ktab        KTAB's SMP CSV: line 1 = scenario name, description, number of actors, number of
//               dimensions (further cells ignored); line 2 = header (actor, description,
//               capability, then a position and a salience column per dimension); one row per
//               actor (trailing commas allowed; fields may be double-quoted). One issue per
//               dimension, its id from the position column's header without a trailing
//               "Position"; range as for actors-csv, per dimension. Actor names: the description
//               when the descriptions are distinct, else "ACTOR (description)".
//   decide      the Decide exchange model's #A/#P/#M/#D lines (../shared/validation/decide/):
//               fields separated by tabs or spaces, optionally quoted with ' or ". #A actor (id,
//               name, ...), #P issue (id, name, ...), #M issue bound (two per issue: lower, then
//               upper), #D actor issue position salience power. One issue per #P, range from
//               its #M lines. Saliences: when every one is at most 1 they are multiplied by 100,
//               else taken as 0..100. The power of each #D row becomes the position entry's
//               capability (rescaled by the shared rule across the file); an actor's own
//               capability is its largest power.
//   deu         the DEU table (io/deu.h): one scenario per row (issue), id = isnr, date = intro,
//               actors = those with a position (ids com, ep, at, ...; names in en and zh-TW),
//               capability = line 2's GDP-based proxy, reference = rp, outcome = out when given;
//               a position without a salience gets salience 50.
//
// Positions and #M bounds must lie within ±kMaxRangeMagnitude (scenario.h), as the ranges made
// from them must.
//
// Errors: every problem at once as FILE:LINE:COL (COL = 1-based character column of the field,
// or 1), thrown as InputError.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/scenario.h"

namespace parley {

inline constexpr const char* kImportDefaultDate = "2000-01-01";

struct ImportOptions {
  std::string issue;                                 // actors-csv: the issue id (default "position")
  std::optional<std::pair<double, double>> range;    // actors-csv, ktab: the issues' range (within
                                                     // ±kMaxRangeMagnitude; `parley import` checks)
};

// `file` is the name used in diagnostics and in the scenario (id, source); the *_text variants
// read `text` as the content of `file`.
Scenario import_actors_csv(const std::string& file, const ImportOptions& opt = {});
Scenario import_actors_csv_text(std::string_view text, const std::string& file, const ImportOptions& opt = {});
Scenario import_ktab(const std::string& file, const ImportOptions& opt = {});
Scenario import_ktab_text(std::string_view text, const std::string& file, const ImportOptions& opt = {});
Scenario import_decide(const std::string& file);
Scenario import_decide_text(std::string_view text, const std::string& file);
// One scenario per row of the table, in file order.
std::vector<Scenario> import_deu(const std::string& file);
std::vector<Scenario> import_deu_text(std::string_view text, const std::string& file);

// The formats `parley import` knows, in the order of its help.
const std::vector<std::string>& import_formats();

}  // namespace parley
