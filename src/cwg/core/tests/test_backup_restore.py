"""`cwg backup` and `cwg restore`: every record and file comes back, on either engine, or nothing does.

The records are built in the test database; each restore runs in a process of its own against a
second, freshly migrated database (a SQLite file, or a PostgreSQL database the test creates),
which then dumps its records with Django's `dumpdata`, runs `verify-audit` and backs itself up
again, so the comparison does not rest on the backup code alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from cwg.consultations import services as consultation_services
from cwg.consultations.tests.conftest import PDF_BYTES, docx_bytes, make_consultation, payload
from cwg.core.backups import MANIFEST, backed_up_models
from cwg.core.models import AuditEvent
from cwg.documents import services as document_services
from cwg.testing.factories import MeetingFactory
from cwg.testing.personas import build_personas

SRC = Path(__file__).resolve().parents[3]

# Runs in the target's own process: migrate, restore, check, dump, back up again, then show
# that new records get fresh primary keys (the sequences were reset on PostgreSQL).
TARGET = r"""
import json, sys
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
args = json.loads(sys.argv[1])
call_command("migrate", verbosity=0)
call_command("restore", in_dir=args["restore"])
call_command("verify_audit")
call_command("dumpdata", *args["labels"], format="json", indent=0, output=args["dump"], verbosity=0)
if args.get("backup"):
    call_command("backup", out=args["backup"])
