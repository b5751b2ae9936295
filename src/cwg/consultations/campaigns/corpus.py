"""Labelled synthetic consultation corpus for measuring campaign detection (deterministic by seed).

The corpus mixes four kinds of submission:

- template campaigns: a form letter copied verbatim (with case, spacing and punctuation noise
  that normalisation removes) or lightly edited (word substitutions, typos, inserted and
  deleted sentences, reordered sentences);
- spun campaigns: every sentence slot is filled from a few alternative phrasings, as in the
  2017 FCC net-neutrality docket, so most members are distinct texts;
- unique comments: prose generated from a vocabulary and grammar, so two unique comments do
  not look alike;
- short placeholders ("See attached file(s)") that are near-identical but carry no content;
- optionally (`partial_share`, `chain_share`), the cases that mislead single-link clustering:
  partial use (a personal comment quoting one or two sentences of a template campaign: not a
  member, `partial_of` names the campaign) and chains (texts overlapping their neighbours
  only: sliding windows over a pool of sentences, and a serial commenter's comments on
  different subjects sharing two boilerplate sentences): no campaign.

`generate(n, seed)` returns a `Corpus` with texts and the true campaign label of each
(None for unique comments, placeholders, partial use and chains).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = _words(
    "internet access broadband network infrastructure policy proposal framework regulation "
    "governance consultation community citizen consumer provider operator government agency "
    "council member state stakeholder society industry market competition innovation investment "
    "privacy security data protection encryption identity content platform service application "
    "website server domain address protocol standard interoperability connectivity bandwidth "
    "spectrum satellite cable fibre tower village school hospital library farmer student "
    "teacher parent family business enterprise startup developer engineer researcher university "
    "journalist newspaper speech expression freedom right obligation law court judge ruling "
    "decision committee report study survey evidence analysis cost price tariff fee subsidy "
    "fund budget tax revenue economy growth employment job skill literacy training education "
    "health emergency disaster resilience outage cyberattack threat vulnerability incident "
    "response cooperation partnership dialogue transparency accountability oversight audit "
    "principle value culture language diversity inclusion gender youth elder disability region "
    "country city municipality neighbourhood household device phone computer tablet software "
    "hardware cloud storage algorithm model automation artificial intelligence robot sensor "
    "energy climate environment waste recycling transport road railway port border trade export "
    "import tariff customs bank payment currency fraud scam spam advertising tracking cookie "
    "consent account password backup archive record history future generation neutrality "
    "traffic throttling blocking filtering censorship surveillance warrant whistleblower "
    "minority majority election campaign vote ballot democracy parliament"
)

VERBS = _words(
    "support oppose protect ensure improve reduce increase expand limit restrict require allow "
    "prevent promote encourage discourage regulate monitor review consider reject adopt "
    "implement enforce strengthen weaken replace remove introduce develop fund finance connect "
    "serve reach include exclude respect violate threaten harm benefit guarantee preserve "
    "maintain secure deliver provide offer share collect process store sell buy build repair "
    "upgrade measure compare report publish explain discuss debate clarify simplify complicate "
    "delay accelerate coordinate harmonise challenge question welcome"
)

ADJECTIVES = _words(
    "open free fair equal affordable reliable fast slow secure private public national local "
    "regional global rural urban remote digital modern traditional complex simple clear vague "
    "strong weak important essential necessary unnecessary harmful useful effective efficient "
    "costly cheap transparent opaque accountable independent neutral biased small large "
    "significant minor new existing current future previous proposed final draft binding "
    "voluntary mandatory universal limited excessive reasonable unreasonable sustainable "
    "vulnerable marginalised underserved innovative competitive dominant emerging critical"
)

ADVERBS = _words(
    "strongly clearly carefully urgently fully partly openly quickly slowly fairly equally "
    "deeply seriously gradually immediately consistently effectively respectfully firmly"
)

PREPOSITIONS = _words("for in on across within without under against towards through between among")
DETERMINERS = _words("the this that every each our their any some no")
SUBJECTS = [
    "i",
    "we",
    "our organisation",
    "my family",
    "our members",
    "many people",
    "everyone",
    "citizens",
]
OPENERS = [
    "however",
    "moreover",
    "furthermore",
    "in addition",
    "therefore",
    "for this reason",
    "above all",
    "in practice",
    "at the same time",
    "in my experience",
    "as a result",
    "finally",
    "first",
    "second",
]

SYLLABLES = _words(
    "ka ro mi ta ne lu sa vo ri pe da ko mu zi fa le bo ni ga tu re so ha vi cor lin mar tes "
    "ban dor fel gan hul jor kim lom nar pol quin rus sil tor ulm ven"
)

PLACEHOLDERS = (
    "See attached file(s)",
    "See attached",
    "See attached.",
    "Please see the attached document",
    "Please see the attached document.",
    "please see attached",
    "See attachment",
    "Comments attached.",
    "Attached.",
    "See the attached PDF",
    "Please find our comments attached.",
    "see attached file",
    "Our response is attached.",
)


@dataclass
class Corpus:
    """Texts with their true campaign label (None when the text belongs to no campaign)."""

    texts: list[str] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    partial_of: list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def items(self) -> list[tuple[str, str]]:
        return [(f"s{i}", text) for i, text in enumerate(self.texts)]


class _Grammar:
    """Generates varied comment prose from word lists and a few sentence shapes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        # Pseudo-words stand for names, places and jargon; they make the vocabulary large
        # enough that two generated comments share few word triples.
        coined: set[str] = set()
        while len(coined) < 4000:
            coined.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.coined = sorted(coined)

    def noun(self) -> str:
        rng = self.rng
        return rng.choice(self.coined) if rng.random() < 0.25 else rng.choice(NOUNS)

    def noun_phrase(self) -> str:
        rng = self.rng
        parts = [rng.choice(DETERMINERS)]
        if rng.random() < 0.6:
            parts.append(rng.choice(ADJECTIVES))
        parts.append(self.noun())
        if rng.random() < 0.35:
            parts += ["of", rng.choice(("the", "our", "local", "rural")), self.noun()]
        return " ".join(parts)

    def sentence(self) -> str:
        rng = self.rng
        shape = rng.randrange(8)
        verb = rng.choice(VERBS)
        if shape == 0:
            words = f"{self.noun_phrase()} should {verb} {self.noun_phrase()} {rng.choice(PREPOSITIONS)} {self.noun_phrase()}"
        elif shape == 1:
            words = f"{rng.choice(SUBJECTS)} {rng.choice(ADVERBS)} {verb} {self.noun_phrase()} because it would {rng.choice(VERBS)} {self.noun_phrase()}"
        elif shape == 2:
            words = (
                f"{rng.choice(OPENERS)} {self.noun_phrase()} must not {verb} {self.noun_phrase()}"
            )
        elif shape == 3:
            words = f"it is {rng.choice(ADJECTIVES)} that {self.noun_phrase()} can {verb} {self.noun_phrase()} {rng.choice(PREPOSITIONS)} {self.noun_phrase()}"
        elif shape == 4:
            words = f"the {rng.choice(NOUNS)} of {self.noun_phrase()} is {rng.choice(ADVERBS)} {rng.choice(ADJECTIVES)} and {rng.choice(ADJECTIVES)}"
        elif shape == 5:
            words = f"we ask the council to {verb} {self.noun_phrase()} and to {rng.choice(VERBS)} {self.noun_phrase()}"
        elif shape == 6:
            words = f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)} cannot {verb} {self.noun_phrase()} without {self.noun_phrase()}"
        else:
            words = f"{self.noun_phrase()} {rng.choice(('has', 'will', 'could'))} {verb} {self.noun_phrase()} in {rng.randint(2, 40)} {rng.choice(('years', 'months', 'countries', 'regions'))}"
        return words[0].upper() + words[1:] + rng.choice((".", ".", ".", "!", "?"))

    def paragraph(self, low: int, high: int) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(low, high))]


