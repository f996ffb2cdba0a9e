// Exercise ex3: Processes vs threads timing.
//
// Run the same task with several threads and then with the same number of processes, time
// both, and print exactly these three lines:
//
//     Threads: <seconds> s
//     Processes: <seconds> s
//     Faster: threads        (or: Faster: processes)
//
// Run `grade show ex3` for the full task and `grade ex3` to check your work.
//
// What you will need:
//   std::chrono::steady_clock  <chrono>      now() before and after; duration<double> gives seconds
//   std::thread                <thread>      start with the task, then join()
//   fork(), _exit()            <unistd.h>    a process that runs the task, then ends
//   waitpid()                  <sys/wait.h>  wait for each process
// Print the seconds with enough decimals (std::printf("%.6f", ...)) that a short time does
// not show as 0, and flush stdout before you fork.
#include <cstdio>

// The task every worker runs. Keep it the same for threads and processes.
void task() {
  // TODO: do some work here, e.g. a loop that counts prime numbers.
}

// Returns how many seconds it took to run task() in several threads.
double time_with_threads() {
  // TODO: create, start and join the threads, and measure how long that took.
  return 0.0;
}

// Returns how many seconds it took to run task() in as many processes.
double time_with_processes() {
  // TODO: the same as time_with_threads(), but fork() a process per worker.
  return 0.0;
}

int main() {
  const double thread_seconds = time_with_threads();
  const double process_seconds = time_with_processes();
  // TODO: print the three result lines described at the top of this file.
  (void)thread_seconds;
  (void)process_seconds;
  return 0;
}
