"""The search documents: what the public and staff indexes hold for one service."""

from __future__ import annotations

import msgspec


class GeoPoint(msgspec.Struct, frozen=True):
    lat: float
    lng: float


class LocationView(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: str
    name: str = ""
    address: str = ""
    postcode: str = ""
    lat: float | None = None
    lon: float | None = None


class SessionView(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One schedule, already in words ("Thursdays and Fridays, 09:00 to 12:00, term time only")."""

    text: str
    days: list[str] = []
    location_id: str = ""


class ContactView(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    name: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""


class ServiceDocument(msgspec.Struct, kw_only=True):
    """One service in the public index. Never holds a staff-only field.

    Age bounds are whole months; `categories` holds term ids of the term and its parent so a
    filter on a top-level category finds services filed under its children.
    """

    id: str
    name: str
    organisation_id: str
    organisation: str = ""
    summary: str = ""
    description: str = ""
    url: str = ""
    status: str = "active"
    categories: list[str] = []
    category_names: list[str] = []
    audience: list[str] = []
    needs: list[str] = []
    eligibility: str = ""
    min_age_months: int = 0
    max_age_months: int = 1500
    free: bool = True
    cost: str = "free"
    cost_description: str = ""
    referral_routes: list[str] = []
    self_referral: bool = False
    delivery: list[str] = []
    languages: list[str] = []
    accessibility: list[str] = []
    days: list[str] = []
    sessions: list[SessionView] = []
    locations: list[LocationView] = []
    postcodes: list[str] = []
    _geo: GeoPoint | None = None
    service_area: str = ""
    alert: str = ""
    contact: ContactView = ContactView()
    last_verified: str = ""
    verified_by: str = ""
    checked_at: int = 0  # last_verified in epoch seconds, 0 when never: for the review order
    updated_at: str = ""
    version: int = 0


class StaffServiceDocument(ServiceDocument, kw_only=True):
    """One service in the staff index: the public document plus staff-only fields."""

    staff_contact: ContactView = ContactView()
    staff_notes: str = ""
    thresholds: str = ""
    waiting_time: str = ""


STAFF_ONLY_DOCUMENT_FIELDS: frozenset[str] = frozenset(
    StaffServiceDocument.__struct_fields__
) - frozenset(ServiceDocument.__struct_fields__)
