// Fakes ex1 (C++): no process is created; the program prints its own PID plus 1, 2 and 3,
// which look like the PIDs of three children. The text checks cannot tell; the grader sees
// that no process was created (check real-processes).
// selftest: fails real-processes
#include <cstdio>

#include <unistd.h>

int main() {
  for (int i = 1; i <= 3; ++i) {
    std::printf("Process ID: %d\n", static_cast<int>(getpid()) + i);
  }
  return 0;
}
