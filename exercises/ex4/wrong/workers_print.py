"""Near miss for ex4: each worker prints its own line and nothing goes through a queue."""
# selftest: fails parent-prints
import multiprocessing
import os


def report(number):
    print(f"Worker {number} has PID {os.getpid()}", flush=True)


def main():
    workers = [multiprocessing.Process(target=report, args=(n,)) for n in (1, 2, 3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
