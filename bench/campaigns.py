"""Campaign detection: time and pair-counting precision/recall/F1, side by side with peers.

Two labelled corpora:

- generated (`cwg.consultations.campaigns.corpus`): template campaigns with edits, spun
  campaigns, unique comments, placeholders, plus 5 % partial use (personal comments quoting
  one or two sentences of a template campaign) and 3 % chains (sliding windows over a pool
  of sentences; a serial commenter's comments sharing two boilerplate sentences);
- real: 199 comments of docket USDA-2017-0002 (bench/data/, source in bench/data/README.md)
  with its small campaign labelled by hand.

Each corpus is clustered by

- cwg: `cwg.consultations.campaigns.engine.detect`;
- datasketch: MinHash + MinHashLSH over word 3-shingles, union-find over verified candidates;
- rensa: RMinHash + RMinHashLSH (Rust) over word 3-shingles, union-find over verified candidates.

Copies and near copies are scored as pairs (precision, recall, F1 over pairs of submissions
put in the same campaign). Partial use is scored apart, per submission: a text cwg reports as
quoting a campaign counts as right when the labels say it quotes the campaign most of that
campaign's members belong to. The peers have no partial tier (their clusters count every text
they link as a member), so their partial columns are empty.

The peers get the same front end as cwg (the same normalisation, exact duplicates merged
before hashing, texts under `min_tokens` words left out, the same LSH geometry (bands x rows
of `Settings`) and the same similarity threshold and minimum campaign size), so the comparison is of
the near-duplicate machinery. Every method runs in a child process with a time budget; a
method whose previous size, scaled linearly, would exceed the budget is skipped without
running, and one that needs more than 8 GB of memory fails. Wall-clock seconds and the child's processor seconds are both printed: on a shared
machine the wall clock mostly measures the other work.

    uv run python bench/campaigns.py                 # 10k, 100k, 1M and the real docket
    uv run python bench/campaigns.py --quick         # 10k and 100k, smaller peer budget
    uv run python bench/campaigns.py --sizes 20000
    uv run python bench/campaigns.py --sizes 2000 --peers "" --errors   # the docket's errors
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np

from cwg.consultations.campaigns import corpus as corpus_module
from cwg.consultations.campaigns.engine import Settings, detect
from cwg.consultations.campaigns.metrics import pair_scores
from cwg.consultations.campaigns.text import normalise_many

SETTINGS = Settings()
PEER_PERMUTATIONS = (SETTINGS.bins // SETTINGS.bands) * SETTINGS.bands  # bands x rows
PARTIAL_SHARE = 0.05
CHAIN_SHARE = 0.03


# -- shared front end for the peers -------------------------------------------------------


def front_end(texts: list[str]) -> tuple[np.ndarray, list[bytes], list[bool]]:
    """Exact duplicates merged after normalisation: codes, distinct texts, which are long enough."""
    codes = np.empty(len(texts), np.int64)
    distinct: dict[bytes, int] = {}
    for start in range(0, len(texts), 20_000):
        for offset, normal in enumerate(normalise_many(texts[start : start + 20_000])):
            codes[start + offset] = distinct.setdefault(normal, len(distinct))
    normals = list(distinct)
    eligible = [
        len(normal.replace(b"\x00", b" ").split()) >= SETTINGS.min_tokens for normal in normals
    ]
    return codes, normals, eligible


def shingles(normal: bytes) -> list[str]:
    """Word 3-shingles of a normalised text (made on demand: all of them at once need GBs)."""
    words = normal.replace(b"\x00", b" ").decode("utf-8").split()
    return [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def finish(codes: np.ndarray, uf: UnionFind, eligible: list[bool]) -> np.ndarray:
    """Per submission: its cluster, or -1 outside campaigns of at least min_size (row 0), and
    no partial use (row 1: the peers have no such tier)."""
    roots = np.array([uf.find(v) if ok else -1 for v, ok in enumerate(eligible)], np.int64)[codes]
    labels = np.where(roots >= 0, roots, -1)
    counted = labels[labels >= 0]
    sizes = np.bincount(counted, minlength=len(eligible)) if counted.size else np.zeros(1, int)
    small = (labels >= 0) & (sizes[np.maximum(labels, 0)] < SETTINGS.min_size)
    labels[small] = -1
    return np.stack((labels, np.full(labels.size, -1, np.int64)))


def run_datasketch(texts: list[str]) -> np.ndarray:
    from datasketch import MinHash, MinHashLSH

    codes, normals, eligible = front_end(texts)
    lsh = MinHashLSH(
        threshold=SETTINGS.threshold,
        num_perm=PEER_PERMUTATIONS,
        params=(SETTINGS.bands, PEER_PERMUTATIONS // SETTINGS.bands),
    )
    hashes = {}
    with lsh.insertion_session() as session:
        for v, normal in enumerate(normals):
            if eligible[v]:
                m = MinHash(num_perm=PEER_PERMUTATIONS)
                m.update_batch([s.encode() for s in shingles(normal)])
                hashes[v] = m
                session.insert(v, m)
    uf = UnionFind(len(normals))
    for v, m in hashes.items():
        for other in lsh.query(m):
            if (
                other != v
                and uf.find(v) != uf.find(other)
                and m.jaccard(hashes[other]) >= SETTINGS.threshold
            ):
                uf.union(v, other)
    return finish(codes, uf, eligible)


def run_rensa(texts: list[str]) -> np.ndarray:
    from rensa import RMinHash, RMinHashLSH

    codes, normals, eligible = front_end(texts)
    keys = [v for v, ok in enumerate(eligible) if ok]
    sketches = []
    for start in range(0, len(keys), 20_000):
        sketches += RMinHash.from_token_sets(
            [shingles(normals[v]) for v in keys[start : start + 20_000]],
            num_perm=PEER_PERMUTATIONS,
            seed=42,
        )
    lsh = RMinHashLSH(
        threshold=SETTINGS.threshold, num_perm=PEER_PERMUTATIONS, num_bands=SETTINGS.bands
    )
    lsh.insert_many(sketches)
    uf = UnionFind(len(normals))
    # Query in slices: candidate lists of a large campaign grow with its size squared.
    for start in range(0, len(sketches), 2_000):
        batch = lsh.query_all(sketches[start : start + 2_000])
        for i, candidates in enumerate(batch, start):
            v = keys[i]
            for j in candidates:
                other = keys[j]
                if (
                    other != v
                    and uf.find(v) != uf.find(other)
                    and sketches[i].jaccard(sketches[j]) >= SETTINGS.threshold
                ):
                    uf.union(v, other)
    return finish(codes, uf, eligible)


def run_cwg(texts: list[str]) -> np.ndarray:
    result = detect([(str(i), text) for i, text in enumerate(texts)])
    ordinal: dict[str, int] = {}
    labels = np.array(
        [
            -1 if (c := result.assignments[str(i)]) is None else ordinal.setdefault(c, len(ordinal))
            for i in range(len(texts))
        ],
        np.int64,
    )
    partial = np.full(len(texts), -1, np.int64)
    for campaign in result.campaigns:
        for key in campaign.partial_ids:
            partial[int(key)] = ordinal[campaign.id]
    return np.stack((labels, partial))


METHODS = {"cwg": run_cwg, "datasketch": run_datasketch, "rensa": run_rensa}

# -- running with budgets -------------------------------------------------------------------

_CORPUS: list[str] = []


MEMORY_BUDGET = 8 << 30


def _child(name: str, connection) -> None:
    # A run that needs more memory fails instead of starving the machine.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BUDGET + _used_address_space(),) * 2)
    started, cpu = time.perf_counter(), time.process_time()
    labels = METHODS[name](_CORPUS)
    connection.send((time.perf_counter() - started, time.process_time() - cpu, labels))
    connection.close()


def run_method(name: str, budget: float) -> tuple[float, float, np.ndarray] | str | None:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(name, sender))
    process.start()
    sender.close()
    if not receiver.poll(budget):
        process.kill()
        process.join()
        return None
    try:
        outcome = receiver.recv()
    except EOFError:
        outcome = "failed"
    process.join()
    return outcome


def _used_address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def labels_for_scoring(labels: np.ndarray) -> list[int | None]:
    return [None if x < 0 else int(x) for x in labels.tolist()]


def partial_scores(
    truth: list[str | None], partial_of: list[str | None], predicted: np.ndarray
) -> tuple[float, float, float] | None:
    """Per-submission precision, recall and F1 of partial use (None for a method without it)."""
    members, quoting = predicted
    if (quoting < 0).all():
        return None
    # A predicted campaign stands for the true campaign most of its members belong to.
    votes: dict[int, Counter] = {}
    for label, true in zip(members.tolist(), truth, strict=True):
        if label >= 0 and true is not None:
            votes.setdefault(label, Counter())[true] += 1
    stands_for = {label: count.most_common(1)[0][0] for label, count in votes.items()}
    said = [(i, c) for i, c in enumerate(quoting.tolist()) if c >= 0]
    right = sum(
        1 for i, c in said if partial_of[i] is not None and stands_for.get(c) == partial_of[i]
    )
    expected = sum(1 for p in partial_of if p is not None)
    precision = right / len(said) if said else 1.0
    recall = right / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def real_corpus() -> tuple[list[str], list[str | None], list[str | None]]:
    """The hand-labelled docket: texts, campaign of each copy or near copy, campaign quoted."""
    data = Path(__file__).resolve().parent / "data"
    with (data / "usda_2017_0002_text_comments_sample.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labelled = json.loads((data / "usda_2017_0002_campaign_labels.json").read_text("utf-8"))
    tiers = labelled["labels"]
    texts = [row["Text Comment"] for row in rows]
    ids = [row["Document ID"] for row in rows]
    truth = ["reinstate" if tiers.get(i) == "near" else None for i in ids]
    partial_of = ["reinstate" if tiers.get(i) == "partial" else None for i in ids]
    return texts, truth, partial_of


def print_real_errors(labels: np.ndarray) -> None:
    """cwg's tiers beside the hand labels on the real docket, for every comment either puts in
    the campaign or quoting it, with the part of the comment's own words (docket title line,
    form prompt and thanks left out) that lies in runs of three or more consecutive words of
    the campaign's template: the text reuse the labels follow."""
    data = Path(__file__).resolve().parent / "data"
    with (data / "usda_2017_0002_text_comments_sample.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labelled = json.loads((data / "usda_2017_0002_campaign_labels.json").read_text("utf-8"))

    def words(text: str) -> list[str]:
        text = text.split("\nRe: Supplemental")[0].lower().replace("'", "")
        text = re.sub(r"please write your comment here|\bthanks?( you)?\b", " ", text)
        return re.findall(r"[a-z]+", text)

    template = words(labelled["campaign"])
    triples = {tuple(template[i : i + 3]) for i in range(len(template) - 2)}
    lines = []
    for row, member, quoting in zip(rows, labels[0].tolist(), labels[1].tolist(), strict=True):
        truth = labelled["labels"].get(row["Document ID"], "-")
        said = "near" if member >= 0 else ("partial" if quoting >= 0 else "-")
        if truth == said == "-":
            continue
        ws = words(row["Text Comment"])
        copied = [False] * len(ws)
        for i in range(len(ws) - 2):
            if tuple(ws[i : i + 3]) in triples:
                copied[i : i + 3] = [True] * 3
        share = sum(copied) / len(ws) if ws else 0.0
        verdict = "ok" if truth == said else f"labelled {truth}, cwg {said}"
        lines.append((share, verdict, row["Document ID"], " ".join(ws)[:60]))
    print("  copied share, verdict, comment (labelled or found near copies and partial use):")
    for share, verdict, doc, text in sorted(lines, reverse=True):
        print(f"  {share:5.2f}  {verdict:<26} {doc}  {text}")


def print_row(n, name, elapsed, cpu, scores, partial, note="") -> None:
    part = (
        "        —       —       —"
        if partial is None
        else (f" {partial[0]:>8.4f} {partial[1]:>7.4f} {partial[2]:>7.4f}")
    )
    print(
        f"{n:>9}  {name:<11} {elapsed:>9.2f} {cpu:>8.2f} "
        f"{scores.precision:>9.4f} {scores.recall:>7.4f} {scores.f1:>7.4f}{part}  {note}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes"
    )
    parser.add_argument("--quick", action="store_true", help="10k and 100k only, 60 s peer budget")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds allowed per peer run")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--peers", default="datasketch,rensa")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per method under a minute; the fastest counts"
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real, labelled docket")
    parser.add_argument(
        "--errors", action="store_true", help="list cwg's disagreements with the docket's labels"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    budget = args.budget
    if args.quick:
        sizes = [s for s in sizes if s <= 100_000] or [10_000]
        budget, args.repeat = min(budget, 60.0), 1
    peers = [p for p in args.peers.split(",") if p]

    print(f"cores: {os.cpu_count()}  load average at start: {os.getloadavg()[0]:.1f}")
    print("seconds: wall clock; cpu s: processor time of the process (less sensitive to load)")
    print(
        f"settings: threshold {SETTINGS.threshold}, min size {SETTINGS.min_size}, "
        f"min tokens {SETTINGS.min_tokens}, {SETTINGS.bins} bins, {SETTINGS.bands} bands"
    )
    print("copies + near copies: pair precision, recall, F1; partial use: per text")
    header = (
        f"{'size':>9}  {'method':<11} {'seconds':>9} {'cpu s':>8} "
        f"{'precision':>9} {'recall':>7} {'F1':>7} {'partial P':>8} {'R':>7} {'F1':>7}"
    )
    print(header)
    print("-" * len(header))
    last: dict[str, tuple[int, float]] = {}
    global _CORPUS
    for n in sizes:
        started = time.perf_counter()
        corpus = corpus_module.generate(
            n, args.seed, partial_share=PARTIAL_SHARE, chain_share=CHAIN_SHARE
        )
        generated = time.perf_counter() - started
        _CORPUS = corpus.texts
        truth = corpus.labels
        partial_of = corpus.partial_of

        for name in ["cwg", *peers]:
            if name in last:
                previous_n, previous_time = last[name]
                projected = previous_time * n / previous_n
                if projected > budget:
                    print(
                        f"{n:>9}  {name:<11} skipped: over {budget:.0f} s budget "
                        f"(projected {projected:.0f} s from {previous_n})",
                        flush=True,
                    )
                    last[name] = (n, projected)
                    continue
            # Best of `repeat` runs (a run over a minute is not repeated): the machine may be
            # shared, and the fastest run is the one least disturbed by other work.
            runs = []
            failed = False
            for _ in range(args.repeat):
                outcome = run_method(name, budget)
                if outcome == "failed":
                    failed = True
                    break
                if outcome is None:
                    break
                runs.append(outcome)
                if outcome[0] > 60:
                    break
            if failed:
                print(
                    f"{n:>9}  {name:<11} failed: over {MEMORY_BUDGET >> 30} GB memory budget",
                    flush=True,
                )
                last[name] = (n, budget * 2)
                continue
            if not runs:
                print(f"{n:>9}  {name:<11} skipped: over {budget:.0f} s budget", flush=True)
                last[name] = (n, budget * 2)
                continue
            elapsed, cpu, labels = min(runs, key=lambda run: run[0])
            last[name] = (n, elapsed)
            s = pair_scores(truth, labels_for_scoring(labels[0]))
            p = partial_scores(truth, partial_of, labels)
            print_row(n, name, elapsed, cpu, s, p, f"(best of {len(runs)})")
        print(
            f"{'':>9}  (corpus generated in {generated:.1f} s; load average {os.getloadavg()[0]:.1f})"
        )

    if not args.no_real:
        texts, truth, partial_of = real_corpus()
        _CORPUS = texts
        print(f"real docket USDA-2017-0002 ({len(texts)} comments, labelled by hand)")
        for name in ["cwg", *peers]:
            outcome = run_method(name, budget)
            if not isinstance(outcome, tuple):
                print(f"{len(texts):>9}  {name:<11} failed", flush=True)
                continue
            elapsed, cpu, labels = outcome
            s = pair_scores(truth, labels_for_scoring(labels[0]))
            p = partial_scores(truth, partial_of, labels)
            print_row(len(texts), name, elapsed, cpu, s, p, "(real)")
            if args.errors and name == "cwg":
                print_real_errors(labels)


if __name__ == "__main__":
    main()
