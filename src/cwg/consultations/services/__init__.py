"""Every write to consultations: lifecycle, submissions, moderation."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cwg.consultations import ingest, intake, permissions, queries
from cwg.consultations.models import (
    ALLOWED_TRANSITIONS,
    Attachment,
    Consultation,
    ConsultationState,
    ModerationAction,
    ModerationEvent,
    Question,
    Submission,
)
from cwg.core.audit import record, snapshot
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.files import FileBatch
from cwg.core.i18n import validate_texts
from cwg.core.memo import ProcessMemo
from cwg.registry.models import MemberState, OrganisationCategory

logger = logging.getLogger(__name__)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDEMPOTENCY_KEY_RE = re.compile(r"^[A-Za-z0-9_.:\-]{8,100}$")


def _consultation_snapshot(consultation: Consultation) -> dict:
    return snapshot(consultation)


def _require_manager(actor, consultation: Consultation) -> None:
    if not permissions.can_manage_consultation(actor, consultation):
        raise NotAllowed("Only the group's secretariat may change this consultation.")


def _clean_topic(topic) -> dict:
    try:
        cleaned = validate_texts(topic or {})
    except InvalidInput as exc:
        raise InvalidInput(f"topic: {exc.message}", field="topic") from None
    if not cleaned:
        raise InvalidInput("the topic is required in at least one language", field="topic")
    return cleaned


def _clean_languages(languages) -> list[str]:
    if not isinstance(languages, list | tuple) or not languages:
        raise InvalidInput("languages must list at least one language", field="languages")
    unknown = [code for code in languages if code not in settings.UN_LANGUAGES]
    if unknown:
        raise InvalidInput(
            f"unknown language {unknown[0]!r}; use one of {', '.join(settings.UN_LANGUAGES)}",
            field="languages",
        )
    return list(dict.fromkeys(languages))


def _clean_questions(questions) -> list[dict]:
    if not isinstance(questions, list | tuple):
        raise InvalidInput("questions must be a list", field="questions")
    cleaned = []
    for index, question in enumerate(questions, start=1):
        text = question.get("text") if isinstance(question, dict) else None
        try:
            texts = validate_texts(text or {})
        except InvalidInput as exc:
            raise InvalidInput(f"question {index}: {exc.message}", field="questions") from None
        if not texts:
            raise InvalidInput(f"question {index} has no text", field="questions")
        cleaned.append({"number": index, "text": texts})
    return cleaned


def _clean_speakers(speakers) -> list[dict]:
    if speakers is None:
        return []
    if not isinstance(speakers, list):
        raise InvalidInput("speakers must be a list", field="physical_meeting_speakers")
    cleaned = []
    for speaker in speakers:
        if not isinstance(speaker, dict) or not str(speaker.get("name", "")).strip():
            raise InvalidInput("every speaker needs a name", field="physical_meeting_speakers")
        cleaned.append(
            {
                "name": str(speaker["name"]).strip()[:200],
                "organisation": str(speaker.get("organisation", "")).strip()[:300],
            }
        )
    return cleaned


def _check_period(opens_at, closes_at) -> None:
    for name, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if value is not None and timezone.is_naive(value):
            raise InvalidInput(f"{name} must carry a time zone (UTC)", field=name)
    if opens_at and closes_at and closes_at <= opens_at:
        raise InvalidInput("the closing instant must come after the opening", field="closes_at")


@transaction.atomic
def create_consultation(
    actor,
    *,
    group,
    slug: str,
    topic: dict,
    languages: list[str],
    questions: list[dict],
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    physical_meeting_date: dt.date | None = None,
    physical_meeting_venue=None,
    physical_meeting_speakers: list[dict] | None = None,
    launched_at_meeting=None,
    notes: str = "",
    is_demo: bool = False,
) -> Consultation:
    """A new consultation, in draft, with its questions."""
    if not permissions.can_create_consultation(actor, group):
        raise NotAllowed(
            "Only the secretariat of a group that holds open consultations may create one."
        )
    if not SLUG_RE.match(slug or "") or len(slug) > 80:
        raise InvalidInput(
            "slug must be lower-case letters, digits and hyphens (at most 80)", field="slug"
        )
    if Consultation.objects.filter(slug=slug).exists():
        raise Conflict(f"a consultation with slug {slug!r} already exists", field="slug")
    topic = _clean_topic(topic)
    languages = _clean_languages(languages)
    cleaned_questions = _clean_questions(questions)
    _check_period(opens_at, closes_at)
    if launched_at_meeting is not None and launched_at_meeting.group_id != group.pk:
        raise InvalidInput(
            "the launching meeting belongs to another group", field="launched_at_meeting"
        )
    consultation = Consultation.objects.create(
        group=group,
        slug=slug,
        topic=topic,
        languages=languages,
        opens_at=opens_at,
        closes_at=closes_at,
        physical_meeting_date=physical_meeting_date,
        physical_meeting_venue=physical_meeting_venue,
        physical_meeting_speakers=_clean_speakers(physical_meeting_speakers),
        launched_at_meeting=launched_at_meeting,
        notes=notes,
        is_demo=is_demo,
    )
    Question.objects.bulk_create(
        [Question(consultation=consultation, **question) for question in cleaned_questions]
    )
    record(
        actor,
        "consultation.create",
        consultation,
        after={**_consultation_snapshot(consultation), "questions": cleaned_questions},
    )
    return consultation


@transaction.atomic
def update_consultation(actor, consultation: Consultation, **changes) -> Consultation:
    """Edit a consultation: topic, languages and questions only while in draft."""
    _require_manager(actor, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    before = _consultation_snapshot(consultation)
    draft_only = {"topic", "languages", "questions", "opens_at"}
    allowed = draft_only | {
        "closes_at",
        "physical_meeting_date",
        "physical_meeting_venue",
        "physical_meeting_speakers",
        "notes",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"{sorted(unknown)[0]} cannot be changed", field=sorted(unknown)[0])
    if consultation.state != ConsultationState.DRAFT:
        locked = draft_only & set(changes)
        if locked:
            field = sorted(locked)[0]
            raise Conflict(
                f"{field} can only be changed while the consultation is a draft "
                f"(it is {consultation.get_state_display().lower()})",
                field=field,
            )
        if "closes_at" in changes and consultation.state != ConsultationState.OPEN:
            raise Conflict(
                "the closing instant can only be moved while the consultation is open or a draft",
                field="closes_at",
            )
    if "topic" in changes:
        consultation.topic = _clean_topic(changes["topic"])
    if "languages" in changes:
        consultation.languages = _clean_languages(changes["languages"])
    if "opens_at" in changes:
        consultation.opens_at = changes["opens_at"]
    if "closes_at" in changes:
        consultation.closes_at = changes["closes_at"]
    _check_period(consultation.opens_at, consultation.closes_at)
    for field in ("physical_meeting_date", "physical_meeting_venue", "notes"):
        if field in changes:
            setattr(consultation, field, changes[field])
    if "physical_meeting_speakers" in changes:
        consultation.physical_meeting_speakers = _clean_speakers(
            changes["physical_meeting_speakers"]
        )
    consultation.save()
    after = _consultation_snapshot(consultation)
    if "questions" in changes:
        cleaned = _clean_questions(changes["questions"])
        consultation.questions.all().delete()
        Question.objects.bulk_create(
            [Question(consultation=consultation, **question) for question in cleaned]
        )
        after["questions"] = cleaned
    record(actor, "consultation.update", consultation, before=before, after=after)
    # A new closing instant counts at once for submissions in this process (others: 2 s).
    transaction.on_commit(lambda slug=consultation.slug: queries.forget_submission_target(slug))
    return consultation


def transition(
    actor, consultation: Consultation, to_state: str, *, meeting=None, now=None
) -> Consultation:
    """Move a consultation one step along draft → open → closed → compiled → examined."""
    _require_manager(actor, consultation)
    if to_state not in ConsultationState.values:
        raise InvalidInput(
            f"unknown state {to_state!r}; use one of {', '.join(ConsultationState.values)}",
            field="state",
        )
    now = now or timezone.now()
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update().select_related("group").get(pk=consultation.pk)
        )
        current = consultation.state
        allowed = ALLOWED_TRANSITIONS[current]
        if to_state not in allowed:
            where = (
                f"from {current} it can only go to {allowed[0]}"
                if allowed
                else f"{current} is the last state"
            )
            raise Conflict(
                f"A consultation cannot move from {current} to {to_state}: {where}.",
                field="state",
                code="IllegalTransition",
            )
        before = _consultation_snapshot(consultation)
        if to_state == ConsultationState.OPEN:
            _check_can_open(consultation, now)
        elif to_state == ConsultationState.CLOSED:
            if consultation.closes_at and now < consultation.closes_at:
                # Closing early: the record must show when submissions really stopped.
                consultation.closes_at = now
        elif to_state == ConsultationState.COMPILED:
            from cwg.consultations.services.compilation import build_compilation

            build_compilation(actor, consultation, now=now)
        elif to_state == ConsultationState.EXAMINED:
            if meeting is None:
                raise InvalidInput(
                    "say at which meeting the group examined the consultation", field="meeting"
                )
            if meeting.group_id != consultation.group_id:
                raise InvalidInput("that meeting belongs to another group", field="meeting")
            consultation.examined_at_meeting = meeting
            from cwg.consultations.services.compilation import request_attachment

            # Posted by a worker: the DOCX may have to be written first.
            request_attachment(actor, consultation, meeting)
        consultation.state = to_state
        consultation.save()
        transaction.on_commit(lambda slug=consultation.slug: queries.forget_submission_target(slug))
        record(
            actor,
            f"consultation.{to_state}",
            consultation,
            before=before,
            after=_consultation_snapshot(consultation),
        )
    return consultation


def _check_can_open(consultation: Consultation, now) -> None:
    if not consultation.questions.exists():
        raise InvalidInput("a consultation needs at least one question to open", field="questions")
    if not consultation.opens_at or not consultation.closes_at:
        raise InvalidInput("set the opening and closing instants before opening", field="closes_at")
    if consultation.closes_at <= now:
        raise InvalidInput("the closing instant is already past", field="closes_at")


# Submissions --------------------------------------------------------------------------------


@dataclass
class SubmissionResult:
    submission: Submission
    created: bool
    attachments: list[Attachment] | None = None


def _text(data: dict, field: str, *, required: bool, limit: int) -> str:
    value = data.get(field)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text") % {"field": field}, field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("%(field)s is required") % {"field": field}, field=field)
    if len(value) > limit:
        raise InvalidInput(
            _("%(field)s is longer than %(limit)s characters") % {"field": field, "limit": limit},
            field=field,
        )
    return value


# Read once: the enum builds its list of values anew on every access.
_CATEGORIES = frozenset(OrganisationCategory.values)


def clean_submission(consultation: Consultation, data: dict) -> dict:
    """Check the identity and answers of a submission; return the normalised fields."""
    if not isinstance(data, dict):
        raise InvalidInput("the submission must be an object")
    name = _text(data, "name", required=True, limit=200)
    organisation = _text(data, "organisation", required=False, limit=300)
    category = _text(data, "category", required=True, limit=30)
    if category not in _CATEGORIES:
        raise InvalidInput(
            _("unknown stakeholder category %(value)r; use one of %(choices)s")
            % {"value": category, "choices": ", ".join(OrganisationCategory.values)},
            field="category",
        )
    country = _text(data, "country", required=False, limit=3).upper()
    country_other = _text(data, "country_other", required=False, limit=100)
    if country and country_other:
        raise InvalidInput(
            _("give either a Member State (country) or another country (country_other), not both"),
            field="country",
        )
    if not country and not country_other:
        raise InvalidInput(_("country is required"), field="country")
    languages = consultation.languages or settings.UN_LANGUAGES
    language = _text(data, "language", required=True, limit=2)
    if language not in languages:
        raise InvalidInput(
            _("this consultation takes responses in %(languages)s; not %(value)r")
            % {"languages": ", ".join(languages), "value": language},
            field="language",
        )
    consent = data.get("consent_to_publication", False)
    if not isinstance(consent, bool):
        raise InvalidInput(
            _("consent_to_publication must be true or false"), field="consent_to_publication"
        )
    answers_in = data.get("answers") or {}
    if not isinstance(answers_in, dict):
        raise InvalidInput(_("answers must map question numbers to text"), field="answers")
    numbers = question_numbers(consultation)
    answers: dict[str, str] = {}
    for key, value in answers_in.items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            raise InvalidInput(
                _("answers: %(key)r is not a question number") % {"key": key}, field="answers"
            ) from None
        if number not in numbers:
            raise InvalidInput(
                _("answers: this consultation has no question %(n)s") % {"n": number},
                field="answers",
            )
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidInput(
                _("the answer to question %(n)s must be text") % {"n": number},
                field=f"answer_{number}",
            )
        value = value.strip()
        if len(value) > intake.MAX_ANSWER_CHARS:
            raise InvalidInput(
                _("the answer to question %(n)s is longer than %(limit)s characters")
                % {"n": number, "limit": f"{intake.MAX_ANSWER_CHARS:,}"},
                field=f"answer_{number}",
            )
        if value:
            answers[str(number)] = value
    return {
        "name": name,
        "organisation": organisation,
        "category": category,
        "country": country,
        "country_other": country_other,
        "language": language,
        "consent_to_publication": consent,
        "answers": answers,
    }


def country_id(fields: dict) -> int | None:
    """The Member State of cleaned fields, or None for another country; an unknown code is refused."""
    if not fields["country"]:
        return None
    state_id = member_state_id(fields["country"])
    if state_id is None:
        raise InvalidInput(
            _(
                "%(value)r is not the ISO code of an ITU Member State; "
                "give the country in country_other instead"
            )
            % {"value": fields["country"]},
            field="country",
        )
    return state_id


def search_text_of(fields: dict) -> str:
    """The lower-cased text readers search, from cleaned fields."""
    return " ".join(
        [
            fields["name"],
            fields["organisation"],
            fields["country_other"],
            *fields["answers"].values(),
        ]
    ).lower()


def _existing_for_key(consultation: Consultation, key: str, fingerprint: str) -> Submission | None:
    existing = Submission.objects.filter(consultation=consultation, idempotency_key=key).first()
    if existing is None:
        return None
    if existing.request_hash != fingerprint:
        raise Conflict(
            _(
                "This idempotency key was already used for a different submission; "
                "use a new key for a new submission."
            ),
            field="idempotency_key",
            code="IdempotencyConflict",
        )
    return existing


_question_numbers = ProcessMemo(300)
_member_state_ids = ProcessMemo(3600)


def question_numbers(consultation: Consultation) -> frozenset[int]:
    """The consultation's question numbers; cached once it is open, since they are frozen then."""
    if consultation.state == ConsultationState.DRAFT:
        return frozenset(consultation.questions.values_list("number", flat=True))
    numbers = _question_numbers.get(consultation.pk)
    if numbers is None:
        numbers = frozenset(consultation.questions.values_list("number", flat=True))
        _question_numbers.set(consultation.pk, numbers)
    return numbers