def _noisy_copy(rng: random.Random, text: str) -> str:
    """A verbatim copy with noise that normalisation removes: case, spacing, punctuation."""
    roll = rng.random()
    if roll < 0.55:
        return text
    if roll < 0.7:
        return text.upper() if rng.random() < 0.3 else text.lower()
    if roll < 0.85:
        return "  " + text.replace(". ", ".\n\n").replace(", ", " , ") + " "
    return text.replace(".", "!").replace(",", ";")


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word + rng.choice("aeiou")
    i = rng.randrange(len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i:]


def _edit(rng: random.Random, grammar: _Grammar, sentences: list[str]) -> str:
    """A lightly edited variant of a form letter."""
    sentences = list(sentences)
    if len(sentences) > 4 and rng.random() < 0.4:
        for _ in range(rng.randint(1, 2)):
            del sentences[rng.randrange(len(sentences))]
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            sentences.insert(rng.randrange(len(sentences) + 1), grammar.sentence())
    if rng.random() < 0.3:
        i, j = rng.randrange(len(sentences)), rng.randrange(len(sentences))
        sentences[i], sentences[j] = sentences[j], sentences[i]
    substitution = rng.uniform(0.0, 0.08)
    typos = rng.uniform(0.0, 0.04)
    out = []
    for sentence in sentences:
        words = sentence.split(" ")
        for k, word in enumerate(words):
            roll = rng.random()
            if roll < substitution:
                words[k] = rng.choice(NOUNS) if rng.random() < 0.5 else rng.choice(ADJECTIVES)
            elif roll < substitution + typos:
                words[k] = _typo(rng, word)
        out.append(" ".join(words))
    return " ".join(out)


