"""Near miss for ex4: each worker sends os.getppid(), its parent's ID, not its own."""
# selftest: fails distinct-pids
import multiprocessing
import os


def report(number, outbox):
    outbox.put((number, os.getppid()))


def main():
    outbox = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=report, args=(n, outbox)) for n in (1, 2, 3)]
    for worker in workers:
        worker.start()
    for _ in workers:
        number, pid = outbox.get()
        print(f"Worker {number} has PID {pid}")
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
