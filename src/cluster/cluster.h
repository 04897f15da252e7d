// Processes sharing one computation (a Monte Carlo sweep across the ranks of an MPI job). An
// analysis splits its work by rank() and size() and combines partial results with sum() and
// gather(), which are exact (integers), so the combined result does not depend on how the work
// was split. The single-process cluster is the default; cluster/mpi.cc provides MPI when
// parley is built with it (PARLEY_HAVE_MPI).
#pragma once

#include <cstdint>
#include <memory>
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
};

// True when this process was started by an MPI launcher (mpirun, mpiexec, srun with PMI/PMIx).
bool launched_by_mpi();
// Whether this build of parley can use MPI, and a one-line description ("Open MPI 4.1.4" or
// "built without MPI").
bool mpi_available();
std::string mpi_description();

// The MPI cluster when launched by an MPI launcher and built with MPI (initialises MPI once;
// finalised at exit), else the single-process cluster. Throws UsageError when launched by an
// MPI launcher with more than one process but built without MPI.
const Cluster& process_cluster();

}  // namespace parley
