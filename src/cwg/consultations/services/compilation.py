"""The compilation of responses: built in the background as files (format × language), served from storage."""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cwg.consultations import permissions
from cwg.consultations.models import (
    AnnexSize,
    Compilation,
    CompilationFile,
    Consultation,
    JobStatus,
)
from cwg.consultations.services.compilation_source import Source, fingerprint
from cwg.consultations.services.compilation_writers import WRITERS, answer_headers
from cwg.core.audit import record
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.files import atomic_with_files
from cwg.core.i18n import LANGUAGE_NAMES as NAMED_LANGUAGES
from cwg.core.i18n import UI_LANGUAGE, document_language, pick
from cwg.documents import services as document_services
from cwg.documents.models import DocumentType, SourceKind

logger = logging.getLogger(__name__)

__all__ = ["answer_headers"]

FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The six languages a compilation is produced in, each named in itself.
LANGUAGE_NAMES = list(NAMED_LANGUAGES.items())
MAX_SAMPLE = 10_000
# A build that has not moved for this long lost its worker: it may be queued again.
STALE_AFTER = dt.timedelta(minutes=10)
ATTACHED_LANGUAGE = "en"


def default_targets(consultation: Consultation) -> list[tuple[str, str]]:
    """The files built as soon as the consultation is compiled: every format in each of its
    languages. Others (a format in another language) are built the first time they are asked."""
    languages = []
    for code in consultation.languages or ["en"]:
        code = document_language(code)
        if code not in languages:
            languages.append(code)
    return [(fmt, language) for language in languages for fmt in FORMATS]


def _annex_settings(compilation: Compilation, annex: str | None, sample) -> tuple[str, int]:
    annex = annex or compilation.annex
    if annex not in AnnexSize.values:
        raise InvalidInput(f"unknown annex {annex!r}; use all or sample", field="annex")
    sample = compilation.annex_sample if sample in (None, "") else sample
    try:
        sample = int(sample)
    except (TypeError, ValueError):
        raise InvalidInput("the sample size must be a whole number", field="sample") from None
    if not 1 <= sample <= MAX_SAMPLE:
        raise InvalidInput(f"the sample size must be between 1 and {MAX_SAMPLE}", field="sample")
    return annex, sample


def request_compilation(
    actor, consultation: Consultation, *, annex: str | None = None, sample=None, now=None
) -> Compilation:
    """Ask for the compilation to be built in the background; nothing is done when its files
    are already those of the current data and settings (the data's fingerprint is unchanged)."""
    if not permissions.can_manage_consultation(actor, consultation):
        raise NotAllowed("Only the group's secretariat may compile a consultation.")
    now = now or timezone.now()
    with transaction.atomic():
        compilation, _created = Compilation.objects.select_for_update().get_or_create(
            consultation=consultation
        )
        annex, sample = _annex_settings(compilation, annex, sample)
        current = fingerprint(consultation, annex=annex, sample=sample)
        if compilation.is_active and not _stalled(compilation, now):
            if (compilation.annex, compilation.annex_sample) == (annex, sample):
                return compilation
        elif current == compilation.fingerprint and _has_files(compilation, current):
            return compilation
        compilation.annex, compilation.annex_sample = annex, sample
        compilation.status = JobStatus.QUEUED
        compilation.processed = compilation.total = 0
        compilation.error = ""
        compilation.requested_at = now
        compilation.heartbeat_at = None
        compilation.generated_by = actor if getattr(actor, "pk", None) else None
        compilation.save()
        record(
            actor,
            "consultation.compilation.request",
            compilation,
            group_id=consultation.group_id,
            after={"annex": annex, "sample": sample},
        )
        _enqueue(compilation.pk, None)
    compilation.refresh_from_db()  # the immediate backend (development) has built it already
    return compilation


def build_compilation(actor, consultation: Consultation, *, now) -> Compilation:
    """The compilation asked for when the consultation moves to compiled."""
    return request_compilation(actor, consultation, now=now)


def _stalled(compilation: Compilation, now) -> bool:
    last = compilation.heartbeat_at or compilation.requested_at
    return last is None or now - last > STALE_AFTER


def _has_files(compilation: Compilation, current: str) -> bool:
    wanted = set(default_targets(compilation.consultation))
    built = set(compilation.files.filter(fingerprint=current).values_list("format", "language"))
    return wanted <= built


