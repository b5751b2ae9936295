"""Tests go through public doors: no test imports or reads a private name of cwg."""

from __future__ import annotations

from tests.architecture.scan import private_names_used_by_tests


def test_no_test_uses_a_private_name_of_cwg():
    found = private_names_used_by_tests()
    assert not found, (
        "Tests that reach a private name (use the public function, or make the helper public):\n"
        + "\n".join(found)
    )


def test_the_scan_sees_private_names(tmp_path):
    (tmp_path / "src" / "cwg" / "app" / "tests").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / "src" / "cwg" / "app" / "tests" / "test_a.py").write_text(
        "from cwg.consultations import intake\n"
        "from cwg.testing.personas import _person, build_personas\n"
        "from cwg.core.models import AuditEvent\n"
        "intake._redis.cache_clear()\n"
        "AuditEvent._meta.label\n"
        "intake.__name__\n"
    )
    (tmp_path / "tests" / "test_b.py").write_text("import cwg.core._hidden\n")
    assert private_names_used_by_tests(tmp_path) == [
        "src/cwg/app/tests/test_a.py:2 cwg.testing.personas._person",
        "src/cwg/app/tests/test_a.py:4 intake._redis",
        "tests/test_b.py:1 cwg.core._hidden",
    ]
