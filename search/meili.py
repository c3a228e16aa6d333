"""The Meilisearch adapter of the search index port (through `search.meili_client.Meili`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from search.documents import ServiceDocument, StaffServiceDocument
from search.meili_client import Meili, MeiliError
from search.port import Audience, SearchPage, SearchQuery
from search.query import (
    Tier,
    build_search_request,
    parse_search_response,
    parse_tiered_response,
    quote,
    tiers,
)
from search.settings import index_settings

__all__ = ["AUDIENCES", "MeiliError", "MeiliSearchIndex"]
AUDIENCES: tuple[Audience, ...] = ("public", "staff")


class MeiliSearchIndex:
    """Public and staff indexes `<prefix>_services_public` / `_staff` on one Meilisearch server."""

    def __init__(
        self,
        url: str,
        api_key: str = "",
        prefix: str = "signpost",
        *,
        suffix: str = "",
        timeout: int = 10,
        dimensions: int | None = None,
    ) -> None:
        self.meili = Meili(url, api_key, timeout=timeout)
        self.url, self.api_key, self.prefix = self.meili.url, api_key, prefix
        self.dimensions = dimensions  # of the user-provided embedder; None: keyword search only
        self.names: dict[Audience, str] = {a: f"{prefix}_services_{a}{suffix}" for a in AUDIENCES}

    def prepare(self) -> None:
        self.meili.wait(
            *(
                self.meili.ensure_index(name, index_settings(audience, self.dimensions))
                for audience, name in self.names.items()
            )
        )

    def upsert(
        self, public: Sequence[ServiceDocument], staff: Sequence[StaffServiceDocument]
    ) -> None:
        batches = ((self.names["public"], public), (self.names["staff"], staff))
        self.meili.wait(*(self.meili.add(name, docs) for name, docs in batches if docs))

    def delete(self, ids: Sequence[str]) -> None:
        tasks = [t for name in self.names.values() for t in self.meili.delete_ids(name, ids)]
        self.meili.wait(*tasks)

    def ids_for_organisation(self, organisation_id: str) -> list[str]:
        return self.meili.document_ids(
            self.names["staff"], f"organisation_id = {quote(organisation_id)}"
        )

    def get(self, audience: Audience, id: str) -> dict[str, Any] | None:
        return self.meili.document(self.names[audience], id)

    def count(self, audience: Audience) -> int:
        return self.meili.count(self.names[audience])

    async def search(self, audience: Audience, query: SearchQuery) -> SearchPage:
        path, body, bands = self.search_request(audience, query)
        raw = await self.meili.search_async(path, body)
        if bands is None:
            return parse_search_response(raw, query)
        return parse_tiered_response(raw["results"], bands, query)

    def search_request(
        self, audience: Audience, query: SearchQuery
    ) -> tuple[str, dict[str, Any], list[Tier] | None]:
        """The one request a search sends: a search, or a multi-search of its ranking's bands."""
        index = self.names[audience]
        bands = tiers(query)
        if bands == [Tier()]:
            return f"/indexes/{index}/search", build_search_request(query, audience), None
        queries = [
            {"indexUid": index, **build_search_request(query, audience, tier)} for tier in bands
        ]
        return "/multi-search", {"queries": queries}, bands

    def begin_rebuild(self) -> MeiliSearchIndex:
        fresh = MeiliSearchIndex(
            self.url,
            self.api_key,
            self.prefix,
            suffix=f"_rebuild_{uuid.uuid4().hex[:8]}",
            timeout=self.meili.timeout,
            dimensions=self.dimensions,
        )
        fresh.prepare()
        return fresh

    def complete_rebuild(self, fresh: Any) -> None:
        assert isinstance(fresh, MeiliSearchIndex)
        self.meili.wait(self.meili.swap([(self.names[a], fresh.names[a]) for a in AUDIENCES]))
        fresh.drop()  # now holding the old documents
        fresh.close()

    def drop(self) -> None:
        """Deletes both indexes (tests and tear-down)."""
        for name in self.names.values():
            self.meili.drop(name)

    def health(self) -> bool:
        return self.meili.healthy()

    def close(self) -> None:
        self.meili.close()
