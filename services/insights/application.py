"""The insights application: records unmet searches and reports the gaps they show."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import ClassVar
from uuid import UUID, uuid4

import msgspec

from search.settings import STOP_WORDS
from services.insights.domain import Signposting, UnmetSearch
from services.shared.application import MsgspecApplication
from services.shared.reading import events_of_type

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_MAX_WORDS = 12
_STOP = frozenset([*STOP_WORDS, "and", "of", "our", "we", "you"])


class GapReport(msgspec.Struct, kw_only=True):
    """Counts of unmet searches by word, filter and postcode district, most frequent first."""

    searches: int
    words: list[tuple[str, int]]
    filters: list[tuple[str, int]]
    districts: list[tuple[str, int]]
    since: dt.datetime | None = None


def words_of(text: str) -> list[str]:
    """The lower-cased words of a query, without repeats: what a gap report counts."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return list(dict.fromkeys(words))[:_MAX_WORDS]


def postcode_district(postcode: str) -> str:
    """The outward code ("E15" of "E15 4BQ"): coarse enough to name no household."""
    compact = postcode.replace(" ", "").upper()
    if not compact:
        return ""
    return compact[:-3] if len(compact) > 4 else compact


class Insights(MsgspecApplication):
    """Anonymous demand: unmet searches now, signposting records later."""

    name = "insights"
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "0"}

    def record_unmet_search(self, text: str, filters: dict[str, str], postcode: str) -> UUID:
        search = UnmetSearch.record(
            id=uuid4(),
            words=words_of(text),
            filters={k: v[:100] for k, v in sorted(filters.items()) if v},
            district=postcode_district(postcode),
        )
        self.save(search)
        return search.id

    def record_signposting(
        self, needs: str, categories: list[str], postcode: str, services: list[UUID]
    ) -> UUID:
        """Counts that a family was signposted; the actor is a role, never a person."""
        signposting = Signposting.record(
            id=uuid4(),
            needs=words_of(needs),
            categories=sorted(set(categories))[:20],
            district=postcode_district(postcode),
            services=list(dict.fromkeys(services))[:20],
            actor="staff",
        )
        self.save(signposting)
        return signposting.id

    def signpostings(self) -> list[Signposting.Recorded]:
        return list(events_of_type(self, Signposting.Recorded))

    def signposting_report(self, *, top: int = 20) -> dict[str, list[tuple[str, int]] | int]:
        """How often families were signposted, by need, category, district and service."""
        records = self.signpostings()

        def count(values: Iterable[str]) -> list[tuple[str, int]]:
            return Counter(values).most_common(top)

        return {
            "signpostings": len(records),
            "needs": count(w for r in records for w in r.needs),
            "categories": count(c for r in records for c in r.categories),
            "districts": count(r.district for r in records if r.district),
            "services": count(str(s) for r in records for s in r.services),
        }

    def gap_report(self, *, since: dt.datetime | None = None, top: int = 20) -> GapReport:
        words: Counter[str] = Counter()
        filters: Counter[str] = Counter()
        districts: Counter[str] = Counter()
        searches = 0
        for event in events_of_type(self, UnmetSearch.Recorded):
            if since is not None and event.timestamp < since:
                continue
            searches += 1
            words.update(event.words)
            filters.update(f"{k}={v}" for k, v in event.filters.items())
            if event.district:
                districts[event.district] += 1
        return GapReport(
            searches=searches,
            words=words.most_common(top),
            filters=filters.most_common(top),
            districts=districts.most_common(top),
            since=since,
        )
