/*
 * Exercise ex1: Three processes.
 *
 * Start three new processes and make sure each one's process ID gets printed as a line of
 * the form
 *
 *     Process ID: <pid>
 *
 * The child can print its own ID, or the parent can print the IDs it gets back from fork().
 * Run `grade show ex1` for the full task and `grade ex1` to check your work.
 *
 * Calls you will need (man 2 fork, man 2 getpid, man 2 waitpid):
 *   fork()     <unistd.h>    returns 0 in the child and the child's PID in the parent
 *   getpid()   <unistd.h>    the ID of the calling process
 *   waitpid()  <sys/wait.h>  waits for one child to end
 *   _exit()    <unistd.h>    ends a child without running the parent's clean-up
 *
 * Careful: fork() copies everything still waiting in stdout's buffer into the child. Call
 * fflush(stdout) before you fork, or print each line with a single write(2).
 */
#define _POSIX_C_SOURCE 200809L /* makes the POSIX calls visible under -std=c17 */

#include <stdio.h>

/* The code each new process runs. */
void worker(void) { /* TODO: print this process's ID as "Process ID: <pid>". */ }

int main(void) {
  /* TODO: call fork() three times; in the child (fork() returned 0) call worker() and end
   *       the child with _exit(0). The parent then waits for all three with waitpid(). */
  return 0;
}