def _enqueue(compilation_id: int, targets) -> None:
    # Inside the caller's transaction: with the database task backend the task row commits (or
    # rolls back) with the request; the immediate backend (development) builds at once.
    from cwg.consultations.tasks import build_compilation_files

    build_compilation_files.enqueue(compilation_id, targets)


def _built(compilation: Compilation, current: str) -> set[tuple[str, str]]:
    return set(compilation.files.filter(fingerprint=current).values_list("format", "language"))


def run_build(compilation_id: int, targets: list | None = None) -> Compilation:
    """The worker's part: write each asked file (all defaults when `targets` is None) that is
    not already built from the current data, streaming the answers, and store it."""
    compilation = Compilation.objects.select_related("consultation__group").get(pk=compilation_id)
    consultation = compilation.consultation
    targets = [tuple(t) for t in targets] if targets else default_targets(consultation)
    current = fingerprint(consultation, annex=compilation.annex, sample=compilation.annex_sample)
    built = _built(compilation, current)
    todo = [target for target in targets if target not in built]
    questions = consultation.questions.count()
    Compilation.objects.filter(pk=compilation.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now(), processed=0, total=0, error=""
    )
    progress = _Progress(compilation.pk)
    try:
        for index, (fmt, language) in enumerate(todo):
            with translation.override(UI_LANGUAGE.get(language, language)):
                source = Source(consultation, language)
                if index == 0:
                    progress.set_total(len(todo) * questions * source.published_count)
                _write_file(compilation, source, fmt, language, current, progress)
                if index == 0 or language == ATTACHED_LANGUAGE:
                    summary = _summary(source)
    except Exception as error:
        logger.exception("the compilation of %s failed", consultation.slug)
        Compilation.objects.filter(pk=compilation.pk).update(
            status=JobStatus.FAILED, error=str(error)[:500], heartbeat_at=timezone.now()
        )
        raise
    changes = {
        "status": JobStatus.DONE,
        "heartbeat_at": timezone.now(),
        "fingerprint": current,
        "processed": F("total"),
    }
    if todo:
        changes.update(generated_at=timezone.now(), summary=summary)
    Compilation.objects.filter(pk=compilation.pk).update(**changes)
    compilation.refresh_from_db()
    return compilation


class _Progress:
    """Rows read so far, saved for the progress bar at most once a second."""

    def __init__(self, compilation_id: int):
        self.compilation_id = compilation_id
        self.done = 0
        self.saved_at = 0.0

    def set_total(self, total: int) -> None:
        Compilation.objects.filter(pk=self.compilation_id).update(total=total)

    def __call__(self, rows: int) -> None:
        self.done += rows
        moment = time.monotonic()
        if moment - self.saved_at >= 1:
            self.saved_at = moment
            Compilation.objects.filter(pk=self.compilation_id).update(
                processed=self.done, heartbeat_at=timezone.now()
            )


def _summary(source: Source) -> dict:
    figures = source.figures
    return {
        "language": source.language,
        "totals": figures["totals"],
        "by_category": figures["by_category"],
        "by_region": figures["by_region"],
        "by_country": figures["by_country"],
    }


def _write_file(compilation, source: Source, fmt: str, language: str, current: str, progress):
    with tempfile.TemporaryFile() as scratch:
        WRITERS[fmt](
            source,
            scratch,
            annex=compilation.annex,
            sample=compilation.annex_sample,
            progress=progress,
        )
        size = os.fstat(scratch.fileno()).st_size
        scratch.seek(0)
        with atomic_with_files() as stored:
            row = (
                CompilationFile.objects.select_for_update()
                .filter(compilation=compilation, format=fmt, language=language)
                .first()
            ) or CompilationFile(compilation=compilation, format=fmt, language=language)
            previous = row.file.name if row.pk else ""
            name = f"{compilation.consultation.slug}-compilation-{language}.{fmt}"
            stored.store(row.file, name, File(scratch, name=name))
            row.size = size
            row.fingerprint = current
            row.generated_at = timezone.now()
            row.save()
            if previous and previous != row.file.name:
                storage = row.file.storage
                transaction.on_commit(lambda: _forget(storage, previous))
    return row


