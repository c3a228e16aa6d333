"""Signpost's extension to an ORUK 3.0 service: the public facts the standard has no field for."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

import msgspec
from msgspec.structs import replace

from services.catalogue import taxonomy
from services.catalogue.model import AgeRange, Contact, Cost, Schedule, ServiceDetails
from services.catalogue.records import OrganisationRecord, ServiceRecord

LOCATIONS = UUID("9b7e3f5a-2c41-4c1e-8d4b-6f0a7c2e9d13")
"""The namespace the ORUK importer derives location ids from (uuid5 of the feed's id)."""

EXTENSION_KEY = "signpost"


class SessionExtra(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    term_time_only: bool = False
    holidays_only: bool = False


class SignpostExtension(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Published beside the standard fields so that a Signpost feed re-imports exactly; other
    consumers may ignore it. Never holds a staff-only field."""

    summary: str = ""
    audience: list[str] = []
    needs: list[str] = []
    eligibility: str = ""
    referral_routes: list[str] = []
    delivery: list[str] = []
    accessibility: list[str] = []
    ages: AgeRange | None = None
    cost: Cost = Cost()
    contact: Contact = Contact()
    categories: list[str] = []
    sessions: list[SessionExtra] = []
    verified_by: str = ""
    status_reason: str = ""


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def our_categories(raw: dict[str, Any]) -> list[str]:
    """Term ids of the attributes filed under Signpost's own taxonomy (any feed may use it)."""
    found: list[str] = []
    for attribute in _list(raw.get("attributes")):
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term")
        term_id = term.get("id") if isinstance(term, dict) else None
        for candidate in (attribute.get("taxonomy_term_id"), term_id):
            known = taxonomy.TERMS_BY_UUID.get(str(candidate))
            if known is not None and known.id not in found:
                found.append(known.id)
                break
    return found


def with_extension(raw: dict[str, Any], record: ServiceRecord) -> ServiceRecord:
    """A record completed from a Signpost feed's extension: every public fact, and the feed's
    own ids for the service and its locations. Records without the extension pass unchanged."""
    try:
        ext = msgspec.convert(raw.get(EXTENSION_KEY), SignpostExtension)
    except (msgspec.ValidationError, TypeError):
        return record
    details = _extended_details(record.details, ext)
    if details is None:
        return record
    own_ids = _own_location_ids(raw)
    locations = [replace(loc, id=own_ids.get(loc.id, loc.id)) for loc in record.locations]
    schedules = _extended_schedules(record.schedules, raw, ext, own_ids)
    verification = record.verification
    if verification is not None and ext.verified_by:
        verification = replace(verification, by=ext.verified_by)
    categories = [c for c in ext.categories if c in taxonomy.TERMS] or record.categories
    return replace(
        record,
        id=_uuid(raw.get("id")),
        details=details,
        locations=locations,
        schedules=schedules,
        verification=verification,
        categories=categories,
    )


def _extended_details(details: ServiceDetails, ext: SignpostExtension) -> ServiceDetails | None:
    """The details with the extension's public facts in place; None if they break the rules."""
    try:
        return msgspec.convert(
            msgspec.to_builtins(details)
            | msgspec.to_builtins(
                {
                    "summary": ext.summary,
                    "audience": ext.audience,
                    "needs": ext.needs,
                    "eligibility": ext.eligibility,
                    "referral_routes": ext.referral_routes,
                    "delivery": ext.delivery,
                    "accessibility": ext.accessibility,
                    "ages": ext.ages,
                    "cost": ext.cost,
                    "public_contact": ext.contact,
                }
            ),
            ServiceDetails,
        )
    except msgspec.ValidationError:
        return None


def _own_location_ids(raw: dict[str, Any]) -> dict[UUID, UUID]:
    """The feed's own location ids, by the id the importer derives from each."""
    own_ids: dict[UUID, UUID] = {}
    for sal in _list(raw.get("service_at_locations")):
        location = sal.get("location") if isinstance(sal, dict) else None
        if isinstance(location, dict) and (own := _uuid(location.get("id"))):
            own_ids[uuid5(LOCATIONS, str(location["id"]))] = own
    return own_ids


def _extended_schedules(
    schedules: list[Schedule],
    raw: dict[str, Any],
    ext: SignpostExtension,
    own_ids: dict[UUID, UUID],
) -> list[Schedule]:
    """Each session's term-time or holidays flag and its place's own id, when the feed's
    schedules and the extension's sessions match one for one (else the schedules as read)."""
    raw_schedules = [s for s in _list(raw.get("schedules")) if isinstance(s, dict)]
    if not len(schedules) == len(raw_schedules) == len(ext.sessions):
        return schedules
    return [
        replace(
            s,
            term_time_only=extra.term_time_only,
            holidays_only=extra.holidays_only,
            location_id=own_ids.get(s.location_id)
            if r.get("service_at_location_id") and s.location_id
            else None,
        )
        for s, r, extra in zip(schedules, raw_schedules, ext.sessions, strict=True)
    ]


def with_own_id(record: OrganisationRecord) -> OrganisationRecord:
    """An organisation of a Signpost feed keeps its id."""
    own = _uuid(record.external_id)
    return replace(record, id=own) if own else record
