"""The Open Referral UK read model port: nested ORUK 3.0 documents plus flat filter fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import msgspec


class OrukEntry(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One service, or one service at a location, as the ORUK read model stores it.

    `doc` is the ORUK 3.0 JSON served as is; the other fields exist only to search, filter and
    sort. Ages are the published whole years; `opens`/`closes` are minutes after midnight of
    every session that has both times; `modified` is seconds since the epoch (UTC).
    """

    id: str
    service_id: str
    organisation_id: str
    doc: dict[str, Any]
    name: str = ""
    name_sort: str = ""
    organisation: str = ""
    description: str = ""
    terms: list[str] = []
    min_age: float | None = None
    max_age: float | None = None
    days: list[str] = []
    opens: list[int] = []
    closes: list[int] = []
    term_ids: list[str] = []
    taxonomy_ids: list[str] = []
    modified: float = 0.0
    _geo: dict[str, float] | None = None


class OrukQuery(msgspec.Struct, frozen=True, kw_only=True):
    """A validated ORUK listing query; every given filter must hold (AND).

    - `minimum_age`: the service's minimum age is at least this; `maximum_age`: its maximum
      age is at most this (a service that publishes no such age does not match).
    - `start_minutes`: some session opens at or after this; `end_minutes`: some session closes
      at or before this; `day`: some session is on this day (MO..SU).
    - `taxonomy_term_id`: filed under this term or one of its children; `taxonomy_id`: under
      any term of this taxonomy. `modified_after`: changed at or after this (epoch seconds).
    - `position` with `radius_m`: within that many metres (service at location listings only);
      results are then nearest first.
    Without `text` or `position`, results are in name order (then id), so pages are stable.
    With `ranked` (service ids, best first: what the search engine found for the words), only
    those services, in that order.
    """

    text: str = ""
    page: int = 1
    per_page: int = 50
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    start_minutes: int | None = None
    end_minutes: int | None = None
    day: str | None = None
    modified_after: float | None = None
    position: tuple[float, float] | None = None
    radius_m: float | None = None
    ranked: list[str] | None = None  # only these services, in this order (a search's ranking)


class OrukPage(msgspec.Struct, kw_only=True):
    docs: list[dict[str, Any]]
    total: int


class OrukIndex(Protocol):
    """Two collections: `services` (one entry per service) and `locations` (one entry per
    service at location, each with its own `_geo`). Withdrawn services are never in either.

    Contract:
    - `prepare()` creates the collections with their settings; calling it again changes nothing.
    - `replace(services, locations, gone)` stores the given service entries by id, replaces all
      service-at-location entries of those services by the given ones, and removes every entry
      of the services in `gone`; it returns once durably searchable, or raises
      `SearchUnavailableError`.
    - `get(kind, id)` returns the stored `doc` (kind "services" or "locations"), or None.
    - `search(kind, query)` filters, orders and pages; `total` counts the whole result.
    - `ids_for_organisation(id)` lists the ids of that organisation's services.
    - `count(kind)` counts entries.
    - `begin_rebuild()` gives a read model of fresh, empty collections with the same settings;
      `complete_rebuild(fresh)` swaps them in under the live names in one step, then drops the
      old ones.
    """

    def prepare(self) -> None: ...

    def replace(
        self, services: Sequence[OrukEntry], locations: Sequence[OrukEntry], gone: Sequence[str]
    ) -> None: ...

    def get(self, kind: str, id: str) -> dict[str, Any] | None: ...

    def search(self, kind: str, query: OrukQuery) -> OrukPage: ...

    def ids_for_organisation(self, organisation_id: str) -> list[str]: ...

    def count(self, kind: str) -> int: ...

    def health(self) -> bool: ...

    def begin_rebuild(self) -> OrukIndex: ...

    def complete_rebuild(self, fresh: OrukIndex) -> None: ...
