"""Exercise ex2: Five threads.

Start five threads in this process. Each thread prints one line of the form

    Thread name: <name>, Process ID: <pid>

Run `grade show ex2` for the full task and `grade ex2` to check your work.
"""

# %% A "# %%" line starts a cell: VS Code and Spyder can run this file cell by cell.
import os  # noqa: F401  (os.getpid() gives the ID of the current process)
import threading  # noqa: F401  (threading.current_thread() describes the running thread)


# %%
def worker():
    """The code each thread runs."""
    # TODO: print this thread's name and the process ID in the format shown above.
    pass


# %%
def main():
    # TODO: create five threading.Thread objects that run worker(),
    #       start all of them, then wait for all of them to finish.
    pass


# %%
if __name__ == "__main__":
    main()
