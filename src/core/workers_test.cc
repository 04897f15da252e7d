// run_workers: every task runs exactly once, errors come back after the join, and a limit on
// threads (an address-space limit leaving no room for their stacks) means fewer threads, never
// an abort.
#include "core/workers.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <string>
#include <vector>

namespace parley {
namespace {

// Counts the runs of each task; true when every task ran exactly once.
bool each_once(const std::vector<std::atomic<int>>& runs) {
  for (const auto& r : runs)
    if (r.load() != 1) return false;
  return true;
}

TEST(workers_test, every_task_runs_once) {
  for (unsigned tasks : {1u, 2u, 7u, 64u}) {
    std::vector<std::atomic<int>> runs(tasks);
    unsigned used = run_workers(tasks, [&](unsigned k) { runs[k].fetch_add(1); });
    EXPECT_TRUE(each_once(runs)) << tasks << " tasks";
    EXPECT_GE(used, 1u);
    EXPECT_LE(used, tasks);
  }
  EXPECT_EQ(run_workers(0, [](unsigned) { FAIL() << "no task to run"; }), 1u);
}

TEST(workers_test, task_zero_runs_on_the_calling_thread) {
  const auto caller = std::this_thread::get_id();
  std::thread::id first;
  run_workers(5, [&](unsigned k) {
    if (k == 0) first = std::this_thread::get_id();
  });
  EXPECT_EQ(first, caller);
}

TEST(workers_test, the_lowest_failing_task_is_rethrown_after_every_task_ran) {
  std::vector<std::atomic<int>> runs(8);
  try {
    run_workers(8, [&](unsigned k) {
      runs[k].fetch_add(1);
      if (k == 3 || k == 6) throw std::runtime_error("task " + std::to_string(k));
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 3");
  }
  EXPECT_TRUE(each_once(runs));
}

// In a child process limited to 1 GiB of address space, 2000 threads cannot all get a stack:
// run_workers goes on with those it started, runs every task and says so once.
// run_indices: the error of the lowest failing index whatever the number of tasks and the timing.
// Index 5 fails late (after a sleep) while higher indices fail at once on other tasks: their
// errors are caught first, and must still lose.
TEST(workers_test, run_indices_rethrows_the_lowest_failing_index) {
  for (unsigned tasks : {1u, 2u, 8u})
    for (int repeat = 0; repeat < 10; ++repeat) {
      constexpr std::uint64_t kBegin = 3, kEnd = 400;
      std::vector<std::atomic<int>> runs(kEnd);
      std::string caught;
      try {
        run_indices(kBegin, kEnd, tasks, 4, [&](std::uint64_t i, unsigned task) {
          ASSERT_LT(task, tasks);
          runs[i].fetch_add(1);
          if (i == 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
          if (i == 5 || i >= 9) throw std::runtime_error("index " + std::to_string(i));
        });
      } catch (const std::runtime_error& e) {
        caught = e.what();
      }
      EXPECT_EQ(caught, "index 5") << tasks << " tasks, repeat " << repeat;
      for (std::uint64_t i = 0; i < kEnd; ++i) {
        if (i < kBegin) EXPECT_EQ(runs[i].load(), 0) << i;
        else if (i <= 5) EXPECT_EQ(runs[i].load(), 1) << i;  // every index up to the failure, once
        else EXPECT_LE(runs[i].load(), 1) << i;
      }
    }
  // Without a failure every index runs once.
  std::vector<std::atomic<int>> runs(1000);
  run_indices(0, 1000, 3, 7, [&](std::uint64_t i, unsigned) { runs[i].fetch_add(1); });
  EXPECT_TRUE(each_once(runs));
}

TEST(workers_test, fewer_threads_under_an_address_space_limit) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves more address space than the limit leaves";
#else
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    rlimit lim{1u << 30, 1u << 30};
    if (setrlimit(RLIMIT_AS, &lim) != 0) _exit(10);
    int notices = 0;
    std::string said;
    set_worker_notice([&](const std::string& m) {
      ++notices;
      said = m;
    });
    constexpr unsigned kTasks = 2000;
    std::vector<std::atomic<int>> runs(kTasks);
    unsigned used = 0;
    try {
      used = run_workers(kTasks, [&](unsigned k) { runs[k].fetch_add(1); });
    } catch (...) {
      _exit(11);
    }
    if (!each_once(runs)) _exit(12);
    if (used >= kTasks) _exit(13);  // the limit did not bite: the test would prove nothing
    if (notices != 1 || said.find("of 2000 worker threads could be started") == std::string::npos) _exit(14);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10 setrlimit failed, 11 threw, 12 a task did not run once, 13 every thread "
                                       "started, 14 no single notice";
#endif
}

}  // namespace
}  // namespace parley
