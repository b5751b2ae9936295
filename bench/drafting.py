"""Drafting room: matrix page, revision diff and DOCX export for 60 provisions, 300 proposals.

Builds a temporary database (SQLite, and PostgreSQL on loopback with `--database postgres`), a
text of 60 provisions, 300 proposals from 40 States (MOD, SUP, NOC, ADD) and two revisions of
the chair's draft built from them, then times, side by side with a floor in the same run:

- the provision matrix page (HTTP, as the chair);
- the word-level diff of Rev.2 against Rev.1, provision by provision (`queries.revision_diff`);
- the DOCX export of Rev.2 with tracked changes (`tracking.docx_bytes`);
- the floors: difflib's plain diff of the same two revisions' whole text, by word tokens and by
  lines (`unified_diff`), each read from the database as the diff does.

    uv run python bench/drafting.py [--runs 5] [--database sqlite,postgres]
"""

from __future__ import annotations

import argparse
import difflib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROVISIONS = 60
STATES = 40
PROPOSALS = 300
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/cwg_bench_drafting"


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build():
    from cwg.drafting import services
    from cwg.registry.models import Membership, MemberState, Role
    from cwg.testing.factories import MemberStateFactory
    from cwg.testing.personas import build_personas

    personas = build_personas()
    lines = ["RESOLUTION 999 (Bench)", "A resolution of sixty provisions", "considering"]
    lines += [f"{chr(97 + i % 26)}{'' if i < 26 else chr(97 + i // 26)}) that point {i} of the "
              f"work of the group on public policy issues pertaining to the Internet stands;"
              for i in range(26)]  # fmt: skip
    lines += ["resolves"] + [
        f"{i} to carry out task {i} of the plan of action;" for i in range(1, 31)
    ]
    text = services.create_text(
        personas.secretariat, personas.group, slug="bench-text", title={"en": "Bench"}
    )
    services.load_version(personas.secretariat, text, "\n".join(lines), "en")
    provisions = [p for p in text.provisions.order_by("position") if p.kind != "title"][:PROVISIONS]
    delegates = []
    # The registry's Member States (migrations load them), else made up for the bench.
    known = list(MemberState.objects.exclude(iso3__in=["FRA", "BRA", "POL"]).order_by("iso3"))
    for n in range(STATES):
        state = (
            known[n]
            if n < len(known)
            else MemberStateFactory(iso3=f"Q{chr(65 + n // 26)}{chr(65 + n % 26)}", iso2=f"{n:02d}")
        )
        person = type(personas.delegate).objects.create(username=f"bench-delegate-{n}")
        Membership.objects.create(
            person=person, role=Role.DELEGATE, group=personas.group, member_state=state
        )
        delegates.append((person, state))
    per_state = PROPOSALS // STATES
    extra = PROPOSALS - per_state * STATES
    for n, (person, state) in enumerate(delegates):
        items = []
        count = per_state + (1 if n < extra else 0)
        for k in range(count):
            provision = provisions[(n * 7 + k * 8) % len(provisions)]
            kind = (n + k) % 10
            if kind == 0:
                items.append({"mark": "NOC", "ref": provision.ref, "reasons": "Still right."})
            elif kind == 1:
                items.append({"mark": "SUP", "ref": provision.ref, "reasons": "Done."})
            elif kind == 2:
                items.append({"mark": "ADD", "ref": f"{state.iso3} new {k}",
                              "after": provision.ref, "wording": f"new point {k} of {state.iso3};",
                              "reasons": "Missing."})  # fmt: skip
            else:
                # Four wordings per provision, so identical proposals group and others conflict.
                items.append({"mark": "MOD", "ref": provision.ref,
                              "wording": provision.wording() + f" as amended in way {(n + k) % 4}",
                              "reasons": "Clearer."})  # fmt: skip
        services.submit_proposals(person, text, origin=state.iso3, document_number=1, items=items)
    from cwg.drafting.models import Proposal

    mods = {}
    for proposal in Proposal.objects.filter(contribution__text=text, mark="MOD").order_by("pk"):
        mods.setdefault(proposal.provision.ref, []).append(proposal.pk)
    first = [ids[0] for ids in mods.values()]
    rev1 = services.build_revision(personas.chair, text, accept=first)
    second = [ids[1] for ids in mods.values() if len(ids) > 1]
    rev2 = services.build_revision(personas.chair, text, accept=second)
    return personas, text, rev1, rev2


def run_one(database: str, runs: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from benchdb import setup_platform

    folder = Path(tempfile.mkdtemp(prefix="cwg-bench-drafting-"))
    os.environ["CWG_MEDIA_ROOT"] = str(folder)
    setup_platform(folder, POSTGRES_URL if database == "postgres" else None)
    from django.test import Client

    from cwg.core.word_diff import tokens
    from cwg.drafting import queries, tracking
    from cwg.drafting.models import Proposal

    personas, text, rev1, rev2 = build()
    count = Proposal.objects.filter(contribution__text=text).count()
    client = Client()
    client.force_login(personas.chair)
    url = f"/en/drafting/{text.slug}/matrix/"
    assert client.get(url).status_code == 200

    def floor():
        old = "\n".join(e.wording for e in rev1.entries.all() if e.state != "deleted")
        new = "\n".join(e.wording for e in rev2.entries.all() if e.state != "deleted")
        difflib.SequenceMatcher(None, tokens(old), tokens(new), autojunk=False).get_opcodes()

    def line_floor():
        old = [e.wording for e in rev1.entries.all() if e.state != "deleted"]
        new = [e.wording for e in rev2.entries.all() if e.state != "deleted"]
        list(difflib.unified_diff(old, new, lineterm=""))

    figures = {
        "matrix page": median_ms(lambda: client.get(url), runs),
        "revision diff": median_ms(lambda: queries.revision_diff(text, rev1, rev2), runs),
        "DOCX export": median_ms(lambda: tracking.docx_bytes(rev2), runs),
        "floor: difflib words, whole": median_ms(floor, runs),
        "floor: difflib lines (unified)": median_ms(line_floor, runs),
    }
    size = len(tracking.docx_bytes(rev2))
    print(f"{database}: {text.provisions.count()} provisions, {count} proposals, "
          f"{STATES} States; median of {runs} runs")  # fmt: skip
    for name, ms in figures.items():
        print(f"  {name:<30}{ms:>9.1f} ms")
    print(f"  DOCX size {size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    engines = [e.strip() for e in args.database.split(",") if e.strip()]
    if any(e not in ("sqlite", "postgres") for e in engines):
        raise SystemExit("--database: sqlite, postgres or both, separated by a comma")
    if len(engines) == 1:
        run_one(engines[0], args.runs)
        return
    for engine in engines:  # one process per engine: Django is set up once per process
        subprocess.run(
            [sys.executable, __file__, "--runs", str(args.runs), "--database", engine], check=True
        )


if __name__ == "__main__":
    main()
