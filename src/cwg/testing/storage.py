"""Faults of the file store injected for tests: a disk that fills up part-way through a write."""

from __future__ import annotations

import errno
import os

from django.core.files.storage import FileSystemStorage


def fill_the_disk(monkeypatch, *, after_files: int = 0) -> list[str]:
    """Make the file store run out of space after `after_files` successful writes.

    The failing write leaves half of its bytes on disk, as a real full disk does; the names
    written (and failed) are returned as they happen.
    """
    real_save = FileSystemStorage._save
    written: list[str] = []

    def save(storage, name, content):
        if len(written) < after_files:
            written.append(name)
            return real_save(storage, name, content)
        written.append(name)
        data = content.read()
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return written
