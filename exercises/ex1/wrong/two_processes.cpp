// Near miss for ex1 (C++): the loop forks only two children.
// selftest: fails three-pid-lines
#include <string>

#include <sys/wait.h>
#include <unistd.h>

int main() {
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0) {
      const std::string line = "Process ID: " + std::to_string(getpid()) + "\n";
      write(STDOUT_FILENO, line.data(), line.size());
      _exit(0);
    }
  }
  while (wait(nullptr) > 0) {
  }
  return 0;
}
