/*
 * Exercise ex2: Five threads.
 *
 * Start five threads in this process. Each thread prints one line of the form
 *
 *     Thread name: <name>, Process ID: <pid>
 *
 * Run `grade show ex2` for the full task and `grade ex2` to check your work.
 *
 * What you will need:
 *   pthread_create()      <pthread.h>  starts a thread; pthread_join() waits for it to end
 *   pthread_self()        <pthread.h>  the calling thread
 *   pthread_setname_np()  <pthread.h>  gives a thread a name (at most 15 characters)
 *   pthread_getname_np()  <pthread.h>  reads a thread's name back (buffer of 16 bytes)
 *   getpid()              <unistd.h>   the ID of the process the thread belongs to
 *
 * The name you print must be the thread's real name, as the system knows it: let each
 * thread set its own name and read it back. Threads print at the same time, so format each
 * line completely (snprintf) and print it in one go.
 */
#define _GNU_SOURCE /* pthread_setname_np and pthread_getname_np are GNU extensions */

#include <stdio.h>

/* The code each thread runs; pthread_create() passes it `argument`. */
void* worker(void* argument) {
  /* TODO: name this thread, read the name back and print it with the process ID. */
  (void)argument;
  return NULL;
}

int main(void) {
  /* TODO: start five threads with pthread_create() that run worker(), then pthread_join()
   *       each of them. */
  return 0;
}
