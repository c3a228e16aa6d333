"""The Meilisearch adapter of the search index port, over HTTP with httpx."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
import msgspec

from search.documents import ServiceDocument, StaffServiceDocument
from search.port import Audience, SearchPage, SearchQuery, SearchUnavailableError
from search.query import (
    Tier,
    build_search_request,
    parse_search_response,
    parse_tiered_response,
    quote,
    tiers,
)
from search.settings import index_settings

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode
AUDIENCES: tuple[Audience, ...] = ("public", "staff")


class MeiliError(RuntimeError):
    """Meilisearch refused a request (a 4xx): a bug on our side, not an outage."""


class MeiliSearchIndex:
    """Public and staff indexes `<prefix>_services_public` / `_staff` on one Meilisearch server.

    Sends `Accept-Encoding: identity`: asking Meilisearch 1.21 for compressed responses on a
    keep-alive connection costs ~40 ms a request (Nagle and delayed ACK).
    """

    def __init__(
        self,
        url: str,
        api_key: str = "",
        prefix: str = "signpost",
        *,
        suffix: str = "",
        timeout: float = 10.0,
        dimensions: int | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.dimensions = dimensions  # of the user-provided embedder; None: keyword search only
        self.api_key = api_key
        self.prefix = prefix
        self.timeout = timeout
        self.names: dict[Audience, str] = {a: f"{prefix}_services_{a}{suffix}" for a in AUDIENCES}
        self._headers = {"Accept-Encoding": "identity", "Content-Type": "application/json"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(base_url=self.url, headers=self._headers, timeout=timeout)
        self._async: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient] | None = None

    # -- plumbing ------------------------------------------------------------------------

    def request(self, method: str, path: str, body: Any = None, *, ok_missing: bool = False) -> Any:
        content = body if isinstance(body, bytes) else (_encode(body) if body is not None else None)
        try:
            response = self._client.request(method, path, content=content)
        except httpx.TransportError as e:
            raise SearchUnavailableError(f"Meilisearch at {self.url} cannot be reached: {e}") from e
        if ok_missing and response.status_code == 404:
            return None
        if response.status_code >= 500:
            raise SearchUnavailableError(
                f"Meilisearch answered {response.status_code}: {response.text[:200]}"
            )
        if response.status_code >= 400:
            raise MeiliError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return _decode(response.content) if response.content else None

    def wait_for_task(self, task: dict[str, Any], timeout: float = 120.0) -> dict[str, Any]:
        uid = task["taskUid"]
        delay, deadline = 0.002, time.monotonic() + timeout
        while True:
            state: dict[str, Any] = self.request("GET", f"/tasks/{uid}")
            if state["status"] == "succeeded":
                return state
            if state["status"] in ("failed", "canceled"):
                raise MeiliError(f"Meilisearch task {uid} {state['status']}: {state.get('error')}")
            if time.monotonic() > deadline:
                raise SearchUnavailableError(
                    f"Meilisearch task {uid} still {state['status']} after {timeout}s"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _async_client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            client = httpx.AsyncClient(
                base_url=self.url,
                headers=self._headers,
                timeout=self.timeout,
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
            )
            self._async = (loop, client)
        return self._async[1]

    # -- the port ------------------------------------------------------------------------

    def ensure_index(self, name: str, settings: dict[str, Any]) -> dict[str, Any]:
        """Creates the index if it is missing; returns the task that applies its settings."""
        if self.request("GET", f"/indexes/{name}", ok_missing=True) is None:
            self.wait_for_task(self.request("POST", "/indexes", {"uid": name, "primaryKey": "id"}))
        task: dict[str, Any] = self.request("PATCH", f"/indexes/{name}/settings", settings)
        return task

    def prepare(self) -> None:
        tasks = [
            self.ensure_index(name, index_settings(audience, self.dimensions))
            for audience, name in self.names.items()
        ]
        for task in tasks:
            self.wait_for_task(task)

    def upsert(
        self, public: Sequence[ServiceDocument], staff: Sequence[StaffServiceDocument]
    ) -> None:
        tasks = []
        for name, docs in ((self.names["public"], public), (self.names["staff"], staff)):
            if docs:
                tasks.append(
                    self.request("POST", f"/indexes/{name}/documents?primaryKey=id", _encode(docs))
                )
        for task in tasks:
            self.wait_for_task(task)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        tasks = [
            self.request("POST", f"/indexes/{name}/documents/delete-batch", list(ids))
            for name in self.names.values()
        ]
        for task in tasks:
            self.wait_for_task(task)

    def ids_for_organisation(self, organisation_id: str) -> list[str]:
        return self.document_ids(self.names["staff"], f"organisation_id = {quote(organisation_id)}")

    def document_ids(self, index: str, filter: str) -> list[str]:
        """The ids of every document in `index` that matches the filter, a page at a time."""
        ids: list[str] = []
        offset = 0
        while True:
            body = {"filter": filter, "fields": ["id"], "limit": 1000, "offset": offset}
            page = self.request("POST", f"/indexes/{index}/documents/fetch", body)
            ids += [d["id"] for d in page["results"]]
            offset += 1000
            if offset >= page["total"]:
                return ids

    def get(self, audience: Audience, id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = self.request(
            "GET", f"/indexes/{self.names[audience]}/documents/{id}", ok_missing=True
        )
        return doc

    def count(self, audience: Audience) -> int:
        stats = self.request("GET", f"/indexes/{self.names[audience]}/stats")
        return int(stats["numberOfDocuments"])

    async def search(self, audience: Audience, query: SearchQuery) -> SearchPage:
        path, body, bands = self.search_request(audience, query)
        raw = await self._post(path, body)
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

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await self._async_client().post(path, content=_encode(body))
        except httpx.TransportError as e:
            raise SearchUnavailableError(f"Meilisearch at {self.url} cannot be reached: {e}") from e
        if response.status_code >= 500 or response.status_code == 404:
            raise SearchUnavailableError(f"Meilisearch answered {response.status_code}")
        if response.status_code >= 400:
            raise MeiliError(f"search: {response.status_code} {response.text[:500]}")
        result: dict[str, Any] = _decode(response.content)
        return result

    def begin_rebuild(self) -> MeiliSearchIndex:
        fresh = MeiliSearchIndex(
            self.url,
            self.api_key,
            self.prefix,
            suffix=f"_rebuild_{uuid.uuid4().hex[:8]}",
            timeout=self.timeout,
            dimensions=self.dimensions,
        )
        fresh.prepare()
        return fresh

    def complete_rebuild(self, fresh: Any) -> None:
        assert isinstance(fresh, MeiliSearchIndex)
        swaps = [{"indexes": [self.names[a], fresh.names[a]]} for a in AUDIENCES]
        self.wait_for_task(self.request("POST", "/swap-indexes", swaps))
        for name in fresh.names.values():  # now holding the old documents
            self.wait_for_task(self.request("DELETE", f"/indexes/{name}"))
        fresh.close()

    def drop(self) -> None:
        """Deletes both indexes (tests and tear-down)."""
        for name in self.names.values():
            task = self.request("DELETE", f"/indexes/{name}", ok_missing=True)
            try:
                if task:
                    self.wait_for_task(task)
            except MeiliError as e:
                if "index_not_found" not in str(e):
                    raise

    def health(self) -> bool:
        try:
            return bool(self._client.get("/health", timeout=2).status_code == 200)
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self._client.close()
        if self._async is not None:
            loop, client = self._async
            self._async = None
            if not loop.is_closed():
                with contextlib.suppress(RuntimeError):
                    if loop.is_running():
                        asyncio.run_coroutine_threadsafe(client.aclose(), loop)
                    else:
                        loop.run_until_complete(client.aclose())
