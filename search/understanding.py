"""What a family's words ask for: the words for each half of the search, and any sign of danger."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import product
from pathlib import Path

import msgspec

DATA = Path(__file__).parent / "data" / "understanding"
MAX_KEYWORDS = 10
"""Meilisearch matches on the first ten words of a query only."""
SEMANTIC_WORDS = 150
"""all-MiniLM-L6-v2 reads 256 word pieces: a longer text is cut so the field words still count."""

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u00b4`", "'"))
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_Span = tuple[int, int]
_JOINING = frozenset({"and", "or", "the", "a", "an", "of", "for", "with", "to", "in", "on"})


class Helpline(msgspec.Struct, frozen=True, kw_only=True):
    """A line to ring now, shown above the results when the words signal danger."""

    name: str
    phone: str
    about: str
    url: str


class Signal(msgspec.Struct, frozen=True, kw_only=True):
    """A sign of danger in the words: what to tell the family, and which services go first."""

    kind: str
    heading: str
    helplines: list[Helpline]
    first: list[str]
    demote: list[str]


class Understanding(msgspec.Struct, frozen=True, kw_only=True):
    """The typed text read for need and danger (see `understand`)."""

    text: str
    keywords: str
    semantic: str
    expansions: list[str]
    signals: list[Signal]
    first: list[str]
    demote: list[str]


def understand(text: str) -> Understanding:
    """Read a family's words (`search/data/understanding/*.toml` hold the reviewed data).

    The text is lower-cased, accents and curly apostrophes made plain, a trailing 's dropped and
    texting spellings and slips put right ("cant", "skool", "sucide"). Everyday phrases are then
    found on whole words and turned into the field's words, and danger phrases into signals.

    `keywords`, for Meilisearch: the field's words first, then the typed words left over. The
    words of a recognised phrase give way to its field words ("addicted to betting" becomes
    "gambling"): Meilisearch ranks a service lower for every query word it lacks. Conversational
    words, words of one or two letters (bar a few such as "dv" and "gp") and, when field words
    were found, generic words ("son", "family", "support") are left out. At most ten words: over
    that, generic words go first, then typed words, then field words, each from the end.
    `keywords` ends with a space, so Meilisearch does not match its last word as a prefix,
    unless it is the typed text unchanged with a last word of three letters or more (a search
    for "parent" still finds "parenting"). It is empty when no word decides anything ("help me").

    `semantic`, for the embedding model: the text as typed (its first 150 words), then " — " and
    every field word found. `signals` come in the order of `safety.toml`.
    """
    typed = text.strip()
    words, safety = _words(), _safety()
    typed_tokens = _tokens(typed)
    tokens = words.correct(typed_tokens)
    plain = " ".join(tokens)

    signals: list[Signal] = []
    means: list[str] = []
    also: list[str] = []
    replaced: list[_Span] = []
    for rule in safety.rules:
        spans = rule.spans(plain)
        if spans:
            signals.append(rule.signal)
            means += rule.means
            also += rule.also
            replaced += spans if rule.means else []
    for start, end, need in sorted(words.needs.find(plain)):
        means += words.means[need]
        also += words.also[need]
        replaced.append((start, end))

    keywords = words.keywords(tokens, _outside(tokens, replaced), _unique(means))
    expansions = _unique(means + also)
    cut = typed.split()
    shown = typed if len(cut) <= SEMANTIC_WORDS else " ".join(cut[:SEMANTIC_WORDS])
    return Understanding(
        text=typed,
        keywords=_query(keywords, typed_tokens),
        semantic=f"{shown} — {', '.join(expansions)}" if expansions else shown,
        expansions=expansions,
        signals=signals,
        first=_unique(c for s in signals for c in s.first),
        demote=_unique(c for s in signals for c in s.demote),
    )


def urgent_helplines(signals: Sequence[Signal]) -> list[Helpline]:
    """Every signal's helplines, each once, in the order first given."""
    seen: dict[tuple[str, str], Helpline] = {}
    for signal in signals:
        for line in signal.helplines:
            seen.setdefault((line.name, line.phone), line)
    return list(seen.values())


def _query(words: list[str], typed: list[str]) -> str:
    if not words:
        return ""
    whole = words != typed or len(words[-1]) < 3
    return " ".join(words) + (" " if whole else "")


def _plain(text: str) -> str:
    """Lower case, straight apostrophes, Latin letters without accents (other scripts kept)."""
    out = []
    for char in text.translate(_APOSTROPHES).lower():
        if ord(char) < 0x250:
            char = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
        out.append(char)
    return "".join(out)


def _tokens(text: str) -> list[str]:
    return [w.removesuffix("'s") for w in _WORD.findall(_plain(text))]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _outside(tokens: list[str], spans: list[_Span]) -> list[bool]:
    """Per token: whether it lies outside every span (offsets in the tokens joined by spaces)."""
    flags, at = [], 0
    for token in tokens:
        flags.append(not any(start <= at < end for start, end in spans))
        at += len(token) + 1
    return flags


