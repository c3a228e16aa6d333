"""Pure translation between a validated search and Meilisearch's request and response."""

from __future__ import annotations

import math
from typing import Any

from search.port import CARD_FIELDS, FACETS, Audience, SearchHit, SearchPage, SearchQuery

RETRIEVE = ["id", "name", "organisation", "summary", "_geo"]
HIGHLIGHT = ["name", "summary"]


def quote(value: str) -> str:
    """A filter string literal: no input can close the quotes or add an operator."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_filter(query: SearchQuery) -> list[str | list[str]]:
    """AND of the outer list; an inner list is an OR."""
    filters: list[str | list[str]] = []
    if query.age is not None:
        filters.append(f"min_age_months <= {query.age * 12 + 11}")
        filters.append(f"max_age_months >= {query.age * 12}")
    if query.categories:
        filters.append([f"categories = {quote(c)}" for c in query.categories])
    if query.free_only:
        filters.append("free = true")
    if query.delivery:
        filters.append([f"delivery = {quote(d)}" for d in query.delivery])
    if query.self_referral:
        filters.append("self_referral = true")
    if query.referral_route:
        filters.append(f"referral_routes = {quote(query.referral_route)}")
    if query.day:
        filters.append(f"days = {quote(query.day)}")
    if query.language:
        filters.append(f"languages = {quote(query.language)}")
    if query.organisation_id:
        filters.append(f"organisation_id = {quote(query.organisation_id)}")
    if query.position is not None and query.radius_km is not None:
        lat, lon = query.position
        filters.append(f"_geoRadius({lat:.6f}, {lon:.6f}, {round(query.radius_km * 1000)})")
    return filters


def build_search_request(query: SearchQuery, audience: Audience = "public") -> dict[str, Any]:
    body: dict[str, Any] = {
        "q": query.text,
        "filter": build_filter(query),
        "facets": list(FACETS),
        "page": query.page,
        "hitsPerPage": query.per_page,
        "attributesToRetrieve": list(CARD_FIELDS) if query.cards else RETRIEVE,
        "attributesToHighlight": HIGHLIGHT,
        "highlightPreTag": "<mark>",
        "highlightPostTag": "</mark>",
    }
    if query.sort == "least_recently_checked":  # never checked ("") first, then the oldest
        body["sort"] = ["checked_at:asc"]
    elif query.position is not None and (query.sort == "distance" or not query.text):
        # The "sort" ranking rule comes first in our settings, so this orders by distance.
        lat, lon = query.position
        body["sort"] = [f"_geoPoint({lat:.6f}, {lon:.6f}):asc"]
    return body


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def parse_search_response(raw: dict[str, Any], query: SearchQuery) -> SearchPage:
    hits = []
    for h in raw.get("hits", []):
        formatted = h.get("_formatted") or {}
        distance = h.get("_geoDistance")
        geo = h.get("_geo")
        if distance is None and query.position is not None and geo:
            distance = distance_km(query.position, (geo["lat"], geo["lng"])) * 1000
        hits.append(
            SearchHit(
                id=h["id"],
                name=h.get("name", ""),
                organisation=h.get("organisation", ""),
                summary=h.get("summary", ""),
                distance_km=round(distance / 1000, 2) if distance is not None else None,
                highlights={
                    k: str(formatted[k])
                    for k in ("name", "summary")
                    if k in formatted and "<mark>" in str(formatted[k])
                },
                document={k: h[k] for k in CARD_FIELDS if k in h} if query.cards else {},
            )
        )
    total = int(raw.get("totalHits", raw.get("estimatedTotalHits", len(hits))))
    facets = {name: dict(raw.get("facetDistribution", {}).get(name, {})) for name in FACETS}
    return SearchPage(
        hits=hits,
        total=total,
        page=query.page,
        per_page=query.per_page,
        total_pages=int(
            raw.get("totalPages", math.ceil(total / query.per_page) if query.per_page else 0)
        ),
        facets=facets,
    )
