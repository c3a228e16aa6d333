"""An in-memory search index for unit tests: exact word matching, same filters and facets."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import msgspec

from search.documents import EMBEDDER, ServiceDocument, StaffServiceDocument
from search.geo import distance_km
from search.port import CARD_FIELDS, FACETS, Readership, SearchHit, SearchPage, SearchQuery
from search.query import Tier, age_months, asks_for_training, tiers
from search.settings import SEARCHABLE


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


class InMemorySearchIndex:
    """Holds documents in dicts; a query's words must all appear in a searchable field."""

    def __init__(self) -> None:
        self.docs: dict[Readership, dict[str, dict[str, Any]]] = {"public": {}, "staff": {}}

    def prepare(self) -> None:
        pass

    def upsert(
        self, public: Sequence[ServiceDocument], staff: Sequence[StaffServiceDocument]
    ) -> None:
        for audience, docs in (("public", public), ("staff", staff)):
            for doc in docs:
                self.docs[audience][doc.id] = msgspec.to_builtins(doc)  # type: ignore[index]

    def delete(self, ids: Sequence[str]) -> None:
        for docs in self.docs.values():
            for id in ids:
                docs.pop(id, None)

    def ids_for_organisation(self, organisation_id: str) -> list[str]:
        return [
            d["id"] for d in self.docs["staff"].values() if d["organisation_id"] == organisation_id
        ]

    def get(self, audience: Readership, id: str) -> dict[str, Any] | None:
        return self.docs[audience].get(id)

    def count(self, audience: Readership) -> int:
        return len(self.docs[audience])

    def _score(self, doc: dict[str, Any], query: SearchQuery) -> float | None:
        """1.0 when every keyword is in a searchable field; with a vector, otherwise the
        cosine similarity as Meilisearch scores it, (1 + cos) / 2; None when no match."""
        text = query.text if query.keywords is None else query.keywords
        words = _words(" ".join(str(doc.get(f, "")) for f in SEARCHABLE))
        if _words(text) <= words:
            return 1.0
        vector = (doc.get("_vectors") or {}).get(EMBEDDER)
        if query.vector is None or not vector:
            return None
        cosine = sum(a * b for a, b in zip(query.vector, vector, strict=True))
        score = (1 + cosine) / 2
        return score if score >= query.min_score else None

    def _matches(self, doc: dict[str, Any], query: SearchQuery) -> bool:
        months = age_months(query)
        if months is not None and not (
            _within(doc, "min_age_months", "max_age_months", months)
            or _within(doc, "child_min_age_months", "child_max_age_months", months)
        ):
            return False
        if (
            query.families_only
            and not asks_for_training(query.categories)
            and not doc.get("for_families", True)
        ):
            return False
        checks = [
            (
                query.categories,
                lambda: any(c in doc.get("categories", []) for c in query.categories),
            ),
            (query.free_only, lambda: doc.get("free", True)),
            (query.delivery, lambda: any(d in doc.get("delivery", []) for d in query.delivery)),
            (query.self_referral, lambda: doc.get("self_referral", False)),
            (query.referral_route, lambda: query.referral_route in doc.get("referral_routes", [])),
            (query.day, lambda: query.day in doc.get("days", [])),
            (query.language, lambda: query.language in doc.get("languages", [])),
            (query.organisation_id, lambda: doc["organisation_id"] == query.organisation_id),
        ]
        if not all(check() for wanted, check in checks if wanted):  # type: ignore[no-untyped-call]
            return False
        if query.position is not None and query.radius_km is not None:
            geo = doc.get("_geo")
            if not geo:
                return False
            return distance_km(query.position, (geo["lat"], geo["lng"])) <= query.radius_km
        return True

    async def search(self, audience: Readership, query: SearchQuery) -> SearchPage:
        scored = [
            (score, d)
            for d in self.docs[audience].values()
            if self._matches(d, query) and (score := self._score(d, query)) is not None
        ]
        if query.vector is not None and query.sort == "relevance":
            scored.sort(key=lambda pair: -pair[0])
        bands = tiers(query)  # they partition the results: each document is in exactly one
        band = {
            d["id"]: next(i for i, t in enumerate(bands) if _in_tier(d, t, query.district))
            for _, d in scored
        }
        found = sorted((d for _, d in scored), key=lambda d: band[d["id"]])  # stable
        outside = {id for id, i in band.items() if bands[i].local is False}

        def distance(doc: dict[str, Any]) -> float | None:
            geo = doc.get("_geo")
            if query.position is None or not geo:
                return None
            return distance_km(query.position, (geo["lat"], geo["lng"]))

        if query.sort == "least_recently_checked":
            found.sort(key=lambda d: int(d.get("checked_at", 0)))
        elif query.position is not None and (query.sort == "distance" or not query.text):
            found.sort(
                key=lambda d: (
                    band[d["id"]],
                    km if (km := distance(d)) is not None else math.inf,
                )
            )
        facets = {
            name: dict(Counter(v for d in found for v in _values(d.get(name)))) for name in FACETS
        }
        start = (query.page - 1) * query.per_page
        hits = [
            SearchHit(
                id=d["id"],
                name=d["name"],
                organisation=d.get("organisation", ""),
                summary=d.get("summary", ""),
                distance_km=round(km, 2) if (km := distance(d)) is not None else None,
                out_of_area=d.get("area_name", "") if d["id"] in outside else "",
                document={k: d[k] for k in CARD_FIELDS if k in d} if query.cards else {},
            )
            for d in found[start : start + query.per_page]
        ]
        return SearchPage(
            hits=hits,
            total=len(found),
            page=query.page,
            per_page=query.per_page,
            total_pages=math.ceil(len(found) / query.per_page),
            facets=facets,
            semantic=query.vector is not None,
        )

    def begin_rebuild(self) -> InMemorySearchIndex:
        return InMemorySearchIndex()

    def complete_rebuild(self, fresh: Any) -> None:
        assert isinstance(fresh, InMemorySearchIndex)
        self.docs = fresh.docs

    def health(self) -> bool:
        return True


def _within(doc: dict[str, Any], low: str, high: str, months: tuple[int, int]) -> bool:
    return bool(doc.get(low, 0) <= months[1] and doc.get(high, 1500) >= months[0])


def _in_tier(doc: dict[str, Any], tier: Tier, district: str | None) -> bool:
    categories = doc.get("categories", [])
    if tier.categories_in and not any(c in categories for c in tier.categories_in):
        return False
    if any(c in categories for c in tier.categories_not_in):
        return False
    if tier.local is not None and district:
        areas = doc.get("area_districts") or []
        return (not areas or district in areas) == tier.local
    return True


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
