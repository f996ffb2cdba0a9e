# Near miss for ex3: the comparison is the wrong way round, so "Faster:" names the variant
# with the larger time.
# selftest: fails faster-agrees
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
    if t > p:
        print("Faster: threads")
    else:
        print("Faster: processes")
