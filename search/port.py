"""The search index port: what the projection writes and the API reads, whatever the engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol

import msgspec

from search.documents import ServiceDocument, StaffServiceDocument
from search.understanding import Helpline

# Which index a search reads or a document is written to: the public one (families) or the staff
# one (every field). Not the catalogue's Audience, which is who a service is for.
Readership = Literal["public", "staff"]
FACETS = (
    "categories",
    "delivery",
    "cost",
    "referral_routes",
    "self_referral",
    "days",
    "languages",
)
# What a hit carries in `document`: enough for a result card without fetching the service.
CARD_FIELDS = (
    "id",
    "name",
    "organisation",
    "summary",
    "_geo",
    "free",
    "cost",
    "cost_description",
    "referral_routes",
    "self_referral",
    "sessions",
    "days",
    "delivery",
    "alert",
    "last_verified",
    "verified_by",
    "area_name",
    "area_districts",
)


class SearchUnavailableError(Exception):
    """The search engine cannot be reached or failed; writes still land, search answers 503."""


class SearchQuery(msgspec.Struct, frozen=True, kw_only=True):
    """A validated search. Ages are in years; withdrawn services are never in an index."""

    text: str = ""
    position: tuple[float, float] | None = None
    radius_km: float | None = None
    age: int | None = None
    age_months: int | None = None  # a young child's age in months, given instead of `age`
    categories: list[str] = []
    free_only: bool = False
    delivery: list[str] = []
    self_referral: bool = False
    referral_route: str | None = None
    day: str | None = None
    language: str | None = None
    organisation_id: str | None = None
    page: int = 1
    per_page: int = 20
    sort: Literal["relevance", "distance", "least_recently_checked"] = "relevance"
    cards: bool = False  # hits carry CARD_FIELDS in `document` (the pages' result cards)
    families_only: bool = False  # no training or services only for professionals (unless asked)
    district: str | None = None  # the family's postcode district: other areas' services go last
    # What the engine reads into the text (search.engine); an index takes them as given.
    keywords: str | None = None  # the keyword half's words; None: `text` as typed
    vector: list[float] | None = None  # the text's embedding: hybrid search when set
    semantic_ratio: float = 0.5
    min_score: float = 0.0  # hits ranked below this are not results (hybrid search)
    first: list[str] = []  # categories ranked above every other service
    demote: list[str] = []  # categories never ranked above another service


class SearchHit(msgspec.Struct, kw_only=True):
    id: str
    name: str
    organisation: str
    summary: str
    distance_km: float | None = None
    out_of_area: str = ""  # the area the service is limited to, when it is not the family's
    highlights: dict[str, str] = {}
    document: dict[str, Any] = {}


class SearchPage(msgspec.Struct, kw_only=True):
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    total_pages: int
    facets: dict[str, dict[str, int]]
    urgent: list[Helpline] = []  # urgent help the words call for, shown above every result
    warning: str = ""  # what to do now, in plain words, when the words signal danger
    semantic: bool = False  # the search used the text's meaning as well as its words


class SearchIndex(Protocol):
    """Two logical indexes of service documents: `public` (never a staff-only field) and `staff`.

    Contract:
    - `prepare()` creates the indexes with their settings; calling it again changes nothing.
    - `upsert(public, staff)` stores documents by `id`, replacing any with the same id; it returns
      only once they are durably searchable, and raises `SearchUnavailableError` if not.
    - `delete(ids)` removes services from both indexes; unknown ids are ignored.
    - `search(audience, query)` filters, ranks and pages; facet counts cover the whole result.
      With `query.vector`, a document is found by its words or by its vector (`_vectors`) scoring
      at least `query.min_score` ((1 + cosine) / 2), and only those count in totals and facets.
      Results come band by band (`search.query.tiers`): `first` categories, the rest, `demote`
      categories; with a `district`, within each band services limited to other areas come
      after local ones, and their hits name the area in `out_of_area`.
    - `begin_rebuild()` gives an index of fresh, empty indexes with the same settings;
      `complete_rebuild(fresh)` swaps them in under the live names in one step, so searches
      never see an empty or half-built index, then drops the old ones. The fresh index's
      `upsert` and `delete` may return before their documents are searchable (no one searches
      it yet): its reads (`ids_for_organisation`, `get`, `count`) and `complete_rebuild` wait
      for them.
    """

    def prepare(self) -> None: ...

    def upsert(
        self, public: Sequence[ServiceDocument], staff: Sequence[StaffServiceDocument]
    ) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def ids_for_organisation(self, organisation_id: str) -> list[str]: ...

    def get(self, audience: Readership, id: str) -> dict[str, Any] | None: ...

    def count(self, audience: Readership) -> int: ...

    async def search(self, audience: Readership, query: SearchQuery) -> SearchPage: ...

    def begin_rebuild(self) -> SearchIndex: ...

    def complete_rebuild(self, fresh: SearchIndex) -> None: ...

    def health(self) -> bool: ...
