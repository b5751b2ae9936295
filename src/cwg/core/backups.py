"""Consistent backups of the database and the stored files, and their restore into an empty instance."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage, storages
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "cwg-backup/1"
MANIFEST = "manifest.json"
# Login sessions are left out so a restore does not revive old sign-ins; the task queue holds
# work in flight (its results are not records), and re-running it after a restore could
# repeat side effects such as e-mails.
EXCLUDED_APPS = frozenset({"sessions", "django_tasks_database"})
CHUNK_ROWS = 2000
CHUNK_BYTES = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused; the message is one line for the operator."""


@dataclass
class BackupResult:
    directory: Path
    records: int = 0
    files: int = 0
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    records: int = 0
    files: int = 0
    replaced_tables: list[str] = field(default_factory=list)


def backed_up_models() -> list[type[models.Model]]:
    """Every table the platform keeps records in, found through the app registry (never by name)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in EXCLUDED_APPS or not meta.managed or meta.proxy or meta.swapped:
            continue
        found.append(model)
    return sorted(found, key=lambda model: model._meta.label_lower)


def _columns(model: type[models.Model]) -> list[models.Field]:
    # Local fields only: each table is saved and restored on its own, as stored.
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _encode(field_: models.Field, value):
    if value is None:
        return None
    kind = field_.get_internal_type()
    if kind == "JSONField":
        return value
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)  # Decimal, UUID


def _decode(field_: models.Field, value):
    if value is None:
        return None
    kind = field_.get_internal_type()
    if kind == "JSONField":
        return value
    if kind == "BinaryField":
        return base64.b64decode(value)
    return field_.to_python(value)


class _HashingWriter:
    """Writes a file and keeps its SHA-256 and size, so nothing is read twice."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("wb")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self.digest.update(data)
        self.size += len(data)

    def close(self) -> None:
        self._file.flush()
        self._file.close()


def applied_migrations() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def _storage_names(storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a local media folder nothing was ever uploaded to
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from _storage_names(storage, posixpath.join(path, directory) if path else directory)


def _safe_name(name: str) -> bool:
    if not isinstance(name, str):
        return False
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and ".." not in parts


class _snapshot:
    """One read transaction: REPEATABLE READ on PostgreSQL, a deferred (reader's) one on SQLite."""

    def __enter__(self):
        self._atomic = transaction.atomic()
        nested = connection.in_atomic_block
        connection.ensure_connection()
        saved_mode = getattr(connection, "transaction_mode", None)
        if connection.vendor == "sqlite" and not nested:
            # The configured IMMEDIATE mode would take the write lock for the whole backup;
            # in WAL mode a deferred transaction reads one snapshot and lets writers go on.
            connection.transaction_mode = "DEFERRED"
        try:
            self._atomic.__enter__()
        finally:
            if connection.vendor == "sqlite":
                connection.transaction_mode = saved_mode
        if connection.vendor == "postgresql" and not nested:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # Inside a caller's transaction the reads run in it, at its isolation level.
        return self

    def __exit__(self, *exc):
        return self._atomic.__exit__(*exc)


def backup(out: Path | str) -> BackupResult:
    """Write the records and stored files, with a manifest of their hashes, into a new folder."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} already exists and is not an empty folder; choose a new one")
    out.mkdir(parents=True, exist_ok=True)
    result = BackupResult(directory=out)
    tables = []
    referenced: set[str] = set()
    with _snapshot():
        migrations_state = applied_migrations()
        for model in backed_up_models():
            meta = model._meta
            columns = _columns(model)
            file_columns = [i for i, f in enumerate(columns) if isinstance(f, models.FileField)]
            relative = f"db/{meta.label_lower}.jsonl"
            writer = _HashingWriter(out / relative)
            count = 0
            rows = (
                model._base_manager.order_by(meta.pk.attname)
                .values_list(*(f.attname for f in columns))
                .iterator(chunk_size=CHUNK_ROWS)
            )
            try:
                for row in rows:
                    encoded = [_encode(f, v) for f, v in zip(columns, row, strict=True)]
                    line = json.dumps(encoded, ensure_ascii=False, separators=(",", ":"))
                    writer.write(line.encode("utf-8") + b"\n")
                    referenced.update(encoded[i] for i in file_columns if encoded[i])
                    count += 1
            finally:
                writer.close()
            tables.append(
                {
                    "model": meta.label_lower,
                    "table": meta.db_table,
                    "columns": [f.column for f in columns],
                    "path": relative,
                    "rows": count,
                    "sha256": writer.digest.hexdigest(),
                    "size": writer.size,
                }
            )
            result.records += count
    # Files are copied after the records were read: an upload stored since then is copied
    # too (harmless), and every file the records name was stored before them.
    files = []
    for name in _storage_names(default_storage):
        writer = _HashingWriter(out / "files" / name)
        try:
            with default_storage.open(name, "rb") as source:
                for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
                    writer.write(chunk)
        finally:
            writer.close()
        files.append(
            {
                "name": name,
                "path": f"files/{name}",
                "sha256": writer.digest.hexdigest(),
                "size": writer.size,
            }
        )
    stored = {entry["name"] for entry in files}
    result.files = len(files)
    result.missing_files = sorted(referenced - stored)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "storage": type(storages["default"]).__name__,
        "migrations": migrations_state,
        "counts": {"records": result.records, "files": result.files},
        "tables": tables,
        "files": files,
        "missing_files": result.missing_files,
    }
    # Written last: a backup interrupted before this point has no manifest and is refused.
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), "utf-8")
    return result


def _sha256_of(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


_TABLE_KEYS = frozenset({"model", "columns", "path", "rows", "sha256", "size"})
_FILE_KEYS = frozenset({"name", "path", "sha256", "size"})


def read_manifest(directory: Path | str) -> dict:
    """The manifest of a backup folder after checking every file it lists against its hash."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BackupError(f"no backup folder at {directory}")
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} holds no {MANIFEST}: not a backup, or an unfinished one")
    try:
        manifest = json.loads(path.read_text("utf-8"))
        entries = [*manifest["tables"], *manifest["files"]]
        format_ = manifest["format"]
        well_formed = (
            isinstance(manifest["migrations"], dict)
            and all(set(entry) >= _TABLE_KEYS for entry in manifest["tables"])
            and all(set(entry) >= _FILE_KEYS for entry in manifest["files"])
        )
    except (ValueError, KeyError, TypeError):
        well_formed = False
    if not well_formed:
        raise BackupError(f"{path} is not a readable backup manifest")
    if format_ != FORMAT:
        raise BackupError(f"{path} is in format {format_!r}; this version reads {FORMAT!r}")
    for entry in entries:
        relative = entry["path"]
        name = entry.get("name", relative)
        if not _safe_name(relative) or not _safe_name(name):
            raise BackupError(f"{path} names a file outside the backup folder: {relative!r}")
        target = directory / relative
        if not target.is_file():
            raise BackupError(f"backup file {relative} is missing")
        digest, size = _sha256_of(target)
        if digest != entry.get("sha256") or size != entry.get("size"):
            raise BackupError(f"backup file {relative} is corrupted: its SHA-256 does not match")
    return manifest


