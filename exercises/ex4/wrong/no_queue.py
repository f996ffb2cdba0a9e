"""Near miss for ex4: the parent prints each Process object's pid attribute; no queue is used.

The output is right and comes from the parent, but the exercise is about a Queue.
"""
# selftest: fails uses-queue
import multiprocessing


def work():
    pass


def main():
    workers = [multiprocessing.Process(target=work) for _ in range(3)]
    for worker in workers:
        worker.start()
    for number, worker in enumerate(workers, start=1):
        print(f"Worker {number} has PID {worker.pid}")
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
