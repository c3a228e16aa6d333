"""The search projection: catalogue events in, public and staff search documents out."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from projections.documents import public_document, staff_document
from search.documents import EMBEDDER, embedding_text
from search.embedding import Embedder
from search.port import SearchIndex
from services.catalogue.application import Catalogue
from services.catalogue.domain import Organisation, Service
from services.catalogue.model import Status
from services.shared.events import DomainEvent


class SearchProjection:
    """Applies batches of events to a search index; safe to replay (upserts by service id).

    Keeps recently seen aggregates in memory and folds new events onto them, so replaying the
    whole store needs no extra reads; an aggregate it has not seen, or has lost track of, is
    loaded whole from the catalogue.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        index: SearchIndex,
        cache_size: int = 20_000,
        embedder: Embedder | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.index = index
        self.embedder = embedder  # each document's vector; None: keyword search only
        self._services: OrderedDict[UUID, Service] = OrderedDict()
        self._organisation_names: dict[UUID, str] = {}
        self._cache_size = cache_size

    def apply(self, events: Iterable[DomainEvent]) -> int:
        """Writes the documents of every service these events touched; returns how many."""
        touched: dict[UUID, None] = {}
        renamed: list[UUID] = []
        for event in events:
            if _is_service_event(event):
                self._fold_service(event)
                touched[event.originator_id] = None
            elif _is_organisation_event(event):
                self._organisation_names[event.originator_id] = event.details.name  # type: ignore[attr-defined]
                if isinstance(event, Organisation.DetailsUpdated):
                    renamed.append(event.originator_id)
        for organisation_id in renamed:
            for service_id in self.index.ids_for_organisation(str(organisation_id)):
                touched.setdefault(UUID(service_id), None)
        return self._write(list(touched))

    def _fold_service(self, event: DomainEvent) -> None:
        service_id = event.originator_id
        service = self._services.get(service_id)
        if service is None and event.originator_version == 1:
            service = event.mutate(None)
        elif service is not None and service.version == event.originator_version - 1:
            event.mutate(service)
        elif service is None or service.version < event.originator_version:
            try:
                service = self.catalogue.repository.get(service_id)
            except AggregateNotFoundError:  # pragma: no cover - events come from the store
                return
        assert service is not None
        self._services[service_id] = service
        self._services.move_to_end(service_id)
        while len(self._services) > self._cache_size:
            self._services.popitem(last=False)

    def _organisation_name(self, organisation_id: UUID) -> str:
        name = self._organisation_names.get(organisation_id)
        if name is None:
            try:
                name = self.catalogue.get_organisation(organisation_id).details.name
            except Exception:
                name = ""
            self._organisation_names[organisation_id] = name
        return name

    def _write(self, service_ids: list[UUID]) -> int:
        public, staff, gone = [], [], []
        for service_id in service_ids:
            service = self._services.get(service_id)
            if service is None:
                service = self.catalogue.get_service(service_id)
            if service.status == Status.WITHDRAWN:
                gone.append(str(service_id))
                continue
            name = self._organisation_name(service.organisation_id)
            public.append(public_document(service, name))
            staff.append(staff_document(service, name))
        if public and self.embedder is not None:
            vectors = self.embedder.embed([embedding_text(doc) for doc in public])
            for public_doc, staff_doc, vector in zip(public, staff, vectors, strict=True):
                public_doc._vectors = staff_doc._vectors = {EMBEDDER: vector}
        if public:
            self.index.upsert(public, staff)
        if gone:
            self.index.delete(gone)
        return len(public) + len(gone)


def _is_service_event(event: DomainEvent) -> bool:
    return (
        type(event).__qualname__.startswith("Service.")
        and type(event).__module__ == Service.__module__
    )


def _is_organisation_event(event: DomainEvent) -> bool:
    return isinstance(event, (Organisation.Registered, Organisation.DetailsUpdated))
