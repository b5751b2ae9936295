"""Ranking mandates for a paragraph: BM25 on numpy, optional sentence embeddings, and their fusion.

BM25 is written here on numpy rather than taken from bm25s: the corpus is small (tens to a few
hundred mandates), and both the leave-one-out evaluation and the "matched passages" need to score
against a mandate with one of its passages removed or on its own, which a prebuilt bm25s index
cannot do without being rebuilt for every query. The same code scores mandates and passages.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from cwg.analysis import sentence_models

RANKERS = ("bm25", "embeddings", "combined")

# Measured on the labelled Plan of Action set, leave one out (bench/gap_analysis.py, which also
# lists every variant tried and its cross-validated recall). k1 and b: a k1 × b grid gains no
# measure once cross-validated (recall@3 0.740 against 0.738).
K1 = 1.5
B = 0.75
# The combined ranker fuses the two rankings, not their scores (weighted reciprocal-rank fusion):
# a mandate scores FUSION_WEIGHT_BM25 × (k+1)/(k+BM25 rank) + the rest × (k+1)/(k+embedding rank),
# so 1.0 means first for both. Min–max fusion of the raw scores let BM25's noisy tail move
# mandates the embeddings ranked far apart; fusing ranks lets BM25's best mandates move up only
# past close embedding neighbours. Honest figures: recall@3 0.900 with these values picked on the
# 130 measures, 0.892 when the pick is re-made without the scored fold, the same as embeddings
# alone; no variant in the bench does better cross-validated. The BM25 part stays: it costs no
# cross-validated recall and lets a mandate sharing the query's rare words pass a close neighbour.
# These are all-MiniLM-L6-v2's values; each model's measured values are in sentence_models and a
# Ranker uses those of the model it runs with (all-mpnet-base-v2: 0.900 cross-validated).
FUSION_WEIGHT_BM25 = sentence_models.MINILM.weight_bm25
RRF_K = sentence_models.MINILM.rrf_k
# Mandate similarity = this × best passage + rest × centroid of title and passages. Chosen in
# every cross-validation fold (0.892 against 0.862 for the centroid alone).
EMBEDDING_MAX_WEIGHT = sentence_models.MINILM.max_weight
PASSAGE_WEIGHT_BM25 = 0.05  # weight of BM25 when ordering the matched passages of one mandate
PASSAGES_SHOWN = 2

_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either etc few
for from further had has have having he her here hers him his how i if in into is it its
itself just may me might more most must my no nor not now of off on once only or other our
ours out over own same shall she should so some such than that the their theirs them then
there these they this those through thus to too under until up upon very via was we were what
when where whether which while who whom why will with within would yet you your inter alia
including particular especially
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light English suffix stripper: enough to join plurals and common verb/noun forms."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("isation", "ize"),
        ("ities", "ity"),
        ("ies", "y"),
        ("sses", "ss"),
        ("ments", "ment"),
        ("ings", ""),
        ("ing", ""),
        ("ions", "ion"),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + replacement
    return word


def tokenize(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("-", " "))
    return [stem(w) for w in words if w not in STOPWORDS and len(w) > 1]


@dataclass
class MandateText:
    """A mandate as the ranker sees it: an id, a title and its passages (clauses, measures)."""

    id: str
    title: str = ""
    passages: list[str] = field(default_factory=list)
    passage_labels: list[str] = field(default_factory=list)

    def label(self, index: int) -> str:
        if index < len(self.passage_labels):
            return self.passage_labels[index]
        return str(index + 1)


@dataclass
class Query:
    id: str
    text: str
    language: str = "en"
    # Leave-one-out: (mandate index, passage index) that this query must not see.
    exclude: tuple[int, int] | None = None


@dataclass
class Suggestion:
    mandate: str
    score: float
    bm25: float
    embedding: float | None
    passages: list[dict]


@dataclass
class Ranking:
    query: str
    method: str  # "combined", "bm25", "embeddings"
    note: str  # why the method differs from the one asked for, if it does
    suggestions: list[Suggestion]


def split_passages(text: str, max_words: int = 60) -> list[str]:
    """Split a free mandate text into sentence-sized passages (for a JSON-lines mandate)."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+|\n+", text) if s.strip()]
    passages: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        if current and len(" ".join([*current, sentence]).split()) > max_words:
            passages.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        passages.append(" ".join(current))
    return passages or ([text.strip()] if text.strip() else [])


