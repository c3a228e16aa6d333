"""Turns search results and service documents into what the public pages show, in plain words."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import msgspec

from search.port import SearchPage, SearchQuery
from services.catalogue import taxonomy
from services.catalogue.editorial import due_for_review
from services.catalogue.model import Delivery
from services.shared.days import DAY_NAMES

MAX_SHORTLIST = 20
KM_PER_MILE = 1.609344
RADII_MILES = (1, 3, 5, 10, 25)

DELIVERY_LABELS = {
    Delivery.IN_PERSON.value: "In person",
    Delivery.ONLINE.value: "Online",
    Delivery.PHONE.value: "By phone",
    Delivery.HOME_VISIT.value: "Home visits",
}
ROUTE_LABELS = {
    "self": "You can refer yourself",
    "drop_in": "Just turn up (drop-in)",
    "school": "Ask your child's school to refer you",
    "gp": "Ask your GP to refer you",
    "professional": "A professional (such as a social worker or health visitor) refers you",
}
AUDIENCE_LABELS = {
    "families": "families",
    "children": "children and young people",
    "parents": "parents and carers",
    "school_staff": "school staff",
    "professionals": "professionals",
}

# The start page's entry points: plain words for the commonest needs, each a category search.
NEEDS = (
    ("mental-health.emotional-wellbeing", "I'm worried about my child's mood or behaviour"),
    ("parenting", "Help with parenting"),
    ("housing", "Housing and somewhere to live"),
    ("money", "Money, benefits and food"),
    ("mental-health.counselling", "Counselling for parents and children"),
    ("education.holiday-activities", "Activities in the school holidays"),
)

FORM_KEYS = (
    "q",
    "postcode",
    "age",
    "miles",
    "category",
    "free_only",
    "delivery",
    "self_referral",
    "day",
    "language",
    "sort",
)


FILTER_KEYS = ("category", "free_only", "delivery", "self_referral", "day", "language", "age")


@cache
def vocabulary() -> frozenset[str]:
    """The catalogue's own words (its categories' names and the words they are filed by), for
    putting a misspelt search right."""
    words: set[str] = set()
    for term in taxonomy.TERMS.values():
        for text in (term.name, *term.keywords):
            words.update(re.findall(r"[a-z]+", text.lower()))
    return frozenset(w for w in words if len(w) >= 4)


class Shortlist(msgspec.Struct, frozen=True):
    """Services a family picked, carried in the address (`sl=id,id`): nothing kept on the server."""

    ids: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: str | None) -> Shortlist:
        ids: list[str] = []
        for part in (raw or "").split(","):
            try:
                value = str(UUID(part.strip()))
            except ValueError:
                continue
            if value not in ids:
                ids.append(value)
        return cls(tuple(ids[:MAX_SHORTLIST]))

    def adding(self, service_id: str) -> Shortlist:
        return self if service_id in self.ids else Shortlist((*self.ids, service_id))

    def removing(self, service_id: str) -> Shortlist:
        return Shortlist(tuple(i for i in self.ids if i != service_id))

    @property
    def param(self) -> str:
        return ",".join(self.ids)


class FormState:
    """The search form as the family sent it, for refilling fields and building links."""

    def __init__(self, params: dict[str, list[str]], shortlist: Shortlist) -> None:
        self.params = {k: v for k, v in params.items() if k in FORM_KEYS and any(v)}
        self.shortlist = shortlist

    def value(self, key: str) -> str:
        return (self.params.get(key) or [""])[0]

    def values(self, key: str) -> list[str]:
        return [v for value in self.params.get(key, []) for v in value.split(",") if v]

    def url(self, path: str = "/search", **changes: Any) -> str:
        """This search with some parameters changed (None drops one); keeps the shortlist."""
        params: dict[str, Any] = dict(self.params)
        shortlist = changes.pop("shortlist", self.shortlist)
        for key, value in changes.items():
            if value is None or value == [] or value == "":
                params.pop(key, None)
            else:
                params[key] = value if isinstance(value, list) else [str(value)]
        if shortlist.ids:
            params["sl"] = [shortlist.param]
        pairs = [(k, v) for k, vs in params.items() for v in vs]
        return f"{path}?{urlencode(pairs)}" if pairs else path


def miles(km: float | None) -> str:
    if km is None:
        return ""
    value = km / KM_PER_MILE
    if value < 0.1:
        return "less than 0.1 miles away"
    return f"{value:.1f} miles away"


def cost_text(doc: dict[str, Any]) -> str:
    if doc.get("free", True):
        return "Free"
    return doc.get("cost_description") or "There is a charge"


def ways_in(doc: dict[str, Any]) -> list[str]:
    routes = doc.get("referral_routes") or []
    return [ROUTE_LABELS[r] for r in routes if r in ROUTE_LABELS] or ["Contact the service to ask"]


def headline_way_in(doc: dict[str, Any]) -> str:
    routes = set(doc.get("referral_routes") or [])
    if routes & {"self", "drop_in"}:
        return "You can refer yourself"
    if routes & {"school", "gp"}:
        return "Ask your school or GP to refer you"
    if "professional" in routes:
        return "A professional refers you"
    return "Contact the service to ask"


def when_text(doc: dict[str, Any]) -> str:
    sessions = doc.get("sessions") or []
    if sessions:
        first = str(sessions[0]["text"])
        return first if len(sessions) == 1 else f"{first} (and {len(sessions) - 1} more)"
    days = doc.get("days") or []
    if days:
        return "Open " + ", ".join(DAY_NAMES[d] + "s" for d in days if d in DAY_NAMES)
    return "Contact the service for times"


def ages_text(doc: dict[str, Any]) -> str:
    low, high = int(doc.get("min_age_months", 0)), int(doc.get("max_age_months", 1500))
    if low == 0 and high >= 1500:
        return "Any age"

    def age(months: int) -> str:
        if months < 24:
            return f"{months} months"
        return f"{months // 12} years"

    if low == 0:
        return f"Up to {age(high)}"
    if high >= 1500:
        return f"{age(low)} and over"
    return f"{age(low)} to {age(high)}"


def delivery_text(doc: dict[str, Any]) -> str:
    return ", ".join(DELIVERY_LABELS.get(d, d) for d in doc.get("delivery") or [])


def checked_on(doc: dict[str, Any], today: dt.date) -> tuple[str, bool]:
    """ "Last checked" in words and whether it is due for review (over three months old)."""
    raw = doc.get("last_verified") or ""
    if not raw:
        return "", True
    when = dt.datetime.fromisoformat(raw).date()
    return f"{when.day} {when:%B %Y}", due_for_review(when, today)


def result_card(
    hit_doc: dict[str, Any], distance_km: float | None, out_of_area: str = ""
) -> dict[str, Any]:
    return {
        "id": hit_doc["id"],
        "name": hit_doc.get("name", ""),
        "organisation": hit_doc.get("organisation", ""),
        "summary": hit_doc.get("summary", ""),
        "distance": miles(distance_km),
        "cost": cost_text(hit_doc),
        "way_in": headline_way_in(hit_doc),
        "when": when_text(hit_doc),
        "delivery": delivery_text(hit_doc),
        "alert": hit_doc.get("alert", ""),
        "out_of_area": out_of_area,
    }


def service_view(doc: dict[str, Any], today: dt.date) -> dict[str, Any]:
    checked, stale = checked_on(doc, today)
    locations = {loc["id"]: loc for loc in doc.get("locations") or []}
    sessions = [
        {
            "text": s["text"],
            "where": _place(locations.get(s.get("location_id", ""))),
        }
        for s in doc.get("sessions") or []
    ]
    return {
        **doc,
        "cost_text": cost_text(doc),
        "ways_in": ways_in(doc),
        "ages": ages_text(doc),
        "for_whom": ", ".join(AUDIENCE_LABELS.get(a, a) for a in doc.get("audience") or []),
        "delivery_text": delivery_text(doc),
        "sessions_view": sessions,
        "places": [_place(loc) for loc in locations.values()],
        "checked": checked,
        "stale": stale,
        "contact": doc.get("contact") or {},
    }


def _place(location: dict[str, Any] | None) -> str:
    if not location:
        return ""
    parts = [location.get("name", ""), location.get("address", ""), location.get("postcode", "")]
    return ", ".join(p for p in parts if p)


def facet_options(
    page: SearchPage, facet: str, labels: dict[str, str], selected: list[str]
) -> list[dict[str, Any]]:
    counts = page.facets.get(facet, {})
    options = []
    for value, label in labels.items():
        count = counts.get(value, 0)
        if count or value in selected:
            options.append(
                {"value": value, "label": label, "count": count, "checked": value in selected}
            )
    return options


def category_options(page: SearchPage, selected: list[str]) -> list[dict[str, Any]]:
    labels: dict[str, str] = {}
    for term in taxonomy.top_level():
        labels[term.id] = term.name
        if term.id in selected or any(s.startswith(term.id + ".") for s in selected):
            labels.update({child.id: child.name for child in taxonomy.children_of(term.id)})
    return facet_options(page, "categories", labels, selected)


def language_options(page: SearchPage, selected: str) -> list[dict[str, Any]]:
    counts = page.facets.get("languages", {})
    names = sorted(counts, key=lambda name: (-counts[name], name))[:30]
    if selected and selected not in names:
        names.append(selected)
    return [
        {"value": name, "text": f"{name} ({counts.get(name, 0)})", "selected": name == selected}
        for name in names
    ]


def active_filters(query: SearchQuery) -> list[tuple[str, str, Any]]:
    """Each filter in force as (label, parameter, value to drop it) for "remove" links."""
    found: list[tuple[str, str, Any]] = []
    for category in query.categories:
        rest = [c for c in query.categories if c != category]
        found.append((taxonomy.TERMS[category].name, "category", rest))
    if query.free_only:
        found.append(("Free only", "free_only", None))
    for mode in query.delivery:
        rest = [d for d in query.delivery if d != mode]
        found.append((DELIVERY_LABELS.get(mode, mode), "delivery", rest))
    if query.self_referral:
        found.append(("You can refer yourself", "self_referral", None))
    if query.day:
        found.append((DAY_NAMES.get(query.day, query.day), "day", None))
    if query.language:
        found.append((query.language, "language", None))
    if query.age is not None or query.age_months is not None:
        found.append((f"Age {age_words(query)}", "age", None))
    return found


def age_words(query: SearchQuery) -> str:
    """The child's age as the search has it: "9" (years) or "18 months"."""
    if query.age_months is not None:
        return f"{query.age_months} month{'' if query.age_months == 1 else 's'}"
    return "" if query.age is None else str(query.age)


def unmet_filters(query: SearchQuery) -> dict[str, str]:
    """The filters of a search that found nothing, as counted for the gap report."""
    filters = {
        "category": ",".join(query.categories),
        "free_only": "yes" if query.free_only else "",
        "delivery": ",".join(query.delivery),
        "self_referral": "yes" if query.self_referral else "",
        "day": query.day or "",
        "language": query.language or "",
        "age": age_words(query),
    }
    return {k: v for k, v in filters.items() if v}
