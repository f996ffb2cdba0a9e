// Reference solution for ex1, "Three processes" (C++).
//
// The parent forks three children. Each child looks up its own process ID with getpid(),
// prints "Process ID: <pid>" and ends; the parent waits for all three with waitpid().
//
// Two things matter when several processes share one stdout:
//  - fork() copies the parent's memory, including any text still sitting in stdout's
//    buffer, so that text would be printed once by every child as well. Nothing is printed
//    before the forks here, and the children write with write(2), which has no buffer.
//  - Each line goes out in a single write(2). A write of a few bytes to a pipe is atomic,
//    so lines of different processes never tear into each other.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int kChildCount = 3;

// Writes one whole line with one system call; false if it did not go out whole.
bool write_line(const std::string& line) {
  const std::string text = line + "\n";
  return write(STDOUT_FILENO, text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

// Runs in a child: report which process this is. _exit() ends the child at once, without
// running the parent's exit handlers or flushing stdio buffers copied from the parent.
[[noreturn]] void child_main() {
  const bool written = write_line("Process ID: " + std::to_string(getpid()));
  _exit(written ? EXIT_SUCCESS : EXIT_FAILURE);
}

}  // namespace

int main() {
  std::vector<pid_t> children;
  for (int i = 0; i < kChildCount; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      break;  // still wait for the children already started
    }
    if (pid == 0) {
      child_main();
    }
    children.push_back(pid);  // only the parent gets here
  }

  bool all_ok = children.size() == kChildCount;
  for (const pid_t child : children) {
    int status = 0;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != EXIT_SUCCESS) {
      all_ok = false;
    }
  }
  return all_ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