class Corpus:
    """Term counts of every passage (the title counts as passage 0 of its mandate)."""

    def __init__(self, mandates: Sequence[MandateText]):
        self.mandates = list(mandates)
        vocab: dict[str, int] = {}
        rows: list[dict[int, int]] = []
        owner: list[int] = []
        self.first_passage: list[int] = []  # index of each mandate's title row
        for m_index, mandate in enumerate(self.mandates):
            self.first_passage.append(len(rows))
            for text in [mandate.title, *mandate.passages]:
                counts: dict[int, int] = {}
                for token in tokenize(text):
                    col = vocab.setdefault(token, len(vocab))
                    counts[col] = counts.get(col, 0) + 1
                rows.append(counts)
                owner.append(m_index)
        self.vocab = vocab
        self.passage_tf = np.zeros((len(rows), max(1, len(vocab))), dtype=np.float32)
        for r, counts in enumerate(rows):
            for col, count in counts.items():
                self.passage_tf[r, col] = count
        self.owner = np.array(owner, dtype=np.int64)
        self.mandate_tf = np.zeros((len(self.mandates), self.passage_tf.shape[1]), np.float32)
        np.add.at(self.mandate_tf, self.owner, self.passage_tf)

    def row_of(self, mandate_index: int, passage_index: int) -> int:
        """The passage row of a mandate's passage (0-based, the title not counted)."""
        return self.first_passage[mandate_index] + 1 + passage_index

    def query_vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.passage_tf.shape[1], dtype=np.float32)
        for token in tokenize(text):
            col = self.vocab.get(token)
            if col is not None:
                vector[col] += 1
        return vector


def bm25_scores(tf: np.ndarray, query: np.ndarray, *, k1: float = K1, b: float = B) -> np.ndarray:
    """Okapi BM25 of one query (term counts) against documents given as term-count rows."""
    if tf.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    n_docs = tf.shape[0]
    lengths = tf.sum(axis=1)
    avg = float(lengths.mean()) or 1.0
    terms = np.nonzero(query)[0]
    if terms.size == 0:
        return np.zeros(n_docs, dtype=np.float32)
    sub = tf[:, terms]
    df = (sub > 0).sum(axis=0)
    idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
    norm = k1 * (1.0 - b + b * lengths / avg)
    weights = sub * (k1 + 1.0) / (sub + norm[:, None])
    return (weights * (idf * query[terms])).sum(axis=1).astype(np.float32)


