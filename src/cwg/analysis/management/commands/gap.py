"""`cwg gap`: rank paragraphs against mandates offline, import an outcome document, load mandates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwg.analysis import services
from cwg.analysis.models import GapAnalysis
from cwg.core.exceptions import DomainError
from cwg.registry.models import Person

USAGE_ERROR = 2


def _fail(message: str):
    raise CommandError(message, returncode=USAGE_ERROR)


def read_jsonl(path: str, what: str) -> list[dict]:
    """Records {"id", "text"} of a JSON-lines file; a clear error naming the line otherwise."""
    file = Path(path)
    if not file.is_file():
        _fail(f"{what} file not found: {path}")
    records: list[dict] = []
    seen: set[str] = set()
    try:
        content = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text")
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _fail(f"{path}:{number}: not valid JSON ({exc.msg})")
        if not isinstance(record, dict):
            _fail(f'{path}:{number}: each line must be a JSON object {{"id", "text"}}')
        identifier = record.get("id")
        if isinstance(identifier, bool) or not isinstance(identifier, str | int):
            _fail(f'{path}:{number}: "id" must be a string or a number')
        identifier = str(identifier)
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            _fail(f'{path}:{number}: "text" must be a non-empty string')
        if identifier in seen:
            _fail(f"{path}:{number}: the id {identifier!r} is used twice")
        seen.add(identifier)
        language = record.get("language", "en")
        if not isinstance(language, str) or not language:
            _fail(f'{path}:{number}: "language" must be a language code such as "en"')
        records.append({**record, "id": identifier, "language": language})
    if not records:
        _fail(f"{path} holds no records")
    return records


class Command(BaseCommand):
    help = (
        "Gap analysis: suggest mandates for paragraphs, import an outcome document, load mandates."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        suggest = sub.add_parser("suggest", help="rank mandates for each paragraph (offline)")
        suggest.add_argument("--paragraphs", required=True, help='JSON lines {"id", "text"}')
        suggest.add_argument("--mandates", required=True, help='JSON lines {"id", "text"}')
        suggest.add_argument("--top", type=int, default=3)
        suggest.add_argument("--out", required=True, help="where to write the JSON lines")
        suggest.add_argument(
            "--ranker", choices=["bm25", "embeddings", "combined"], default="combined"
        )

        imp = sub.add_parser("import", help="import an outcome document into a gap analysis")
        imp.add_argument("--analysis", type=int, required=True, help="id of the gap analysis")
        imp.add_argument("--file", required=True)
        imp.add_argument("--language", default="en")
        imp.add_argument("--as", dest="username", required=True, help="secretariat user name")

        sub.add_parser("mandates", help="load or refresh the WSIS and resolution mandates")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "suggest":
            return self.suggest(options)
        if action == "import":
            return self.import_document(options)
        return self.load_mandates()

    def suggest(self, options):
        from cwg.analysis.ranking import MandateText, Query, Ranker, split_passages

        top = options["top"]
        if top < 1 or top > 100:
            _fail("--top must be between 1 and 100")
        paragraphs = read_jsonl(options["paragraphs"], "paragraphs")
        mandate_records = read_jsonl(options["mandates"], "mandates")
        out = Path(options["out"])
        if not out.parent.exists():
            _fail(f"the folder of --out does not exist: {out.parent}")
        mandates = []
        for record in mandate_records:
            passages = record.get("passages")
            if not (isinstance(passages, list) and all(isinstance(p, str) for p in passages)):
                passages = split_passages(record["text"])
            mandates.append(MandateText(record["id"], record.get("title", ""), passages))
        ranker = Ranker(mandates, method=options["ranker"])
        queries = [Query(p["id"], p["text"], p["language"]) for p in paragraphs]
        rankings = ranker.rank(queries, top=top, with_passages=False)
        fallbacks = 0
        with out.open("w", encoding="utf-8") as handle:
            for ranking in rankings:
                row = {
                    "id": ranking.query,
                    "suggestions": [
                        {"mandate": s.mandate, "score": s.score} for s in ranking.suggestions
                    ],
                }
                if ranking.method != options["ranker"]:
                    row["method"] = ranking.method
                    row["note"] = ranking.note
                    fallbacks += 1
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        if ranker.note:
            sys.stderr.write(f"note: {ranker.note}\n")
        elif fallbacks:
            sys.stderr.write(
                f"note: {fallbacks} paragraph(s) not in English were ranked with BM25 alone\n"
            )
        self.stdout.write(f"{len(rankings)} paragraphs ranked; suggestions written to {out}")

    def import_document(self, options):
        actor = Person.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            _fail(f"no active user named {options['username']!r}")
        analysis = GapAnalysis.objects.filter(pk=options["analysis"]).first()
        if analysis is None:
            _fail(f"no gap analysis with id {options['analysis']}")
        path = Path(options["file"])
        if not path.is_file():
            _fail(f"file not found: {path}")
        try:
            result = services.import_document(
                actor,
                analysis,
                data=path.read_bytes(),
                filename=path.name,
                language=options["language"],
            )
        except DomainError as exc:
            _fail(exc.message)
        self.stdout.write(
            f"{result['paragraphs']} paragraphs imported ({result['language']}) into {analysis}"
        )

    def load_mandates(self):
        counts = services.load_reference_mandates(None)
        self.stdout.write(
            f"{counts['action_lines']} action lines, {counts['measures']} measures, "
            f"{counts['holders']} facilitator roles, {counts['resolution_passages']} issues of "
            "Res. 1305 loaded"
        )
