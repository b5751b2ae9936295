"""Every model a test builds has a factory-boy factory in cwg.testing.factories."""

from __future__ import annotations

import factory
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from cwg.testing import factories
from tests.architecture.scan import models_built_by_tests

# Models tests build by hand that have no factory, each with the reason.
WITHOUT_FACTORY: dict[str, str] = {
    # "app_label.Model": "why a factory would not help",
}


def _models_by_name() -> dict[str, list]:
    by_name: dict[str, list] = {}
    for model in apps.get_models():
        by_name.setdefault(model.__name__, []).append(model)
    by_name["User"] = [get_user_model()]  # `User = get_user_model()` in tests
    return by_name


def _factory_models() -> set:
    return {
        value._meta.model
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value._meta.model is not None
    }


@pytest.mark.django_db
def test_every_model_a_test_builds_has_a_factory():
    by_name = _models_by_name()
    with_factory = _factory_models()
    missing = []
    for (name, module), places in sorted(models_built_by_tests().items()):
        candidates = by_name.get(name, [])
        if module:  # the model imported under that name, not a namesake in another app
            candidates = [m for m in candidates if m.__module__.startswith(module)] or candidates
        for model in candidates:
            label = model._meta.label
            if model not in with_factory and label not in WITHOUT_FACTORY:
                missing.append(f"{label} (built at {', '.join(places[:3])})")
    assert not missing, "Add a factory to cwg.testing.factories for:\n" + "\n".join(missing)
    stale = sorted(label for label in WITHOUT_FACTORY if apps.get_model(label) in with_factory)
    assert not stale, f"These have a factory now; remove them from WITHOUT_FACTORY: {stale}"


@pytest.mark.django_db
def test_every_factory_builds_a_valid_record():
    """Each factory's defaults make a record the database accepts, with its constraints."""
    for model_factory in sorted(
        (
            value
            for value in vars(factories).values()
            if isinstance(value, type)
            and issubclass(value, factory.django.DjangoModelFactory)
            and value._meta.model is not None
        ),
        key=lambda f: f.__name__,
    ):
        record = model_factory()
        assert type(record).objects.filter(pk=record.pk).exists(), model_factory.__name__
