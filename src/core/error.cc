#include "core/error.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace parley {

std::string format_diagnostic(const Diagnostic& d, std::string_view severity) {
  std::string out = d.loc.file;
  if (d.loc.line > 0) out += fmt::format(":{}", d.loc.line);
  if (d.loc.line > 0 && d.loc.col > 0) out += fmt::format(":{}", d.loc.col);
  if (!out.empty()) out += ": ";
  out += severity;
  out += ": ";
  out += d.message;
  return out;
}

static std::string first_message(const std::vector<Diagnostic>& diags) {
  return diags.empty() ? std::string("invalid input") : format_diagnostic(diags.front());
}

InputError::InputError(std::vector<Diagnostic> diags)
    : std::runtime_error(first_message(diags)), diags_(std::move(diags)) {}

InputError::InputError(SourceLoc loc, std::string message)
    : InputError(std::vector<Diagnostic>{Diagnostic{std::move(loc), std::move(message)}}) {}

void check_failed(const char* expr, const char* file, int line, const std::string& detail) {
  throw InternalError(fmt::format("internal error: check `{}` failed at {}:{}{}{}", expr, file, line,
                                  detail.empty() ? "" : ": ", detail));
}

void DiagnosticList::raise() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
  });
  throw InputError(std::move(diags_));
}

}  // namespace parley
