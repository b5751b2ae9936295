"""Contributions of Member States: who may submit, deadlines, co-sponsors, revisions."""

import pytest

from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.documents import services
from cwg.documents.models import Document, DocumentFile, DocumentRevision, TranslationStatus
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import TITLE, meeting_in
from cwg.testing.factories import SubscriptionFactory, member_state

pytestmark = pytest.mark.django_db


def submit(personas, meeting, **extra):
    values = {"meeting": meeting, "state": personas.state, "title": TITLE}
    values.update(extra)
    return services.submit_contribution(personas.delegate, **values)


def test_a_delegate_submits_for_their_state_with_co_sponsors(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting, co_sponsors=["BRA", "DEU"], file=samples.pdf())
    assert document.symbol == f"{meeting.symbol_prefix}/1"
    assert document.submitting_state == personas.state
    assert {s.iso3 for s in document.source_states.all()} == {"FRA", "BRA", "DEU"}
    assert document.is_late is False
    stored = document.files.get()
    assert stored.language == "en" and stored.translation_status == TranslationStatus.ORIGINAL
    assert stored.sha256 and stored.file.read().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="document.submitted", object_id=str(document.pk))


def test_after_the_deadline_a_contribution_is_flagged_late_not_lost(personas):
    meeting = meeting_in(personas.group, 5, deadline_days=12)
    document = submit(personas, meeting)
    assert document.is_late is True
    assert Document.objects.filter(pk=document.pk).exists()


def test_on_the_deadline_day_a_contribution_is_on_time(personas):
    meeting = meeting_in(personas.group, 12, deadline_days=12)
    assert submit(personas, meeting).is_late is False


def test_after_the_meeting_a_contribution_is_refused(personas):
    meeting = meeting_in(personas.group, -5)
    with pytest.raises(Conflict, match="ended on"):
        submit(personas, meeting)
    assert not Document.objects.exists()


def test_during_the_meeting_a_contribution_is_late(personas):
    meeting = meeting_in(personas.group, 0)
    assert submit(personas, meeting).is_late is True


@pytest.mark.parametrize("who", ["stakeholder", "secretariat", "chair", "council_member"])
def test_only_delegates_submit_contributions(personas, who):
    meeting = meeting_in(personas.group, 30)
    with pytest.raises(NotAllowed):
        services.submit_contribution(
            getattr(personas, who), meeting=meeting, state=personas.state, title=TITLE
        )
    assert not Document.objects.exists()


