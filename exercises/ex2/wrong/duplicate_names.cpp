// Near miss for ex2 (C++): every thread gives itself the same name.
// selftest: fails distinct-names
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <unistd.h>

void worker() {
  pthread_setname_np(pthread_self(), "worker");
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  const std::string line =
      "Thread name: " + std::string(name) + ", Process ID: " + std::to_string(getpid()) + "\n";
  write(STDOUT_FILENO, line.data(), line.size());
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back(worker);
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  return 0;
}
