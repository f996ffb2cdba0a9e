"""Reference solution for ex1, "Three processes".

Three worker processes are started. Each one looks up its own process ID with os.getpid()
and sends it back to the parent through a multiprocessing.Queue; the parent prints one
`Process ID: <pid>` line per worker.

Why does the parent do the printing? Processes that print to the same terminal or pipe at
the same moment can tear each other's lines apart when Python's output is unbuffered
(PYTHONUNBUFFERED=1 makes print() issue the text and the newline as separate writes).
One writer means whole lines, every time.
"""

# %%
import multiprocessing
import os

WORKER_COUNT = 3


# %%
def send_own_pid(outbox):
    """Runs in a child process: report which process this is."""
    outbox.put(os.getpid())


# %%
def main():
    outbox = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=send_own_pid, args=(outbox,))
        for _ in range(WORKER_COUNT)
    ]
    for worker in workers:
        worker.start()

    # Collect one message per worker *before* joining: a child whose queued data has not
    # been read yet may wait for the reader before it can exit.
    pids = [outbox.get() for _ in workers]

    for worker in workers:
        worker.join()

    for pid in pids:
        print(f"Process ID: {pid}")


# %%
if __name__ == "__main__":
    main()
