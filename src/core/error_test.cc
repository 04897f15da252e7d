#include "core/error.h"

#include <gtest/gtest.h>

#include <new>

namespace parley {
namespace {

Failure failure_of(auto thrower) {
  try {
    thrower();
  } catch (...) {
    return describe_failure(std::current_exception());
  }
  ADD_FAILURE() << "nothing was thrown";
  return {};
}

TEST(error_test, input_errors_print_every_diagnostic_with_exit_2) {
  Failure f = failure_of([] {
    throw InputError({Diagnostic{SourceLoc{"a.yaml", 3, 5}, "first problem"},
                      Diagnostic{SourceLoc{"a.yaml", 9, 1}, "second problem"}});
  });
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_EQ(f.text, "a.yaml:3:5: error: first problem\na.yaml:9:1: error: second problem\n");
}

TEST(error_test, usage_and_refused_analyses_are_user_errors_with_exit_2) {
  Failure usage = failure_of([] { throw UsageError("--at 'x': expected a date"); });
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(usage.text, "parley: error: --at 'x': expected a date\n");
  Failure refused = failure_of([] { throw AnalysisError("70 parties; at most 64"); });
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.text, "parley: error: 70 parties; at most 64\n");
  Failure memory = failure_of([] { throw std::bad_alloc(); });
  EXPECT_EQ(memory.exit_code, 2);
  EXPECT_EQ(memory.text.rfind("parley: error: out of memory", 0), 0u) << memory.text;
}

TEST(error_test, defects_are_internal_errors_with_exit_1_and_a_request_to_report) {
  Failure check = failure_of([] { PARLEY_CHECK(1 + 1 == 3); });
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(check.text.rfind("parley: internal error: check `1 + 1 == 3` failed at ", 0), 0u) << check.text;
  EXPECT_EQ(check.text.find("internal error: internal error"), std::string::npos) << check.text;
  EXPECT_NE(check.text.find("please report it"), std::string::npos) << check.text;
  Failure other = failure_of([] { throw std::out_of_range("vector::at"); });
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(other.text.rfind("parley: internal error: vector::at\n", 0), 0u) << other.text;
  Failure unknown = failure_of([] { throw 42; });
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.text.rfind("parley: internal error: an exception of unknown type\n", 0), 0u) << unknown.text;
}

}  // namespace
}  // namespace parley
