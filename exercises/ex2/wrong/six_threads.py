# Near miss for ex2: the worker is also called once from the main thread "to test it",
# which adds a sixth line (Thread name: MainThread, ...).
# selftest: fails five-thread-lines
import os
import threading


def worker():
    print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getpid()}")


if __name__ == "__main__":
    worker()
    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
