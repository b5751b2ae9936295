"""What a compilation is built from, read from the records in a fixed number of queries."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, Sum
from django.utils.translation import gettext

from cwg.consultations.models import (
    Campaign,
    CampaignJob,
    Consultation,
    ModerationEvent,
    Submission,
)
from cwg.core.exports import keyset_chunks
from cwg.core.i18n import pick
from cwg.registry.models import MemberState, OrganisationCategory, Region

NO_REGION = "-"
# Rows fetched per round trip while the answers stream: the memory a build holds at once.
BATCH = 2000
# Bumped when a format changes, so that files built by an earlier version are built again.
LAYOUT_VERSION = 2


def fingerprint(consultation: Consultation, *, annex: str, sample: int) -> str:
    """A digest of everything a compilation shows: it changes when a response arrives, is hidden
    or restored, changes campaign, or when the consultation's texts or the annex setting change."""
    submissions = Submission.objects.filter(consultation=consultation).aggregate(
        n=Count("id"),
        last=Max("id"),
        n_hidden=Count("id", filter=Q(hidden=True)),
        consent=Count("id", filter=Q(consent_to_publication=True)),
        in_campaigns=Count("id", filter=Q(campaign__isnull=False)),
        quoting=Count("id", filter=Q(quoted_campaign__isnull=False)),
        exact=Count("id", filter=Q(campaign_tier="exact")),
        campaign_ids=Sum("campaign_id"),
    )
    moderation = ModerationEvent.objects.filter(submission__consultation=consultation).aggregate(
        n=Count("id"), last=Max("id")
    )
    campaigns = Campaign.objects.filter(consultation=consultation).aggregate(
        n=Count("id"), last=Max("id"), size=Sum("size"), representatives=Sum("representative_id")
    )
    last_run = (
        CampaignJob.objects.filter(consultation=consultation, finished_at__isnull=False)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    texts = list(consultation.questions.order_by("number").values_list("number", "text"))
    payload = {
        "v": LAYOUT_VERSION,
        "submissions": submissions,
        "moderation": moderation,
        "campaigns": campaigns,
        "run": last_run,
        "topic": consultation.topic,
        "questions": texts,
        "annex": [annex, sample],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _in_language(texts: dict | None, language: str) -> tuple[str, str]:
    """(the text in the language or its fallback, the language that text is in)."""
    text = pick(texts, language)
    if not text:
        return "", language
    if (texts or {}).get(language) == text:
        return text, language
    return text, next((code for code, value in texts.items() if value == text), language)


def answers_text(answers: dict) -> str:
    return "\n\n".join(str(answers[k]) for k in sorted(answers, key=lambda k: int(k)))


@dataclass
class Answer:
    receipt: str
    name: str
    organisation: str
    category: str
    category_key: str
    country: str
    region: str
    language: str
    text: str
    campaign_tier: str


class Source:
    """The figures of one consultation's compilation in one language, and its answers as a
    stream. The figures cost a fixed number of queries whatever the number of responses; the
    answers are read question by question in batches of `BATCH` rows, each after the last id
    read (`keyset_chunks`), so memory stays flat and no database cursor stays open."""

    def __init__(self, consultation: Consultation, language: str):
        self.consultation = consultation
        self.language = language
        self.counted = Submission.objects.filter(consultation=consultation, hidden=False)
        self.categories = {key: gettext(label) for key, label in OrganisationCategory.choices}
        self.countries = {
            pk: (iso3, pick(names, language) or iso3, region)
            for pk, iso3, names, region in MemberState.objects.values_list(
                "pk", "iso3", "names", "region__code"
            )
        }
        self.topic, self.topic_language = _in_language(consultation.topic, language)
        self.questions = [
            {
                "number": number,
                "key": str(number),
                **dict(zip(("text", "text_language"), _in_language(text, language), strict=True)),
            }
            for number, text in consultation.questions.order_by("number").values_list(
                "number", "text"
            )
        ]
        self.figures = self._figures()
        self.campaigns = self._campaigns()
        self.figures["totals"]["in_campaigns"] = sum(c["size"] for c in self.campaigns)
        self.figures["totals"]["campaigns"] = len(self.campaigns)

    # -- figures

    def _figures(self) -> dict:
        counts = Submission.objects.filter(consultation=self.consultation).aggregate(
            n_submissions=Count("id", filter=Q(hidden=False)),
            n_hidden=Count("id", filter=Q(hidden=True)),
            n_not_consented=Count("id", filter=Q(hidden=False, consent_to_publication=False)),
            n_published=Count(
                "id",
                filter=Q(hidden=False, consent_to_publication=True, campaign__isnull=True),
            ),
        )
        totals = {key[2:]: value for key, value in counts.items()}
        by_category = [
            {
                "key": row["category"],
                "label": self.categories.get(row["category"], row["category"]),
                "count": row["n"],
            }
            for row in self.counted.values("category")
            .annotate(n=Count("id"))
            .order_by("-n", "category")
        ]
        regions = {
            code: pick(names, self.language)
            for code, names in Region.objects.values_list("code", "name")
        }
        by_region = [
            {
                "key": row["country__region__code"] or NO_REGION,
                "label": regions.get(row["country__region__code"], "")
                or gettext("Not a Member State"),
                "count": row["n"],
            }
            for row in self.counted.values("country__region__code")
            .annotate(n=Count("id"))
            .order_by("country__region__code")
        ]
        countries: dict[tuple[str, str], int] = {}
        for country_id, other, n in (
            self.counted.values_list("country_id", "country_other")
            .annotate(n=Count("id"))
            .order_by()
        ):
            if country_id:
                iso3, label, _region = self.countries.get(country_id, ("", "", ""))
            else:
                iso3, label = "", other or "—"
            countries[(iso3, label)] = countries.get((iso3, label), 0) + n
        by_country = [
            {"iso3": iso3, "label": label, "count": n}
            for (iso3, label), n in sorted(countries.items(), key=lambda i: (-i[1], i[0][1]))
        ]
        return {
            "language": self.language,
            "group": str(self.consultation.group),
            "slug": self.consultation.slug,
            "topic": self.topic,
            "topic_language": self.topic_language,
            "totals": totals,
            "by_category": by_category,
            "by_region": by_region,
            "by_country": by_country,
        }

    def _campaigns(self) -> list[dict]:
        """Each campaign once: its size and tiers, and the text of its representative response."""
        rows = list(
            Campaign.objects.filter(consultation=self.consultation, size__gt=1)
            .order_by("-size", "id")
            .values("id", "key", "exact_duplicates", "variant_count", "representative_id")
        )
        if not rows:
            return []
        members = {
            row["campaign_id"]: row
            for row in self.counted.filter(campaign__isnull=False)
            .values("campaign_id")
            .annotate(n=Count("id"), copies=Count("id", filter=Q(campaign_tier="exact")))
            .order_by()
        }
        quoting = dict(
            self.counted.filter(quoted_campaign__isnull=False)
            .values("quoted_campaign_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("quoted_campaign_id", "n")
        )
        consenting = self.counted.filter(consent_to_publication=True)
        chosen = {
            campaign_id: pk
            for pk, campaign_id in consenting.filter(
                pk__in=[r["representative_id"] for r in rows if r["representative_id"]]
            ).values_list("pk", "campaign_id")
        }
        chosen = {
            row["id"]: row["representative_id"]
            for row in rows
            if chosen.get(row["id"]) == row["representative_id"]
        }
        missing = [row["id"] for row in rows if row["id"] not in chosen]
        if missing:
            chosen.update(
                consenting.filter(campaign_id__in=missing)
                .values("campaign_id")
                .annotate(first=Min("id"))
                .order_by()
                .values_list("campaign_id", "first")
            )
        samples = {
            pk: (receipt, answers)
            for pk, receipt, answers in Submission.objects.filter(
                pk__in=list(chosen.values())
            ).values_list("pk", "receipt", "answers")
        }
        out = []
        for row in rows:
            counts = members.get(row["id"], {"n": 0, "copies": 0})
            receipt, answers = samples.get(chosen.get(row["id"]), ("", {}))
            out.append(
                {
                    "key": row["key"],
                    "size": counts["n"],
                    "exact_duplicates": row["exact_duplicates"],
                    "variant_count": row["variant_count"],
                    # Tiers: exact and near copies make the size; partial use is counted apart.
                    "copies": counts["copies"],
                    "near_copies": counts["n"] - counts["copies"],
                    "partial_use": quoting.get(row["id"], 0),
                    "representative": receipt,
                    "answers": answers,
                    "text": answers_text(answers) if answers else "",
                }
            )
        return out

    def question_campaigns(self, question: dict) -> list[dict]:
        key = question["key"]
        return [
            {"key": c["key"], "size": c["size"], "text": c["answers"].get(key, "")}
            for c in self.campaigns
            if c["answers"].get(key)
        ]

    # -- answers

    @property
    def published_count(self) -> int:
        return self.figures["totals"]["published"]

    def answers(self, question: dict, *, by_category: bool = False) -> Iterator[list[Answer]]:
        """The published individual answers to one question, in batches, oldest first (by
        category first when `by_category`)."""
        key = question["key"]
        published = self.counted.filter(consent_to_publication=True, campaign__isnull=True)
        if by_category:
            # One walk by id per category, in the database's order of categories: each follows
            # the (consultation, hidden, consent, id) index, where one walk on (category, id)
            # would sort every remaining row again for each batch.
            found = published.order_by("category").values_list("category", flat=True).distinct()
            walks = [published.filter(category=category) for category in found]
        else:
            walks = [published]
        for walk in walks:
            # Named tuples: lighter than dicts, and the keyset reads their `id`.
            rows = walk.order_by("id").values_list(
                "id",
                "receipt",
                "name",
                "organisation",
                "category",
                "country_id",
                "country_other",
                "language",
                "answers",
                "campaign_tier",
                "quoted_campaign_id",
                named=True,
            )
            for chunk in keyset_chunks(rows, BATCH):
                # One entry per row read (None when unanswered): the progress counts every row.
                yield [self._answer(row, key) for row in chunk]

    def _answer(self, row, key: str) -> Answer | None:
        text = (row.answers or {}).get(key)
        if not text:
            return None
        country_id, other, category = row.country_id, row.country_other, row.category
        _iso3, country, region = self.countries.get(country_id, ("", other, NO_REGION))
        return Answer(
            receipt=row.receipt,
            name=row.name,
            organisation=row.organisation,
            category=self.categories.get(category, category),
            category_key=category,
            country=country if country_id else other,
            region=region if country_id else NO_REGION,
            language=row.language,
            text=str(text),
            campaign_tier=row.campaign_tier if row.quoted_campaign_id else "",
        )
