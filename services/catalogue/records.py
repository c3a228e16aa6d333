"""Whole records from outside (feeds, demo data) that the catalogue brings up to date in one go."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec

from services.catalogue.model import (
    Location,
    OrganisationDetails,
    Schedule,
    ServiceDetails,
    Status,
    Verification,
)


class OrganisationRecord(msgspec.Struct, frozen=True, kw_only=True):
    external_id: str
    details: OrganisationDetails
    id: UUID | None = None  # keep this id when registering (a Signpost feed's own ids)


class ServiceRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A service as a source describes it. Location ids must be stable across imports
    (derive them with uuid5 from the source's ids) so a re-import matches them."""

    external_id: str
    organisation_external_id: str
    details: ServiceDetails
    status: Status = Status.ACTIVE
    categories: list[str] = []
    locations: list[Location] = []
    schedules: list[Schedule] = []
    verification: Verification | None = None
    last_modified: dt.datetime | None = None
    registered_on: dt.datetime | None = None  # when it joined the source's directory, if known
    id: UUID | None = None  # keep this id when registering (a Signpost feed's own ids)
