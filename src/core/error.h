// Errors in two tiers (see docs/architecture.md):
//  - user mistakes (bad files, bad flags, an analysis refused) are InputError / UsageError /
//    AnalysisError, with every problem found and its FILE:LINE:COL; front-ends exit with code 2;
//  - broken invariants (bugs) are PARLEY_CHECK failures, reported with both the condition and
//    the source location, and exit code 1.
// The library never calls exit().
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// A position in an input file; line and column are 1-based, 0 when unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
};

// One problem found in the input.
struct Diagnostic {
  SourceLoc loc;
  std::string message;
};

// "FILE:LINE:COL: error: MESSAGE" (the location parts that are unknown are omitted); another
// severity ("warning") replaces "error".
std::string format_diagnostic(const Diagnostic& d, std::string_view severity = "error");

// Bad input: a file that cannot be loaded, a parameter path that does not exist, a value out of
// range. Carries all the problems found, in file order.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diags);
  InputError(SourceLoc loc, std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }

 private:
  std::vector<Diagnostic> diags_;
};

// Collects the problems found in one input file (at most `limit`), then throws them all at once
// as an InputError, in file order.
class DiagnosticList {
 public:
  explicit DiagnosticList(std::string file, std::size_t limit = 200) : file_(std::move(file)), limit_(limit) {}
  void error(int line, int col, std::string msg) {
    if (diags_.size() < limit_) diags_.push_back({{file_, line, col}, std::move(msg)});
  }
  bool empty() const { return diags_.empty(); }
  std::size_t count() const { return diags_.size(); }
  // Throws every problem found so far, sorted by line and column (stable).
  [[noreturn]] void raise();
  void raise_if_any() {
    if (!diags_.empty()) raise();
  }

 private:
  std::string file_;
  std::size_t limit_;
  std::vector<Diagnostic> diags_;
};

// Bad command-line usage that the flag parser cannot see (e.g. a malformed --set).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An analysis refused as too large for its method (a failure the user can cause): exit code 2.
class AnalysisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A broken invariant inside parley itself.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// The one error contract of the command line (docs/errors.md): what to print on stderr and the exit
// code for an exception that ends a command. Failures the user can cause (bad input, bad flags, an
// analysis refused as too large, memory exhausted) are `parley: error: ...` or `FILE:LINE:COL:
// error: ...` with exit code 2; anything else is a defect of parley, `parley: internal error: ...`
// with a request to report it, exit code 1.
struct Failure {
  int exit_code = 1;
  std::string text;  // whole lines, each ending in '\n', not yet made terminal-safe
};
Failure describe_failure(std::exception_ptr failure);

[[noreturn]] void check_failed(const char* expr, const char* file, int line, const std::string& detail);

}  // namespace parley

// PARLEY_CHECK(cond) / PARLEY_CHECK_MSG(cond, msg): throw InternalError naming the condition.
#define PARLEY_CHECK(cond) \
  do { if (!(cond)) ::parley::check_failed(#cond, __FILE__, __LINE__, {}); } while (0)
#define PARLEY_CHECK_MSG(cond, msg) \
  do { if (!(cond)) ::parley::check_failed(#cond, __FILE__, __LINE__, (msg)); } while (0)
