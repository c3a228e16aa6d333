"""An in-memory ORUK read model for unit tests and exports: the same filters, order and paging."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from search.geo import distance_km
from search.oruk import OrukEntry, OrukPage, OrukQuery

KINDS = ("services", "locations")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def matches(entry: OrukEntry, query: OrukQuery) -> bool:
    """Whether one entry passes every filter of the query (the reference for the adapters)."""
    if query.text:
        haystack = " ".join([entry.name, entry.organisation, entry.description, *entry.terms])
        if not _words(query.text) <= _words(haystack):
            return False
    checks = [
        query.taxonomy_term_id is None or query.taxonomy_term_id in entry.term_ids,
        query.taxonomy_id is None or query.taxonomy_id in entry.taxonomy_ids,
        query.minimum_age is None
        or (entry.min_age is not None and entry.min_age >= query.minimum_age),
        query.maximum_age is None
        or (entry.max_age is not None and entry.max_age <= query.maximum_age),
        query.start_minutes is None or any(m >= query.start_minutes for m in entry.opens),
        query.end_minutes is None or any(m <= query.end_minutes for m in entry.closes),
        query.day is None or query.day in entry.days,
        query.modified_after is None or entry.modified >= query.modified_after,
        query.ranked is None or entry.service_id in query.ranked,
    ]
    if not all(checks):
        return False
    if query.position is not None and query.radius_m is not None:
        return entry._geo is not None and metres(query.position, entry._geo) <= query.radius_m
    return True


def metres(position: tuple[float, float], geo: dict[str, float]) -> float:
    return distance_km(position, (geo["lat"], geo["lng"])) * 1000


def order(found: list[OrukEntry], query: OrukQuery) -> list[OrukEntry]:
    found = sorted(found, key=lambda e: (e.name_sort, e.id))
    if query.ranked is not None:
        rank = {id: i for i, id in enumerate(query.ranked)}
        return sorted(found, key=lambda e: rank[e.service_id])
    if query.position is not None:
        position = query.position
        found.sort(key=lambda e: metres(position, e._geo) if e._geo else math.inf)
    return found


class InMemoryOrukIndex:
    """Holds entries in dicts; a query's words must all appear in the searchable fields."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, OrukEntry]] = {kind: {} for kind in KINDS}

    def prepare(self) -> None:
        pass

    def replace(
        self, services: Sequence[OrukEntry], locations: Sequence[OrukEntry], gone: Sequence[str]
    ) -> None:
        dropped = set(gone) | {e.id for e in services}
        self.entries["locations"] = {
            k: e for k, e in self.entries["locations"].items() if e.service_id not in dropped
        }
        for service_id in gone:
            self.entries["services"].pop(service_id, None)
        for entry in services:
            self.entries["services"][entry.id] = entry
        for entry in locations:
            self.entries["locations"][entry.id] = entry

    def get(self, kind: str, id: str) -> dict[str, Any] | None:
        entry = self.entries[kind].get(id)
        return entry.doc if entry else None

    def search(self, kind: str, query: OrukQuery) -> OrukPage:
        found = order([e for e in self.entries[kind].values() if matches(e, query)], query)
        start = (query.page - 1) * query.per_page
        return OrukPage(
            docs=[e.doc for e in found[start : start + query.per_page]], total=len(found)
        )

    def ids_for_organisation(self, organisation_id: str) -> list[str]:
        return [
            e.id for e in self.entries["services"].values() if e.organisation_id == organisation_id
        ]

    def count(self, kind: str) -> int:
        return len(self.entries[kind])

    def health(self) -> bool:
        return True

    def begin_rebuild(self) -> InMemoryOrukIndex:
        return InMemoryOrukIndex()

    def complete_rebuild(self, fresh: Any) -> None:
        assert isinstance(fresh, InMemoryOrukIndex)
        self.entries = fresh.entries
