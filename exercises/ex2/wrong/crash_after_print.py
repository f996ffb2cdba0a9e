# Near miss for ex2: correct output, then a typo in a summary line raises NameError, so the
# program exits with status 1.
# selftest: fails exits-cleanly
import os
import threading


def worker():
    print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getpid()}")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"All {len(thread)} threads finished")  # noqa: F821  (the typo is the mistake)
