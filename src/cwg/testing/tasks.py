"""A task for the worker tests: it notes each run in a file, so that a task run twice shows."""

import os
import time

from django_tasks import task


@task()
def note_run(number: int, path: str, seconds: float = 0.02) -> int:
    """Append "number pid" to `path` (one O_APPEND write, whole even beside other writers)."""
    time.sleep(seconds)  # long enough for the workers to claim tasks side by side
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{number} {os.getpid()}\n".encode())
    finally:
        os.close(fd)
    return number
