# Near miss for ex2: a different line format ("Thread: <name>, PID: <pid>").
# selftest: fails five-thread-lines
import os
import threading


def worker():
    print(f"Thread: {threading.current_thread().name}, PID: {os.getpid()}")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
