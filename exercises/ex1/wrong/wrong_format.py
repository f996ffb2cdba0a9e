# Near miss for ex1: the line format differs from the contract ("PID = <pid>").
# selftest: fails three-pid-lines
import multiprocessing
import os


def show_pid():
    print("PID =", os.getpid())


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=show_pid) for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