def _check_schema(manifest: dict) -> dict[str, type[models.Model]]:
    here = applied_migrations()
    if manifest["migrations"] != here:
        theirs = {(a, n) for a, names in manifest["migrations"].items() for n in names}
        ours = {(a, n) for a, names in here.items() for n in names}
        only_here = sorted(ours - theirs)
        only_there = sorted(theirs - ours)
        detail = (
            f"migration {'.'.join(only_here[0])} is applied here but not in the backup"
            if only_here
            else f"migration {'.'.join(only_there[0])} is in the backup but not applied here"
        )
        raise BackupError(f"the backup was made with a different schema: {detail}")
    by_label = {model._meta.label_lower: model for model in backed_up_models()}
    labels = [entry["model"] for entry in manifest["tables"]]
    if sorted(labels) != sorted(by_label):
        unknown = sorted(set(labels) ^ set(by_label))
        raise BackupError(
            f"the backup was made with a different schema: table {unknown[0]} differs"
        )
    for entry in manifest["tables"]:
        columns = [f.column for f in _columns(by_label[entry["model"]])]
        if entry["columns"] != columns:
            raise BackupError(
                f"the backup was made with a different schema: the columns of {entry['model']} differ"
            )
    return by_label


def _check_empty(by_label: dict[str, type[models.Model]]) -> list[type[models.Model]]:
    """Refuse an instance in use; return the reference tables `migrate` filled, to be replaced.

    A migrated instance is not bare: content types, permissions and data migrations (the Member
    State registry) fill some tables. An instance in use has user accounts or audit events
    (every write through the platform appends one), so those two decide; the reference rows
    are then replaced by the backup's, keeping its primary keys.
    """
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    from cwg.core.models import AuditEvent

    for model, what in ((AuditEvent, "audit events"), (user_model, "user accounts")):
        count = model._base_manager.count()
        if count:
            raise BackupError(
                f"the target instance is not empty ({count} {what}): restore only into a freshly "
                "migrated database"
            )
    return [model for model in by_label.values() if model._base_manager.exists()]


def _check_storage(manifest: dict) -> list[dict]:
    """The files to write; refuse when the storage already holds a different file by that name."""
    to_write = []
    for entry in manifest["files"]:
        name = entry["name"]
        if default_storage.exists(name):
            digest = hashlib.sha256()
            with default_storage.open(name, "rb") as existing:
                for chunk in iter(lambda: existing.read(CHUNK_BYTES), b""):
                    digest.update(chunk)
            if digest.hexdigest() != entry["sha256"]:
                raise BackupError(
                    f"the target storage already holds a different file named {name}; "
                    "restore only into empty storage"
                )
            continue
        to_write.append(entry)
    return to_write


def _load_table(model: type[models.Model], directory: Path, entry: dict) -> int:
    columns = _columns(model)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    count = 0
    batch: list[list] = []
    with connection.cursor() as cursor, (directory / entry["path"]).open("rb") as source:
        for line in source:
            values = json.loads(line)
            batch.append(
                [
                    f.get_db_prep_save(_decode(f, v), connection)
                    for f, v in zip(columns, values, strict=True)
                ]
            )
            if len(batch) >= CHUNK_ROWS:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    if count != entry["rows"]:
        raise BackupError(f"backup file {entry['path']} holds {count} rows, not {entry['rows']}")
    return count


def restore(directory: Path | str) -> RestoreResult:
    """Restore a backup into an empty, migrated instance: all of it, or nothing."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    by_label = _check_schema(manifest)
    seeded = _check_empty(by_label)
    to_write = _check_storage(manifest)
    result = RestoreResult(replaced_tables=[m._meta.label_lower for m in seeded])
    written: list[str] = []
    try:
        with transaction.atomic():
            for model in seeded:
                model._base_manager.all()._raw_delete(connection.alias)
            for entry in manifest["tables"]:
                result.records += _load_table(by_label[entry["model"]], directory, entry)
            statements = connection.ops.sequence_reset_sql(no_style(), list(by_label.values()))
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            for entry in to_write:
                with (directory / entry["path"]).open("rb") as source:
                    saved = default_storage.save(entry["name"], File(source))
                written.append(saved)
                if saved != entry["name"]:
                    raise BackupError(f"the target storage stored {entry['name']} as {saved}")
            result.files = len(manifest["files"])
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return result
