# Near miss for ex1: run() executes the target in the calling (main) process, so no new
# process is ever created and the same PID is printed three times.
# selftest: fails distinct-pids
import multiprocessing
import os


def show_pid():
    print(f"Process ID: {os.getpid()}")


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=show_pid) for _ in range(3)]
    for p in processes:
        p.run()
