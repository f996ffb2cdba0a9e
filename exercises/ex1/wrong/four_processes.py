# Near miss for ex1: an off-by-one loop creates four processes instead of three.
# selftest: fails three-pid-lines
import multiprocessing
import os


def show_pid():
    print(f"Process ID: {os.getpid()}")


if __name__ == "__main__":
    processes = []
    for i in range(0, 4):
        p = multiprocessing.Process(target=show_pid)
        p.start()
        processes.append(p)
    for p in processes:
        p.join()