def _one_slip(a: str, b: str) -> bool:
    """Whether a and b differ by one letter missing, extra, changed, or two letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    i = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    return short[i:] == long[i + 1 :]


class _Phrases:
    """Phrases found on whole words in plain text; a phrase inside a longer one gives way to it."""

    def __init__(self, phrases: Iterable[tuple[str, int]]) -> None:
        self._by_first: dict[str, list[tuple[re.Pattern[str], int]]] = {}
        self._any: list[tuple[re.Pattern[str], int]] = []
        for phrase, owner in phrases:
            body = r"\s".join(
                re.escape(w[:-1]) + r"\S*" if w.endswith("*") else re.escape(w)
                for w in phrase.split()
            )
            compiled = (re.compile(rf"(?<!\S){body}(?!\S)"), owner)
            first = phrase.split()[0]
            if first.endswith("*"):
                self._any.append(compiled)
            else:
                self._by_first.setdefault(first, []).append(compiled)

    def find(self, plain: str) -> list[tuple[int, int, int]]:
        """(start, end, owner) of each phrase found."""
        candidates = [p for word in set(plain.split()) for p in self._by_first.get(word, [])]
        found = [
            (m.start(), m.end(), owner)
            for pattern, owner in candidates + self._any
            for m in pattern.finditer(plain)
        ]
        return [
            (s, e, owner)
            for s, e, owner in found
            if not any(s2 <= s and e <= e2 and e2 - s2 > e - s for s2, e2, _ in found)
        ]


def _expand(phrase: str, groups: dict[str, list[str]]) -> list[str]:
    """The phrase once for each word of each {group} it names."""
    parts = _PLACEHOLDER.split(phrase)  # odd places hold group names
    for name in parts[1::2]:
        if name not in groups:
            raise ValueError(f"understanding data: {phrase!r} names no group {name!r}")
    return [
        "".join(part if i % 2 == 0 else choice[i // 2] for i, part in enumerate(parts))
        for choice in product(*(groups[name] for name in parts[1::2]))
    ]


class _NeedData(msgspec.Struct, forbid_unknown_fields=True):
    say: list[str]
    means: list[str]
    also: list[str] = msgspec.field(default_factory=list)


class _KeywordData(msgspec.Struct, forbid_unknown_fields=True):
    conversational: list[str]
    generic: list[str]
    short: list[str]


class _FuzzyData(msgspec.Struct, forbid_unknown_fields=True):
    words: list[str]


class _WordsData(msgspec.Struct, forbid_unknown_fields=True):
    spellings: dict[str, str]
    fuzzy: _FuzzyData
    keywords: _KeywordData
    need: list[_NeedData]
    groups: dict[str, list[str]] = msgspec.field(default_factory=dict)


class _SignalData(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    heading: str
    helplines: list[str]
    say: list[str]
    unless: list[str] = msgspec.field(default_factory=list)
    first: list[str] = msgspec.field(default_factory=list)
    demote: list[str] = msgspec.field(default_factory=list)
    means: list[str] = msgspec.field(default_factory=list)
    also: list[str] = msgspec.field(default_factory=list)


class _SafetyData(msgspec.Struct, forbid_unknown_fields=True):
    helplines: dict[str, Helpline]
    signal: list[_SignalData]
    groups: dict[str, list[str]] = msgspec.field(default_factory=dict)


def _read(name: str) -> object:
    with (DATA / name).open("rb") as f:
        return tomllib.load(f)


class _Words:
    """words.toml, checked and compiled."""

    def __init__(self, data: _WordsData, safety: _SafetyData) -> None:
        self.spellings = {k: v.split() for k, v in data.spellings.items()}
        self.fuzzy = data.fuzzy.words
        if short := [w for w in self.fuzzy if len(w) < 7]:
            raise ValueError(f"understanding data: fuzzy words of under 7 letters: {short}")
        self.conversational = frozenset(data.keywords.conversational)
        self.generic = frozenset(data.keywords.generic)
        self.short = frozenset(data.keywords.short)
        said = [p for need in data.need for p in need.say + need.means + need.also]
        said += [p for r in safety.signal for p in r.say + r.unless + r.means + r.also]
        said += [p for g in (data.groups, safety.groups) for group in g.values() for p in group]
        self.known = {w for p in said for w in _tokens(p)} | set(self.fuzzy)
        self.means = [need.means for need in data.need]
        self.also = [need.also for need in data.need]
        self.needs = _Phrases(
            self.phrases(
                ((p, i) for i, need in enumerate(data.need) for p in need.say), data.groups, set()
            )
        )

    def correct(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        for token in tokens:
            if token in self.spellings:
                out += self.spellings[token]
            elif len(token) >= 6 and token not in self.known:
                out.append(next((w for w in self.fuzzy if _one_slip(token, w)), token))
            else:
                out.append(token)
        return out

    def phrases(
        self, phrases: Iterable[tuple[str, int]], groups: dict[str, list[str]], seen: set[str]
    ) -> list[tuple[str, int]]:
        """Each phrase with its {groups} filled in, checked to be in plain form and unrepeated."""
        out = []
        for phrase, owner in phrases:
            for filled in _expand(phrase, groups):
                bare = " ".join(w.removesuffix("*") for w in filled.split())
                if " ".join(self.correct(_tokens(bare))) != bare:
                    raise ValueError(f"understanding data: write {filled!r} in plain form")
                if filled in seen:
                    raise ValueError(f"understanding data: {filled!r} is listed twice")
                seen.add(filled)
                out.append((filled, owner))
        return out

    def keywords(self, tokens: list[str], outside: list[bool], means: list[str]) -> list[str]:
        # The field's own words are kept whole, "help" of "early help" too: only joining words go.
        field = _unique(
            w for phrase in means for w in _tokens(phrase) if w not in _JOINING and len(w) > 1
        )
        typed = _unique(
            t
            for t, out in zip(tokens, outside, strict=True)
            if out and self.keeps(t) and t not in field and not (field and t in self.generic)
        )
        ranked = [(w, 2) for w in field] + [(w, 1) for w in typed]
        ranked = [(w, 0 if w in self.generic else rank) for w, rank in ranked]
        order = sorted(range(len(ranked)), key=lambda i: (ranked[i][1], -i))
        dropped = set(order[: max(0, len(ranked) - MAX_KEYWORDS)])
        return [w for i, (w, _) in enumerate(ranked) if i not in dropped]

    def keeps(self, word: str) -> bool:
        return (
            word not in self.conversational
            and "'" not in word
            and (len(word) >= 3 or word in self.short)
        )


class _Rule:
    """One [[signal]] of safety.toml, compiled."""

    def __init__(self, data: _SignalData, signal: Signal, say: _Phrases, unless: _Phrases) -> None:
        self.signal, self.means, self.also = signal, data.means, data.also
        self._say, self._unless = say, unless

    def spans(self, plain: str) -> list[_Span]:
        """Where the rule's phrases are found, bar those inside one of its `unless` phrases."""
        unless = [(s, e) for s, e, _ in self._unless.find(plain)]
        return [
            (s, e)
            for s, e, _ in self._say.find(plain)
            if not any(s2 <= s and e <= e2 for s2, e2 in unless)
        ]


