"""Reference solution for ex4, "Messages through a Queue".

Three worker processes each put one message into a multiprocessing.Queue: their number and
their own process ID. Only the parent prints: it takes the three messages off the queue and
prints one `Worker <n> has PID <pid>` line for each, in the order they arrive.
"""

# %%
import multiprocessing
import os

WORKER_COUNT = 3


# %%
def report(number, outbox):
    """Runs in a child process: tell the parent who this is."""
    outbox.put((number, os.getpid()))


# %%
def main():
    outbox = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=report, args=(number, outbox))
        for number in range(1, WORKER_COUNT + 1)
    ]
    for worker in workers:
        worker.start()

    # Take every message before join(): a child whose message has not been read yet may
    # wait for the reader before it can exit.
    for _ in workers:
        number, pid = outbox.get()
        print(f"Worker {number} has PID {pid}")

    for worker in workers:
        worker.join()


# %%
if __name__ == "__main__":
    main()
