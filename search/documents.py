"""The search documents: what the public and staff indexes hold for one service."""

from __future__ import annotations

import msgspec

EMBEDDER = "default"  # the name of the index's user-provided embedder


class GeoPoint(msgspec.Struct, frozen=True):
    """Meilisearch's own spelling of a point (its `_geo` field wants `lng`); everywhere else a
    point is a `search.geo.Position` (`lat`, `lon`)."""

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
    # For a service for parents or family, the ages of the children it concerns ("parents of 3
    # to 11 year olds"); for any other, an empty range (its own ages decide).
    child_min_age_months: int = 1501
    child_max_age_months: int = -1
    for_families: bool = True  # False for training and services only for professionals
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
    area_name: str = ""  # the named area the service is limited to ("Camden"), if any
    area_districts: list[str] = []  # its postcode districts; empty when not limited to one area
    alert: str = ""
    contact: ContactView = ContactView()
    last_verified: str = ""
    verified_by: str = ""
    checked_at: int = 0  # last_verified in epoch seconds, 0 when never: for the review order
    updated_at: str = ""
    version: int = 0
    # Meilisearch's user-provided embedding: {"default": [...]}, or {"default": None} when the
    # service has no vector; never missing, since one document without it fails a whole batch.
    _vectors: dict[str, list[float] | None] = msgspec.field(
        default_factory=lambda: {EMBEDDER: None}
    )


class StaffServiceDocument(ServiceDocument, kw_only=True):
    """One service in the staff index: the public document plus staff-only fields."""

    staff_contact: ContactView = ContactView()
    staff_notes: str = ""
    thresholds: str = ""
    waiting_time: str = ""


STAFF_ONLY_DOCUMENT_FIELDS: frozenset[str] = frozenset(
    StaffServiceDocument.__struct_fields__
) - frozenset(ServiceDocument.__struct_fields__)


def embedding_text(doc: ServiceDocument) -> str:
    """What a service's vector is made from: what it is, for whom and for which needs, without
    the long description that would blur it (the model reads about 256 tokens)."""
    parts = [
        doc.name + ".",
        doc.summary,
        ", ".join(doc.category_names) + "." if doc.category_names else "",
        "For " + ", ".join(a.replace("_", " ") for a in doc.audience) + "." if doc.audience else "",
        "Helps with " + ", ".join(doc.needs) + "." if doc.needs else "",
        doc.eligibility[:200],
        doc.description[:600],
    ]
    return " ".join(p.strip() for p in parts if p.strip())
