"""The OpenAPI document is a contract a program can hold the API to: every operation declares its
4xx answers, and a client generated from the document (openapi-python-client) reads and writes
against a live server."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cwg.api import api
from cwg.testing.servers import (
    ROOT,
    free_port,
    last_json_line,
    manage,
    start_gunicorn,
    wait_ready,
)

HOST = "127.0.0.1"
PORTS = range(8120, 8130)
SLUG = "client-check"  # the open consultation

SETUP = f"""
import datetime as dt
from django.utils import timezone
from cwg.testing.factories import GroupFactory, MeetingFactory
from cwg.testing.personas import build_personas
from cwg.consultations import services
group = GroupFactory(slug="cwg-client", symbol_prefix="CWG-CLIENT")
personas = build_personas(group)
MeetingFactory(group=group, number=7, start_date=dt.date(2026, 3, 2))
now = timezone.now()
c = services.create_consultation(
    personas.secretariat, group=group, slug={SLUG!r}, topic={{"en": "Client"}},
    languages=["en"], questions=[{{"text": {{"en": "Question one"}}}}],
    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
)
services.transition(personas.secretariat, c, "open")
# A signed-in session for the delegate, as the site's sign-in would leave it.
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
user = personas.delegate
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({{"session": session.session_key}}))
"""
CSRF = "a" * 32


def test_every_operation_declares_its_client_errors_with_the_error_shape():
    schema = api.get_openapi_schema()
    assert "Error" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            errors = [str(code) for code in responses if str(code).startswith("4")]
            assert errors, f"{method.upper()} {path} declares no 4xx answer"
            for code in errors:
                content = (responses.get(code) or responses[int(code)])["content"][
                    "application/json"
                ]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (method, path, code)
            if operation.get("security"):
                assert "401" in responses, f"{method.upper()} {path}"
            for answer in responses.values():
                for media in answer.get("content", {}):
                    assert media != "*/*", f"{method.upper()} {path} names no media type"


def test_no_two_schemas_share_a_name_in_the_contract():
    """The document names each schema by its class name: two classes of one name would make
    one of them describe the other's answers (a revision of a document read as a draft's)."""
    from ninja import Schema

    api.get_openapi_schema()  # imports every router's schemas
    by_name: dict[str, set[str]] = {}
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        # Nested classes (a paginator's Input) are query parameters, never components.
        top_level = "." not in cls.__qualname__
        if top_level and cls.__module__.startswith("cwg.") and ".tests." not in cls.__module__:
            by_name.setdefault(cls.__name__, set()).add(cls.__module__)
    shared = {name: modules for name, modules in by_name.items() if len(modules) > 1}
    assert not shared, shared


def test_the_list_parameters_declare_their_bounds():
    schema = api.get_openapi_schema()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/meetings"]["get"]["parameters"]}
    page_size = parameters["page_size"]["schema"]["anyOf"][0]
    assert (page_size["minimum"], page_size["maximum"]) == (1, 1000)
    assert parameters["cursor"]["schema"]["anyOf"][0]["maxLength"] > 0
    # Every list walked by keyset takes the same signed `cursor`, and no other continuation.
    for path in (
        "/api/v1/consultations/{slug}/submissions",
        "/api/v1/consultations/{slug}/moderation",
    ):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert "cursor" in names and "after" not in names, path
    export = schema["paths"]["/api/v1/exports/{dataset}.{fmt}"]["get"]
    formats = next(p for p in export["parameters"] if p["name"] == "fmt")["schema"]["enum"]
    assert sorted(formats) == ["csv", "jsonl", "xlsx"]


def _generate(tmp_path: Path) -> None:
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(api.get_openapi_schema()))
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")
    tool = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [str(tool), "generate", "--path", str(document), "--output-path",
         str(tmp_path / "cwg_client"), "--meta", "none", "--config", str(config)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # A warning means some operation was left out of the client, or answers it cannot read.
    assert "WARNING" not in result.stdout + result.stderr, result.stdout[-3000:]


@pytest.mark.slow
def test_a_generated_client_reads_and_writes_against_a_live_server(tmp_path):
    _generate(tmp_path)
    workdir = Path(tempfile.mkdtemp(prefix="cwg-client-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'client.sqlite3'}",
        "CWG_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "cwg.settings",
        "DJANGO_DEBUG": "0",
        "CWG_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("CWG_REDIS_URL", None)
    server = None
    sys.path.insert(0, str(tmp_path))
    try:
        manage(env, "migrate", "-v0")
        session = last_json_line(manage(env, "shell", "-c", SETUP))["session"]
        port = free_port(PORTS, HOST)
        server = start_gunicorn(env, HOST, port)
        wait_ready(HOST, port, "/api/v1/meetings", server)

        client_module = importlib.import_module("cwg_client")
        list_meetings = importlib.import_module(
            "cwg_client.api.meetings.cwg_meetings_api_list_meetings"
        )
        client = client_module.Client(base_url=f"http://{HOST}:{port}")

        # One read: the typed page of meetings, parsed into the generated models.
        page = list_meetings.sync(client=client, page_size=10)
        assert page.count == 1 and page.next_ is None
        assert page.items[0].number == 7 and page.items[0].start_date == dt.date(2026, 3, 2)

        # Refused input comes back as the declared Error model, naming the field.
        refused = list_meetings.sync(client=client, cursor="not-a-cursor")
        assert refused.field == "cursor"

        # Every generated module imports, but those of operations taking more than one media
        # type: openapi-python-client writes them with an undefined name (its own bug).
        several = {
            op["operationId"]
            for ops in api.get_openapi_schema()["paths"].values()
            for op in ops.values()
            if len(op.get("requestBody", {}).get("content", {})) > 1
        }
        for module in sorted((tmp_path / "cwg_client" / "api").glob("*/*.py")):
            if module.stem == "__init__" or module.stem in several:
                continue
            importlib.import_module(f"cwg_client.api.{module.parent.name}.{module.stem}")

        # One write, signed in: the delegate follows the group's news.
        subscribe = importlib.import_module("cwg_client.api.meetings.cwg_meetings_api_subscribe")
        subscription_in = importlib.import_module("cwg_client.models.subscription_in")
        signed_in = client_module.AuthenticatedClient(
            base_url=f"http://{HOST}:{port}",
            token="unused",
            auth_header_name="X-Unused",
            cookies={"sessionid": session, "csrftoken": CSRF},
            headers={"X-CSRFToken": CSRF},
        )
        body = subscription_in.SubscriptionIn(new_documents=True, deadlines=False, changes=True)
        answer = subscribe.sync("cwg-client", client=signed_in, body=body)
        assert (answer.group, answer.new_documents, answer.deadlines) == ("cwg-client", True, False)
        # The same write without the session is refused with the declared Error model.
        refused = subscribe.sync("cwg-client", client=client_module.AuthenticatedClient(
            base_url=f"http://{HOST}:{port}", token="unused", auth_header_name="X-Unused"
        ), body=body)  # fmt: skip
        assert refused.code in {"NotAllowed", "NotFound", "NotSignedIn"} or refused.detail
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "cwg_client" or m.startswith("cwg_client.")]:
            del sys.modules[name]
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
