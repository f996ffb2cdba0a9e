# Near miss for ex1: the lines go to standard error instead of standard output.
# selftest: fails three-pid-lines
import multiprocessing
import os
import sys


def show_pid():
    print(f"Process ID: {os.getpid()}", file=sys.stderr)


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=show_pid) for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