def _campaign_sizes(rng: random.Random, budget: int, low: int, alpha: float) -> list[int]:
    """Heavy-tailed campaign sizes (a few very large, many small) filling `budget`."""
    sizes: list[int] = []
    cap = max(low, budget // 4)
    while budget >= low:
        size = min(cap, int(low * rng.paretovariate(alpha)), budget)
        sizes.append(size)
        budget -= size
    return sizes


def generate(
    n: int,
    seed: int = 0,
    *,
    template_share: float = 0.55,
    spun_share: float = 0.15,
    placeholder_share: float = 0.04,
    exact_share: float = 0.6,
    partial_share: float = 0.0,
    chain_share: float = 0.0,
) -> Corpus:
    """Generate `n` labelled submissions in a shuffled order. Same arguments, same corpus."""
    rng = random.Random(seed)
    grammar = _Grammar(rng)
    texts: list[str] = []
    labels: list[str | None] = []
    kinds: list[str] = []
    letters: list[tuple[str, list[str], int]] = []

    for number, size in enumerate(_campaign_sizes(rng, int(n * template_share), 3, 0.9)):
        label = f"template-{number}"
        sentences = grammar.paragraph(5, 12)
        letters.append((label, sentences, size))
        letter = " ".join(sentences)
        for _ in range(size):
            if rng.random() < exact_share:
                texts.append(_noisy_copy(rng, letter))
            else:
                texts.append(_edit(rng, grammar, sentences))
            labels.append(label)
            kinds.append("template")

    for number, size in enumerate(_campaign_sizes(rng, int(n * spun_share), 20, 0.8)):
        label = f"spun-{number}"
        slots = [
            [grammar.sentence() for _ in range(rng.randint(3, 5))]
            for _ in range(rng.randint(6, 11))
        ]
        for _ in range(size):
            chosen = [rng.choice(alternatives) for alternatives in slots]
            text = " ".join(chosen)
            texts.append(_edit(rng, grammar, chosen) if rng.random() < 0.1 else text)
            labels.append(label)
            kinds.append("spun")

    for _ in range(int(n * placeholder_share)):
        texts.append(_noisy_copy(rng, rng.choice(PLACEHOLDERS)))
        labels.append(None)
        kinds.append("placeholder")

    partial_of: list[str | None] = [None] * len(texts)
    extra = _misleading(rng, grammar, letters, int(n * partial_share), int(n * chain_share))
    for text, kind, quoted in extra:
        texts.append(text)
        labels.append(None)
        kinds.append(kind)
        partial_of.append(quoted)

    while len(texts) < n:
        texts.append(" ".join(grammar.paragraph(2, 12)))
        labels.append(None)
        kinds.append("unique")
        partial_of.append(None)

    order = list(range(len(texts)))
    rng.shuffle(order)
    return Corpus(
        texts=[texts[i] for i in order],
        labels=[labels[i] for i in order],
        kinds=[kinds[i] for i in order],
        partial_of=[partial_of[i] for i in order],
    )


def _misleading(
    rng: random.Random,
    grammar: _Grammar,
    letters: list[tuple[str, list[str], int]],
    partial: int,
    chains: int,
) -> list[tuple[str, str, str | None]]:
    """(text, kind, campaign quoted) of partial-use comments and chains."""
    out: list[tuple[str, str, str | None]] = []
    quotable = [letter for letter in letters if letter[2] >= 5]
    for _ in range(partial if quotable else 0):
        label, sentences, _size = rng.choices(quotable, [q[2] for q in quotable])[0]
        start = rng.randrange(len(sentences) - 1)
        quoted = sentences[start : start + rng.randint(1, 2)]
        own = grammar.paragraph(6, 10)
        at = rng.randrange(len(own) + 1)
        out.append((" ".join([*own[:at], *quoted, *own[at:]]), "partial", label))
    while chains > 0:
        length = min(chains, rng.randint(4, 6))
        if rng.random() < 0.5:
            # Sliding windows: each text shares four sentences with the next, none with the
            # text three places on.
            pool = grammar.paragraph(6 + 2 * length, 6 + 2 * length)
            for k in range(length):
                out.append((" ".join(pool[2 * k : 2 * k + 6]), "chain", None))
        else:
            # A serial commenter: different subjects, the same two sentences in each comment.
            boilerplate = grammar.paragraph(2, 2)
            for _ in range(length):
                own = grammar.paragraph(6, 10)
                out.append((" ".join([*own, *boilerplate]), "chain", None))
        chains -= length
    return out


def generate_kind(kind: str, n: int, seed: int = 0) -> Corpus:
    """A corpus of one kind only (for tests): template, spun, unique or placeholder."""
    shares = {
        "template": {"template_share": 1.0, "spun_share": 0.0, "placeholder_share": 0.0},
        "spun": {"template_share": 0.0, "spun_share": 1.0, "placeholder_share": 0.0},
        "unique": {"template_share": 0.0, "spun_share": 0.0, "placeholder_share": 0.0},
        "placeholder": {"template_share": 0.0, "spun_share": 0.0, "placeholder_share": 1.0},
    }[kind]
    return generate(n, seed, **shares)
