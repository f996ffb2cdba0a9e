# Near miss for ex1: only two processes are created.
# selftest: fails three-pid-lines
import multiprocessing
import os


def show_pid():
    print(f"Process ID: {os.getpid()}")


if __name__ == "__main__":
    p1 = multiprocessing.Process(target=show_pid)
    p2 = multiprocessing.Process(target=show_pid)
    p1.start()
    p2.start()
    p1.join()
    p2.join()
