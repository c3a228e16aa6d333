"""Meilisearch through its official Python client, with errors as the search ports name them."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx
import meilisearch
import msgspec
from meilisearch.errors import MeilisearchApiError, MeilisearchError

from search.port import SearchUnavailableError
from search.query import quote

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode
# What Meilisearch accepts as a document id; any other id names no document.
_DOCUMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,511}")
IDENTITY = {"Accept-Encoding": "identity"}


class MeiliError(RuntimeError):
    """Meilisearch refused a request (a 4xx) or failed a task: a bug on our side, not an outage."""


class Meili:
    """One Meilisearch server, reached through the official `meilisearch` client.

    The client (synchronous, on `requests`) does all index management and indexing: indexes,
    settings (embedders included), document batches, tasks, swaps, deletes, stats, health.
    What is written by hand is here and nowhere else:
    - errors: unreachable, a timeout or a 5xx raise `SearchUnavailableError` (search answers
      503, writes wait); any other refusal or a failed task raises `MeiliError`;
    - `wait`: polls the client's `get_task` from 2 ms, doubling to 50 ms, so a write is
      searchable within milliseconds of Meilisearch applying it (the client's own
      `wait_for_task` polls every 50 ms and gives up after 5 s, too soon for a rebuild);
    - `search_async`: the families' search from the event loop, over one kept-alive
      `httpx.AsyncClient` per loop: the client in a worker thread cost more than 10% over it
      with one client (`make bench`, README "Measured");
    - every request sends `Accept-Encoding: identity`: asked for gzip on a kept-alive
      connection, Meilisearch 1.21 stalls about 40 ms a request, and gzip costs the client
      (a connection a request) time too (`make bench`).
    """

    def __init__(self, url: str, api_key: str = "", *, timeout: int = 10) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.client = meilisearch.Client(
            self.url, api_key or None, timeout=timeout, custom_headers=IDENTITY
        )
        self._probe = meilisearch.Client(
            self.url, api_key or None, timeout=2, custom_headers=IDENTITY
        )
        self._async: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient] | None = None

    @contextlib.contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except MeilisearchApiError as e:
            if e.status_code >= 500:
                raise SearchUnavailableError(f"Meilisearch answered {e.status_code}: {e}") from e
            raise MeiliError(f"{what}: {e.status_code} {e}") from e
        except MeilisearchError as e:  # cannot connect, or timed out
            raise SearchUnavailableError(f"Meilisearch at {self.url}: {e}") from e

    # -- indexes and tasks -------------------------------------------------------------------

    def ensure_index(self, name: str, settings: dict[str, Any]) -> int:
        """Creates the index if it is missing; returns the task that applies its settings."""
        with self._errors(f"index {name}"):
            try:
                self.client.get_raw_index(name)
            except MeilisearchApiError as e:
                if e.code != "index_not_found":
                    raise
                self.wait(self.client.create_index(name, {"primaryKey": "id"}).task_uid)
            return self.client.index(name).update_settings(settings).task_uid

    def wait(self, *tasks: int, timeout: float = 120.0) -> None:
        """Returns once every task succeeded; a failed or cancelled one raises `MeiliError`."""
        for uid in tasks:
            delay, deadline = 0.002, time.monotonic() + timeout
            while True:
                with self._errors(f"task {uid}"):
                    task = self.client.get_task(uid)
                if task.status == "succeeded":
                    break
                if task.status in ("failed", "canceled"):
                    code = (task.error or {}).get("code", "")
                    raise MeiliError(f"Meilisearch task {uid} {task.status}: {code} {task.error}")
                if time.monotonic() > deadline:
                    raise SearchUnavailableError(
                        f"Meilisearch task {uid} still {task.status} after {timeout}s"
                    )
                time.sleep(delay)
                delay = min(delay * 2, 0.05)

    def experimental(self, feature: str) -> bool:
        """Whether an experimental feature (`GET /experimental-features`) is on."""
        with self._errors("experimental features"):
            return bool(self.client.get_experimental_features().get(feature))

    def enable_experimental(self, feature: str) -> None:
        """Switches an experimental feature on for the whole server (it stays on)."""
        with self._errors("experimental features"):
            self.client.update_experimental_features({feature: True})

    def swap(self, pairs: Sequence[tuple[str, str]]) -> int:
        with self._errors("swap"):
            return self.client.swap_indexes([{"indexes": [a, b]} for a, b in pairs]).task_uid

    def drop(self, name: str) -> None:
        """Deletes the index and waits; a missing index is already dropped."""
        with self._errors(f"delete index {name}"):
            uid = self.client.delete_index(name).task_uid
        try:
            self.wait(uid)
        except MeiliError as e:
            if "index_not_found" not in str(e):
                raise

    def count(self, name: str) -> int:
        with self._errors(f"stats of {name}"):
            return self.client.index(name).get_stats().number_of_documents

    def healthy(self) -> bool:
        """Meilisearch answers `/health` within 2 s (no key needed)."""
        return self._probe.is_healthy()

    # -- documents ---------------------------------------------------------------------------

    def add(self, name: str, documents: Sequence[Any]) -> int:
        """Adds or replaces documents (msgspec structs or dicts) by `id`; returns the task."""
        index = self.client.index(name)
        with self._errors(f"documents of {name}"):
            body = _encode(documents)
            return index.add_documents_raw(body, "id", "application/json").task_uid

    def delete_ids(self, name: str, ids: Sequence[str]) -> list[int]:
        """Deletes documents by id through the client's own transport and the batch route: its
        `delete_documents(ids)` warns that it is deprecated, and the filter it prefers would
        need `id` filterable, which made document batches slower when tried."""
        if not ids:
            return []
        index = self.client.index(name)
        with self._errors(f"delete from {name}"):
            return [
                int(index.http.post(f"indexes/{name}/documents/delete-batch", [*ids])["taskUid"])
            ]

    def delete_where_in(self, name: str, field: str, values: Sequence[str]) -> list[int]:
        """Deletes the documents whose `field` is one of `values`, 500 values a task."""
        tasks = []
        for at in range(0, len(values), 500):
            filter = f"{field} IN [{', '.join(quote(v) for v in values[at : at + 500])}]"
            with self._errors(f"delete from {name}"):
                tasks.append(self.client.index(name).delete_documents(filter=filter).task_uid)
        return tasks

    def document(self, name: str, id: str, fields: Sequence[str] = ()) -> dict[str, Any] | None:
        if not _DOCUMENT_ID.fullmatch(id):
            return None
        params: dict[str, Any] = {"fields": list(fields)} if fields else {}
        with self._errors(f"document {id} of {name}"):
            try:
                return dict(self.client.index(name).get_document(id, params))
            except MeilisearchApiError as e:
                if e.status_code == 404:
                    return None
                raise

    def document_ids(self, name: str, filter: str) -> list[str]:
        """The ids of every document in the index that matches the filter, a page at a time."""
        ids: list[str] = []
        while True:
            params = {"filter": filter, "fields": ["id"], "limit": 1000, "offset": len(ids)}
            with self._errors(f"documents of {name}"):
                page = self.client.index(name).get_documents(params)
            ids += [d.id for d in page.results]
            if not page.results or len(ids) >= page.total:
                return ids

    # -- searching ---------------------------------------------------------------------------

    def search(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """A search from a thread, through the client."""
        params = {k: v for k, v in body.items() if k != "q"}
        with self._errors(f"search {name}"):
            return self.client.index(name).search(body.get("q") or "", params)

    async def search_async(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A search (`/indexes/{uid}/search` or `/multi-search`) from the event loop."""
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

    def _async_client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            headers = {**IDENTITY, "Content-Type": "application/json"}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            client = httpx.AsyncClient(
                base_url=self.url,
                headers=headers,
                timeout=self.timeout,
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
            )
            self._async = (loop, client)
        return self._async[1]

    def close(self) -> None:
        """Closes the async client; the client's requests keep no connection open."""
        if self._async is None:
            return
        loop, client = self._async
        self._async = None
        if not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                if loop.is_running():
                    asyncio.run_coroutine_threadsafe(client.aclose(), loop)
                else:
                    loop.run_until_complete(client.aclose())
