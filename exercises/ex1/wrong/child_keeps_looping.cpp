// Near miss for ex1 (C++): a child does not end after printing, so it goes on round the
// parent's loop and forks children of its own: 1 + 2 + 4 = 7 processes, 7 lines.
// selftest: fails three-pid-lines
#include <string>

#include <sys/wait.h>
#include <unistd.h>

int main() {
  for (int i = 0; i < 3; ++i) {
    if (fork() == 0) {
      const std::string line = "Process ID: " + std::to_string(getpid()) + "\n";
      write(STDOUT_FILENO, line.data(), line.size());
      // missing: _exit(0);
    }
  }
  while (wait(nullptr) > 0) {
  }
  return 0;
}
