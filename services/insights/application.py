"""The insights application: records unmet searches and signposting (projections/insights.py
counts them for the reports)."""

from __future__ import annotations

import re
from typing import ClassVar
from uuid import UUID, uuid4

from search.settings import STOP_WORDS
from services.insights.domain import Signposting, UnmetSearch
from services.shared.application import MsgspecApplication

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_MAX_WORDS = 12
_STOP = frozenset([*STOP_WORDS, "and", "of", "our", "we", "you"])


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
    """Anonymous demand: searches that found nothing, and families signposted."""

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
