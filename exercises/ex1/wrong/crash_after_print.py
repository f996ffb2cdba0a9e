# Near miss for ex1: correct output, then a typo in a final summary line raises NameError,
# so the program exits with status 1.
# selftest: fails exits-cleanly
import multiprocessing
import os


def show_pid():
    print(f"Process ID: {os.getpid()}")


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=show_pid) for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    print(f"Started {len(procesess)} processes")  # noqa: F821  (the typo is the mistake)
