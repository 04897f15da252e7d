#include "core/error.h"

#include <algorithm>
#include <new>
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
  throw InternalError(fmt::format("check `{}` failed at {}:{}{}{}", expr, file, line,
                                  detail.empty() ? "" : ": ", detail));
}

void DiagnosticList::raise() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
  });
  throw InputError(std::move(diags_));
}

Failure describe_failure(std::exception_ptr failure) {
  constexpr const char* kReport =
      "parley: this is a defect in parley, not in your input; please report it with the command line and the "
      "scenario that produced it\n";
  try {
    std::rethrow_exception(failure);
  } catch (const InputError& e) {
    std::string text;
    for (const auto& d : e.diagnostics()) text += format_diagnostic(d) + "\n";
    return {2, text.empty() ? std::string("parley: error: invalid input\n") : text};
  } catch (const UsageError& e) {
    return {2, fmt::format("parley: error: {}\n", e.what())};
  } catch (const AnalysisError& e) {
    return {2, fmt::format("parley: error: {}\n", e.what())};
  } catch (const std::bad_alloc&) {
    return {2, "parley: error: out of memory; give the analysis less to do (a smaller scenario, fewer samples) "
               "or a memory budget it can check up front (--budget-memory)\n"};
  } catch (const InternalError& e) {
    return {1, fmt::format("parley: internal error: {}\n{}", e.what(), kReport)};
  } catch (const std::exception& e) {
    return {1, fmt::format("parley: internal error: {}\n{}", e.what(), kReport)};
  } catch (...) {
    return {1, fmt::format("parley: internal error: an exception of unknown type\n{}", kReport)};
  }
}

}  // namespace parley
