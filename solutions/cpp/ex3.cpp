// Reference solution for ex3, "Processes vs threads timing" (C++).
//
// The same CPU-bound job (counting primes by trial division) is handed to four workers
// twice: once as threads (std::thread), once as processes (fork). Each variant is timed
// with std::chrono::steady_clock, a clock that never jumps, from just before the first
// worker is created until the last one has been waited for.
//
// What to expect: a thread is cheap to create, a process costs a copy of the page tables,
// but in C++ both kinds of worker really run in parallel on several cores (there is no
// interpreter lock), so with a job that takes tens of milliseconds the two times are
// close, and with a tiny job threads win clearly. Try a smaller and a bigger kJobSize.
//
// Each variant is timed in a few rounds and the best round is kept: the minimum is the
// figure least disturbed by whatever else the machine happens to be doing.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <thread>
#include <vector>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int kWorkerCount = 4;
constexpr int kRounds = 3;
constexpr long kJobSize = 200'000;  // tens of milliseconds per worker

// Keeps the job's result "used", so that the optimiser cannot drop the work.
std::atomic<long> sink{0};

// The shared task: how many primes are below `limit`.
long count_primes(long limit) {
  long count = 0;
  for (long n = 2; n < limit; ++n) {
    bool prime = true;
    for (long d = 2; d * d <= n; ++d) {
      if (n % d == 0) {
        prime = false;
        break;
      }
    }
    count += prime ? 1 : 0;
  }
  return count;
}

void job() { sink += count_primes(kJobSize); }

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double time_threads() {
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  for (int i = 0; i < kWorkerCount; ++i) {
    workers.emplace_back(job);
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  return seconds_since(start);
}

double time_processes() {
  std::fflush(stdout);  // nothing buffered may be copied into the children
  const Clock::time_point start = Clock::now();
  std::vector<pid_t> workers;
  for (int i = 0; i < kWorkerCount; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      std::exit(EXIT_FAILURE);
    }
    if (pid == 0) {
      job();
      _exit(EXIT_SUCCESS);  // the child's work is done; skip the parent's exit path
    }
    workers.push_back(pid);
  }
  for (const pid_t pid : workers) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "worker process %d failed\n", static_cast<int>(pid));
      std::exit(EXIT_FAILURE);
    }
  }
  return seconds_since(start);
}

// Rounded to the microsecond, as printed: the verdict is then made from the printed numbers.
double microseconds_precision(double seconds) { return std::round(seconds * 1e6) / 1e6; }

}  // namespace

int main() {
  // Alternate the two variants, so that a burst of load on the machine hits both alike.
  double thread_best = std::numeric_limits<double>::infinity();
  double process_best = thread_best;
  for (int round = 0; round < kRounds; ++round) {
    thread_best = std::min(thread_best, time_threads());
    process_best = std::min(process_best, time_processes());
  }
  thread_best = microseconds_precision(thread_best);
  process_best = microseconds_precision(process_best);

  std::printf("Threads: %.6f s\n", thread_best);
  std::printf("Processes: %.6f s\n", process_best);
  std::printf("Faster: %s\n", thread_best <= process_best ? "threads" : "processes");
  return 0;
}
