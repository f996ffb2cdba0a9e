# Near miss for ex1: the lines are wrapped in ANSI colour codes, which is fine (the grader
# reads a line as a terminal shows it), but they read "PID: <pid>", not "Process ID: <pid>".
# Also used to check that reports escape control characters.
# selftest: fails three-pid-lines
import multiprocessing
import os

GREEN = "\033[32m"
RESET = "\033[0m"


def show_pid():
    print(f"{GREEN}PID: {os.getpid()}{RESET}")


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=show_pid) for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