def _forget(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # the sweep removes what is left
        logger.warning("could not remove the earlier compilation file %s", name)


# Downloads -----------------------------------------------------------------------------------


def compiled_file(
    consultation: Consultation, fmt: str, language: str | None = None
) -> CompilationFile | None:
    """The stored compilation file in a format and language (the language of the page or the
    consultation's first when none is asked): the one rule of the page and the API download.

    A file not yet built from the current data is asked of the worker; meanwhile an earlier
    build of it is served if there is one, else None (the caller says it is being prepared)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use html, docx, csv or xlsx", field="fmt")
    compilation = compilation_of(consultation)
    if compilation is None:
        raise Http404(_("This consultation has not been compiled yet."))
    language = document_language(language or (consultation.languages or ["en"])[0])
    found = compilation.files.filter(format=fmt, language=language).first()
    if found is not None and found.fingerprint == compilation.fingerprint:
        return found
    if not compilation.is_active or _stalled(compilation, timezone.now()):
        with transaction.atomic():
            Compilation.objects.filter(pk=compilation.pk).update(
                status=JobStatus.QUEUED, requested_at=timezone.now(), heartbeat_at=None
            )
            _enqueue(compilation.pk, [[fmt, language]])
        found = compilation.files.filter(format=fmt, language=language).first()
    return found


def compilation_of(consultation: Consultation) -> Compilation | None:
    return Compilation.objects.filter(consultation=consultation).defer("summary").first()


def asked_language(value: str | None) -> str | None:
    """The document language (ar, zh, en, fr, ru, es) asked for; None when nothing was asked.

    Refused with a message naming `lang` when it is none of the six (zh-Hans, FR … accepted)."""

    if not value:
        return None
    code = value.strip().lower().replace("_", "-")
    code = "zh" if code.startswith("zh") else code.split("-")[0]
    if code not in settings.UN_LANGUAGES:
        raise InvalidInput(
            f"unknown language {value!r}; use one of {', '.join(settings.UN_LANGUAGES)}",
            field="lang",
        )
    return code


def write(consultation: Consultation, fmt: str, language: str, out, *, annex=None, sample=None):
    """Write the compilation in one format and language to `out` (a binary file) now, from the
    current data, without storing it: the command line's and the benchmark's door."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use html, docx, csv or xlsx", field="format")
    defaults = Compilation(consultation=consultation)
    annex, sample = _annex_settings(defaults, annex, sample)
    language = document_language(language)
    with translation.override(UI_LANGUAGE.get(language, language)):
        WRITERS[fmt](Source(consultation, language), out, annex=annex, sample=sample)


# The meeting's document ----------------------------------------------------------------------


def request_attachment(actor, consultation: Consultation, meeting) -> None:
    """The consultation was examined: post its compilation to the meeting, in the background."""
    compilation = compilation_of(consultation)
    if compilation is None:
        raise Conflict("the consultation has no compilation to examine yet", field="state")
    from cwg.consultations.tasks import attach_compilation

    attach_compilation.enqueue(compilation.pk, meeting.pk, getattr(actor, "pk", None))


def attach_to_meeting(actor, consultation: Consultation, meeting):
    """Post the compilation (DOCX, in English) as a document of the meeting at which it is
    examined, building that file first if it is not there."""
    compilation = compilation_of(consultation)
    if compilation is None:
        raise Conflict("the consultation has no compilation to examine yet", field="state")
    if compilation.document_id:
        return compilation.document
    found = compilation.files.filter(format="docx", language=ATTACHED_LANGUAGE).first()
    if found is None:
        run_build(compilation.pk, [["docx", ATTACHED_LANGUAGE]])
        found = compilation.files.get(format="docx", language=ATTACHED_LANGUAGE)
    topic_en = pick(consultation.topic, "en")
    topic_fr = pick(consultation.topic, "fr")
    title = {
        "en": f"Compilation of responses to the open consultation: {topic_en}",
        "fr": f"Compilation des réponses à la consultation ouverte : {topic_fr}",
    }
    with found.file.open("rb") as content:
        document = document_services.submit_document(
            actor,
            group=consultation.group,
            meeting=meeting,
            document_type=DocumentType.CONSULTATION_COMPILATION,
            source_kind=SourceKind.SECRETARIAT,
            title=title,
            original_language="en",
            file=File(content, name=f"{consultation.slug}-compilation.docx"),
        )
    Compilation.objects.filter(pk=compilation.pk).update(document=document)
    record(
        actor,
        "consultation.compilation.attach",
        compilation,
        group_id=consultation.group_id,
        after={"document": document.symbol, "meeting": meeting.pk},
    )
    return document


def actor_by_id(actor_id: int | None):
    return get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
