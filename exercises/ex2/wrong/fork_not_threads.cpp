// Near miss for ex2 (C++): fork() instead of threads. Each child names its (only) thread and
// prints that name, so the names are real and differ, but every line shows a different PID.
// selftest: fails same-pid
#include <string>

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

void worker(int number) {
  const std::string wanted = "worker-" + std::to_string(number);
  pthread_setname_np(pthread_self(), wanted.c_str());
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  const std::string line =
      "Thread name: " + std::string(name) + ", Process ID: " + std::to_string(getpid()) + "\n";
  write(STDOUT_FILENO, line.data(), line.size());
}

int main() {
  for (int number = 1; number <= 5; ++number) {
    if (fork() == 0) {
      worker(number);
      _exit(0);
    }
  }
  while (wait(nullptr) > 0) {
  }
  return 0;
}
