// Worker threads that never abort the process: one helper for every place that shares work among
// threads (deal-space passes, sweeps, forecast validation, plan search).
//
// run_workers(tasks, fn) calls fn(k) exactly once for every task k in [0, tasks), on up to `tasks`
// threads: the calling thread runs task 0 first, started threads and then the calling thread take
// the other tasks in turn. When the system refuses a thread (std::thread throws: a process limit,
// `ulimit -v` leaving no room for its stack), no further thread is started, the threads already
// started and the calling thread run the remaining tasks, and the notice sink is told once per
// call; with no extra thread at all every task runs on the calling thread. A task is a share of
// the work, not a thread: callers keep per-task state (tallies, best-so-far) and merge it in task
// order or by a total order, so the result is the same however many threads actually ran.
//
// An exception thrown by a task is kept (the one of the lowest task index) and rethrown once
// every started thread has joined; the other tasks still run.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace parley {

// Runs fn(k) for k in [0, tasks) as described above; returns the number of threads that ran
// tasks (the calling thread included; at least 1).
unsigned run_workers(unsigned tasks, const std::function<void(unsigned task)>& fn);

// Runs body(i, task) for every index i in [begin, end) on `tasks` tasks of run_workers, each task
// taking chunks of `chunk` indices in increasing order. When body throws, no index above the
// lowest failing one seen so far is started (every index below it still runs, one of them may
// fail first), and once every task has ended the exception of the lowest failing index is
// rethrown: which error a sweep reports does not depend on timing or on the number of tasks.
void run_indices(std::uint64_t begin, std::uint64_t end, unsigned tasks, std::uint64_t chunk,
                 const std::function<void(std::uint64_t i, unsigned task)>& body);

// Where run_workers reports that it started fewer threads than asked: called with a one-line
// message (no trailing newline), possibly from several computations; the CLI prints it to stderr.
// By default nothing is reported. Not thread-safe: set it once, before any computation starts.
using WorkerNoticeFn = std::function<void(const std::string& message)>;
void set_worker_notice(WorkerNoticeFn fn);

}  // namespace parley
