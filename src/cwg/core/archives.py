"""Reading ZIP archives from uploads within fixed bounds, so that a "zip bomb" is refused cheaply."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from cwg.core.exceptions import InvalidInput, TooLarge

ZIP_SIGNATURE = b"PK\x03\x04"
CHUNK_BYTES = 64 * 1024
# Small members may compress very well (an XML file of repeated markup); only members that
# expand to more than this are held to the compression ratio.
RATIO_FLOOR_BYTES = 1024 * 1024
# A directory entry is 46 bytes and a name; more than this per accepted member is not a document.
DIRECTORY_BYTES_PER_MEMBER = 1024
# An archive cannot be shorter than its end-of-directory record.
SMALLEST_ARCHIVE_BYTES = 22

# Everything zipfile raises for a damaged, truncated, encrypted or exotic archive.
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
               NotImplementedError, RuntimeError, KeyError)  # fmt: skip


@dataclass
class _Budget:
    """What the archive and the archives inside it may expand to, together."""

    members: int = 0
    declared: int = 0
    read: int = 0


class BoundedArchive:
    """A ZIP archive whose directory has been checked against the limits before anything is read.

    Opening it refuses (with `TooLarge`, 413) more members than `CWG_ZIP_MAX_MEMBERS`, a member
    declaring more than `CWG_ZIP_MAX_MEMBER_BYTES`, members declaring more than
    `CWG_ZIP_MAX_TOTAL_BYTES` together, a compression ratio above `CWG_ZIP_MAX_RATIO`, and archives
    inside archives deeper than `CWG_ZIP_MAX_DEPTH` (each inner archive is checked the same way,
    within the same total); it refuses a damaged or encrypted archive with `InvalidInput` (400).
    `read` then reads a member in chunks and stops at its limit, whatever its header claims.

    Each refusal names the file (`label`) and the request field (`field`).
    """

    def __init__(self, data: bytes, *, label: str, field: str, _depth: int = 0, _budget=None):
        self.label = label
        self.field = field
        self._depth = _depth
        self._budget = _budget or _Budget()
        stream = io.BytesIO(data)
        self._check_directory_size(stream)
        try:
            self._zip = zipfile.ZipFile(stream)
            infos = self._zip.infolist()
        except _UNREADABLE:
            raise self._damaged() from None
        self._infos = {info.filename: info for info in infos}
        self.names = [info.filename for info in infos]
        self._check_directory(infos)
        self._check_nested(infos)

    # -- public

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def __enter__(self) -> BoundedArchive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        """The member's bytes, read in chunks; past `limit` (or the member limit) it is refused."""
        limit = min(limit or settings.CWG_ZIP_MAX_MEMBER_BYTES, settings.CWG_ZIP_MAX_MEMBER_BYTES)
        chunks, size = [], 0
        try:
            with self._zip.open(self._infos[name]) as member:
                while chunk := member.read(CHUNK_BYTES):
                    size += len(chunk)
                    self._budget.read += len(chunk)
                    if size > limit or self._budget.read > settings.CWG_ZIP_MAX_TOTAL_BYTES:
                        raise self._too_large(limit)
                    chunks.append(chunk)
        except TooLarge:
            raise
        except _UNREADABLE:
            raise self._damaged() from None
        return b"".join(chunks)

    def peek(self, name: str, size: int) -> bytes:
        """The first `size` bytes of a member (at most one chunk is expanded)."""
        try:
            with self._zip.open(self._infos[name]) as member:
                return member.read(size)
        except _UNREADABLE:
            raise self._damaged() from None

    # -- checks of the directory

    def _check_directory_size(self, stream: io.BytesIO) -> None:
        """Refuse too many members from the end record, before zipfile reads every entry.

        Reading the directory makes one object per entry (some 500 bytes each), so a 10 MB
        archive of 100,000 empty files would take 50 MB before its members could be counted.
        """
        try:
            end = zipfile._EndRecData(stream)  # the record zipfile itself reads first
        except _UNREADABLE:
            end = None
        if end is None:
            raise self._damaged()
        most = settings.CWG_ZIP_MAX_MEMBERS - self._budget.members
        entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
        if entries > most or size > max(most, 1) * DIRECTORY_BYTES_PER_MEMBER:
            raise self._too_many(max(entries, size // DIRECTORY_BYTES_PER_MEMBER))

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> None:
        self._budget.members += len(infos)
        if self._budget.members > settings.CWG_ZIP_MAX_MEMBERS:
            raise self._too_many(len(infos))
        member_limit = settings.CWG_ZIP_MAX_MEMBER_BYTES
        ratio_limit = settings.CWG_ZIP_MAX_RATIO
        for info in infos:
            if info.flag_bits & 0x1:
                raise InvalidInput(
                    _("%(name)s is encrypted; send it without a password") % {"name": self.label},
                    field=self.field,
                )
            if info.file_size > member_limit:
                raise self._too_large(member_limit)
            if info.file_size > RATIO_FLOOR_BYTES:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > ratio_limit:
                    raise TooLarge(
                        _(
                            "%(name)s is compressed too tightly to be a document "
                            "(%(ratio)s to 1; at most %(limit)s to 1 is accepted)"
                        )
                        % {"name": self.label, "ratio": f"{ratio:,.0f}", "limit": ratio_limit},
                        field=self.field,
                    )
            self._budget.declared += info.file_size
            if self._budget.declared > settings.CWG_ZIP_MAX_TOTAL_BYTES:
                raise self._too_large(settings.CWG_ZIP_MAX_TOTAL_BYTES)

    def _check_nested(self, infos: list[zipfile.ZipInfo]) -> None:
        """An archive inside is held to the same limits (counted together), down to a depth."""
        for info in infos:
            if info.file_size < SMALLEST_ARCHIVE_BYTES or info.is_dir():
                continue
            if self.peek(info.filename, len(ZIP_SIGNATURE)) != ZIP_SIGNATURE:
                continue
            if self._depth + 1 > settings.CWG_ZIP_MAX_DEPTH:
                raise TooLarge(
                    _("%(name)s holds archives inside archives, deeper than is accepted")
                    % {"name": self.label},
                    field=self.field,
                )
            inner = self.read(info.filename)
            nested = BoundedArchive(
                inner,
                label=self.label,
                field=self.field,
                _depth=self._depth + 1,
                _budget=self._budget,
            )
            nested.close()

    # -- refusals

    def _damaged(self) -> InvalidInput:
        return InvalidInput(
            _("%(name)s is damaged: its archive cannot be read") % {"name": self.label},
            field=self.field,
        )

    def _too_many(self, count: int) -> TooLarge:
        most = settings.CWG_ZIP_MAX_MEMBERS
        return TooLarge(
            _("%(name)s holds too many files (%(count)s; at most %(limit)s are accepted)")
            % {"name": self.label, "count": f"{count:,}", "limit": f"{most:,}"},
            field=self.field,
        )

    def _too_large(self, limit: int) -> TooLarge:
        return TooLarge(
            _("%(name)s expands to more than %(limit)s bytes; it cannot be accepted")
            % {"name": self.label, "limit": f"{limit:,}"},
            field=self.field,
        )
