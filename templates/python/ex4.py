"""Exercise ex4: Messages through a Queue.

Start three worker processes, numbered 1, 2 and 3. Each worker puts one message into a
multiprocessing.Queue: its number and its own process ID. The parent takes the messages off
the queue and prints one line for each:

    Worker <n> has PID <pid>

Only the parent prints. Run `grade show ex4` for the full task and `grade ex4` to check your
work.
"""

# %% A "# %%" line starts a cell: VS Code and Spyder can run this file cell by cell.
import multiprocessing  # noqa: F401  (you will need it)
import os  # noqa: F401  (os.getpid() tells a process its own ID)


# %%
def report(number, outbox):
    """The code each worker process runs."""
    # TODO: put (number, this process's ID) into the queue `outbox`.
    pass


# %%
def main():
    # TODO: make a multiprocessing.Queue, start three multiprocessing.Process objects that
    #       run report() with the numbers 1, 2 and 3, take three messages off the queue and
    #       print "Worker <n> has PID <pid>" for each, then join() the workers.
    pass


# %%
# Keep this guard: on some systems each new process imports this file again, and the guard
# stops it from starting processes of its own.
if __name__ == "__main__":
    main()
