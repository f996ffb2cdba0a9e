// Near miss for ex1 (C++): the main program counts itself as one of the three processes and
// prints its own PID next to the PIDs of two children.
// selftest: fails not-the-launcher
#include <string>

#include <sys/wait.h>
#include <unistd.h>

void show_pid() {
  const std::string line = "Process ID: " + std::to_string(getpid()) + "\n";
  write(STDOUT_FILENO, line.data(), line.size());
}

int main() {
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0) {
      show_pid();
      _exit(0);
    }
  }
  show_pid();  // "the parent is a process too"
  while (wait(nullptr) > 0) {
  }
  return 0;
}