class _Safety:
    """safety.toml, checked and compiled."""

    def __init__(self, data: _SafetyData, words: _Words) -> None:
        for key, line in data.helplines.items():
            if not line.phone.strip():
                raise ValueError(f"understanding data: helpline {key!r} has no phone number")
        seen: set[str] = set()
        self.rules = []
        for rule in data.signal:
            if unknown := [k for k in rule.helplines if k not in data.helplines]:
                raise ValueError(f"understanding data: {rule.kind} names no helpline {unknown}")
            signal = Signal(
                kind=rule.kind,
                heading=rule.heading,
                helplines=[data.helplines[k] for k in rule.helplines],
                first=rule.first,
                demote=rule.demote,
            )
            say = _Phrases(words.phrases(((p, 0) for p in rule.say), data.groups, seen))
            unless = _Phrases(words.phrases(((p, 0) for p in rule.unless), data.groups, set()))
            self.rules.append(_Rule(rule, signal, say, unless))


@cache
def _safety_data() -> _SafetyData:
    return msgspec.convert(_read("safety.toml"), _SafetyData)


@cache
def _words() -> _Words:
    return _Words(msgspec.convert(_read("words.toml"), _WordsData), _safety_data())


@cache
def _safety() -> _Safety:
    return _Safety(_safety_data(), _words())


def did_you_mean(text: str, vocabulary: Iterable[str] = ()) -> str | None:
    """The text with its misspelt words put right, or None when none is: for a search that found
    nothing ("bullyng" -> "bullying"). A word of four letters or more that is neither in the
    understanding data nor in `vocabulary` (the catalogue's own words, lower case) is replaced by
    the known word one slip away (a letter missing, extra, wrong, or two swapped), the most
    alike first; "skool"-style spellings are put right as `understand` does."""
    words = _words()
    known = words.known | set(vocabulary)
    out: list[str] = []
    changed = False
    for token in _tokens(text):
        if token in words.spellings:
            out += words.spellings[token]
            changed = True
        elif len(token) >= 4 and token not in known:
            near = [w for w in known if len(w) >= 4 and _one_slip(token, w)]
            best = min(
                near, key=lambda w: (w[0] != token[0], abs(len(w) - len(token)), w), default=None
            )
            out.append(best or token)
            changed = changed or best is not None
        else:
            out.append(token)
    return " ".join(out) if changed else None
