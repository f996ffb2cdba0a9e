"""Near miss for ex2: the threads report with logging, which writes to stderr, not stdout."""
# selftest: fails five-thread-lines
import logging
import os
import threading

logging.basicConfig(level=logging.INFO, format="%(message)s")


def report():
    name = threading.current_thread().name
    logging.info("Thread name: %s, Process ID: %d", name, os.getpid())


threads = [threading.Thread(target=report, name=f"worker-{n}") for n in range(1, 6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
