# Fakes ex1: no process is created at all; the program invents three PIDs from its own. Its
# output satisfies every text check; the grader catches it by watching which processes the
# run really creates (check real-processes).
# selftest: fails real-processes
import os

if __name__ == "__main__":
    for i in range(1, 4):
        print(f"Process ID: {os.getpid() + i}")