User = apps.get_model(settings.AUTH_USER_MODEL)
newest = User.objects.order_by("-pk").values_list("pk", flat=True).first()
created = User.objects.create(username="created-after-restore")
print(json.dumps({"newest_restored": newest, "created": created.pk}))
"""


def _env(database_url: str, media: Path) -> dict:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="cwg.settings",
        DATABASE_URL=database_url,
        CWG_MEDIA_ROOT=str(media),
    )
    return env


def _labels() -> list[str]:
    return [m._meta.label for m in backed_up_models() if not m._meta.auto_created]


def _dump_rows(path: Path) -> dict:
    return {(row["model"], str(row["pk"])): row["fields"] for row in json.loads(path.read_text())}


def backup_rows(directory: Path) -> dict:
    manifest = json.loads((directory / MANIFEST).read_text())
    tables = {
        entry["model"]: [json.loads(line) for line in (directory / entry["path"]).open()]
        for entry in manifest["tables"]
    }
    files = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    return {"tables": tables, "files": files, "migrations": manifest["migrations"]}


def _media_hashes(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def restore_into(target: dict, backup_dir: Path, work: Path, name: str, *, again: bool = True):
    """Restore in a process of its own; returns (dumpdata rows, its own backup folder)."""
    dump = work / f"{name}.json"
    second = work / f"{name}-backup" if again else None
    args = {"restore": str(backup_dir), "labels": _labels(), "dump": str(dump)}
    if second:
        args["backup"] = str(second)
    result = subprocess.run(
        [sys.executable, "-c", TARGET, json.dumps(args)],
        env=_env(target["url"], target["media"]),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "chain intact" in result.stdout
    ids = json.loads(result.stdout.strip().splitlines()[-1])
    assert ids["created"] > ids["newest_restored"]
    return _dump_rows(dump), second


# --- the databases restored into --------------------------------------------------------------


def sqlite_target(work: Path, name: str) -> dict:
    return {"url": f"sqlite:///{work / f'{name}.sqlite3'}", "media": work / f"{name}-media"}


def _postgres_server() -> dict | None:
    """Where to create a second PostgreSQL database, or None when no server answers."""
    import psycopg

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        params = {
            "host": s["HOST"],
            "port": s["PORT"],
            "user": s["USER"],
            "password": s["PASSWORD"],
        }
        name = f"{s['NAME']}_restore"
    else:
        params = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}
        name = f"cwg_test_restore_{os.getpid()}"
    params = {k: v for k, v in params.items() if v not in (None, "")}
    name = os.environ.get("CWG_TEST_RESTORE_DATABASE", name)
    try:
        psycopg.connect(dbname="postgres", connect_timeout=3, **params).close()
    except psycopg.OperationalError:
        return None
    return {"params": params, "name": name}


def _recreate(server: dict, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **server["params"]) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{server["name"]}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{server["name"]}"')


@pytest.fixture
def postgres_target(tmp_path):
    server = _postgres_server()
    if server is None:
        pytest.skip("no PostgreSQL server reachable for the second database")
    _recreate(server)
    p = server["params"]
    auth = p["user"] + (f":{p['password']}" if p.get("password") else "")
    url = f"postgres://{auth}@{p.get('host', '127.0.0.1')}:{p.get('port', 5432)}/{server['name']}"
    yield {"url": url, "media": tmp_path / "pg-media"}
    _recreate(server, drop_only=True)


# --- the records backed up --------------------------------------------------------------------


def build_records() -> None:
    """People, a meeting, a document with its file, a consultation with attachments, moderation."""
    personas = build_personas()
    meeting = MeetingFactory(group=personas.group)
    document_services.submit_document(
        personas.secretariat,
        group=personas.group,
        meeting=meeting,
        document_type="information",
        source_kind="member_state",
        source_states=[personas.state, personas.other_state],
        title={"en": "Contribution from two States", "fr": "Contribution de deux États"},
        file=SimpleUploadedFile("note.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    consultation = make_consultation(personas)
    results = [
        consultation_services.submit(
            personas.anonymous,
            consultation,
            payload(name=name),
            files=[(f"{name}.docx", docx_bytes(f"Position of {name} — é ü 中文"))],
        )
        for name in ("Ana", "Ben")
    ]
    consultation_services.hide_submission(
        personas.secretariat, results[1].submission, "Insults another respondent"
    )


# serialized_rollback like every other transactional test: a plain flush loses the rows the
# migrations wrote (content types, the Member State registry) for the tests after it.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def source(tmp_path, settings, db):
    """Records and files in the test database, and their backup."""
    settings.MEDIA_ROOT = tmp_path / "source-media"
    build_records()
    dump = tmp_path / "source.json"
    call_command("dumpdata", *_labels(), format="json", indent=0, output=str(dump), verbosity=0)
    backup_dir = tmp_path / "backup"
    call_command("backup", out=str(backup_dir))
    return {
        "dump": _dump_rows(dump),
        "backup": backup_dir,
        "media": _media_hashes(settings.MEDIA_ROOT),
        "audit_events": AuditEvent.objects.count(),
    }


@committed
def test_the_backup_holds_every_table_file_and_hash(source):
    manifest = json.loads((source["backup"] / MANIFEST).read_text())
    assert manifest["engine"] == connection.vendor
    assert {e["model"] for e in manifest["tables"]} >= {
        "core.auditevent",
        "registry.person",
        "consultations.attachment",
        "documents.documentfile",
        "auth.group_permissions",
        "documents.document_source_states",
    }
    assert "sessions.session" not in {e["model"] for e in manifest["tables"]}
    rows = {e["model"]: e["rows"] for e in manifest["tables"]}
    assert rows["core.auditevent"] == source["audit_events"] > 5
    assert rows["consultations.attachment"] == 2
    assert manifest["counts"]["files"] == len(source["media"]) == 3
    assert {e["name"]: e["sha256"] for e in manifest["files"]} == source["media"]
    assert manifest["missing_files"] == []
    assert manifest["migrations"]["core"]


@committed
def test_round_trip_into_a_second_database_of_the_same_engine(source, tmp_path, request):
    if connection.vendor == "postgresql":
        target = request.getfixturevalue("postgres_target")
    else:
        target = sqlite_target(tmp_path, "second")
    dump, second = restore_into(target, source["backup"], tmp_path, "same")
    assert dump == source["dump"]
    assert backup_rows(second) == backup_rows(source["backup"])
    assert _media_hashes(target["media"]) == source["media"]


@committed
@pytest.mark.slow
def test_round_trip_across_engines(source, tmp_path, postgres_target):
    """SQLite → PostgreSQL → SQLite (or PostgreSQL → SQLite → PostgreSQL)."""
    if connection.vendor == "postgresql":
        there, back = sqlite_target(tmp_path, "there"), postgres_target
    else:
        there, back = postgres_target, sqlite_target(tmp_path, "back")
    dump_there, backup_there = restore_into(there, source["backup"], tmp_path, "there")
    assert dump_there == source["dump"]
    assert json.loads((backup_there / MANIFEST).read_text())["engine"] != connection.vendor
    dump_back, backup_back = restore_into(back, backup_there, tmp_path, "back")
    assert dump_back == source["dump"]
    expected = backup_rows(source["backup"])
    assert backup_rows(backup_there) == expected
    assert backup_rows(backup_back) == expected
    assert _media_hashes(back["media"]) == source["media"]


# --- refusals ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def empty_sqlite_template(tmp_path_factory) -> Path:
    """A migrated, empty SQLite database, migrated once and copied for each refusal."""
    work = tmp_path_factory.mktemp("empty")
    path = work / "empty.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "cwg", "migrate", "-v0"],
        env=_env(f"sqlite:///{path}", work / "media"),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return path


def _database_picture(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def _cli_restore(backup_dir: Path, database: Path, media: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cwg", "restore", "--in", str(backup_dir)],
        env=_env(f"sqlite:///{database}", media),
        cwd=database.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def small_backup(tmp_path, settings, db):
    """A backup taken inside the test's own transaction."""
    settings.MEDIA_ROOT = tmp_path / "source-media"
    build_records()
    out = tmp_path / "backup"
    call_command("backup", out=str(out))
    return out


