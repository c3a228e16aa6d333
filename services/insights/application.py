"""The insights application: records unmet searches and signposting (projections/insights.py
counts them for the reports)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import ClassVar
from uuid import UUID, uuid4

from search.geo import district_of
from search.settings import STOP_WORDS
from search.understanding import understand
from services.catalogue.taxonomy import TERMS, classify
from services.insights.domain import Search, Signposting
from services.shared.application import MsgspecApplication

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_MAX_WORDS = 12
_MAX_PHRASE = 100
_PERSONAL = re.compile(r"\d{4,}|[a-z]\d|\d[a-z]")
_STOP = frozenset([*STOP_WORDS, "and", "of", "our", "we", "you"])


def words_of(text: str) -> list[str]:
    """The lower-cased words of a query, without repeats: what a gap report counts."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return list(dict.fromkeys(words))[:_MAX_WORDS]


def phrase_of(text: str) -> str:
    """The words of a search as one phrase, lower-cased, without anything that looks like a
    postcode, a phone number or an address (a word mixing letters and digits, a long number)."""
    words = [w for w in _WORD.findall(text.lower()) if not _PERSONAL.search(w)]
    return " ".join(words[:_MAX_WORDS])[:_MAX_PHRASE]


def needs_of(text: str, categories: Sequence[str] = ()) -> list[str]:
    """The needs (top-level categories) a search asks for: those its words map to, read the
    way search reads them (the typed text and every field word found for it), and those of any
    category chosen."""
    understood = understand(text) if text.strip() else None
    found = classify(f"{understood.semantic} {understood.keywords}") if understood else []
    tops = [top_of(c) for c in [*categories, *found]]
    return sorted({t for t in tops if t})


def top_of(category: str) -> str | None:
    """The top-level category of a category id ("money" of "money.debt-advice")."""
    term = TERMS.get(category)
    if term is None:
        return None
    return term.parent_id or term.id


class Insights(MsgspecApplication):
    """Anonymous demand: searches that found nothing, and families signposted."""

    name = "insights"
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "0"}

    def record_unmet_search(self, text: str, filters: dict[str, str], postcode: str) -> UUID:
        """A search that found nothing relevant (no hit above the relevance threshold)."""
        return self.record_search(text, filters, postcode, found=False)

    def record_search(
        self,
        text: str,
        filters: dict[str, str],
        postcode: str,
        *,
        found: bool,
        at: dt.datetime | None = None,
    ) -> UUID:
        """A family's search: demand by need and district, and unmet when `found` is false."""
        categories = [c for c in filters.get("category", "").split(",") if c]
        search = Search.record(
            id=uuid4(),
            phrase=phrase_of(text),
            needs=needs_of(text, categories),
            district=district_of(postcode) or "",
            found=found,
            filters={k: v[:100] for k, v in sorted(filters.items()) if v},
            at=at,
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
            district=district_of(postcode) or "",
            services=list(dict.fromkeys(services))[:20],
            actor="staff",
        )
        self.save(signposting)
        return signposting.id
