"""Near miss for ex4: threads and a queue.Queue instead of processes; one PID on every line."""
# selftest: fails distinct-pids
import os
import queue
import threading


def report(number, outbox):
    outbox.put((number, os.getpid()))


def main():
    outbox = queue.Queue()
    workers = [threading.Thread(target=report, args=(n, outbox)) for n in (1, 2, 3)]
    for worker in workers:
        worker.start()
    for _ in workers:
        number, pid = outbox.get()
        print(f"Worker {number} has PID {pid}")
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
