# Near miss for ex3: the times are milliseconds but labelled as seconds, so they are far
# longer than the whole run took.
# selftest: fails times-within-run
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
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    t = measure(threading.Thread)
    p = measure(multiprocessing.Process)
    print(f"Threads: {t:.3f} s")
    print(f"Processes: {p:.3f} s")
    print("Faster: threads" if t < p else "Faster: processes")
