#include "core/workers.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

namespace parley {
namespace {

WorkerNoticeFn& notice_sink() {
  static WorkerNoticeFn sink;
  return sink;
}

}  // namespace

void set_worker_notice(WorkerNoticeFn fn) { notice_sink() = std::move(fn); }

unsigned run_workers(unsigned tasks, const std::function<void(unsigned task)>& fn) {
  if (tasks == 0) return 1;
  std::atomic<unsigned> next{1};  // task 0 is the calling thread's
  std::mutex error_mutex;
  std::exception_ptr error;
  unsigned error_task = std::numeric_limits<unsigned>::max();
  auto run = [&](unsigned k) {
    try {
      fn(k);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (k < error_task) {
        error_task = k;
        error = std::current_exception();
      }
    }
  };
  auto drain = [&] {
    for (unsigned k; (k = next.fetch_add(1, std::memory_order_relaxed)) < tasks;) run(k);
  };

  std::vector<std::thread> pool;
  std::string refused;  // why the last thread could not start; empty when every one started
  try {
    pool.reserve(tasks - 1);
  } catch (const std::bad_alloc&) {
    refused = "out of memory";
  }
  for (unsigned t = 1; t < tasks && refused.empty(); ++t) {
    try {
      pool.emplace_back(drain);
    } catch (const std::system_error& e) {
      refused = e.what();
    } catch (const std::bad_alloc&) {
      refused = "out of memory";
    }
  }
  run(0);
  drain();
  for (auto& th : pool) th.join();

  const unsigned used = static_cast<unsigned>(pool.size()) + 1;
  if (!refused.empty() && notice_sink())
    notice_sink()(fmt::format("only {} of {} worker threads could be started ({}); continuing with {}", used, tasks,
                              refused, used));
  if (error) std::rethrow_exception(error);
  return used;
}

void run_indices(std::uint64_t begin, std::uint64_t end, unsigned tasks, std::uint64_t chunk,
                 const std::function<void(std::uint64_t i, unsigned task)>& body) {
  if (chunk == 0) chunk = 1;
  std::atomic<std::uint64_t> next{begin};
  std::atomic<std::uint64_t> fail_at{std::numeric_limits<std::uint64_t>::max()};
  std::mutex error_mutex;
  std::exception_ptr error;
  run_workers(tasks, [&](unsigned w) {
    std::uint64_t i = 0;
    try {
      for (;;) {
        // Chunks are taken in increasing order, so every index below the lowest failure is
        // taken by some task before any task stops.
        const std::uint64_t start = next.fetch_add(chunk, std::memory_order_relaxed);
        if (start >= end || start >= fail_at.load(std::memory_order_relaxed)) return;
        const std::uint64_t stop = std::min(end, start + chunk);
        for (i = start; i < stop && i < fail_at.load(std::memory_order_relaxed); ++i) body(i, w);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (i < fail_at.load(std::memory_order_relaxed)) {
        error = std::current_exception();
        fail_at.store(i, std::memory_order_relaxed);
      }
    }
  });
  if (error) std::rethrow_exception(error);
}

}  // namespace parley
