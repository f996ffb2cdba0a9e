// Exercise ex2: Five threads.
//
// Start five threads in this process. Each thread prints one line of the form
//
//     Thread name: <name>, Process ID: <pid>
//
// Run `grade show ex2` for the full task and `grade ex2` to check your work.
//
// What you will need:
//   std::thread           <thread>     starts a thread; join() waits for it to end
//   pthread_self()        <pthread.h>  the calling thread
//   pthread_setname_np()  <pthread.h>  gives a thread a name (at most 15 characters)
//   pthread_getname_np()  <pthread.h>  reads a thread's name back (buffer of 16 bytes)
//   getpid()              <unistd.h>   the ID of the process the thread belongs to
//
// The name you print must be the thread's real name, as the system knows it: let each
// thread set its own name and read it back. Threads print at the same time, so build each
// line completely (a std::string) and print it in one go.
#include <cstdio>

// The code each thread runs; `number` tells the threads apart.
void worker(int number) {
  // TODO: name this thread, read the name back and print it with the process ID.
  (void)number;
}

int main() {
  // TODO: create five std::thread objects that run worker(), then join() each of them.
  return 0;
}
