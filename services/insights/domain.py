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
