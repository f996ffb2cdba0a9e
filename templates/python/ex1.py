"""Exercise ex1: Three processes.

Start three new processes and make sure each one's process ID gets printed as a line of the
form

    Process ID: <pid>

The child can print its own ID, or it can send the ID back to the parent, which prints it.
Run `grade show ex1` for the full task and `grade ex1` to check your work.
"""

# %% A "# %%" line starts a cell: VS Code and Spyder can run this file cell by cell.
import multiprocessing  # noqa: F401  (you will need it)
import os  # noqa: F401  (os.getpid() tells a process its own ID)


# %%
def worker():
    """The code each new process runs."""
    # TODO: find out this process's ID and get it printed as "Process ID: <pid>".
    pass


# %%
def main():
    # TODO: create three multiprocessing.Process objects that run worker(),
    #       start all of them, then wait for all of them to finish.
    pass


# %%
# Keep this guard: on some systems each new process imports this file again, and the guard
# stops it from starting processes of its own.
if __name__ == "__main__":
    main()
