# Near miss for ex2: run() instead of start(), so every worker runs in the main thread and
# each line says "MainThread".
# selftest: fails distinct-names
import os
import threading


def worker():
    print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getpid()}")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.run()
