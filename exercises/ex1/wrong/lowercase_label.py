# Near miss for ex1: "Process id" instead of "Process ID".
# selftest: fails three-pid-lines
import multiprocessing
import os


def show_pid():
    print(f"Process id: {os.getpid()}")


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=show_pid) for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
