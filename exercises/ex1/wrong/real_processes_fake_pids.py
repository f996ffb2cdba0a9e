# Fakes the numbers of ex1 while doing the work: three real processes are created, but the
# parent prints invented PIDs instead of theirs. Only comparing the printed PIDs with the
# processes the run really created (check pids-are-real) catches it.
# selftest: fails pids-are-real
import multiprocessing
import os


def work():
    pass


if __name__ == "__main__":
    workers = [multiprocessing.Process(target=work) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for i in range(3):
        print(f"Process ID: {os.getpid() + 1000 + i}")
