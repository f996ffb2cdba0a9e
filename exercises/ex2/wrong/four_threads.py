# Near miss for ex2: only four threads are started.
# selftest: fails five-thread-lines
import os
import threading


def worker():
    print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getpid()}")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
