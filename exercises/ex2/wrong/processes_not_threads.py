# Near miss for ex2: processes instead of threads. The names differ (Process-1 ...), but
# every line shows a different PID.
# selftest: fails same-pid
import multiprocessing
import os


def worker():
    name = multiprocessing.current_process().name
    print(f"Thread name: {name}, Process ID: {os.getpid()}")


if __name__ == "__main__":
    workers = [multiprocessing.Process(target=worker) for _ in range(5)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
