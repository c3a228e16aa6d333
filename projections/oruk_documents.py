"""Turns a service's current state into its ORUK 3.0 documents and their flat filter fields."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID, uuid5

import msgspec

from search.oruk import OrukEntry
from services.catalogue import taxonomy
from services.catalogue.domain import Service
from services.catalogue.importing.extension import EXTENSION_KEY, SessionExtra, SignpostExtension
from services.catalogue.model import Frequency, Location, OrganisationDetails, Schedule, Status
from services.shared.urls import safe_url_or_blank

ORUK_IDS = UUID("6a1e0c3b-94d7-4f25-b8e1-3c5d7f9a2b48")
_STATUS = {Status.ACTIVE: "active", Status.TEMPORARILY_CLOSED: "temporarily closed"}


def sal_id(service_id: UUID, location_id: UUID) -> UUID:
    """A service at location's stable id: uuid5 of the service and the location."""
    return uuid5(ORUK_IDS, f"service_at_location/{service_id}/{location_id}")


def _id(service_id: UUID, what: str) -> str:
    return str(uuid5(ORUK_IDS, f"{service_id}/{what}"))


def _some(**fields: Any) -> dict[str, Any]:
    """Optional fields are omitted, never null or empty."""
    return {k: v for k, v in fields.items() if v not in (None, "", [], {})}


def term_json(term: taxonomy.Term) -> dict[str, Any]:
    parent = str(taxonomy.term_uuid(term.parent_id)) if term.parent_id else None
    return _some(
        id=str(taxonomy.term_uuid(term.id)),
        name=term.name,
        description=term.name,
        parent_id=parent,
        taxonomy=taxonomy.TAXONOMY_NAME,
        taxonomy_id=str(taxonomy.TAXONOMY_UUID),
        term=term.id,
    )


def taxonomy_json() -> dict[str, Any]:
    return {
        "id": str(taxonomy.TAXONOMY_UUID),
        "name": taxonomy.TAXONOMY_NAME,
        "description": "The categories Signpost files family-support services under.",
        "version": "1",
    }


def organisation_json(organisation_id: UUID, details: OrganisationDetails) -> dict[str, Any]:
    return _some(
        id=str(organisation_id),
        name=details.name,
        email=details.email,
        website=safe_url_or_blank(details.url),
    ) | {"description": details.description}


def _address(location: Location) -> list[dict[str, Any]]:
    if not (location.address or location.postcode):
        return []
    street, _, city = location.address.rpartition(", ")
    return [
        {
            "id": str(uuid5(ORUK_IDS, f"address/{location.id}")),
            "location_id": str(location.id),
            "address_1": street or city,
            "city": city if street else "",
            "state_province": "",
            "postal_code": location.postcode,
            "country": "GB",
            "address_type": "physical",
        }
    ]


def location_json(location: Location) -> dict[str, Any]:
    position = location.position
    access = [
        {"id": str(uuid5(ORUK_IDS, f"accessibility/{location.id}/{n}")), "description": text}
        for n, text in enumerate(location.accessibility)
    ]
    return _some(
        id=str(location.id),
        location_type="physical",
        name=location.name,
        latitude=position.lat if position else None,
        longitude=position.lon if position else None,
        addresses=_address(location),
        accessibility=access,
    )


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _byday(schedule: Schedule) -> str:
    days = [d.value for d in schedule.days]
    if schedule.frequency == Frequency.MONTHLY and schedule.week_of_month and days:
        return f"{schedule.week_of_month}{days[0]}"
    return ",".join(days)


def schedule_json(service: Service, n: int, schedule: Schedule) -> dict[str, Any]:
    at = sal_id(service.id, schedule.location_id) if schedule.location_id else None
    return _some(
        id=_id(service.id, f"schedule/{n}"),
        service_id=str(service.id),
        service_at_location_id=str(at) if at else None,
        freq=schedule.frequency.value.upper() if schedule.days else None,
        byday=_byday(schedule),
        opens_at=schedule.opens_at.isoformat() if schedule.opens_at else None,
        closes_at=schedule.closes_at.isoformat() if schedule.closes_at else None,
        description=schedule.description,
    )


def _extension(service: Service) -> dict[str, Any]:
    d = service.details
    ext = SignpostExtension(
        summary=d.summary,
        audience=[a.value for a in d.audience],
        needs=list(d.needs),
        eligibility=d.eligibility,
        referral_routes=[r.value for r in d.referral_routes],
        delivery=[m.value for m in d.delivery],
        accessibility=list(d.accessibility),
        ages=d.ages,
        cost=d.cost,
        contact=msgspec.structs.replace(
            d.public_contact, url=safe_url_or_blank(d.public_contact.url)
        ),
        categories=list(service.categories),
        sessions=[
            SessionExtra(term_time_only=s.term_time_only, holidays_only=s.holidays_only)
            for s in service.schedules
        ],
        verified_by=service.verification.by if service.verification else "",
        status_reason=service.status_reason,
    )
    result: dict[str, Any] = msgspec.to_builtins(ext)
    return result


