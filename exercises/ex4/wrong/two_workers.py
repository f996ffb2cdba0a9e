"""Near miss for ex4: an off-by-one range starts two workers, so two lines are printed."""
# selftest: fails three-lines
import multiprocessing
import os


def report(number, outbox):
    outbox.put((number, os.getpid()))


def main():
    outbox = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=report, args=(n, outbox)) for n in range(1, 3)]
    for worker in workers:
        worker.start()
    for _ in workers:
        number, pid = outbox.get()
        print(f"Worker {number} has PID {pid}")
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
