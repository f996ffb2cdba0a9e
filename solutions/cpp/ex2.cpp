// Reference solution for ex2, "Five threads" (C++).
//
// Five std::thread objects run inside this one process. Each thread gives itself a name
// with pthread_setname_np(), reads the name back from the kernel with pthread_getname_np()
// and prints it next to getpid(): five different names, one process ID.
//
// The name is the thread's own, not a label the program keeps: the kernel stores it with
// the thread (ps -L and top -H show it, /proc/<pid>/task/<tid>/comm holds it). Linux keeps
// at most 15 bytes of it, so the names chosen here are short.
//
// All threads share stdout. Each line is formatted first and sent with one write(2), so
// the lines of different threads never tear into each other.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <unistd.h>

namespace {

constexpr int kThreadCount = 5;
constexpr std::size_t kNameSize = 16;  // 15 bytes and the terminating '\0'

// Runs in each thread.
void introduce_yourself(int number) {
  const std::string wanted = "worker-" + std::to_string(number);
  if (const int error = pthread_setname_np(pthread_self(), wanted.c_str()); error != 0) {
    std::fprintf(stderr, "pthread_setname_np failed with error %d\n", error);
    return;
  }

  char name[kNameSize] = {};
  if (const int error = pthread_getname_np(pthread_self(), name, sizeof name); error != 0) {
    std::fprintf(stderr, "pthread_getname_np failed with error %d\n", error);
    return;
  }

  const std::string line =
      "Thread name: " + std::string(name) + ", Process ID: " + std::to_string(getpid()) + "\n";
  if (write(STDOUT_FILENO, line.data(), line.size()) < 0) {
    std::perror("write");
  }
}

}  // namespace

int main() {
  std::vector<std::thread> threads;
  for (int number = 1; number <= kThreadCount; ++number) {
    threads.emplace_back(introduce_yourself, number);
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  return 0;
}
