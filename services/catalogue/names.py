"""The names of organisations and services, for contexts that hold only their ids (lettings)."""

from __future__ import annotations

from uuid import UUID

from services.catalogue.application import Catalogue
from services.catalogue.domain import Organisation, Service


class CatalogueNames:
    """Reads a name from the catalogue; None for an id it does not hold."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def organisation_name(self, organisation_id: UUID) -> str | None:
        found = self.catalogue.find(organisation_id, Organisation)
        return found.details.name if found is not None else None

    def service_name(self, service_id: UUID) -> str | None:
        found = self.catalogue.find(service_id, Service)
        return found.details.name if found is not None else None
