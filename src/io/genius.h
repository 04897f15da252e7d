// The automated-negotiation world's formats: GENIUS XML (a domain file and one additive profile
// per party) and GeniusWeb JSON (a domain and LinearAdditiveUtilitySpace profiles), turned into
// parley scenarios (`parley import genius|geniusweb DOMAIN PROFILE...`) and written back
// (`parley export genius|geniusweb FILE -o DIR`). docs/scenario-format.md ("GENIUS and GeniusWeb")
// states every conversion; ../shared/validation/genius-domains/FORMAT.md how the reference tools
// read the files.
//
// Import, GENIUS semantics (GENIUS 10.4's readers):
//   issues      discrete: one option per <item>, in document order (id from the value text,
//               name = the value text); integer: one option per whole number from lowerbound to
//               upperbound (the attributes); real: `real_steps` options evenly spaced
//               from the <range>'s lower to its upper bound, both included (GENIUS enumerates
//               real issues with 21 such steps). At most 64 options per issue.
//   utilities   discrete: evaluation / the largest evaluation (0 when that is below
//               1e-5); integer: clamp(slope·(v − lowerbound) + offset, 0, 1) with the profile
//               issue's lowerbound; real: linear clamp(parameter1·x + parameter0, 0, 1), constant
//               parameter0, triangular (parameter0 low, parameter1 high, parameter2 top). The
//               option's score is 100 × that utility.
//   weights     as read (no renormalisation); salience = weight × 10^k with k = 6 unless a weight
//               exceeds 1 (then the largest power of ten keeping every salience within 10^6),
//               so that utilities are exact to about 10^-14.
//   clamp       GENIUS's utility is min(1, Σ w·u); parley's is Σ s·score / (100 Σ s). With weights
//               adding up to W = 1 (within 1e-9) the two are equal. W < 1: the scores are also
//               multiplied by W, so that the utility stays Σ w·u exactly. W > 1: the clamp cannot
//               be expressed; parley's utility is Σ w·u / W and the reservation r / W, so the same
//               packages are acceptable and the frontier, Nash and Kalai–Smorodinsky packages
//               are the same (a warning names W).
//   reservation <reservation value="r"/> (0 when absent), 0..1.
//   discount    <discount_factor value="d"/>: kept in the reservation's evidence note
//               ("discount factor d: ..."), which export reads back; d <= 0 or d > 1 means no
//               discount (GENIUS). GENIUS multiplies utilities and the reservation alike by
//               d^t, so no deal-space answer changes with t (docs/scenario-format.md).
// GeniusWeb: discrete value utilities as given (0..1, no rescaling), number utilities
// interpolated linearly between (lowValue, lowUtility) and (highValue, highUtility) and 0 outside
// (rounded half up to 8 decimals, as GeniusWeb does); both keys `DiscreteValueSetUtilities` and
// `discreteutils` (and `NumberValueSetUtilities` / `numberutils`); a numeric issue's range
// {low, high, step} becomes one option per step; the reservation is the utility of
// `reservationBid` (issues it leaves out count 0), 0 without one.
//
// One party per profile, in the order given; the scenario id from the domain file's name, the
// title from the domain's name; ids from names (importers.h's rules), names unchanged and equal
// in en and zh-TW; one source per input file (domain, profile-1, ...), cited by the issues and
// by each party's reservation; every party has capability 50 (the files give none; the deal
// space does not read it).
//
// Malformed XML is repaired for three known quirks, each repair a warning at FILE:LINE:COL: an
// XML declaration that is not at the start (removed), a bare `&` (escaped), no space between
// two attributes (inserted). Anything else is an error: every problem of a file at once, as
// FILE:LINE:COL (InputError). Non-linear profiles (ANAC 2014 hyper-rectangles) and GeniusWeb's
// SumOfGroups and partial-order profiles are refused (not supported yet).
//
// Export writes what `parley analyze` reads at the scenario's date as additive profiles: option
// names as values (ids where names repeat), evaluations score / (the largest score),
// weights salience × (largest score / 100) / Σ salience, so that GENIUS's utility equals
// parley's; the reservation as a number (GENIUS) or as a bid worth exactly it (GeniusWeb; a
// reservation of 0 needs none). Refused, each at its place in the scenario: continuous issues,
// interactions, ratification rules, advisers' influence on a party, patron support, and (for
// GeniusWeb) a reservation no package is worth exactly. Plans, actions, trust and actors other
// than parties are left out (a note says so); events, deadlines and distributions are applied as
// at the scenario's date.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "scenario/scenario.h"

namespace parley {

struct GeniusOptions {
  int real_steps = 21;  // options of a real-valued GENIUS issue, 2..64
};

// An input given as text (`file` names it in diagnostics and in the scenario).
struct InputText {
  std::string file;
  std::string text;
};

struct GeniusImport {
  Scenario scenario;
  std::vector<Diagnostic> warnings;  // repairs and conversions worth a word, in input order
};

// GENIUS XML: a domain file and at least one profile.
GeniusImport import_genius(const std::string& domain, const std::vector<std::string>& profiles,
                           const GeniusOptions& opt = {});
GeniusImport import_genius_text(const InputText& domain, const std::vector<InputText>& profiles,
                                const GeniusOptions& opt = {});
// GeniusWeb JSON: a domain file and at least one LinearAdditiveUtilitySpace profile.
GeniusImport import_geniusweb(const std::string& domain, const std::vector<std::string>& profiles);
GeniusImport import_geniusweb_text(const InputText& domain, const std::vector<InputText>& profiles);

// A file to write: its name (no directory) and content.
struct ExportedFile {
  std::string name;
  std::string text;
};
struct GeniusExport {
  std::vector<ExportedFile> files;  // the domain first, then one profile per party
  std::vector<std::string> notes;   // what was left out or applied (for stderr)
};

// The scenario as GENIUS XML / GeniusWeb JSON files. Throws InputError (at the scenario's
// positions) listing everything that cannot be expressed.
GeniusExport export_genius(const Scenario& s);
GeniusExport export_geniusweb(const Scenario& s);

}  // namespace parley
