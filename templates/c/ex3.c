/*
 * Exercise ex3: Processes vs threads timing.
 *
 * Run the same task with several threads and then with the same number of processes, time
 * both, and print exactly these three lines:
 *
 *     Threads: <seconds> s
 *     Processes: <seconds> s
 *     Faster: threads        (or: Faster: processes)
 *
 * Run `grade show ex3` for the full task and `grade ex3` to check your work.
 *
 * What you will need:
 *   clock_gettime(CLOCK_MONOTONIC, ...)  <time.h>      read it before and after
 *   pthread_create(), pthread_join()     <pthread.h>   the threads
 *   fork(), _exit()                      <unistd.h>    a process that runs the task, then ends
 *   waitpid()                            <sys/wait.h>  wait for each process
 * Print the seconds with enough decimals (printf("%.6f", ...)) that a short time does not
 * show as 0, and call fflush(stdout) before you fork.
 */
#define _POSIX_C_SOURCE 200809L /* makes the POSIX calls visible under -std=c17 */

#include <stdio.h>

/* The task every worker runs. Keep it the same for threads and processes. */
void task(void) { /* TODO: do some work here, e.g. a loop that counts prime numbers. */ }

/* Returns how many seconds it took to run task() in several threads. */
double time_with_threads(void) {
  /* TODO: create, start and join the threads, and measure how long that took. */
  return 0.0;
}

/* Returns how many seconds it took to run task() in as many processes. */
double time_with_processes(void) {
  /* TODO: the same as time_with_threads(), but fork() a process per worker. */
  return 0.0;
}

int main(void) {
  double thread_seconds = time_with_threads();
  double process_seconds = time_with_processes();
  /* TODO: print the three result lines described at the top of this file. */
  (void)thread_seconds;
  (void)process_seconds;
  return 0;
}
