"""URL routes of the benches: every platform route plus a floor view that only inserts."""

import json
import secrets

from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cwg.consultations.models import Consultation, Submission
from cwg.registry.models import MemberState
from cwg.urls import urlpatterns as platform_urlpatterns

_consultations: dict[str, int] = {}
_states: dict[str, int] = {}


@csrf_exempt
def floor(request, slug: str):
    """The least a server can do per submission: parse JSON and insert the same row."""
    consultation_id = _consultations.get(slug)
    if consultation_id is None:
        consultation_id = Consultation.objects.values_list("id", flat=True).get(slug=slug)
        _consultations[slug] = consultation_id
    data = json.loads(request.body)
    iso3 = data.get("country", "")
    if iso3 and iso3 not in _states:
        _states[iso3] = MemberState.objects.values_list("id", flat=True).get(iso3=iso3)
    answers = data.get("answers", {})
    submission = Submission.objects.create(
        consultation_id=consultation_id,
        receipt=f"FLOOR-{secrets.token_hex(6).upper()}",
        submitted_at=timezone.now(),
        name=data.get("name", ""),
        organisation=data.get("organisation", ""),
        category=data.get("category", ""),
        country_id=_states.get(iso3),
        country_other=data.get("country_other", ""),
        language=data.get("language", ""),
        answers=answers,
        consent_to_publication=bool(data.get("consent_to_publication")),
        search_text=" ".join(str(v) for v in answers.values()).lower(),
    )
    return JsonResponse({"receipt": submission.receipt}, status=201)


urlpatterns = [
    path("bench/floor/<slug:slug>/submissions", floor),
    *platform_urlpatterns,
]
