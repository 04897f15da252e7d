// Processes sharing one computation (a Monte Carlo sweep across the ranks of an MPI job). An
// analysis splits its work by rank() and size() and combines partial results with sum() and
// gather(), which are exact (integers), so the combined result does not depend on how the work
// was split. The single-process cluster is the default; cluster/mpi.cc provides MPI when
// parley is built with it (PARLEY_HAVE_MPI).
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const { return 0; }
  virtual int size() const { return 1; }
  // Element-wise sum over every process; every process receives the result.
  virtual void sum(std::vector<std::int64_t>& v) const { (void)v; }
  // The concatenation of every process's `v`, in rank order; every process receives it.
  virtual void gather(std::vector<std::int64_t>& v) const { (void)v; }
  // Logical OR over every process.
  virtual bool any(bool flag) const { return flag; }

  // Failure agreement, so that an error in one process ends them all instead of leaving the others
  // waiting in a collective. Every collective above begins with a checkpoint: the processes agree
  // whether one of them has failed. A process that fails calls fail() (the command line does so
  // for any error once the cluster is started) instead of its next collective; the others, in
  // their next checkpoint, throw RemoteFailure. The lowest failing rank reports its error and
  // every process exits with that rank's code, so the message is printed once and which one does
  // not depend on timing.
  virtual void checkpoint() const {}
  // Joins the agreement as failed with `exit_code`; returns whether this process is the one that
  // reports (the lowest failing rank) and sets `exit_code` to the code every process exits with.
  virtual bool fail(int& exit_code) const {
    (void)exit_code;
    return true;
  }
};

// Thrown by a checkpoint in the processes that did not fail: another process failed and reports
// the error; this one exits quietly with exit_code.
class RemoteFailure : public std::runtime_error {
 public:
  RemoteFailure(int rank, int exit_code);
  int exit_code() const { return code_; }

 private:
  int code_;
};

// True when this process was started by an MPI launcher (mpirun, mpiexec, srun with PMI/PMIx).
bool launched_by_mpi();
// This process's rank as the launcher's environment gives it (without starting MPI), 0 when not
// launched by MPI. The command line prints an error found before any process starts MPI (a bad
// flag: every process parses the same arguments) only in rank 0, so it appears once.
int launcher_rank();
// Whether this build of parley can use MPI, and a one-line description ("Open MPI 4.1.4" or
// "built without MPI").
bool mpi_available();
std::string mpi_description();

// The MPI cluster when launched by an MPI launcher and built with MPI (initialises MPI once;
// finalised at exit), else the single-process cluster. Throws UsageError when launched by an
// MPI launcher with more than one process but built without MPI. A command that shares work
// across processes calls it before anything that can fail (loading files), so that a failure in
// one process reaches the others through the failure agreement.
const Cluster& process_cluster();
// The cluster process_cluster() started when it spans several processes, else null: the
// command line's error path and its final checkpoint use it.
const Cluster* started_cluster();

}  // namespace parley