def service_json(
    service: Service, organisation: OrganisationDetails, *, nested: bool = True
) -> dict[str, Any]:
    """The fully nested ORUK 3.0 service (without service_at_locations when not `nested`)."""
    d = service.details
    ages = d.ages
    closed = service.status == Status.TEMPORARILY_CLOSED
    doc = _some(
        id=str(service.id),
        organization_id=str(service.organisation_id),
        name=d.name,
        description=d.description,
        url=safe_url_or_blank(d.url),
        email=d.public_contact.email,
        status=_STATUS.get(service.status, "inactive"),
        fees=d.cost.description,
        minimum_age=ages.minimum_years if ages else None,
        maximum_age=ages.maximum_years if ages else None,
        assured_date=service.verification.on.isoformat() if service.verification else None,
        alert=d.alert or (service.status_reason if closed else ""),
        last_modified=service.modified_on.isoformat(),
        organization=organisation_json(service.organisation_id, organisation),
        schedules=[schedule_json(service, n, s) for n, s in enumerate(service.schedules)],
        service_areas=_service_areas(service),
        languages=_languages(service),
        cost_options=[_cost_option(service)],
        contacts=_contacts(service),
        attributes=_attributes(service),
    )
    if nested:
        doc["service_at_locations"] = [
            sal_json(service, loc, None) for loc in service.locations.values()
        ]
    doc[EXTENSION_KEY] = _extension(service)
    return doc


def _contacts(service: Service) -> list[dict[str, Any]]:
    """The public contact's name and phone as ORUK's one contact (none without either)."""
    contact = service.details.public_contact
    if not (contact.name or contact.phone):
        return []
    phones = [{"id": _id(service.id, "phone/0"), "number": contact.phone}] if contact.phone else []
    named = _some(id=_id(service.id, "contact/0"), service_id=str(service.id), name=contact.name)
    return [named | _some(phones=phones)]


def _service_areas(service: Service) -> list[dict[str, Any]]:
    area = service.details.service_area
    if not area:
        return []
    return [{"id": _id(service.id, "area/0"), "service_id": str(service.id), "name": area}]


def _languages(service: Service) -> list[dict[str, Any]]:
    return [
        {"id": _id(service.id, f"language/{n}"), "service_id": str(service.id), "name": name}
        for n, name in enumerate(service.details.languages)
    ]


def _cost_option(service: Service) -> dict[str, Any]:
    """The one cost option: its words ("Free" when free and unsaid); an amount of 0 when free."""
    cost = service.details.cost
    return _some(
        id=_id(service.id, "cost/0"),
        service_id=str(service.id),
        option=cost.description or ("Free" if cost.free else ""),
        amount=0 if cost.free else None,
    )


def _attributes(service: Service) -> list[dict[str, Any]]:
    """Each of the service's own categories as a taxonomy term it is linked to."""
    return [
        {
            "id": _id(service.id, f"attribute/{term_id}"),
            "link_id": str(service.id),
            "link_type": "service",
            "taxonomy_term_id": str(taxonomy.term_uuid(term_id)),
            "taxonomy_term": term_json(taxonomy.TERMS[term_id]),
        }
        for term_id in service.categories
        if term_id in taxonomy.TERMS
    ]


def sal_json(
    service: Service, location: Location, service_doc: dict[str, Any] | None
) -> dict[str, Any]:
    doc = {
        "id": str(sal_id(service.id, location.id)),
        "service_id": str(service.id),
        "location_id": str(location.id),
        "location": location_json(location),
    }
    if service_doc is not None:
        doc["service"] = service_doc
    return doc


def entries(
    service: Service, organisation: OrganisationDetails
) -> tuple[OrukEntry, list[OrukEntry]]:
    """The service's entry and one entry per location, with the flat fields filters use."""
    doc = service_json(service, organisation)
    categories = taxonomy.with_ancestors(service.categories)
    flat: dict[str, Any] = {
        "service_id": str(service.id),
        "organisation_id": str(service.organisation_id),
        "name": service.details.name,
        "name_sort": service.details.name.casefold(),
        "organisation": organisation.name,
        "description": service.details.description,
        "terms": [taxonomy.TERMS[c].name for c in categories],
        "min_age": doc.get("minimum_age"),
        "max_age": doc.get("maximum_age"),
        "days": sorted({d.value for s in service.schedules for d in s.days}),
        "opens": sorted({_minutes(s.opens_at) for s in service.schedules if s.opens_at}),
        "closes": sorted({_minutes(s.closes_at) for s in service.schedules if s.closes_at}),
        "term_ids": [str(taxonomy.term_uuid(c)) for c in categories],
        "taxonomy_ids": [str(taxonomy.TAXONOMY_UUID)] if categories else [],
        "modified": service.modified_on.timestamp(),
    }
    inner = service_json(service, organisation, nested=False)
    located = [
        OrukEntry(
            id=str(sal_id(service.id, loc.id)),
            doc=sal_json(service, loc, inner),
            _geo={"lat": loc.position.lat, "lng": loc.position.lon} if loc.position else None,
            **flat,
        )
        for loc in service.locations.values()
    ]
    return OrukEntry(id=str(service.id), doc=doc, **flat), located
