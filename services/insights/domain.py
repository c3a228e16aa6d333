"""Anonymous demand signals for commissioners: searches that found nothing."""

from __future__ import annotations

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
    ) -> Signposting:
        return cls.start(
            cls.Recorded,
            id=id,
            actor=actor,
            needs=needs,
            categories=categories,
            district=district,
            services=services,
        )
