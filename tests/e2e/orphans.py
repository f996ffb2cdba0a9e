"""Helpers for e2e drivers that are child subreapers: orphans of the programs they start
become their children, so they can see what survived and must reap it."""

import os


def reap_zombie_children() -> None:
    """Reaps every child of ours that has ended, without waiting for running ones."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
