"""The ORUK projection: catalogue events in, nested ORUK 3.0 documents out (a second read model)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from projections.oruk_documents import entries
from projections.search_projection import SearchProjection
from search.oruk import OrukEntry, OrukIndex
from services.catalogue.application import Catalogue
from services.catalogue.domain import Organisation
from services.catalogue.model import OrganisationDetails, Status
from services.shared.events import DomainEvent


class OrukProjection(SearchProjection):
    """Folds the same events as the search projection; writes ORUK entries by service id, so
    replaying is harmless. An organisation's change rewrites all of its services."""

    def __init__(self, catalogue: Catalogue, index: OrukIndex, cache_size: int = 20_000) -> None:
        super().__init__(catalogue, index, cache_size)  # type: ignore[arg-type]
        self.oruk = index
        self._organisations: dict[UUID, OrganisationDetails] = {}

    def apply(self, events: Iterable[DomainEvent]) -> int:
        batch = list(events)
        for event in batch:
            if isinstance(event, (Organisation.Registered, Organisation.DetailsUpdated)):
                self._organisations[event.originator_id] = event.details
        return super().apply(batch)

    def _organisation(self, organisation_id: UUID) -> OrganisationDetails:
        details = self._organisations.get(organisation_id)
        if details is None:
            details = self.catalogue.get_organisation(organisation_id).details
            self._organisations[organisation_id] = details
        return details

    def _write(self, service_ids: list[UUID]) -> int:
        services: list[OrukEntry] = []
        located: list[OrukEntry] = []
        gone: list[str] = []
        for service_id in service_ids:
            service = self._services.get(service_id) or self.catalogue.get_service(service_id)
            if service.status == Status.WITHDRAWN:
                gone.append(str(service_id))
                continue
            entry, at_locations = entries(service, self._organisation(service.organisation_id))
            services.append(entry)
            located += at_locations
        if services or gone:
            self.oruk.replace(services, located, gone)
        return len(services) + len(gone)