def test_a_delegate_cannot_submit_for_another_state(personas):
    meeting = meeting_in(personas.group, 30)
    with pytest.raises(NotAllowed, match="do not represent") as caught:
        submit(personas, meeting, state=personas.other_state)
    assert caught.value.field == "state"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title": {}}, "title"),
        ({"title": {"fr": "Seulement en français"}}, "title"),
        ({"title": {"xx": "?"}}, "title"),
        ({"original_language": "de"}, "original_language"),
        ({"access_level": "secret"}, "access_level"),
        ({"co_sponsors": ["ZZZ"]}, "co_sponsors"),
        ({"state": "ZZZ"}, "state"),
        ({"file": samples.text("x.pdf")}, "file"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(personas, extra, field):
    meeting = meeting_in(personas.group, 30)
    with pytest.raises(InvalidInput) as caught:
        submit(personas, meeting, **extra)
    assert caught.value.field == field
    assert not Document.objects.exists()
    meeting.refresh_from_db()
    assert meeting.next_document_number == 1  # the number was not used up


def test_a_refused_file_leaves_no_file_behind(personas, settings):
    meeting = meeting_in(personas.group, 30)
    settings.CWG_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(InvalidInput):
        submit(personas, meeting, file=samples.text(body="x" * 2000))
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_revisions_keep_earlier_files(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting, file=samples.pdf())
    rev1 = services.revise(personas.delegate, document, note="Updated figures", file=samples.docx())
    rev2 = services.revise(
        personas.secretariat, document, title={"en": "New title"}, file=samples.pdf()
    )
    document.refresh_from_db()
    assert (rev1.revision, rev2.revision, document.current_revision) == (1, 2, 2)
    assert document.display_symbol.endswith("(Rev.2)")
    assert document.title == {"en": "New title"}
    files = DocumentFile.objects.filter(document=document).order_by("revision")
    assert [(f.revision, f.content_type) for f in files] == [
        (0, "application/pdf"),
        (1, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (2, "application/pdf"),
    ]
    assert list(
        DocumentRevision.objects.filter(document=document).values_list("revision", flat=True)
    ) == [0, 1, 2]
    # The original title is kept with the original revision.
    assert DocumentRevision.objects.get(document=document, revision=0).title == TITLE


def test_a_revision_needs_a_file_and_takes_the_original_language_by_default(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting, file=samples.pdf())
    with pytest.raises(InvalidInput) as refused:
        services.revise(personas.delegate, document, note="nothing attached")
    assert refused.value.field == "file"
    document.refresh_from_db()
    assert document.current_revision == 0
    assert not DocumentRevision.objects.filter(document=document, revision=1).exists()
    services.revise(personas.delegate, document, file=samples.docx())
    assert DocumentFile.objects.get(document=document, revision=1).language == "en"


def test_only_the_submitting_delegation_or_secretariat_revises(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting)
    for who in ("other_delegate", "chair", "stakeholder", "council_member"):
        with pytest.raises(NotAllowed):
            services.revise(getattr(personas, who), document)
    document.refresh_from_db()
    assert document.current_revision == 0


def test_a_language_version_once_uploaded_is_kept(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting, file=samples.pdf())
    with pytest.raises(Conflict, match="submit a revision"):
        services.upload_version(personas.delegate, document, language="en", file=samples.docx())
    translation = services.upload_version(
        personas.secretariat, document, language="fr", file=samples.text()
    )
    assert translation.translation_status == TranslationStatus.AVAILABLE
    with pytest.raises(InvalidInput, match="unknown language"):
        services.upload_version(personas.secretariat, document, language="de", file=samples.pdf())


def test_translation_status_per_language(personas):
    from cwg.documents.queries import document_detail, translation_status

    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting, file=samples.pdf())
    services.set_translation_status(
        personas.secretariat, document, language="ar", status="requested"
    )
    with pytest.raises(NotAllowed):
        services.set_translation_status(
            personas.delegate, document, language="ru", status="requested"
        )
    with pytest.raises(InvalidInput):
        services.set_translation_status(
            personas.secretariat, document, language="zh", status="available"
        )
    services.upload_version(personas.secretariat, document, language="fr", file=samples.text())
    statuses = {v.language: v.status for v in translation_status(document_detail(document))}
    assert statuses == {
        "ar": "requested",
        "zh": "missing",
        "en": "original",
        "fr": "available",
        "ru": "missing",
        "es": "missing",
    }
    # The requested translation arrives and becomes available.
    services.upload_version(personas.secretariat, document, language="ar", file=samples.text())
    statuses = {v.language: v.status for v in translation_status(document_detail(document))}
    assert statuses["ar"] == "available"


def test_withdrawn_documents_stay_but_no_longer_change(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting)
    services.withdraw(personas.delegate, document, reason="merged into another")
    with pytest.raises(Conflict, match="withdrawn"):
        services.revise(personas.delegate, document)
    assert Document.objects.get(pk=document.pk).withdrawn


def test_a_delegation_cannot_revise_after_the_meeting_but_the_secretariat_can(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting)
    meeting.start_date = meeting.start_date.replace(year=meeting.start_date.year - 1)
    meeting.end_date = meeting.start_date
    meeting.save()
    document.refresh_from_db()
    with pytest.raises(Conflict, match="has ended"):
        services.revise(personas.delegate, document)
    assert services.revise(personas.secretariat, document, file=samples.pdf()).revision == 1


def test_secretariat_documents_of_no_meeting_use_the_group_series(personas):
    from django.utils import timezone

    year = timezone.now().year
    first = services.submit_document(
        personas.secretariat,
        group=personas.group,
        document_type="chair_report",
        source_kind="chair",
        title={"fr": "Rapport de la Présidente au Conseil"},
        original_language="fr",
    )
    second = services.submit_document(
        personas.secretariat,
        group=personas.group,
        document_type="annual_report",
        source_kind="secretariat",
        title={"en": "Annual report"},
    )
    prefix = personas.group.symbol_prefix
    assert (first.symbol, second.symbol) == (f"{prefix}/{year}/1", f"{prefix}/{year}/2")
    with pytest.raises(NotAllowed):
        services.submit_document(
            personas.delegate,
            group=personas.group,
            document_type="information",
            source_kind="secretariat",
            title={"en": "x"},
        )


def test_the_access_level_is_changed_by_the_secretariat_only(personas):
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting)
    with pytest.raises(NotAllowed):
        services.set_access_level(personas.delegate, document, "members")
    with pytest.raises(InvalidInput):
        services.set_access_level(personas.secretariat, document, "nobody")
    services.set_access_level(personas.secretariat, document, "members")
    assert Document.objects.get(pk=document.pk).access_level == "members"


def test_the_symbol_skips_numbers_already_taken_outside_the_allocator(personas):
    from cwg.testing.factories import DocumentFactory

    meeting = meeting_in(personas.group, 30)
    DocumentFactory(meeting=meeting, number=1)
    DocumentFactory(meeting=meeting, number=2)
    assert submit(personas, meeting).number == 3
    assert submit(personas, meeting).number == 4


def test_co_sponsor_codes_are_checked(personas):
    member_state("DEU")
    meeting = meeting_in(personas.group, 30)
    document = submit(personas, meeting, co_sponsors=["deu", "FRA"])
    assert sorted(s.iso3 for s in document.source_states.all()) == ["DEU", "FRA"]


def test_subscribers_hear_of_new_documents_they_may_see(
    personas, mailoutbox, django_capture_on_commit_callbacks
):

    meeting = meeting_in(personas.group, 30)
    SubscriptionFactory(person=personas.stakeholder, group=personas.group)
    SubscriptionFactory(person=personas.other_delegate, group=personas.group)
    with django_capture_on_commit_callbacks(execute=True):
        public = submit(personas, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        secret = submit(personas, meeting, access_level="members")
    told = {(m.to[0], m.subject.split()[-1]) for m in mailoutbox}
    assert told == {
        (personas.stakeholder.email, public.symbol),
        (personas.other_delegate.email, public.symbol),
        (personas.other_delegate.email, secret.symbol),
    }
