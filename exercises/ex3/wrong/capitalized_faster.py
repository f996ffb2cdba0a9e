# Near miss for ex3: "Faster: Threads" with a capital letter; the contract asks for
# "threads" or "processes" in lower case.
# selftest: fails faster-line
import multiprocessing
import threading
import time


def task():
    return sum(i * i for i in range(1000))


def measure(kind):
    start = time.perf_counter()
    workers = [kind(target=task) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    t = measure(threading.Thread)
    p = measure(multiprocessing.Process)
    print(f"Threads: {t:.6f} s")
    print(f"Processes: {p:.6f} s")
    print("Faster: Threads" if t < p else "Faster: Processes")
