# Near miss for ex1: each child prints os.getppid() (its parent's PID) instead of its own,
# so the three lines all show the main program's PID.
# selftest: fails distinct-pids
import multiprocessing
import os


def show_pid():
    print(f"Process ID: {os.getppid()}")


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=show_pid) for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
