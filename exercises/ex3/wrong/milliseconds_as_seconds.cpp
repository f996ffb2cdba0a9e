// Near miss for ex3 (C++): the times are counted in milliseconds but printed as seconds,
// so each printed time is a thousand times too long (longer than the whole run).
// selftest: fails times-within-run
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using Clock = std::chrono::steady_clock;

long sink = 0;

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

double elapsed(Clock::time_point start) {
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

double time_threads() {
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  std::vector<long> results(4);
  for (int i = 0; i < 4; ++i) {
    workers.emplace_back([&results, i] { results[i] = count_primes(200000); });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  sink = results[0];
  return elapsed(start);
}

double time_processes() {
  std::fflush(stdout);
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < 4; ++i) {
    if (fork() == 0) {
      sink = count_primes(200000);
      _exit(sink > 0 ? 0 : 1);
    }
  }
  while (wait(nullptr) > 0) {
  }
  return elapsed(start);
}

int main() {
  const double threads = time_threads();
  const double processes = time_processes();
  std::printf("Threads: %.6f s\n", threads);
  std::printf("Processes: %.6f s\n", processes);
  std::printf("Faster: %s\n", threads <= processes ? "threads" : "processes");
  return 0;
}
