# Near miss for ex2: the lines are printed by the main thread after the threads finished,
# so current_thread() is the main thread every time.
# selftest: fails distinct-names
import os
import threading


def worker():
    pass  # the threads do nothing


if __name__ == "__main__":
    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
        print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getpid()}")
