// The single-process cluster and launcher detection (built with or without MPI).
#include "cluster/cluster.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

#include "core/error.h"

namespace parley {

namespace {
const char* env(const char* name) { return std::getenv(name); }
}  // namespace

bool launched_by_mpi() {
  // Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; PMIx (Open MPI ≥ 4, srun --mpi=pmix) sets
  // PMIX_RANK; MPICH/Hydra and srun --mpi=pmi2 set PMI_RANK / PMI_SIZE.
  return env("OMPI_COMM_WORLD_SIZE") || env("PMIX_RANK") || env("PMI_RANK") || env("PMI_SIZE");
}

int launcher_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* v = env(name); v && *v) return std::atoi(v);
  return 0;
}

RemoteFailure::RemoteFailure(int rank, int exit_code)
    : std::runtime_error(fmt::format("process {} failed and reported the error", rank)), code_(exit_code) {}

#ifndef PARLEY_HAVE_MPI
static int env_int(const char* name) {
  const char* v = env(name);
  return v ? std::atoi(v) : 0;
}
bool mpi_available() { return false; }
std::string mpi_description() { return "built without MPI"; }
const Cluster& process_cluster() {
  static const Cluster local;
  int size = std::max({env_int("OMPI_COMM_WORLD_SIZE"), env_int("PMI_SIZE"), env_int("SLURM_NTASKS")});
  if (launched_by_mpi() && size > 1)
    throw UsageError("this parley was built without MPI and cannot share a sweep across processes; install "
                     "OpenMPI (libopenmpi-dev) and rebuild, or run one process with --threads");
  return local;
}
const Cluster* started_cluster() { return nullptr; }
#endif

}  // namespace parley
