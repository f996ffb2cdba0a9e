/*
 * Reference solution for ex2, "Five threads" (C).
 *
 * Five POSIX threads run inside this one process. Each thread gives itself a name with
 * pthread_setname_np(), reads the name back from the kernel with pthread_getname_np() and
 * prints it next to getpid(): five different names, one process ID.
 *
 * The name is the thread's own, not a label the program keeps: the kernel stores it with
 * the thread (ps -L and top -H show it, /proc/<pid>/task/<tid>/comm holds it). Linux keeps
 * at most 15 bytes of it, so the names chosen here are short.
 *
 * All threads share stdout. Each line is formatted first and sent with one write(2), so
 * the lines of different threads never tear into each other.
 */
#define _GNU_SOURCE /* pthread_setname_np and pthread_getname_np are GNU extensions */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define THREAD_COUNT 5
#define NAME_SIZE 16 /* 15 bytes and the terminating '\0' */

/* Runs in each thread; its argument is the thread's number, 1 to THREAD_COUNT. */
static void* introduce_yourself(void* argument) {
  int number = (int)(intptr_t)argument;

  char wanted[NAME_SIZE];
  snprintf(wanted, sizeof wanted, "worker-%d", number);
  int error = pthread_setname_np(pthread_self(), wanted);
  if (error != 0) {
    fprintf(stderr, "pthread_setname_np: %s\n", strerror(error));
    return NULL;
  }

  char name[NAME_SIZE];
  error = pthread_getname_np(pthread_self(), name, sizeof name);
  if (error != 0) {
    fprintf(stderr, "pthread_getname_np: %s\n", strerror(error));
    return NULL;
  }

  char line[128];
  int length =
      snprintf(line, sizeof line, "Thread name: %s, Process ID: %ld\n", name, (long)getpid());
  if (length > 0 && write(STDOUT_FILENO, line, (size_t)length) < 0) {
    perror("write");
  }
  return NULL;
}

int main(void) {
  pthread_t threads[THREAD_COUNT];
  int started = 0;
  for (int i = 0; i < THREAD_COUNT; ++i) {
    int error = pthread_create(&threads[i], NULL, introduce_yourself, (void*)(intptr_t)(i + 1));
    if (error != 0) {
      fprintf(stderr, "pthread_create: %s\n", strerror(error));
      break;
    }
    ++started;
  }
  for (int i = 0; i < started; ++i) {
    pthread_join(threads[i], NULL);
  }
  return started == THREAD_COUNT ? 0 : 1;
}
