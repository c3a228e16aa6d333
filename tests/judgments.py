"""The search judgment set (tests/data/judgments.toml): load it, judge a result, score a run.

A judgment is a query in a family's or a worker's own words and a rule saying which services
would help, written over the services' content (never their generated ids), so it holds for any
catalogue: the demo, a real feed, or all of them at once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from uuid import NAMESPACE_URL, uuid5

import msgspec

from projections.documents import public_document
from services.catalogue import taxonomy
from services.catalogue.demo import demo_records
from services.catalogue.domain import Service
from services.catalogue.importing.oruk import load_feed
from services.catalogue.model import Status
from services.catalogue.records import OrganisationRecord, ServiceRecord

DATA = Path(__file__).resolve().parent / "data"
JUDGMENTS = DATA / "judgments.toml"
FEEDS = DATA / "feeds"
K = 5  # a need query is answered when a relevant service is among the first K results

Voice = Literal["parent", "staff", "young_person"]
Corpus = Literal["demo", "bristol", "north_lincolnshire", "any"]
Kind = Literal["need", "name"]
CORPORA: tuple[str, ...] = ("demo", "bristol", "north_lincolnshire")
FEED_FILES = {
    "bristol": FEEDS / "bristol_oruk_v1_services.json",
    "north_lincolnshire": FEEDS / "north_lincolnshire_oruk_v1_services.json",
}


class Rule(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Which services would help: filed under any of `categories` (taxonomy ids, parents
    included), or any of `name_patterns` found in the service's name, organisation or summary,
    unless one of `exclude_patterns` is found there too. Patterns are case-insensitive regexes
    over those fields one a line (so ^ and $ anchor a field); a name query reads only the name
    and organisation."""

    categories: tuple[str, ...] = ()
    name_patterns: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()


class Judgment(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One query. `corpus` is the catalogue it was written from ("any": all three have an
    answer); `kind = "name"` asks for one service by name, which must come first."""

    query: str
    voice: Voice
    corpus: Corpus
    relevant: Rule
    kind: Kind = "need"


class Rate(msgspec.Struct, kw_only=True):
    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.rate:6.1%} ({self.hits}/{self.total})"


class Miss(msgspec.Struct, kw_only=True):
    query: str
    kind: Kind
    voice: Voice
    corpus: Corpus
    shown: list[str]  # the names of the results that were judged, best first


class Report(msgspec.Struct, kw_only=True):
    """`overall`: every judgment (need queries by hits@K, name queries by first place);
    `needs`, `by_voice` and `by_corpus`: need queries, hits@K; `names`: first-place rate."""

    overall: Rate
    needs: Rate
    names: Rate
    by_voice: dict[str, Rate]
    by_corpus: dict[str, Rate]
    misses: list[Miss]


def load_judgments(path: Path = JUDGMENTS) -> list[Judgment]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    return msgspec.convert(data["judgment"], list[Judgment])


@lru_cache(maxsize=1024)
def _pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.MULTILINE)


def is_relevant(doc: Mapping[str, Any], j: Judgment) -> bool:
    """Does this search document (a dict of ServiceDocument fields) answer the judgment?"""
    fields = ("name", "organisation") if j.kind == "name" else ("name", "organisation", "summary")
    text = "\n".join(str(doc.get(f) or "") for f in fields)
    exclude = _pattern(j.relevant.exclude_patterns)
    if exclude is not None and exclude.search(text):
        return False
    if set(j.relevant.categories) & set(doc.get("categories") or ()):
        return True
    pattern = _pattern(j.relevant.name_patterns)
    return pattern is not None and pattern.search(text) is not None


def hits_at(k: int, docs: Sequence[Mapping[str, Any]], j: Judgment) -> bool:
    """A name query hits when its service comes first; a need query when one of the first k
    results is relevant."""
    if j.kind == "name":
        return bool(docs) and is_relevant(docs[0], j)
    return any(is_relevant(d, j) for d in docs[:k])


def score(
    results: Mapping[str, Sequence[Mapping[str, Any]]],
    judgments: Iterable[Judgment] | None = None,
    k: int = K,
) -> Report:
    """Scores one run: `results` maps each judgment's query to the documents it returned, best
    first. A query missing from `results` found nothing."""
    overall, needs, names = Rate(), Rate(), Rate()
    by_voice: dict[str, Rate] = {}
    by_corpus: dict[str, Rate] = {}
    misses: list[Miss] = []
    for j in load_judgments() if judgments is None else judgments:
        docs = results.get(j.query, [])
        hit = hits_at(k, docs, j)
        if j.kind == "name":
            rates = [overall, names]
        else:
            voice, corpus = (
                by_voice.setdefault(j.voice, Rate()),
                by_corpus.setdefault(j.corpus, Rate()),
            )
            rates = [overall, needs, voice, corpus]
        for rate in rates:
            rate.total += 1
            rate.hits += hit
        if not hit:
            shown = docs[:1] if j.kind == "name" else docs[:k]
            misses.append(
                Miss(
                    query=j.query,
                    kind=j.kind,
                    voice=j.voice,
                    corpus=j.corpus,
                    shown=[str(d.get("name", "")) for d in shown],
                )
            )
    return Report(
        overall=overall,
        needs=needs,
        names=names,
        by_voice=dict(sorted(by_voice.items())),
        by_corpus=dict(sorted(by_corpus.items())),
        misses=misses,
    )


def corpus_records(corpus: str) -> tuple[list[OrganisationRecord], list[ServiceRecord]]:
    """The records of one catalogue the judgments were written from: the demo catalogue (its
    first 160 services) or one of the real feeds in tests/data/feeds."""
    if corpus == "demo":
        return demo_records()
    feed = load_feed(str(FEED_FILES[corpus]))
    return feed.organisations, feed.services


def offline_documents(corpus: str) -> list[dict[str, Any]]:
    """The corpus as the public index would hold it (withdrawn services left out), built
    without an event store or Meilisearch."""
    organisations, records = corpus_records(corpus)
    names = {o.external_id: o.details.name for o in organisations}
    docs = []
    for r in records:
        if r.status == Status.WITHDRAWN:
            continue
        org_id = uuid5(NAMESPACE_URL, f"{corpus}/organisation/{r.organisation_external_id}")
        service = Service.register(
            org_id,
            r.details,
            id=uuid5(NAMESPACE_URL, f"{corpus}/service/{r.external_id}"),
            actor="judgments",
        )
        for location in r.locations:
            service.add_location(location, actor="judgments")
        service.categorise(r.categories, actor="judgments")
        document = public_document(service, names[r.organisation_external_id])
        docs.append(msgspec.to_builtins(document))
    return docs


def unknown_categories(judgments: Iterable[Judgment]) -> set[str]:
    return {c for j in judgments for c in j.relevant.categories if c not in taxonomy.TERMS}
