# Fakes ex2: no thread is started; a loop prints five made-up thread names with the real
# PID. The text checks cannot tell; the grader sees that no thread was created (check
# real-threads).
# selftest: fails real-threads
import os

if __name__ == "__main__":
    for n in range(1, 6):
        print(f"Thread name: Thread-{n}, Process ID: {os.getpid()}")
