"""The Meilisearch adapter of the search index port (through `search.meili_client.Meili`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from search.documents import ServiceDocument, StaffServiceDocument
from search.meili_client import Meili, MeiliError
from search.port import Readership, SearchPage, SearchQuery
from search.query import (
    Tier,
    build_search_request,
    parse_search_response,
    parse_tiered_response,
    quote,
    tiers,
)
from search.settings import VECTOR_STORES, index_settings

__all__ = ["AUDIENCES", "MeiliError", "MeiliSearchIndex"]
AUDIENCES: tuple[Readership, ...] = ("public", "staff")
VECTOR_STORE_FEATURE = "vectorStoreSetting"  # Meilisearch 1.21's experimental feature


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
        vector_store: str = "experimental",
    ) -> None:
        if vector_store not in VECTOR_STORES:
            raise ValueError(f"vector store {vector_store!r}: one of {', '.join(VECTOR_STORES)}")
        self.meili = Meili(url, api_key, timeout=timeout)
        self.url, self.api_key, self.prefix = self.meili.url, api_key, prefix
        self.dimensions = dimensions  # of the user-provided embedder; None: keyword search only
        self.vector_store = vector_store
        self.names: dict[Readership, str] = {a: f"{prefix}_services_{a}{suffix}" for a in AUDIENCES}
        # A rebuild's fresh indexes: their writes' tasks, waited for only before the swap.
        self._pending: list[int] | None = None

    def prepare(self) -> None:
        store = self._vector_store_setting()
        self.meili.wait(
            *(
                self.meili.ensure_index(name, index_settings(audience, self.dimensions, store))
                for audience, name in self.names.items()
            )
        )

    def _vector_store_setting(self) -> str | None:
        """The indexes' `vectorStore` setting. "experimental" (hannoy) switches Meilisearch's
        `vectorStoreSetting` feature on first: writing an edited document's vector took a tenth
        of arroy's time (`make bench`, README "Measured"). "stable" is sent only where the
        feature is on (Meilisearch refuses the setting otherwise), so an index moved to hannoy
        moves back; elsewhere the indexes keep the server's default, arroy."""
        if not self.dimensions:
            return None
        if self.vector_store == "experimental":
            self.meili.enable_experimental(VECTOR_STORE_FEATURE)
            return "experimental"
        return "stable" if self.meili.experimental(VECTOR_STORE_FEATURE) else None

    def upsert(
        self, public: Sequence[ServiceDocument], staff: Sequence[StaffServiceDocument]
    ) -> None:
        batches = ((self.names["public"], public), (self.names["staff"], staff))
        self._settle([self.meili.add(name, docs) for name, docs in batches if docs])

    def delete(self, ids: Sequence[str]) -> None:
        self._settle([t for name in self.names.values() for t in self.meili.delete_ids(name, ids)])

    def _settle(self, tasks: list[int]) -> None:
        """Waits for a write's tasks; a rebuild's fresh indexes keep them for `_flush`, so
        Meilisearch indexes one batch while the projection builds the next."""
        if self._pending is None:
            self.meili.wait(*tasks)
        else:
            self._pending += tasks

    def _flush(self) -> None:
        if self._pending:
            tasks, self._pending = self._pending, []
            self.meili.wait(*tasks, timeout=3600.0)

    def ids_for_organisation(self, organisation_id: str) -> list[str]:
        self._flush()
        return self.meili.document_ids(
            self.names["staff"], f"organisation_id = {quote(organisation_id)}"
        )

    def get(self, audience: Readership, id: str) -> dict[str, Any] | None:
        self._flush()
        return self.meili.document(self.names[audience], id)

    def count(self, audience: Readership) -> int:
        self._flush()
        return self.meili.count(self.names[audience])

    async def search(self, audience: Readership, query: SearchQuery) -> SearchPage:
        path, body, bands = self.search_request(audience, query)
        raw = await self.meili.search_async(path, body)
        if bands is None:
            return parse_search_response(raw, query)
        return parse_tiered_response(raw["results"], bands, query)

    def search_request(
        self, audience: Readership, query: SearchQuery
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
            vector_store=self.vector_store,
        )
        fresh.prepare()
        fresh._pending = []
        return fresh

    def complete_rebuild(self, fresh: Any) -> None:
        assert isinstance(fresh, MeiliSearchIndex)
        fresh._flush()
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
