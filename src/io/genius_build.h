// Internals of the GENIUS / GeniusWeb importers (io/genius.h), not a public API: the domain and
// profiles as both readers see them (utilities already on GENIUS's 0..1 per-issue scale), and
// the one function that turns them into a parley scenario.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/genius.h"
#include "scenario/scenario.h"

namespace parley::genius_detail {

struct NegIssue {
  std::string name;                 // as in the file, exactly
  std::string kind;                 // "discrete", "integer", "real", "number"
  std::vector<std::string> labels;  // one per option: the value text, or the number written out
  std::vector<double> values;       // integer, real and number issues: the option's value
  SourceLoc loc;
};

struct NegDomain {
  std::string file;
  std::string format;               // "genius" or "geniusweb"
  std::string name;                 // the domain's name ("" when it has none)
  std::vector<NegIssue> issues;
};

// A hyper-rectangle of a GENIUS non-linear profile, flattened into its top <ufun>: worth `value`
// (its utility times its weight and the weights of the <ufun>s it sits in) when every bound
// holds (`excludes`: when some bound fails).
struct NegBox {
  struct Bound {
    std::size_t issue = 0;  // position among the domain's issues
    long long min = 0, max = 0;
  };
  std::vector<Bound> bounds;
  bool excludes = false;
  double value = 0;
  std::string value_text;  // the utility as written, when no weight other than 1 applies ("" else)
  SourceLoc loc;
};
// A GENIUS non-linear profile: U = min(1, aggregate / max_utility).
struct NegNonlinear {
  Boxes::Aggregate aggregate = Boxes::Aggregate::sum;
  double max_utility = 1;
  std::string max_text;
  std::vector<NegBox> boxes;
  SourceLoc loc;  // the <utility> element
};

struct NegProfile {
  std::string file;
  std::string name;                     // "" when the file gives none (the file's stem is used)
  SourceLoc loc;                        // the profile's root
  std::vector<double> weight;           // per domain issue, as read
  std::vector<std::string> weight_text; // the weight as written (a decimal), "" when unknown
  std::vector<std::vector<double>> utility;  // per domain issue and option, 0..1
  // The utility as written when it was read as a decimal (not computed), else "": scores are
  // then made by moving its decimal point, exactly.
  std::vector<std::vector<std::string>> utility_text;
  double reservation = 0;               // on GENIUS's scale (before dividing by the weights' sum)
  SourceLoc reservation_loc;            // line 0 when the file gives none
  std::string reservation_note;         // how the reservation was read
  std::optional<NegNonlinear> nonlinear;  // a non-linear profile (then no weights or utilities)
  std::optional<double> discount;       // GENIUS discount factor, when the file gives one
  std::string discount_note;            // e.g. "0 is no discount" (empty when as read)
};

// The scenario: issues and options from the domain, one party per profile (see io/genius.h).
// Adds a warning (at the profile's root) for weights adding up to more than 1 (io/genius.h).
GeniusImport build_scenario(const NegDomain& domain, const std::vector<NegProfile>& profiles,
                            std::vector<Diagnostic> warnings, const std::string& description);

// The 1-based line and character column of byte `offset` in `text`.
SourceLoc locate(const std::string& file, std::string_view text, std::size_t offset);

// The decimal `text` (digits, an optional point and exponent) times 10^k, read with the
// correct rounding; `fallback` when the text is not such a decimal.
double scaled_decimal(std::string_view text, int k, double fallback);

// Shortest text of a double that reads back as the same number ("0.35", "8", "1e-07").
std::string number_text(double x);

}  // namespace parley::genius_detail
