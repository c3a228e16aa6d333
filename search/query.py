"""Pure translation between a validated search and Meilisearch's request and response."""

from __future__ import annotations

import html
import math
from collections import Counter
from typing import Any

import msgspec

from search.documents import EMBEDDER
from search.geo import distance_km
from search.port import CARD_FIELDS, FACETS, Readership, SearchHit, SearchPage, SearchQuery

MAX_TOTAL_HITS = 5000  # the indexes' pagination.maxTotalHits
PROFESSIONAL_TRAINING = "professional-training"

RETRIEVE = ["id", "name", "organisation", "summary", "_geo"]
HIGHLIGHT = ["name", "summary"]
# Private-use characters for Meilisearch to put around matches: not markup, not in what people type.
HIGHLIGHT_PRE, HIGHLIGHT_POST = "\ue000", "\ue001"


def quote(value: str) -> str:
    """A filter string literal: no input can close the quotes or add an operator."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Tier(msgspec.Struct, frozen=True, kw_only=True):
    """One band of a ranking that must hold whatever the relevance: results are the first
    tier's hits, then the second's, and so on. The tiers of a query partition its results."""

    categories_in: list[str] = []  # filed under one of these (empty: no condition)
    categories_not_in: list[str] = []  # filed under none of these
    local: bool | None = None  # True: the area covers the district; False: it does not


def tiers(query: SearchQuery) -> list[Tier]:
    """The bands a query's results fall in, in the order they are shown.

    Services the words call for first (`first`), then the rest, then services never to be
    ranked above them (`demote`); within each, help limited to another area after local help.
    """
    first = [c for c in query.first if c not in query.demote]
    demote = list(query.demote)
    bands: list[tuple[list[str], list[str]]] = []
    if first:
        bands.append((first, demote))
    bands.append(([], first + demote))
    if demote:
        bands.append((demote, []))
    areas: list[bool | None] = [True, False] if query.district else [None]
    return [
        Tier(categories_in=inside, categories_not_in=outside, local=local)
        for inside, outside in bands
        for local in areas
    ]


def tier_filter(tier: Tier, district: str | None) -> list[str | list[str]]:
    filters: list[str | list[str]] = []
    if tier.categories_in:
        filters.append([f"categories = {quote(c)}" for c in tier.categories_in])
    filters += [f"NOT categories = {quote(c)}" for c in tier.categories_not_in]
    if tier.local is not None and district:
        covers = f"(area_districts IS EMPTY OR area_districts = {quote(district)})"
        filters.append(covers if tier.local else f"NOT {covers}")
    return filters


def is_training(category: str) -> bool:
    """Whether a category is training for professionals (the term or one of its children)."""
    return category.split(".", 1)[0] == PROFESSIONAL_TRAINING


def asks_for_training(categories: list[str]) -> bool:
    """A families' search that names a training category finds training after all."""
    return any(is_training(c) for c in categories)


def age_months(query: SearchQuery) -> tuple[int, int] | None:
    """The child's age as the months it spans: a year's twelve, or the one month given."""
    if query.age_months is not None:
        return query.age_months, query.age_months
    if query.age is not None:
        return query.age * 12, query.age * 12 + 11
    return None


def age_filter(months: tuple[int, int]) -> str:
    """The service is for a child of this age (its first and last month), or for the parents
    or family of one."""
    first, last = months
    return (
        f"(min_age_months <= {last} AND max_age_months >= {first}) OR "
        f"(child_min_age_months <= {last} AND child_max_age_months >= {first})"
    )


def build_filter(query: SearchQuery) -> list[str | list[str]]:
    """AND of the outer list; an inner list is an OR."""
    filters: list[str | list[str]] = []
    if (months := age_months(query)) is not None:
        filters.append(age_filter(months))
    if query.families_only and not asks_for_training(query.categories):
        filters.append("for_families = true")
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


