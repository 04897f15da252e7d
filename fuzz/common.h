// Shared by the libFuzzer harnesses (docs/fuzzing.md): the input as text, and the one rule every
// harness checks besides the sanitizers: bad input may only end in the errors a user is meant to
// see (InputError, UsageError, AnalysisError: exit 2 or a refusal); any other exception (a
// PARLEY_CHECK failure, a library's exception escaping) is a finding and aborts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Prints what went wrong and aborts (libFuzzer then saves the input as a crash).
[[noreturn]] inline void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "parley fuzz finding: %s: %s\n", what, detail.c_str());
  std::abort();
}

// Runs `body`; the user-facing errors are expected, anything else is a finding.
template <class F>
void expect_clean(F&& body) {
  try {
    body();
  } catch (const InputError&) {
  } catch (const UsageError&) {
  } catch (const AnalysisError&) {
  } catch (const std::exception& e) {
    finding("unexpected exception", e.what());
  } catch (...) {
    finding("unexpected exception", "(not a std::exception)");
  }
}

// Splits the input at a separator line (multi-file inputs: a domain and its profiles). The
// separator is in the harness's dictionary so the fuzzer can make and remove parts.
inline std::vector<std::string> split_parts(std::string_view text, std::string_view sep = "\n=====\n") {
  std::vector<std::string> parts;
  for (;;) {
    auto k = text.find(sep);
    if (k == std::string_view::npos) break;
    parts.emplace_back(text.substr(0, k));
    text.remove_prefix(k + sep.size());
  }
  parts.emplace_back(text);
  return parts;
}

}  // namespace parley::fuzz
