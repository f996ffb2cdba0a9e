# Near miss for ex2: os.getppid() (the parent's PID) instead of os.getpid(). All lines agree,
# but on a PID that is not the program's own.
# selftest: fails launcher-pid
import os
import threading


def worker():
    print(f"Thread name: {threading.current_thread().name}, Process ID: {os.getppid()}")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
