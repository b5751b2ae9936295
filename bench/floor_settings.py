"""Settings of the ingest and load benches: the platform's own, plus the insert-only floor view."""

import os

from django.core.exceptions import ImproperlyConfigured

from cwg.settings import *  # noqa: F403

if os.environ.get("CWG_BENCH_FLOOR") != "1":
    raise ImproperlyConfigured("floor_settings serves the benchmark floor; set CWG_BENCH_FLOOR=1")

ROOT_URLCONF = "floor_urls"
