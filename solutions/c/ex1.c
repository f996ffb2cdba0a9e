/*
 * Reference solution for ex1, "Three processes" (C).
 *
 * The parent forks three children. Each child looks up its own process ID with getpid(),
 * prints "Process ID: <pid>" and ends; the parent waits for all three with waitpid().
 *
 * Two things matter when several processes share one stdout:
 *  - fork() copies the parent's memory, including any text still sitting in stdout's
 *    buffer, so that text would be printed once by every child as well. Nothing is printed
 *    before the forks here, and the children write with write(2), which has no buffer.
 *  - Each line goes out in a single write(2). A write of a few bytes to a pipe is atomic,
 *    so lines of different processes never tear into each other.
 */
#define _POSIX_C_SOURCE 200809L /* fork, waitpid and friends under -std=c17 */

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_COUNT 3

/* Runs in a child: report which process this is. _exit() ends the child at once, without
 * running the parent's exit handlers or flushing stdio buffers copied from the parent. */
static void child_main(void) {
  char line[64];
  int length = snprintf(line, sizeof line, "Process ID: %ld\n", (long)getpid());
  int written = length > 0 && write(STDOUT_FILENO, line, (size_t)length) == length;
  _exit(written ? EXIT_SUCCESS : EXIT_FAILURE);
}

int main(void) {
  pid_t children[CHILD_COUNT];
  int started = 0;
  for (int i = 0; i < CHILD_COUNT; ++i) {
    pid_t pid = fork();
    if (pid < 0) {
      perror("fork");
      break; /* still wait for the children already started */
    }
    if (pid == 0) {
      child_main();
    }
    children[started++] = pid; /* only the parent gets here */
  }

  int all_ok = started == CHILD_COUNT;
  for (int i = 0; i < started; ++i) {
    int status = 0;
    if (waitpid(children[i], &status, 0) != children[i] || !WIFEXITED(status) ||
        WEXITSTATUS(status) != EXIT_SUCCESS) {
      all_ok = 0;
    }
  }
  return all_ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
