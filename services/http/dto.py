"""The API's request shapes, and the explicit functions that map them to the domain (responses.py
holds the response shapes)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID, uuid4

import msgspec
from msgspec import UNSET, UnsetType

from services.catalogue.model import (
    AgeRange,
    Audience,
    Contact,
    Cost,
    Delivery,
    Location,
    OrganisationDetails,
    Position,
    ReferralRoute,
    Schedule,
    ServiceDetails,
    ServiceEdit,
    ShortText,
    Text,
)

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
Version = Annotated[int, msgspec.Meta(ge=0)]


class _Strict(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


class LocationIn(_Strict):
    id: UUID | None = None
    name: ShortText = ""
    address: ShortText = ""
    postcode: ShortText = ""
    position: Position | None = None
    accessibility: list[ShortText] = []


class DetailsFields(_Strict):
    description: Text = ""
    summary: ShortText = ""
    url: ShortText = ""
    audience: list[Audience] = []
    ages: AgeRange | None = None
    needs: list[ShortText] = []
    eligibility: Text = ""
    cost: Cost = Cost()
    referral_routes: list[ReferralRoute] = []
    delivery: list[Delivery] = []
    languages: list[ShortText] = []
    accessibility: list[ShortText] = []
    public_contact: Contact = Contact()
    service_area: ShortText = ""
    alert: ShortText = ""
    staff_contact: Contact = Contact()
    staff_notes: Text = ""
    thresholds: Text = ""
    waiting_time: ShortText = ""


class ServiceIn(DetailsFields, kw_only=True):
    organisation_id: UUID
    name: Name
    external_id: ShortText | None = None
    categories: list[str] = []
    locations: list[LocationIn] = []
    schedules: list[Schedule] = []


if TYPE_CHECKING:

    class ServicePatch(msgspec.Struct, kw_only=True):
        """(What the type checker sees of the struct built below.)"""

        expected_version: int

        def __getattr__(self, name: str) -> Any: ...

else:
    _patch_fields: list[tuple[str, Any, Any] | tuple[str, Any]] = [
        *(
            (f.name, f.type | UnsetType, UNSET)
            for f in msgspec.structs.fields(ServiceDetails)
            if f.name != "name"
        ),
        ("name", Name | UnsetType, UNSET),
        ("expected_version", Version),
    ]
    ServicePatch = msgspec.defstruct(
        "ServicePatch", _patch_fields, kw_only=True, forbid_unknown_fields=True, module=__name__
    )
    """Any of the service's fields, plus the version the editor last saw."""


class CategoriesIn(_Strict):
    categories: list[str]
    expected_version: Version


class SchedulesIn(_Strict):
    schedules: list[Schedule]
    expected_version: Version


class LocationChange(_Strict):
    location: LocationIn
    expected_version: Version


class VersionOnly(_Strict):
    expected_version: Version


class ReasonIn(_Strict):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    expected_version: Version


class VerifyIn(_Strict):
    """Who checked it is always the caller: the principal the request authenticated as."""

    expected_version: Version
    on: dt.date | None = None


class OrganisationIn(_Strict):
    name: Name
    description: Text = ""
    url: ShortText = ""
    email: ShortText = ""
    phone: ShortText = ""
    external_id: ShortText | None = None


class OrganisationPatch(_Strict):
    expected_version: Version
    name: Name | UnsetType = UNSET
    description: Text | UnsetType = UNSET
    url: ShortText | UnsetType = UNSET
    email: ShortText | UnsetType = UNSET
    phone: ShortText | UnsetType = UNSET


# -- mapping in ------------------------------------------------------------------------------


def details_from(body: ServiceIn) -> ServiceDetails:
    fields = {name: getattr(body, name) for name in ServiceDetails.__struct_fields__}
    return ServiceDetails(**fields)


def location_from(body: LocationIn, location_id: UUID | None = None) -> Location:
    return Location(
        id=location_id or body.id or uuid4(),
        name=body.name,
        address=body.address,
        postcode=body.postcode.strip().upper(),
        position=body.position,
        accessibility=body.accessibility,
    )


def edit_from(patch: msgspec.Struct) -> msgspec.Struct:
    """A PATCH body as the catalogue's edit: the fields it names, nothing else."""
    return ServiceEdit(
        **{
            name: value
            for name in ServiceDetails.__struct_fields__
            if (value := getattr(patch, name, UNSET)) is not UNSET
        }
    )


def organisation_details_from(body: OrganisationIn) -> OrganisationDetails:
    return OrganisationDetails(
        name=body.name,
        description=body.description,
        url=body.url,
        email=body.email,
        phone=body.phone,
    )


def patched_organisation(
    current: OrganisationDetails, patch: OrganisationPatch
) -> OrganisationDetails:
    changes = {
        name: value
        for name in OrganisationDetails.__struct_fields__
        if (value := getattr(patch, name)) is not UNSET
    }
    return msgspec.structs.replace(current, **changes)
