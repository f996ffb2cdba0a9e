# Near miss for ex1: the parent keeps reading the queue after the three results have
# arrived and waits forever, so the run hits the wall-time limit. The children have all
# exited by then; only the main process is left waiting.
# selftest: fails exits-cleanly
import multiprocessing
import os


def send_pid(queue):
    queue.put(os.getpid())


if __name__ == "__main__":
    queue = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=send_pid, args=(queue,)) for _ in range(3)]
    for p in processes:
        p.start()
    while True:
        print(f"Process ID: {queue.get()}", flush=True)
