// Progress reporting and cooperative cancellation for long computations. The CLI, a future web
// UI and language bindings drive the same entry points through these two small types.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

namespace parley {

// Set from any thread (e.g. a SIGINT handler) to ask a running computation to stop early.
class CancelToken {
 public:
  void cancel() { flag_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return flag_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> flag_{false};
};

// Called now and then with work done and total work (same unit); may be empty.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

}  // namespace parley
