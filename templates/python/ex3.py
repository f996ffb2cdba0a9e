"""Exercise ex3: Processes vs threads timing.

Run the same task with several threads and then with the same number of processes, time
both, and print exactly these three lines:

    Threads: <seconds> s
    Processes: <seconds> s
    Faster: threads        (or: Faster: processes)

Run `grade show ex3` for the full task and `grade ex3` to check your work.
"""

# %% A "# %%" line starts a cell: VS Code and Spyder can run this file cell by cell.
import multiprocessing  # noqa: F401
import threading  # noqa: F401
import time  # noqa: F401  (time.perf_counter() is the clock to use for timing)


# %%
def task():
    """The task every worker runs. Keep it the same for threads and processes."""
    # TODO: do some work here, e.g. a loop that adds up numbers.
    pass


# %%
def time_with_threads():
    """Return how many seconds it took to run task() in several threads."""
    # TODO: create, start and join the threads, and measure how long that took.
    return None


# %%
def time_with_processes():
    """Return how many seconds it took to run task() in as many processes."""
    # TODO: the same as time_with_threads(), but with multiprocessing.Process.
    return None


# %%
def main():
    thread_seconds = time_with_threads()
    process_seconds = time_with_processes()
    # TODO: print the three result lines described at the top.


# %%
if __name__ == "__main__":
    main()
