"""The Meilisearch adapter of the ORUK read model: services and service at locations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import uuid4

from search.meili_client import Meili
from search.oruk import OrukEntry, OrukPage, OrukQuery
from search.query import quote

KINDS = ("services", "locations")
MAX_TOTAL_HITS = 1_000_000


def oruk_settings() -> dict[str, Any]:
    return {
        "searchableAttributes": ["name", "terms", "organisation", "description"],
        "filterableAttributes": [
            "id",
            "service_id",
            "organisation_id",
            "term_ids",
            "taxonomy_ids",
            "min_age",
            "max_age",
            "opens",
            "closes",
            "days",
            "modified",
            "_geo",
        ],
        "sortableAttributes": ["name_sort", "id", "_geo"],
        "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    }


def oruk_filter(query: OrukQuery) -> list[str]:
    """The query's filters for Meilisearch (all must hold)."""
    f: list[str] = []
    if query.taxonomy_term_id is not None:
        f.append(f"term_ids = {quote(query.taxonomy_term_id)}")
    if query.taxonomy_id is not None:
        f.append(f"taxonomy_ids = {quote(query.taxonomy_id)}")
    if query.minimum_age is not None:
        f.append(f"min_age >= {query.minimum_age}")
    if query.maximum_age is not None:
        f.append(f"max_age <= {query.maximum_age}")
    if query.start_minutes is not None:
        f.append(f"opens >= {query.start_minutes}")
    if query.end_minutes is not None:
        f.append(f"closes <= {query.end_minutes}")
    if query.day is not None:
        f.append(f"days = {quote(query.day)}")
    if query.modified_after is not None:
        f.append(f"modified >= {query.modified_after}")
    if query.position is not None and query.radius_m is not None:
        lat, lng = query.position
        f.append(f"_geoRadius({lat}, {lng}, {query.radius_m})")
    if query.ranked is not None:
        f.append(f"service_id IN [{', '.join(quote(i) for i in query.ranked)}]")
    return f


def oruk_search_request(query: OrukQuery) -> dict[str, Any]:
    """The Meilisearch search body for a validated ORUK query: filter, order, one page."""
    sort = ["name_sort:asc", "id:asc"]
    if query.position is not None:
        lat, lng = query.position
        sort = [f"_geoPoint({lat}, {lng}):asc", *sort]
    return {
        "q": query.text,
        "filter": oruk_filter(query),
        "sort": sort,
        "page": query.page,
        "hitsPerPage": query.per_page,
        "attributesToRetrieve": ["doc"],
    }


class MeiliOrukIndex:
    """The ORUK read model on one Meilisearch server, through the same `Meili` as search."""

    def __init__(
        self, url: str, api_key: str = "", prefix: str = "signpost", *, suffix: str = ""
    ) -> None:
        self.meili = Meili(url, api_key)
        self.prefix = prefix
        self.names = {kind: f"{prefix}_oruk_{kind}{suffix}" for kind in KINDS}

    def prepare(self) -> None:
        self.meili.wait(*(self.meili.ensure_index(n, oruk_settings()) for n in self.names.values()))

    def replace(
        self, services: Sequence[OrukEntry], locations: Sequence[OrukEntry], gone: Sequence[str]
    ) -> None:
        m, services_index, locations_index = self.meili, *self.names.values()
        tasks = m.delete_where_in(locations_index, "service_id", [*gone, *(e.id for e in services)])
        tasks += m.delete_ids(services_index, gone)
        for name, entries in ((services_index, services), (locations_index, locations)):
            if entries:
                tasks.append(m.add(name, entries))
        m.wait(*tasks)  # Meilisearch applies one index's tasks in the order they arrived

    def get(self, kind: str, id: str) -> dict[str, Any] | None:
        found = self.meili.document(self.names[kind], id, ["doc"])
        return found["doc"] if found else None

    def search(self, kind: str, query: OrukQuery) -> OrukPage:
        index = self.names[kind]
        if query.ranked is not None:
            return self._ranked(index, query)
        raw = self.meili.search(index, oruk_search_request(query))
        return OrukPage(docs=[h["doc"] for h in raw["hits"]], total=int(raw["totalHits"]))

    def _ranked(self, index: str, query: OrukQuery) -> OrukPage:
        """The entries of the ranked services that pass the filters, in the ranking's order:
        their ids first, then the documents of one page."""
        if not query.ranked:
            return OrukPage(docs=[], total=0)
        body = {
            **oruk_search_request(query),
            "page": 1,
            "hitsPerPage": len(query.ranked) * 10,  # a service may be at several locations
            "attributesToRetrieve": ["id", "service_id"],
        }
        del body["sort"]
        rank = {id: i for i, id in enumerate(query.ranked)}
        hits = self.meili.search(index, body)["hits"]
        ids = [h["id"] for h in sorted(hits, key=lambda h: (rank[h["service_id"]], h["id"]))]
        start = (query.page - 1) * query.per_page
        wanted = ids[start : start + query.per_page]
        if not wanted:
            return OrukPage(docs=[], total=len(ids))
        page = self.meili.search(
            index,
            {
                "filter": f"id IN [{', '.join(quote(i) for i in wanted)}]",
                "limit": len(wanted),
                "attributesToRetrieve": ["id", "doc"],
            },
        )
        docs = {h["id"]: h["doc"] for h in page["hits"]}
        return OrukPage(docs=[docs[i] for i in wanted if i in docs], total=len(ids))

    def ids_for_organisation(self, organisation_id: str) -> list[str]:
        return self.meili.document_ids(
            self.names["services"], f"organisation_id = {quote(organisation_id)}"
        )

    def count(self, kind: str) -> int:
        return self.meili.count(self.names[kind])

    def health(self) -> bool:
        return self.meili.healthy()

    def begin_rebuild(self) -> MeiliOrukIndex:
        m = self.meili
        fresh = MeiliOrukIndex(m.url, m.api_key, self.prefix, suffix=f"_rebuild_{uuid4().hex[:8]}")
        fresh.prepare()
        return fresh

    def complete_rebuild(self, fresh: Any) -> None:
        assert isinstance(fresh, MeiliOrukIndex)
        self.meili.wait(self.meili.swap([(self.names[k], fresh.names[k]) for k in KINDS]))
        fresh.drop()  # now holding the old documents
        fresh.close()

    def drop(self) -> None:
        """Deletes both indexes (tests and tear-down)."""
        for name in self.names.values():
            self.meili.drop(name)

    def close(self) -> None:
        self.meili.close()
