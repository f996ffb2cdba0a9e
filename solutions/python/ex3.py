"""Reference solution for ex3, "Processes vs threads timing".

The same small job is handed to four workers twice: once as threads, once as processes.
threading.Thread and multiprocessing.Process share the start()/join() interface, so one
function times both.

What to expect: the job is tiny, so the cost of *creating* the workers dominates. Starting a
thread is cheap; starting a process means making a copy of the running interpreter, so
threads win here.
Raise JOB_SIZE until each job takes a good fraction of a second and, on a machine with
several cores, processes pull ahead, because each process has its own interpreter lock
while threads in one process take turns running Python code.

Each variant is timed in several rounds and the best round is kept: the minimum is the
figure least disturbed by whatever else the machine happens to be doing.
"""

# %%
import multiprocessing
import threading
import time

WORKER_COUNT = 4
JOB_SIZE = 2_000
ROUNDS = 5


# %%
def job(size=JOB_SIZE):
    """The shared task: a little pure-Python arithmetic."""
    total = 0
    for number in range(size):
        total += number * number
    return total


# %%
def time_workers(worker_class):
    """Seconds to create, start and wait for WORKER_COUNT workers of the given class."""
    started = time.perf_counter()
    workers = [worker_class(target=job) for _ in range(WORKER_COUNT)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


# %%
def main():
    # Alternate the two variants, so a burst of load on the machine hits both alike.
    thread_rounds, process_rounds = [], []
    for _ in range(ROUNDS):
        thread_rounds.append(time_workers(threading.Thread))
        process_rounds.append(time_workers(multiprocessing.Process))
    thread_seconds = min(thread_rounds)
    process_seconds = min(process_rounds)

    # Round once, then use the same numbers for printing and for the verdict, so the
    # "Faster:" line always agrees with what is shown.
    thread_seconds = round(thread_seconds, 6)
    process_seconds = round(process_seconds, 6)
    faster = "threads" if thread_seconds <= process_seconds else "processes"

    print(f"Threads: {thread_seconds:.6f} s")
    print(f"Processes: {process_seconds:.6f} s")
    print(f"Faster: {faster}")


# %%
if __name__ == "__main__":
    main()
