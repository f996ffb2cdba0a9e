// Near miss for ex2 (C++): the names are longer than the 15 bytes Linux keeps, so
// pthread_setname_np() fails with ERANGE and changes nothing. The program ignores the error
// and prints the name it wanted, which no thread has (check real-thread-names).
// selftest: fails real-thread-names
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <unistd.h>

void worker(int number) {
  const std::string name = "processes-vs-threads-worker-" + std::to_string(number);
  pthread_setname_np(pthread_self(), name.c_str());  // result not checked
  const std::string line =
      "Thread name: " + name + ", Process ID: " + std::to_string(getpid()) + "\n";
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
