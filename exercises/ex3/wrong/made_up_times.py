# Fakes ex3: nothing is measured; plausible numbers are printed. Every text check passes;
# the grader sees that no process and no thread was created (real-processes, real-threads).
# selftest: fails real-processes
if __name__ == "__main__":
    print("Threads: 0.000400 s")
    print("Processes: 0.004000 s")
    print("Faster: threads")
