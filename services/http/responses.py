"""The JSON API's response shapes, and the explicit functions that map the domain onto them."""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

from projections.documents import describe_schedule, public_document, staff_document
from search.documents import ContactView, LocationView, SessionView
from search.port import SearchPage
from search.understanding import Helpline
from services.catalogue import taxonomy
from services.catalogue.domain import Organisation, Service
from services.catalogue.model import AgeRange, Schedule


class CategoryView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str


class ScheduleView(Schedule, frozen=True, kw_only=True):
    """A schedule as the editor set it, and in words."""

    text: str


class ServiceView(msgspec.Struct, kw_only=True):
    """The full record of a service: its public search document's fields (staff-only ones only
    for staff; not the search engine's `_geo` and `_vectors`), its categories by name, its
    schedules and its status's reason."""

    id: str
    name: str
    organisation_id: str
    organisation: str
    summary: str
    description: str
    url: str
    status: str
    categories: list[CategoryView]
    category_names: list[str]
    audience: list[str]
    needs: list[str]
    eligibility: str
    min_age_months: int
    max_age_months: int
    child_min_age_months: int
    child_max_age_months: int
    for_families: bool
    free: bool
    cost: str
    cost_description: str
    referral_routes: list[str]
    self_referral: bool
    delivery: list[str]
    languages: list[str]
    accessibility: list[str]
    days: list[str]
    sessions: list[SessionView]
    locations: list[LocationView]
    postcodes: list[str]
    service_area: str
    area_name: str
    area_districts: list[str]
    alert: str
    contact: ContactView
    last_verified: str
    verified_by: str
    checked_at: int
    updated_at: str
    version: int
    staff_contact: ContactView | UnsetType = UNSET
    staff_notes: str | UnsetType = UNSET
    thresholds: str | UnsetType = UNSET
    waiting_time: str | UnsetType = UNSET
    schedules: list[ScheduleView]
    status_reason: str
    created_at: str
    ages: AgeRange | UnsetType = UNSET
    as_of: str | UnsetType = UNSET  # the moment asked for, when the record is from the past
    changed_fields: list[str] | UnsetType = UNSET  # after an edit: the fields it changed


class OrganisationView(msgspec.Struct, kw_only=True):
    id: str
    version: int
    name: str
    description: str
    url: str
    email: str
    phone: str


class Revoked(msgspec.Struct, frozen=True, kw_only=True):
    """How many of an account's page sessions and API tokens a sign-out everywhere ended."""

    revoked: int


class HitView(msgspec.Struct, kw_only=True):
    id: str
    name: str
    organisation: str
    summary: str
    distance_km: float | None
    out_of_area: str  # the area the service is limited to, when it is not the searcher's
    highlights: dict[str, str]


class QueryEcho(msgspec.Struct, kw_only=True):
    """The search as the API understood it."""

    q: str
    postcode: str
    radius_km: float | None


class SearchResults(msgspec.Struct, kw_only=True):
    hits: list[HitView]
    total: int
    page: int
    per_page: int
    total_pages: int
    facets: dict[str, dict[str, int]]
    urgent: list[Helpline]  # urgent help the words call for, shown above every result
    warning: str  # what to do now, in plain words, when the words signal danger
    semantic: bool  # the search used the text's meaning as well as its words
    query: QueryEcho
    took_ms: float


# -- mapping out -----------------------------------------------------------------------------

_NOT_IN_VIEW = {"_geo", "_vectors", "categories"}  # the search engine's, or shown by name


def service_view(service: Service, organisation_name: str, *, staff: bool) -> ServiceView:
    """The full record of a service; staff-only fields only when `staff` is true."""
    document = (
        staff_document(service, organisation_name)
        if staff
        else public_document(service, organisation_name)
    )
    fields: dict[str, Any] = {
        name: getattr(document, name)
        for name in document.__struct_fields__
        if name not in _NOT_IN_VIEW
    }
    return ServiceView(
        **fields,
        categories=[
            CategoryView(id=term_id, name=taxonomy.TERMS[term_id].name)
            for term_id in service.categories
        ],
        schedules=[
            ScheduleView(**msgspec.structs.asdict(s), text=describe_schedule(s))
            for s in service.schedules
        ],
        status_reason=service.status_reason,
        created_at=service.created_on.isoformat(),
        ages=service.details.ages or UNSET,
    )


def organisation_view(organisation: Organisation) -> OrganisationView:
    return OrganisationView(
        id=str(organisation.id),
        version=organisation.version,
        **msgspec.structs.asdict(organisation.details),
    )


def search_results(page: SearchPage, query: QueryEcho, took_ms: float) -> SearchResults:
    hits = [
        HitView(
            id=h.id,
            name=h.name,
            organisation=h.organisation,
            summary=h.summary,
            distance_km=h.distance_km,
            out_of_area=h.out_of_area,
            highlights=h.highlights,
        )
        for h in page.hits
    ]
    return SearchResults(
        hits=hits,
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        total_pages=page.total_pages,
        facets=page.facets,
        urgent=page.urgent,
        warning=page.warning,
        semantic=page.semantic,
        query=query,
        took_ms=took_ms,
    )
