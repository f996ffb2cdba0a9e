# Near miss for ex2: the list of names has only four entries, so the fifth thread dies with
# IndexError before printing. The main thread still exits with status 0, with four lines.
# selftest: fails five-thread-lines
import os
import threading

NAMES = ["alpha", "beta", "gamma", "delta"]


def worker(number):
    name = NAMES[number]
    print(f"Thread name: {name}, Process ID: {os.getpid()}")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