def member_state_id(iso3: str) -> int | None:
    found = _member_state_ids.get(iso3)
    if found is None:
        found = MemberState.objects.filter(iso3=iso3).values_list("id", flat=True).first() or 0
        _member_state_ids.set(iso3, found)
    return found or None


def submit(
    actor,
    consultation: Consultation,
    data: dict,
    *,
    files: list[tuple[str, bytes]] = (),
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> SubmissionResult:
    """Accept one response: all checks first, then one short transaction; nothing partial is kept."""
    with ingest.preparing():
        return _submit(actor, consultation, data, files, idempotency_key, now)


def _submit(actor, consultation, data, files, idempotency_key, now) -> SubmissionResult:
    if not permissions.can_submit(actor, consultation):
        raise NotAllowed("This consultation does not take submissions.")
    now = now or timezone.now()
    if idempotency_key is not None and not IDEMPOTENCY_KEY_RE.match(idempotency_key):
        raise InvalidInput(
            "the idempotency key must be 8 to 100 letters, digits or . _ : -",
            field="idempotency_key",
        )
    fields = clean_submission(consultation, data)
    if len(files) > intake.MAX_ATTACHMENTS:
        raise InvalidInput(
            _("at most %(n)s attachments may be sent") % {"n": intake.MAX_ATTACHMENTS},
            field="attachments",
        )
    checked = [intake.check_file(name, content) for name, content in files]
    if not fields["answers"] and not checked:
        raise InvalidInput(_("answer at least one question or attach a file"), field="answers")
    fingerprint = intake.request_fingerprint(fields, [f.sha256 for f in checked])
    if not consultation.accepts_submissions_at(now):
        # A replay of a request accepted in time still gets its receipt.
        existing = idempotency_key and _existing_for_key(consultation, idempotency_key, fingerprint)
        if existing:
            return SubmissionResult(existing, created=False)
        raise InvalidInput(
            intake.closed_message(consultation, now), field="consultation", code="NotOpen"
        )
    state_id = country_id(fields)
    search_text = search_text_of(fields)
    # What the trail keeps of a response: never its receipt, key, consent or file hashes,
    # which would tell readers of the trail what only the respondent and moderators know.
    audit_after = {"state": "received", "attachments": len(checked)}
    for attempt in range(5):
        submission = Submission(
            consultation=consultation,
            receipt=intake.new_receipt(consultation.group.symbol_prefix, now.year),
            submitted_at=now,
            name=fields["name"],
            organisation=fields["organisation"],
            category=fields["category"],
            country_id=state_id,
            country_other=fields["country_other"],
            language=fields["language"],
            answers=fields["answers"],
            consent_to_publication=fields["consent_to_publication"],
            search_text=search_text,
            idempotency_key=idempotency_key or None,
            request_hash=fingerprint,
        )
        # Files are written before the transaction so that the write lock is held briefly;
        # they are kept once the row is committed and removed if it is not.
        stored_files = FileBatch()
        try:
            saved_files = [_store_attachment(stored_files, submission, item) for item in checked]
        except BaseException:
            stored_files.discard()
            raise
        pending = ingest.Pending(submission, saved_files, actor, audit_after)
        try:
            ingest.write(pending, _after_submission)
            # Also at once: inside a caller's transaction the follow-up waits for its commit.
            queries.forget_counts(consultation.pk)
            stored_files.keep_after_commit()
            return SubmissionResult(submission, created=True, attachments=saved_files)
        except InvalidInput as exc:
            # Closed between the check above and the write: a replay still gets its receipt.
            stored_files.discard()
            existing = (
                exc.code == "NotOpen"
                and idempotency_key
                and _existing_for_key(consultation, idempotency_key, fingerprint)
            )
            if existing:
                return SubmissionResult(existing, created=False)
            raise
        except IntegrityError:
            stored_files.discard()
            if idempotency_key:
                existing = _existing_for_key(consultation, idempotency_key, fingerprint)
                if existing is not None:
                    return SubmissionResult(existing, created=False)
            if attempt == 4:
                raise
            # Otherwise a receipt number collided: draw another.
        except BaseException:
            stored_files.discard()
            raise
    raise AssertionError("unreachable")


def _store_attachment(stored_files: FileBatch, submission: Submission, item) -> Attachment:
    attachment = Attachment(
        submission=submission,
        original_name=item.name,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
    )
    stored_files.store(attachment.file, item.name, item.content, field_name="attachments")
    return attachment


def _after_submission(consultation_id: int) -> None:
    from cwg.consultations.services import campaigns as campaign_runs

    queries.forget_counts(consultation_id)
    campaign_runs.schedule_incremental(consultation_id)


def after_import(consultation_id: int) -> None:
    """What follows new responses, once for a whole import."""
    _after_submission(consultation_id)


# Moderation ---------------------------------------------------------------------------------


def _moderate(actor, submission: Submission, action: str, reason: str) -> Submission:
    if not permissions.can_moderate(actor, submission.consultation):
        raise NotAllowed("Only the group's secretariat may moderate submissions.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("give the reason for this moderation"), field="reason")
    if len(reason) > 2000:
        raise InvalidInput("the reason is longer than 2000 characters", field="reason")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        hide = action == ModerationAction.HIDE
        if submission.hidden == hide:
            state = "hidden" if hide else "visible"
            raise Conflict(f"submission {submission.receipt} is already {state}", field="hidden")
        before = {"hidden": submission.hidden, "hidden_reason": submission.hidden_reason}
        submission.hidden = hide
        submission.hidden_reason = reason if hide else ""
        submission.save(update_fields=["hidden", "hidden_reason"])
        ModerationEvent.objects.create(
            submission=submission,
            action=action,
            reason=reason,
            actor=actor if getattr(actor, "pk", None) else None,
            created_at=timezone.now(),
        )
        record(
            actor,
            f"consultation.submission.{action}",
            submission,
            label=f"submission {submission.pk}",  # not the receipt (str of a submission)
            group_id=submission.consultation.group_id,
            before=before,
            after={"hidden": submission.hidden, "reason": reason},
        )
        transaction.on_commit(lambda cid=submission.consultation_id: queries.forget_counts(cid))
    queries.forget_counts(submission.consultation_id)
    return submission


def hide_submission(actor, submission: Submission, reason: str) -> Submission:
    """Hide abusive content from the public; the submission and its history stay."""
    return _moderate(actor, submission, ModerationAction.HIDE, reason)


def restore_submission(actor, submission: Submission, reason: str) -> Submission:
    return _moderate(actor, submission, ModerationAction.RESTORE, reason)


# What the secretariat's edit page may offer -------------------------------------------------

ALWAYS_CHANGEABLE = frozenset(
    {"physical_meeting_date", "physical_meeting_venue", "physical_meeting_speakers", "notes"}
)
DRAFT_ONLY_FIELDS = frozenset({"topic", "languages", "questions", "opens_at"})


def changeable_fields(consultation: Consultation) -> frozenset[str]:
    """The fields `update_consultation` accepts in the consultation's current state.

    The edit page asks this instead of offering fields the service would refuse; a test keeps
    the two in step.
    """
    if consultation.state == ConsultationState.DRAFT:
        return DRAFT_ONLY_FIELDS | {"closes_at"} | ALWAYS_CHANGEABLE
    if consultation.state == ConsultationState.OPEN:
        return frozenset({"closes_at"}) | ALWAYS_CHANGEABLE
    return ALWAYS_CHANGEABLE
