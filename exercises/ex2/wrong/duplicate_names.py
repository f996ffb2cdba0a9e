# Near miss for ex2: every thread is given the same name.
# selftest: fails distinct-names
import os
import threading


def worker():
    print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getpid()}")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker, name="worker") for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
