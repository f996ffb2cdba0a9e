"""Near miss for ex4: every worker is given the same number (the loop variable is not passed)."""
# selftest: fails three-numbers
import multiprocessing
import os

NUMBER = 1


def report(outbox):
    outbox.put((NUMBER, os.getpid()))


def main():
    outbox = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=report, args=(outbox,)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for _ in workers:
        number, pid = outbox.get()
        print(f"Worker {number} has PID {pid}")
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
