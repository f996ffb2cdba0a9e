# Near miss for ex3: time.time() at the end of each run is printed instead of the elapsed
# time, i.e. seconds since 1970.
# selftest: fails times-within-run
import multiprocessing
import threading
import time


def task():
    return sum(i * i for i in range(1000))


def measure(kind):
    workers = [kind(target=task) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.time()


if __name__ == "__main__":
    t = measure(threading.Thread)
    p = measure(multiprocessing.Process)
    print(f"Threads: {t:.6f} s")
    print(f"Processes: {p:.6f} s")
    print("Faster: threads" if t < p else "Faster: processes")
