# Near miss for ex3: the measurement is repeated three times and every round prints its own
# "Threads:" and "Processes:" lines, so each appears three times.
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
    best_t = best_p = float("inf")
    for _ in range(3):
        t = measure(threading.Thread)
        p = measure(multiprocessing.Process)
        print(f"Threads: {t:.6f} s")
        print(f"Processes: {p:.6f} s")
        best_t, best_p = min(best_t, t), min(best_p, p)
    print("Faster: threads" if best_t < best_p else "Faster: processes")
