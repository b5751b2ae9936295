"""Writes of campaign detection: persisted incremental runs, full re-runs, and their progress."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from cwg.consultations import permissions
from cwg.consultations.models import (
    Campaign,
    CampaignDetectorChunk,
    CampaignDetectorState,
    CampaignDismissal,
    CampaignJob,
    CampaignSplit,
    Consultation,
    JobKind,
    JobStatus,
    Submission,
)
from cwg.consultations.services.campaign_review import apply_splits, dismissed
from cwg.core.audit import record
from cwg.core.exceptions import Conflict, NotAllowed

logger = logging.getLogger(__name__)

BATCH = 5000
SCHEDULE_WINDOW_SECONDS = 30
STALE_AFTER = dt.timedelta(minutes=10)


def engine_module():
    """The detection engine, or None while it is not installed in this build."""
    try:
        from cwg.consultations.campaigns import engine
    except ImportError:
        return None
    return engine


# Why no arrival is left unscanned (every stored submission is scanned once the scan queued
# for it, or the one running when it arrived, has finished):
# - "queued" marker: an arrival queues a scan unless one is queued and not yet started; a scan
#   removes the marker before it reads, so it reads every arrival that found the marker.
# - "running" lock: one scan per consultation at a time; an arrival whose scan is turned away
#   by it is picked up by the running scan, which looks for new rows after letting go.
# The marker is asked on every arrival (one cache round trip): remembering it in the process
# instead hid the arrivals that came after the queued scan had started reading.
def _queued_key(consultation_id: int) -> str:
    return f"cwg:campaign-scan:{consultation_id}"


def _running_key(consultation_id: int) -> str:
    return f"cwg:campaign-scan-running:{consultation_id}"


def schedule_incremental(consultation_id: int) -> None:
    """Queue one scan of new submissions; arrivals while it is queued share it."""
    if engine_module() is None:
        return
    if not cache.add(_queued_key(consultation_id), 1, timeout=SCHEDULE_WINDOW_SECONDS):
        return
    from cwg.consultations.tasks import scan_new_submissions

    try:
        scan_new_submissions.enqueue(consultation_id)
    except Exception:  # the submission is stored; the next arrival queues the scan again
        cache.delete(_queued_key(consultation_id))
        logger.exception("could not queue the campaign scan of consultation %s", consultation_id)


def request_full_run(actor, consultation: Consultation) -> CampaignJob:
    """The secretariat asks for campaign detection over every submission, from scratch."""
    if not permissions.can_manage_consultation(actor, consultation):
        raise NotAllowed("Only the group's secretariat may run campaign detection.")
    if engine_module() is None:
        raise Conflict("Campaign detection is not available on this installation.")
    with transaction.atomic():
        active = CampaignJob.objects.filter(
            consultation=consultation, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).first()
        if active is not None:
            last_sign = active.heartbeat_at or active.started_at or active.created_at
            if timezone.now() - last_sign < STALE_AFTER:
                raise Conflict(
                    f"A campaign-detection run (#{active.pk}) is already {active.status}; "
                    "wait for it to finish.",
                    code="JobActive",
                )
            # Its worker stopped: queue the same run again, which resumes from its last batch.
            record(actor, "consultation.campaigns.resume", consultation, after={"job": active.pk})
            transaction.on_commit(lambda: _enqueue_full(active.pk))
            return active
        job = CampaignJob.objects.create(
            consultation=consultation,
            kind=JobKind.FULL,
            total=consultation.submissions.count(),
            requested_by=actor if getattr(actor, "pk", None) else None,
            created_at=timezone.now(),
        )
        record(actor, "consultation.campaigns.run", consultation, after={"job": job.pk})
    transaction.on_commit(lambda: _enqueue_full(job.pk))
    return job


def _enqueue_full(job_id: int) -> None:
    from cwg.consultations.tasks import rerun_campaigns

    rerun_campaigns.enqueue(job_id)


def _load_detector(engine, consultation: Consultation, *, reset: bool):
    """The persisted detector (its chunks replayed in order) and the last submission it read."""
    state, _ = CampaignDetectorState.objects.get_or_create(consultation=consultation)
    chunks = CampaignDetectorChunk.objects.filter(consultation=consultation).order_by("seq")
    if reset or not chunks.exists():
        if state.data or state.last_submission_id:
            # A whole-blob state of an earlier version: scan every submission again.
            logger.warning(
                "campaign detector state of %s is outdated; rescanning", consultation.slug
            )
            _clear_state(consultation)
        return engine.IncrementalDetector(journal=True), 0
    try:
        detector = engine.IncrementalDetector.from_chunks(
            data for data in chunks.values_list("data", flat=True).iterator(chunk_size=8)
        )
    except ValueError:
        logger.warning(
            "campaign detector chunks of %s are unreadable; rescanning", consultation.slug
        )
        _clear_state(consultation)
        return engine.IncrementalDetector(journal=True), 0
    return detector, chunks.last().last_submission_id


def _clear_state(consultation: Consultation) -> None:
    with transaction.atomic():
        CampaignDetectorChunk.objects.filter(consultation=consultation).delete()
        CampaignDetectorState.objects.update_or_create(
            consultation=consultation, defaults={"data": b"", "last_submission_id": 0}
        )


def _pending(consultation: Consultation, after_id: int):
    return Submission.objects.filter(consultation=consultation, id__gt=after_id).order_by("id")


def run_incremental(consultation_id: int) -> CampaignJob | None:
    """Add the submissions that arrived since the last scan to the persisted detector."""
    cache.delete(_queued_key(consultation_id))
    engine = engine_module()
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if engine is None or consultation is None:
        return None
    if CampaignJob.objects.filter(
        consultation=consultation, kind=JobKind.FULL, status=JobStatus.RUNNING
    ).exists():
        return None  # the full run takes these in, and looks for later ones when it ends
    # A scan that dies holding the lock lets go when it expires, like a stalled job.
    if not cache.add(_running_key(consultation_id), 1, timeout=STALE_AFTER.total_seconds()):
        return None  # the running scan looks for these arrivals when it ends
    try:
        job = _scan_new(engine, consultation)
    finally:
        cache.delete(_running_key(consultation_id))
    if job is None or job.status == JobStatus.DONE:
        _catch_up(consultation)
    return job


def _catch_up(consultation: Consultation) -> None:
    """Queue the next scan for rows stored after this one last read (their own was turned away)."""
    cursor = (
        CampaignDetectorState.objects.filter(consultation=consultation)
        .values_list("last_submission_id", flat=True)
        .first()
    ) or 0
    if _pending(consultation, cursor).exists():
        schedule_incremental(consultation.pk)


def _scan_new(engine, consultation: Consultation) -> CampaignJob | None:
    detector, cursor = _load_detector(engine, consultation, reset=False)
    total = _pending(consultation, cursor).count()
    if not total:
        return None
    job = CampaignJob.objects.create(
        consultation=consultation,
        kind=JobKind.INCREMENTAL,
        status=JobStatus.RUNNING,
        total=total,
        created_at=timezone.now(),
        started_at=timezone.now(),
    )
    return _process(engine, consultation, detector, cursor, job)


def run_full(job_id: int) -> CampaignJob:
    """Run the detector from scratch; a stopped run resumes from its last saved batch."""
    engine = engine_module()
    job = CampaignJob.objects.select_related("consultation").get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job
    consultation = job.consultation
    if engine is None:
        job.status, job.error = JobStatus.FAILED, "the detection engine is not installed"
        job.finished_at = timezone.now()
        job.save()
        return job
    resuming = job.status == JobStatus.RUNNING and job.processed > 0
    if resuming:
        detector, cursor = _load_detector(engine, consultation, reset=False)
    else:
        detector, cursor = engine.IncrementalDetector(journal=True), 0
        with transaction.atomic():
            Submission.objects.filter(consultation=consultation).update(
                campaign=None, quoted_campaign=None, campaign_tier="", campaign_share=None
            )
            Campaign.objects.filter(consultation=consultation).delete()
            _clear_state(consultation)
    job.status = JobStatus.RUNNING
    job.started_at = job.started_at or timezone.now()
    job.total = consultation.submissions.count()
    job.save(update_fields=["status", "started_at", "total"])
    job = _process(engine, consultation, detector, cursor, job)
    if job.status == JobStatus.DONE:
        _catch_up(consultation)  # arrivals turned away while the full run was running
    return job


def _process(engine, consultation, detector, cursor, job: CampaignJob) -> CampaignJob:
    try:
        while True:
            batch = list(_pending(consultation, cursor).values_list("id", "answers")[:BATCH])
            if not batch:
                break
            items = [
                (
                    str(submission_id),
                    "\n\n".join(str(answers[k]) for k in sorted(answers, key=lambda k: int(k))),
                )
                for submission_id, answers in batch
            ]
            if hasattr(detector, "add_many"):
                # A batch costs about what `detect` costs per text; campaigns are read once
                # at the end.
                detector.add_many(items, report=False)
            else:
                for item_id, text in items:
                    detector.add(item_id, text)
            cursor = batch[-1][0]
            append_detector_chunk(consultation, detector, cursor)
            job.processed += len(batch)
            CampaignJob.objects.filter(pk=job.pk).update(
                processed=job.processed, heartbeat_at=timezone.now()
            )
        _store_campaigns(consultation, detector.result())
        job.status = JobStatus.DONE
    except Exception as exc:
        logger.exception("campaign detection failed for %s", consultation.slug)
        job.status = JobStatus.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "processed"])
    return job


def append_detector_chunk(consultation, detector, cursor: int) -> None:
    """Append what this batch added to the detector, with the cursor, in one transaction."""
    with transaction.atomic():
        last = (
            CampaignDetectorChunk.objects.filter(consultation=consultation)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        )
        CampaignDetectorChunk.objects.create(
            consultation=consultation,
            seq=(last or 0) + 1,
            data=detector.chunk(),
            last_submission_id=cursor,
        )
        CampaignDetectorState.objects.update_or_create(
            consultation=consultation, defaults={"data": b"", "last_submission_id": cursor}
        )


def _store_campaigns(consultation: Consultation, result) -> None:
    """Mirror the engine's campaigns into rows; link members with their tier and share, and
    the submissions that quote a campaign in part."""
    infos = [info for info in result.campaigns if info.size > 1]
    memberships = result.memberships
    with transaction.atomic():
        # Responses the moderators split off stay apart (campaign_review.apply_splits).
        splits = [
            (pk, {int(i) for i in ids})
            for pk, ids in CampaignSplit.objects.filter(consultation=consultation)
            .order_by("created_at", "pk")
            .values_list("pk", "member_ids")
        ]
        if splits:
            infos = apply_splits(infos, memberships, splits)
        # Clusters the moderators judged not to be campaigns stay ungrouped (campaign_review).
        judged = [
            set(ids)
            for ids in CampaignDismissal.objects.filter(consultation=consultation).values_list(
                "member_ids", flat=True
            )
        ]
        if judged:
            infos = [info for info in infos if not dismissed(info.member_ids, judged)]
        existing = {c.key: c for c in Campaign.objects.filter(consultation=consultation)}
        keep = set()
        for info in infos:
            keep.add(info.id)
            campaign = existing.get(info.id)
            summary = (
                info.size,
                info.exact_duplicates,
                info.variant_count,
                int(info.representative_id),
                info.copies,
                info.near_copies,
                len(info.partial_ids),
            )
            if campaign is not None and summary == (
                campaign.size,
                campaign.exact_duplicates,
                campaign.variant_count,
                campaign.representative_id,
                campaign.copies,
                campaign.near_copies,
                campaign.partial_use,
            ):
                continue  # unchanged since the last scan: its members are linked already
            campaign = campaign or Campaign(consultation=consultation, key=info.id)
            campaign.size = info.size
            campaign.exact_duplicates = info.exact_duplicates
            campaign.variant_count = info.variant_count
            campaign.representative_id = int(info.representative_id)
            campaign.copies = info.copies
            campaign.near_copies = info.near_copies
            campaign.partial_use = len(info.partial_ids)
            campaign.save()
            members = [int(i) for i in info.member_ids]
            quoting = [int(i) for i in info.partial_ids]
            Submission.objects.filter(campaign=campaign).exclude(id__in=members).update(
                campaign=None, campaign_tier="", campaign_share=None
            )
            Submission.objects.filter(quoted_campaign=campaign).exclude(id__in=quoting).update(
                quoted_campaign=None, campaign_tier="", campaign_share=None
            )
            for (tier, share), ids in _by_tier(memberships, info.member_ids).items():
                for start in range(0, len(ids), 900):
                    Submission.objects.filter(id__in=ids[start : start + 900]).update(
                        campaign=campaign,
                        quoted_campaign=None,
                        campaign_tier=tier,
                        campaign_share=share,
                    )
            for (tier, share), ids in _by_tier(memberships, info.partial_ids).items():
                for start in range(0, len(ids), 900):
                    Submission.objects.filter(id__in=ids[start : start + 900]).update(
                        campaign=None,
                        quoted_campaign=campaign,
                        campaign_tier=tier,
                        campaign_share=share,
                    )
        gone = [c.pk for key, c in existing.items() if key not in keep]
        if gone:
            Submission.objects.filter(campaign_id__in=gone).update(
                campaign=None, campaign_tier="", campaign_share=None
            )
            Submission.objects.filter(quoted_campaign_id__in=gone).update(
                quoted_campaign=None, campaign_tier="", campaign_share=None
            )
            Campaign.objects.filter(pk__in=gone).delete()


def _by_tier(memberships, ids: list[str]) -> dict[tuple[str, float], list[int]]:
    """Submission ids grouped by (tier, share), so each group is one UPDATE."""
    groups: dict[tuple[str, float], list[int]] = {}
    for key in ids:
        membership = memberships[key]
        groups.setdefault((membership.tier, round(membership.share, 2)), []).append(int(key))
    return groups
