"""Settings used only by bench/consultation_ingest.py: the platform plus the floor view."""

import os

from django.core.exceptions import ImproperlyConfigured

from cwg.settings import *  # noqa: F403

if os.environ.get("CWG_BENCH_FLOOR") != "1":
    raise ImproperlyConfigured(
        "cwg.consultations.bench_settings serves the benchmark floor; set CWG_BENCH_FLOOR=1"
    )

ROOT_URLCONF = "cwg.bench_urls"
