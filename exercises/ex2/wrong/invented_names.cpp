// Near miss for ex2 (C++): five real threads, but each prints a name made up from its
// number without ever giving itself that name: the kernel knows every thread by the
// program's name. Only comparing the printed names with the threads' real names (check
// real-thread-names) catches it.
// selftest: fails real-thread-names
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

void worker(int number) {
  const std::string line = "Thread name: worker-" + std::to_string(number) +
                           ", Process ID: " + std::to_string(getpid()) + "\n";
  write(STDOUT_FILENO, line.data(), line.size());
}

int main() {
  std::vector<std::thread> threads;
  for (int number = 1; number <= 5; ++number) {
    threads.emplace_back(worker, number);
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  return 0;
}
