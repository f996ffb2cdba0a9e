"""Near miss for ex4: no process is started; the parent prints numbers it makes up."""
# selftest: fails three-workers
import os


def main():
    for number in (1, 2, 3):
        print(f"Worker {number} has PID {os.getpid() + number}")


if __name__ == "__main__":
    main()
