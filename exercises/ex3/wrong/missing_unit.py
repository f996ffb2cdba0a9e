# Near miss for ex3: the " s" unit after the times is missing.
# selftest: fails threads-line
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
    print(f"Threads: {t:.6f}")
    print(f"Processes: {p:.6f}")
    print("Faster: threads" if t < p else "Faster: processes")
