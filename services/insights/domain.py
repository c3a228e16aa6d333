"""Anonymous demand signals for commissioners: searches that found nothing."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from services.shared.events import Aggregate, DomainEvent


class UnmetSearch(Aggregate):
    """One search that found no service. Holds no person: words, filters and a postcode district."""

    words: list[str]
    filters: dict[str, str]
    district: str

    class Recorded(DomainEvent, frozen=True, kw_only=True):
        words: list[str]
        filters: dict[str, str]
        district: str = ""

        def construct(self) -> UnmetSearch:
            return UnmetSearch(self.originator_id, self.timestamp)

        def apply(self, aggregate: UnmetSearch) -> None:
            aggregate.words = list(self.words)
            aggregate.filters = dict(self.filters)
            aggregate.district = self.district

    @classmethod
    def record(
        cls, *, id: UUID, words: list[str], filters: dict[str, str], district: str
    ) -> UnmetSearch:
        return cls.start(
            cls.Recorded, id=id, actor="public", words=words, filters=filters, district=district
        )


class Signposting(Aggregate):
    """A family was pointed to some services. Holds no person: needs, categories, a district."""

    needs: list[str]
    categories: list[str]
    district: str
    services: list[UUID]

    class Recorded(DomainEvent, frozen=True, kw_only=True):
        needs: list[str]
        categories: list[str]
        district: str = ""
        services: list[UUID]

        def construct(self) -> Signposting:
            return Signposting(self.originator_id, self.timestamp)

        def apply(self, aggregate: Signposting) -> None:
            aggregate.needs = list(self.needs)
            aggregate.categories = list(self.categories)
            aggregate.district = self.district
            aggregate.services = list(self.services)

    @classmethod
    def record(
        cls,
        *,
        id: UUID,
        needs: list[str],
        categories: list[str],
        district: str,
        services: list[UUID],
        actor: str,
        at: dt.datetime | None = None,
    ) -> Signposting:
        return cls.start(
            cls.Recorded,
            id=id,
            actor=actor,
            at=at,
            needs=needs,
            categories=categories,
            district=district,
            services=services,
        )


class Search(Aggregate):
    """One family's search (its first page). Holds no person: the words as a phrase, the
    needs they map to, a postcode district, and whether anything relevant was found."""

    phrase: str
    needs: list[str]
    district: str
    found: bool

    class Recorded(DomainEvent, frozen=True, kw_only=True):
        phrase: str
        needs: list[str]
        district: str = ""
        found: bool
        filters: dict[str, str]

        def construct(self) -> Search:
            return Search(self.originator_id, self.timestamp)

        def apply(self, aggregate: Search) -> None:
            aggregate.phrase = self.phrase
            aggregate.needs = list(self.needs)
            aggregate.district = self.district
            aggregate.found = self.found

    @classmethod
    def record(
        cls,
        *,
        id: UUID,
        phrase: str,
        needs: list[str],
        district: str,
        found: bool,
        filters: dict[str, str],
        at: dt.datetime | None = None,
    ) -> Search:
        return cls.start(
            cls.Recorded,
            id=id,
            actor="public",
            at=at,
            phrase=phrase,
            needs=needs,
            district=district,
            found=found,
            filters=filters,
        )
