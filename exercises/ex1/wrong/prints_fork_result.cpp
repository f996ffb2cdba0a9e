// Near miss for ex1 (C++): the child prints the value fork() returned, which is 0 in the
// child (only the parent gets the child's PID): three lines "Process ID: 0".
// selftest: fails distinct-pids
#include <string>

#include <sys/wait.h>
#include <unistd.h>

int main() {
  for (int i = 0; i < 3; ++i) {
    const pid_t pid = fork();
    if (pid == 0) {
      const std::string line = "Process ID: " + std::to_string(pid) + "\n";
      write(STDOUT_FILENO, line.data(), line.size());
      _exit(0);
    }
  }
  while (wait(nullptr) > 0) {
  }
  return 0;
}