class Encoder:
    """The optional sentence model: all-mpnet-base-v2 when assembled, else all-MiniLM-L6-v2.

    CWG_EMBEDDING_MODEL=mpnet or minilm forces one (then no fallback to the other), and
    `choose()` does the same in-process (the bench compares both).
    """

    _models: dict = {}
    _lock = threading.Lock()
    _unavailable: dict[str, str] = {}
    _chosen: str | None = None

    @classmethod
    def choose(cls, key: str | None) -> None:
        """Use this model from now on (None: the preferred installed one)."""
        if key is not None and key not in sentence_models.MODELS:
            raise ValueError(
                f"unknown sentence model {key!r}; use one of {', '.join(sentence_models.MODELS)}"
            )
        cls._chosen = key

    @classmethod
    def _wanted(cls) -> str | None:
        return cls._chosen or os.environ.get("CWG_EMBEDDING_MODEL", "").strip().lower() or None

    @classmethod
    def active(cls) -> sentence_models.SentenceModel | None:
        """The model that `encode` uses, or None when none is usable."""
        key = cls._wanted()
        if key is not None:
            model = sentence_models.MODELS.get(key)
            usable = model and sentence_models.missing_part(key) is None
            return model if usable and key not in cls._unavailable else None
        for model in sentence_models.installed():
            if model.key not in cls._unavailable:
                return model
        return None

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        """Whether embeddings can be used here, and why not. Only looks at files, never downloads."""
        if os.environ.get("CWG_DISABLE_EMBEDDINGS", "") in {"1", "true", "yes"}:
            return False, "sentence embeddings are turned off (CWG_DISABLE_EMBEDDINGS)"
        key = cls._wanted()
        if key is not None and key not in sentence_models.MODELS:
            return False, (
                f"CWG_EMBEDDING_MODEL={key!r} is not a sentence model "
                f"(use one of {', '.join(sentence_models.MODELS)})"
            )
        if cls.active() is not None:
            return True, ""
        keys = [key] if key else list(sentence_models.PREFERENCE)
        for candidate in keys:
            if candidate in cls._unavailable:
                return False, cls._unavailable[candidate]
        missing = sentence_models.missing_part(keys[-1])
        return (
            False,
            f"sentence embeddings are not installed ({missing}; run scripts/install-embeddings)",
        )

    @classmethod
    def model(cls):
        spec = cls.active()
        if spec is None:
            raise RuntimeError(cls.availability()[1])
        with cls._lock:
            if spec.key not in cls._models:
                try:
                    cls._models[spec.key] = sentence_models.load(spec.key)
                except Exception as exc:  # any failure means: fall back to BM25
                    cls._unavailable[spec.key] = (
                        f"the sentence model {spec.name} could not be loaded: {exc}"
                    )
                    raise
            return cls._models[spec.key]

    _cache: dict[tuple[str, str], np.ndarray] = {}
    CACHE_SIZE = 20000

    @classmethod
    def encode(cls, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of the texts; mandate passages recur across runs, so they are cached."""
        spec = cls.active()
        if not texts:
            return np.zeros((0, spec.dimensions if spec else 384), dtype=np.float32)
        model = cls.model()
        key = spec.key
        missing = list(dict.fromkeys(t for t in texts if (key, t) not in cls._cache))
        if missing:
            vectors = model.encode(
                missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
            if len(cls._cache) + len(missing) > cls.CACHE_SIZE:
                cls._cache.clear()
            for text, vector in zip(missing, vectors, strict=True):
                cls._cache[(key, text)] = np.asarray(vector, dtype=np.float32)
        return np.stack([cls._cache[(key, t)] for t in texts])


def embeddings_available() -> tuple[bool, str]:
    return Encoder.availability()


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each score, best first (ties keep the mandates' order)."""
    ranks = np.empty(scores.size, dtype=np.float64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
    return ranks


def fuse_ranks(
    bm25: np.ndarray, embedding: np.ndarray, *, weight: float = FUSION_WEIGHT_BM25, k: float = RRF_K
) -> np.ndarray:
    """Weighted reciprocal-rank fusion; a mandate sharing no word with the query gets no BM25 part."""
    semantic = (k + 1) / (k + _ranks(embedding))
    if float(bm25.max(initial=0)) <= 0:
        return ((1 - weight) * semantic).astype(np.float32)
    lexical = np.where(bm25 > 0, (k + 1) / (k + _ranks(bm25)), 0.0)
    return (weight * lexical + (1 - weight) * semantic).astype(np.float32)


def _normalise(scores: np.ndarray) -> np.ndarray:
    """Scale one query's scores to [0, 1] over the candidate mandates (min–max)."""
    if scores.size == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros_like(scores) if high <= 0 else np.ones_like(scores)
    return (scores - low) / (high - low)


class Ranker:
    """Scores queries against mandates with BM25, embeddings, or both fused."""

    def __init__(
        self,
        mandates: Sequence[MandateText],
        *,
        method: str = "combined",
        weight_bm25: float | None = None,
        rrf_k: float | None = None,
        max_weight: float | None = None,
        k1: float = K1,
        b: float = B,
    ):
        if method not in RANKERS:
            raise ValueError(f"unknown ranker {method!r}; use one of {', '.join(RANKERS)}")
        self.corpus = Corpus(mandates)
        self.mandates = self.corpus.mandates
        self.requested = method
        self.k1, self.b = k1, b
        self.note = ""
        self.passage_vectors: np.ndarray | None = None
        self.model: sentence_models.SentenceModel | None = None
        if method != "bm25":
            available, reason = embeddings_available()
            if available:
                try:
                    texts = [
                        text
                        for mandate in self.mandates
                        for text in [mandate.title, *mandate.passages]
                    ]
                    model = Encoder.active()
                    self.passage_vectors = Encoder.encode(texts)
                    self.model = model
                except Exception as exc:  # the model failed to load: say so, use BM25
                    reason = f"the sentence model could not be used: {exc}"
            if self.passage_vectors is None:
                self.note = reason + "; BM25 alone was used"
        # Each model has its own measured parameters; MiniLM's are the module constants.
        measured = self.model or sentence_models.MINILM
        self.weight_bm25 = measured.weight_bm25 if weight_bm25 is None else weight_bm25
        self.rrf_k = measured.rrf_k if rrf_k is None else rrf_k
        self.max_weight = measured.max_weight if max_weight is None else max_weight

    @property
    def model_name(self) -> str | None:
        """The sentence model the scores came from, or None for BM25 alone."""
        return self.model.name if self.model else None

    @property
    def run_note(self) -> str:
        """What a suggestion run records: why embeddings were not used, or which model was."""
        return self.note or (f"sentence model {self.model_name}" if self.model_name else "")

    def _vector(self, query: Query) -> np.ndarray:
        """The query's term counts, computed once per query object."""
        cached = getattr(query, "_vector", None)
        if cached is None:
            cached = self.corpus.query_vector(query.text)
            object.__setattr__(query, "_vector", cached)
        return cached

    @property
    def uses_embeddings(self) -> bool:
        return self.passage_vectors is not None

    def bm25_mandate_scores(self, query: Query, vector: np.ndarray | None = None) -> np.ndarray:
        vector = self.corpus.query_vector(query.text) if vector is None else vector
        tf = self.corpus.mandate_tf
        if query.exclude is not None:
            m_index, p_index = query.exclude
            tf = tf.copy()
            tf[m_index] -= self.corpus.passage_tf[self.corpus.row_of(m_index, p_index)]
        return bm25_scores(tf, vector, k1=self.k1, b=self.b)

    def embedding_mandate_scores(self, query_vector: np.ndarray, query: Query) -> np.ndarray:
        sims = self.passage_vectors @ query_vector
        if query.exclude is not None:
            sims = sims.copy()
            sims[self.corpus.row_of(*query.exclude)] = np.nan
        scores = np.zeros(len(self.mandates), dtype=np.float32)
        for m_index in range(len(self.mandates)):
            start = self.corpus.first_passage[m_index]
            end = start + 1 + len(self.mandates[m_index].passages)
            rows = sims[start:end]
            keep = ~np.isnan(rows)
            vectors = self.passage_vectors[start:end][keep]
            centroid = vectors.mean(axis=0)
            centroid_sim = float(centroid @ query_vector) / (float(np.linalg.norm(centroid)) or 1)
            scores[m_index] = (
                self.max_weight * float(np.nanmax(rows)) + (1 - self.max_weight) * centroid_sim
            )
        return scores

    def score(self, queries: Sequence[Query]) -> list[tuple[str, str, np.ndarray, dict]]:
        """For each query: method used, note, fused scores and the parts they came from."""
        english = [q for q in queries if q.language == "en"]
        vectors = {}
        if self.uses_embeddings and english:
            encoded = Encoder.encode([q.text for q in english])
            vectors = {id(q): encoded[i] for i, q in enumerate(english)}
        results = []
        for query in queries:
            bm25 = self.bm25_mandate_scores(query, self._vector(query))
            method, note = self.requested, self.note
            if not self.uses_embeddings:
                method = "bm25"
            elif query.language != "en":
                method = "bm25"
                note = (
                    f"only a {query.language} text exists and the sentence model is English-only: "
                    "BM25 alone was used"
                )
            emb = None
            if method != "bm25":
                emb = self.embedding_mandate_scores(vectors[id(query)], query)
            if method == "bm25":
                fused = _normalise(bm25)
            elif method == "embeddings":
                fused = _normalise(emb)
            else:
                fused = fuse_ranks(bm25, emb, weight=self.weight_bm25, k=self.rrf_k)
            results.append((method, note, fused, {"bm25": bm25, "embedding": emb}))
        return results

    def rank(self, queries: Sequence[Query], top: int = 3, with_passages: bool = True):
        rankings = []
        encoded = {}
        if with_passages and self.uses_embeddings:
            english = [q for q in queries if q.language == "en"]
            if english:
                vectors = Encoder.encode([q.text for q in english])
                encoded = {id(q): vectors[i] for i, q in enumerate(english)}
        for query, (method, note, fused, parts) in zip(queries, self.score(queries), strict=True):
            order = np.argsort(-fused, kind="stable")[:top]
            # Passages are scored against every passage of the corpus so idf stays meaningful;
            # once per query, shared by its suggestions.
            passage_scores = (
                bm25_scores(self.corpus.passage_tf, self._vector(query), k1=self.k1, b=self.b)
                if with_passages
                else None
            )
            suggestions = []
            for m_index in order:
                m_index = int(m_index)
                if method == "bm25" and parts["bm25"][m_index] <= 0:
                    break  # no word in common: not a match, whatever its rank
                suggestions.append(
                    Suggestion(
                        mandate=self.mandates[m_index].id,
                        score=round(float(fused[m_index]), 4),
                        bm25=round(float(parts["bm25"][m_index]), 4),
                        embedding=None
                        if parts["embedding"] is None
                        else round(float(parts["embedding"][m_index]), 4),
                        passages=self.matched_passages(
                            query,
                            m_index,
                            encoded.get(id(query)) if method != "bm25" else None,
                            passage_scores,
                        )
                        if with_passages
                        else [],
                    )
                )
            rankings.append(Ranking(query.id, method, note, suggestions))
        return rankings

    def matched_passages(
        self, query: Query, m_index: int, query_vector, all_scores: np.ndarray
    ) -> list[dict]:
        """The passages of one mandate that best match the query, best first."""
        mandate = self.mandates[m_index]
        if not mandate.passages:
            return []
        rows = [self.corpus.row_of(m_index, i) for i in range(len(mandate.passages))]
        lexical = _normalise(all_scores[rows]) if all_scores[rows].max(initial=0) > 0 else None
        semantic = None
        if query_vector is not None and self.passage_vectors is not None:
            semantic = _normalise(self.passage_vectors[rows] @ query_vector)
        if lexical is None and semantic is None:
            return []
        combined = (
            lexical
            if semantic is None
            else semantic
            if lexical is None
            else PASSAGE_WEIGHT_BM25 * lexical + (1 - PASSAGE_WEIGHT_BM25) * semantic
        )
        if query.exclude is not None and query.exclude[0] == m_index:
            combined = combined.copy()
            combined[query.exclude[1]] = -math.inf
        best = np.argsort(-combined, kind="stable")[:PASSAGES_SHOWN]
        return [
            {
                "passage": mandate.label(int(i)),
                "text": mandate.passages[int(i)],
                "score": round(float(combined[int(i)]), 4),
            }
            for i in best
            if combined[int(i)] > -math.inf
        ]


def leave_one_out_set(lines) -> tuple[list[MandateText], list[tuple[Query, str]]]:
    """Action lines as mandates (title + measures) and each measure as a query hiding itself."""
    mandates = []
    queries = []
    for line in lines:
        mandates.append(
            MandateText(
                id=line.code,
                title=line.title,
                passages=[m.full_text for m in line.measures],
                passage_labels=[f"{line.code} {m.number}" for m in line.measures],
            )
        )
    for m_index, line in enumerate(lines):
        for p_index, measure in enumerate(line.measures):
            queries.append(
                (
                    Query(
                        id=f"{line.code} {measure.number}",
                        text=measure.full_text,
                        exclude=(m_index, p_index),
                    ),
                    line.code,
                )
            )
    return mandates, queries


def recall_at(rankings_scores: list[np.ndarray], labels: list[int], k: int) -> float:
    hits = 0
    for scores, label in zip(rankings_scores, labels, strict=True):
        order = np.argsort(-scores, kind="stable")[:k]
        hits += int(label in set(int(i) for i in order))
    return hits / len(labels) if labels else 0.0
