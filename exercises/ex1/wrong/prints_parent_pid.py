# Near miss for ex1: the main program counts itself as one of the three processes and
# prints its own PID next to the PIDs of two children.
# selftest: fails not-the-launcher
import multiprocessing
import os


def show_pid():
    print(f"Process ID: {os.getpid()}")


if __name__ == "__main__":
    show_pid()  # the main process is process number one
    children = [multiprocessing.Process(target=show_pid) for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join()
