"""The open-data page: the bulk exports anyone may download, and where the API is."""

from __future__ import annotations

from django.shortcuts import render

from cwg.core.exports import FORMATS
from cwg.shell import opendata


def index(request):
    datasets = [(name, opendata.DESCRIPTIONS[name]) for name in opendata.DATASETS]
    return render(request, "shell/open_data.html", {"datasets": datasets, "formats": FORMATS})


def download(request, dataset: str, fmt: str):
    return opendata.download(request.user, dataset, fmt)