def _rewrite_manifest(directory: Path, change) -> None:
    path = directory / MANIFEST
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def _break_a_foreign_key(directory: Path) -> None:
    """A well-formed backup whose rows cannot all be stored: it fails inside the transaction."""
    manifest = json.loads((directory / MANIFEST).read_text())
    entry = next(e for e in manifest["tables"] if e["model"] == "consultations.attachment")
    path = directory / entry["path"]
    lines = path.read_text().splitlines()
    row = json.loads(lines[-1])
    submission_column = entry["columns"].index("submission_id")
    row[0], row[submission_column] = row[0] + 1000, 987654
    lines.append(json.dumps(row))
    path.write_text("\n".join(lines) + "\n")
    data = path.read_bytes()
    entry.update(rows=len(lines), sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    (directory / MANIFEST).write_text(json.dumps(manifest))


BAD_BACKUPS = {
    "missing folder": (lambda d: shutil.rmtree(d), "no backup folder"),
    "missing manifest": (lambda d: (d / MANIFEST).unlink(), "holds no manifest.json"),
    "missing file": (
        lambda d: next((d / "files").rglob("*.docx")).unlink(),
        "is missing",
    ),
    "corrupted file": (
        lambda d: next((d / "db").glob("core.auditevent.jsonl")).write_text("[]\n"),
        "is corrupted",
    ),
    "corrupted manifest": (
        lambda d: (d / MANIFEST).write_text("{not json"),
        "not a readable backup manifest",
    ),
    "a manifest missing a key": (
        lambda d: _rewrite_manifest(d, lambda m: m["tables"][0].pop("model")),
        "not a readable backup manifest",
    ),
    "another schema": (
        lambda d: _rewrite_manifest(
            d, lambda m: m["migrations"]["core"].append("9999_from_the_future")
        ),
        "different schema",
    ),
    "a path outside the folder": (
        lambda d: _rewrite_manifest(d, lambda m: m["files"][0].update(name="../../escape.pdf")),
        "outside the backup folder",
    ),
    "rows that break a foreign key": (_break_a_foreign_key, "restore refused"),
}


@pytest.mark.parametrize("case", BAD_BACKUPS)
def test_a_bad_backup_is_refused_and_changes_nothing(
    case, small_backup, empty_sqlite_template, tmp_path
):
    spoil, message = BAD_BACKUPS[case]
    spoil(small_backup)
    database = tmp_path / "target.sqlite3"
    shutil.copy(empty_sqlite_template, database)
    before = _database_picture(database)
    media = tmp_path / "target-media"
    result = _cli_restore(small_backup, database, media)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert _database_picture(database) == before
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_target_in_use_is_refused_and_changes_nothing(
    small_backup, empty_sqlite_template, tmp_path
):
    database = tmp_path / "target.sqlite3"
    shutil.copy(empty_sqlite_template, database)
    media = tmp_path / "target-media"
    assert _cli_restore(small_backup, database, media).returncode == 0
    before, files_before = _database_picture(database), _media_hashes(media)
    result = _cli_restore(small_backup, database, media)
    assert result.returncode != 0
    assert (
        result.stderr.strip().splitlines() == [result.stderr.strip()]
        and "not empty" in result.stderr
    )
    assert _database_picture(database) == before
    assert _media_hashes(media) == files_before


def test_a_different_file_in_the_target_storage_is_refused(
    small_backup, empty_sqlite_template, tmp_path
):
    database = tmp_path / "target.sqlite3"
    shutil.copy(empty_sqlite_template, database)
    before = _database_picture(database)
    media = tmp_path / "target-media"
    name = json.loads((small_backup / MANIFEST).read_text())["files"][0]["name"]
    (media / name).parent.mkdir(parents=True)
    (media / name).write_bytes(b"another file")
    result = _cli_restore(small_backup, database, media)
    assert result.returncode != 0
    assert "already holds a different file" in result.stderr
    assert _database_picture(database) == before
    assert (media / name).read_bytes() == b"another file"


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "something").write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "cwg", "backup", "--out", str(out)],
        env=_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "media"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not an empty folder" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["something"]