def build_search_request(
    query: SearchQuery, audience: Readership = "public", tier: Tier | None = None
) -> dict[str, Any]:
    """One Meilisearch search; for a band of a tiered query, every hit up to the page's end."""
    filters = build_filter(query)
    page, per_page = query.page, query.per_page
    if tier is not None:
        filters += tier_filter(tier, query.district)
        page, per_page = 1, min(query.page * query.per_page, MAX_TOTAL_HITS)
    body: dict[str, Any] = {
        "q": query.text if query.keywords is None else query.keywords,
        "matchingStrategy": "last",
        "filter": filters,
        "facets": list(FACETS),
        "page": page,
        "hitsPerPage": per_page,
        "attributesToRetrieve": list(CARD_FIELDS) if query.cards else RETRIEVE,
        "attributesToHighlight": HIGHLIGHT,
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
    }
    if query.vector is not None and query.sort == "relevance":
        body["hybrid"] = {"embedder": EMBEDDER, "semanticRatio": query.semantic_ratio}
        body["vector"] = query.vector
        body["rankingScoreThreshold"] = query.min_score
    if query.district:
        body["attributesToRetrieve"] = [*body["attributesToRetrieve"], "area_name"]
    if query.sort == "least_recently_checked":  # never checked ("") first, then the oldest
        body["sort"] = ["checked_at:asc"]
    elif query.position is not None and (query.sort == "distance" or not query.text):
        # The "sort" ranking rule comes first in our settings, so this orders by distance.
        lat, lon = query.position
        body["sort"] = [f"_geoPoint({lat:.6f}, {lon:.6f}):asc"]
    return body


def highlighted(formatted: str) -> str:
    """Meilisearch marks matches in the stored text as it is: escape the text, then turn the
    sentinels into <mark> tags, so only the marks are markup."""
    return (
        html.escape(formatted, quote=True)
        .replace(HIGHLIGHT_PRE, "<mark>")
        .replace(HIGHLIGHT_POST, "</mark>")
    )


def _hit(h: dict[str, Any], query: SearchQuery, out_of_area: bool) -> SearchHit:
    formatted = h.get("_formatted") or {}
    distance = h.get("_geoDistance")
    geo = h.get("_geo")
    if distance is None and query.position is not None and geo:
        distance = distance_km(query.position, (geo["lat"], geo["lng"])) * 1000
    return SearchHit(
        id=h["id"],
        name=h.get("name", ""),
        organisation=h.get("organisation", ""),
        summary=h.get("summary", ""),
        distance_km=round(distance / 1000, 2) if distance is not None else None,
        out_of_area=str(h.get("area_name") or "") if out_of_area else "",
        highlights={
            k: highlighted(str(formatted[k]))
            for k in ("name", "summary")
            if k in formatted and HIGHLIGHT_PRE in str(formatted[k])
        },
        document={k: h[k] for k in CARD_FIELDS if k in h} if query.cards else {},
    )


def _total(raw: dict[str, Any]) -> int:
    return int(raw.get("totalHits", raw.get("estimatedTotalHits", len(raw.get("hits", [])))))


def _page(
    query: SearchQuery, hits: list[SearchHit], total: int, facets: dict[str, dict[str, int]]
) -> SearchPage:
    return SearchPage(
        hits=hits,
        total=total,
        page=query.page,
        per_page=query.per_page,
        total_pages=math.ceil(total / query.per_page) if query.per_page else 0,
        facets=facets,
        semantic=query.vector is not None,
    )


def parse_search_response(raw: dict[str, Any], query: SearchQuery) -> SearchPage:
    hits = [_hit(h, query, out_of_area=False) for h in raw.get("hits", [])]
    facets = {name: dict(raw.get("facetDistribution", {}).get(name, {})) for name in FACETS}
    return _page(query, hits, _total(raw), facets)


def parse_tiered_response(
    raws: list[dict[str, Any]], bands: list[Tier], query: SearchQuery
) -> SearchPage:
    """The bands' hits one after another, paged; totals and facet counts add up, since the
    bands partition the results."""
    hits: list[SearchHit] = []
    facets: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    total = 0
    for raw, tier in zip(raws, bands, strict=True):
        hits += [_hit(h, query, out_of_area=tier.local is False) for h in raw.get("hits", [])]
        total += _total(raw)
        for name in FACETS:
            facets[name].update(raw.get("facetDistribution", {}).get(name, {}))
    start = (query.page - 1) * query.per_page
    return _page(
        query,
        hits[start : start + query.per_page],
        total,
        {name: dict(counts) for name, counts in facets.items()},
    )
