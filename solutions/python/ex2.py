"""Reference solution for ex2, "Five threads".

Five threads are started inside this one process. Each thread prints its own name and the
ID of the process it lives in, so the output shows five different names and one shared PID.
"""

# %%
import os
import threading

THREAD_COUNT = 5

# Threads share stdout. Holding a lock while printing keeps each line in one piece even when
# Python's output is unbuffered (then print() writes the text and the newline separately).
print_lock = threading.Lock()


# %%
def introduce_yourself():
    """Runs in each thread."""
    me = threading.current_thread()
    with print_lock:
        print(f"Thread name: {me.name}, Process ID: {os.getpid()}")


# %%
def main():
    threads = [
        threading.Thread(target=introduce_yourself, name=f"worker-{number}")
        for number in range(1, THREAD_COUNT + 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# %%
if __name__ == "__main__":
    main()
