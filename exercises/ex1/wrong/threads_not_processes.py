# Near miss for ex1: threads instead of processes, so the same PID is printed three times.
# selftest: fails distinct-pids
import os
import threading


def show_pid():
    print(f"Process ID: {os.getpid()}")


if __name__ == "__main__":
    workers = [threading.Thread(target=show_pid) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
