# Near miss for ex3: correct output, then the program tries to compute a speed-up ratio
# with a misspelt variable and dies with NameError (exit status 1).
# selftest: fails exits-cleanly
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
    print("Faster: threads" if t < p else "Faster: processes")
    print(f"Speed-up: {p / thread_time:.1f}x")  # noqa: F821  (the typo is the mistake)
