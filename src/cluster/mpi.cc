// The MPI cluster (built when CMake finds MPI): one communicator, MPI_COMM_WORLD; sums and
// gathers of 64-bit integers, which are exact whatever the order of combination, each after a
// failure agreement (cluster.h).
//
// Test hook: PARLEY_TEST_FAIL_RANK=N makes rank N fail with a usage error at its first checkpoint,
// so tests can check that a failure in one process ends every process (tests/cli/mpi_failure_test.py).
// It is read here only, and only under an MPI launcher with several processes.
#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

#include "cluster/cluster.h"
#include "core/error.h"

namespace parley {

namespace {

class MpiCluster final : public Cluster {
 public:
  MpiCluster() {
    int ready = 0;
    MPI_Initialized(&ready);
    int provided = 0;  // worker threads compute; only the main thread calls MPI
    if (!ready) MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    const char* fail_rank = std::getenv("PARLEY_TEST_FAIL_RANK");
    inject_ = size_ > 1 && fail_rank && *fail_rank && std::atoi(fail_rank) == rank_;
    std::atexit([] {
      int done = 0;
      MPI_Finalized(&done);
      if (!done) MPI_Finalize();
    });
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void checkpoint() const override {
    if (size_ == 1) return;
    if (inject_) {
      inject_ = false;
      throw UsageError(fmt::format("rank {} failed on purpose (PARLEY_TEST_FAIL_RANK, a test hook)", rank_));
    }
    Outcome o = agree(Outcome{size_, 0});
    if (o.rank < size_) throw RemoteFailure(o.rank, o.code);
  }
  bool fail(int& exit_code) const override {
    if (size_ == 1) return true;
    Outcome o = agree(Outcome{rank_, exit_code});
    exit_code = o.code;
    return o.rank == rank_;
  }
  void sum(std::vector<std::int64_t>& v) const override {
    checkpoint();
    if (size_ > 1 && !v.empty())
      MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  }
  void gather(std::vector<std::int64_t>& v) const override {
    if (size_ == 1) return;
    checkpoint();
    int n = static_cast<int>(v.size());
    std::vector<int> counts(size_), offsets(size_);
    MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[r] = total;
      total += counts[r];
    }
    std::vector<std::int64_t> all(static_cast<std::size_t>(total));
    MPI_Allgatherv(v.data(), n, MPI_INT64_T, all.data(), counts.data(), offsets.data(), MPI_INT64_T, MPI_COMM_WORLD);
    v = std::move(all);
  }
  bool any(bool flag) const override {
    int f = flag ? 1 : 0;
    if (size_ > 1) checkpoint();
    if (size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &f, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    return f != 0;
  }

 private:
  // The lowest failing rank (size_ when none failed) and its exit code: MPI_MINLOC on (rank, code)
  // pairs keeps the smallest rank with the code it came with.
  struct Outcome {
    int rank;
    int code;
  };
  Outcome agree(Outcome mine) const {
    MPI_Allreduce(MPI_IN_PLACE, &mine, 1, MPI_2INT, MPI_MINLOC, MPI_COMM_WORLD);
    return mine;
  }
  int rank_ = 0, size_ = 1;
  mutable bool inject_ = false;
};

}  // namespace

bool mpi_available() { return true; }

std::string mpi_description() {
  char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(version, &len);
  std::string v(version, static_cast<std::size_t>(len));
  auto cut = v.find_first_of(",\n");
  return cut == std::string::npos ? v : v.substr(0, cut);
}

namespace {
const Cluster* started = nullptr;
}

const Cluster& process_cluster() {
  static const Cluster local;
  if (!launched_by_mpi()) return local;
  static const MpiCluster mpi;
  started = &mpi;
  return mpi;
}

const Cluster* started_cluster() { return started && started->size() > 1 ? started : nullptr; }

}  // namespace parley
