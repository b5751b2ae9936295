"""Storing files so that a refused, rolled-back or killed request leaves nothing behind for long.

Every stored file goes through `FileBatch.store`: the bytes are written under a temporary name in
the storage's staging folder (`.incoming/`), then the complete file is linked under its final name
(the name the row will hold). A final name therefore only ever shows a complete file, and a file
cut short by a kill or a full disk is left only in the staging folder. When the transaction
commits, the staging names are dropped; when it rolls back, both names are deleted. A process
killed between the link and the commit leaves a file that no row references: `sweep` (the
`cwg files sweep` command) removes such files, and staging leftovers, once older than an hour.

A full disk (ENOSPC, or a quota: EDQUOT) is refused with `StorageFull` (503), nothing kept.

On object storage (S3) there are no hard links and no staging: an object only becomes visible
once complete, so it is saved under its final name directly and deleted if the transaction rolls
back; `sweep` lists and removes orphan objects through the storage API.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import logging
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext as _

from cwg.core.exceptions import StorageFull

logger = logging.getLogger(__name__)

STAGING = ".incoming"
FULL_DISK = {errno.ENOSPC, errno.EDQUOT}
NO_HARD_LINKS = {errno.EXDEV, errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK}
SWEEP_AGE_SECONDS = 3600

_current: contextvars.ContextVar[FileBatch | None] = contextvars.ContextVar(
    "cwg_file_batch", default=None
)


@dataclass
class _Stored:
    storage: object
    final: str | None = None
    staging: str | None = None


@dataclass
class FileBatch:
    """The files stored by one write, kept or removed together with its transaction."""

    stored: list[_Stored] = field(default_factory=list)

    def store(self, field_file, name: str, content, *, field_name: str = "file") -> str:
        """Store `content` (bytes, or a Django `File` read in chunks) for `field_file` (a
        model's FieldFile) and set its final name.

        `field_name` is the request field a full disk is reported against.
        """
        storage = field_file.storage
        wanted = field_file.field.generate_filename(field_file.instance, name)
        entry = _Stored(storage)
        self.stored.append(entry)
        body = content if isinstance(content, File) else ContentFile(content)
        try:
            if _is_local(storage):
                entry.staging = f"{STAGING}/{uuid.uuid4().hex}"
                entry.staging = storage.save(entry.staging, body)
                entry.final = _link(storage, entry.staging, wanted, field_file.field.max_length)
            else:
                # A remote store (S3) makes an object visible only once it is complete.
                entry.final = storage.save(wanted, body, max_length=field_file.field.max_length)
        except OSError as error:
            self._remove(entry)
            self.stored.remove(entry)
            if error.errno in FULL_DISK:
                logger.error("file store full while storing %s: %s", wanted, error)
                raise StorageFull(
                    _("The file store is full: nothing was stored. Please try again later."),
                    field=field_name,
                    code="StorageFull",
                ) from None
            raise
        field_file.name = entry.final
        field_file._committed = True
        return entry.final

    def committed(self) -> None:
        """The rows are committed: only the final names stay."""
        for entry in self.stored:
            if entry.staging:
                _delete(entry.storage, entry.staging)
                entry.staging = None
        self.stored.clear()

    def discard(self) -> None:
        """Nothing was committed: remove every file of the batch."""
        for entry in self.stored:
            self._remove(entry)
        self.stored.clear()

    def adopt(self, other: FileBatch) -> None:
        self.stored.extend(other.stored)
        other.stored.clear()

    def keep_after_commit(self) -> None:
        """Drop the staging names once the current transaction (if any) commits."""
        transaction.on_commit(self.committed)

    @staticmethod
    def _remove(entry: _Stored) -> None:
        for name in (entry.final, entry.staging):
            if name:
                _delete(entry.storage, name)


@contextlib.contextmanager
def atomic_with_files() -> Iterator[FileBatch]:
    """A transaction whose stored files are kept if it commits and removed if it rolls back.

    Nested in another, its files join the outer one's and share its fate.
    """
    outer = _current.get()
    batch = FileBatch()
    token = _current.set(batch)
    try:
        with transaction.atomic():
            yield batch
    except BaseException:
        batch.discard()
        raise
    finally:
        _current.reset(token)
    if outer is not None:
        outer.adopt(batch)
    else:
        batch.keep_after_commit()


def current_batch() -> FileBatch | None:
    return _current.get()


# ---- helpers


def _is_local(storage) -> bool:
    try:
        storage.path("x")
    except NotImplementedError:
        return False
    return True


def _link(storage, staging: str, wanted: str, max_length: int | None) -> str:
    """Give the complete staging file its final name, a free one (a link never overwrites)."""
    source = storage.path(staging)
    for _attempt in range(100):
        final = storage.get_available_name(wanted, max_length=max_length)
        target = storage.path(final)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except FileExistsError:
            continue  # another request took the name between the check and the link
        except OSError as error:
            if error.errno not in NO_HARD_LINKS:
                raise
            # A file system without hard links: reserve the name, then move the file onto it.
            try:
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                continue
            os.replace(source, target)
        return final
    raise FileExistsError(f"no free name for {wanted}")


def _delete(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # OSError on disk, botocore's errors on object storage
        logger.warning("could not remove %s", name)


# ---- reading


def open_stored(field_file) -> tuple[object, int | None]:
    """The stored bytes of `field_file` to send, and their size when known.

    From disk the file itself; from object storage the object's body, streamed as it is sent
    rather than first copied whole to a temporary file. A missing file is FileNotFoundError.
    """
    storage = field_file.storage
    if _is_local(storage) or not hasattr(storage, "bucket"):
        return field_file.open("rb"), None
    from botocore.exceptions import ClientError

    key = storage._normalize_name(field_file.name)
    try:
        found = storage.bucket.Object(key).get()
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            raise FileNotFoundError(field_file.name) from None
        raise
    return found["Body"], found.get("ContentLength")


# ---- removing orphans


@dataclass
class Orphan:
    name: str
    size: int
    age_seconds: float


def referenced_names() -> set[str]:
    """Every file name that a row of any model holds in a file field of the default storage."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            if model_field.storage is not default_storage:
                continue
            column = model_field.attname
            names.update(
                model._base_manager.exclude(**{column: ""})
                .exclude(**{f"{column}__isnull": True})
                .values_list(column, flat=True)
                .iterator()
            )
    return names


def _remote_files(storage, path: str = "") -> Iterator[str]:
    """Every name under `path` of a store without a file system path (S3), via its own API."""
    directories, names = storage.listdir(path)
    for name in names:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _remote_files(storage, f"{path}/{directory}" if path else directory)


def _remote_candidates(storage, older_than: float, now: float) -> list[Orphan]:
    candidates = []
    for name in _remote_files(storage):
        try:
            age = now - storage.get_modified_time(name).timestamp()
            if age >= older_than:
                candidates.append(Orphan(name, storage.size(name), age))
        except FileNotFoundError:
            continue  # removed since it was listed
    return candidates


def orphans(*, older_than: float = SWEEP_AGE_SECONDS, now: float | None = None) -> list[Orphan]:
    """Files of the store that no row references and that are older than `older_than`."""
    storage = default_storage
    now = time.time() if now is None else now
    if not _is_local(storage):
        candidates = _remote_candidates(storage, older_than, now)
        if not candidates:
            return []
        referenced = referenced_names()
        return [orphan for orphan in candidates if orphan.name not in referenced]
    root = storage.path("")
    if not os.path.isdir(root):
        return []
    # Read the references after listing the files: a file stored meanwhile is too young anyway.
    candidates = []
    for folder, _dirs, files in os.walk(root):
        for file_name in files:
            path = os.path.join(folder, file_name)
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue
            age = now - info.st_mtime
            if age >= older_than:
                name = os.path.relpath(path, root).replace(os.sep, "/")
                candidates.append(Orphan(name, info.st_size, age))
    if not candidates:
        return []
    referenced = referenced_names()
    return [orphan for orphan in candidates if orphan.name not in referenced]


def sweep(*, older_than: float = SWEEP_AGE_SECONDS, dry_run: bool = False) -> list[Orphan]:
    """Remove (unless `dry_run`) the orphan files older than `older_than` seconds."""
    found = orphans(older_than=older_than)
    if not dry_run and not _is_local(default_storage):
        for orphan in found:
            default_storage.delete(orphan.name)  # an object store has no folders to tidy
    elif not dry_run:
        root = os.path.realpath(default_storage.path(""))
        for orphan in found:
            path = default_storage.path(orphan.name)
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
            _remove_empty_folders(os.path.dirname(path), root)
    return found


def _remove_empty_folders(folder: str, root: str) -> None:
    """Remove the folders a removed file leaves empty, up to (not including) the root."""
    folder = os.path.realpath(folder)
    while folder.startswith(root + os.sep):
        try:
            os.rmdir(folder)  # only succeeds on an empty folder
        except OSError:
            return
        folder = os.path.dirname(folder)
